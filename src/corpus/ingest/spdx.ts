// Turning declared licenses into SPDX expressions: valid ones as they are, fixable ones via spdx-correct, anything
// else (a commercial EULA, "SEE LICENSE IN …", the Sustainable Use License) as a LicenseRef- so it survives.
import spdxCorrect from 'spdx-correct';
import parse from 'spdx-expression-parse';

export function isValidExpression(expr: string): boolean {
  try {
    parse(expr);
    return true;
  } catch {
    return false;
  }
}

/** `LicenseRef-` + the text reduced to SPDX idstring characters. */
export function licenseRef(text: string): string {
  const id = text
    .replace(/^SEE LICENSE IN\s+/i, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `LicenseRef-${id || 'unknown'}`;
}

/** A best-effort SPDX expression for a declared license string. */
export function normaliseLicense(text: string): string {
  const t = text.trim();
  if (t === '') return 'NOASSERTION';
  if (isValidExpression(t)) return t;
  if (/^UNLICEN[SC]ED$/i.test(t)) return 'LicenseRef-UNLICENSED';
  if (!/^SEE LICENSE/i.test(t)) {
    const fixed = spdxCorrect(t);
    if (fixed && isValidExpression(fixed)) return fixed;
    // "(MIT OR Apache 2.0)"-style expressions: correct each operand.
    const parts = t.replace(/[()]/g, '').split(/\s+(OR|AND)\s+/i);
    if (parts.length > 1) {
      const fixedParts = parts.map((p, i) => (i % 2 === 1 ? p.toUpperCase() : (spdxCorrect(p) ?? licenseRef(p))));
      const joined = fixedParts.join(' ');
      if (isValidExpression(joined)) return joined;
    }
  }
  return licenseRef(t);
}
