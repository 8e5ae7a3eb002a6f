// Turning declared licenses into SPDX expressions: valid ones as they are (deprecated ids in their current form),
// SPDX ids in another letter case, known names, plausible spdx-correct fixes; anything else (a commercial EULA,
// "SEE LICENSE IN …", the Sustainable Use License) as a LicenseRef- so it survives. A fix is plausible only when it
// names a license family the text names too: a wrong license misleads a review, an unknown one asks for it.
import { createRequire } from 'node:module';
import spdxCorrect from 'spdx-correct';
import parse from 'spdx-expression-parse';
import { currentLicenseId, formatExpression, parseExpression } from '../../license/expression.js';

const require = createRequire(import.meta.url);

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

let spdxIds: ReadonlyMap<string, string> | undefined;

/** The SPDX license id spelled `name` in any letter case (deprecated ids in their current form), if any. */
export function spdxId(name: string): string | undefined {
  spdxIds ??= new Map(
    [...(require('spdx-license-ids') as string[]), ...(require('spdx-license-ids/deprecated.json') as string[])].map(
      (id) => [id.toLowerCase(), id],
    ),
  );
  const id = spdxIds.get(name.toLowerCase());
  return id === undefined ? undefined : currentLicenseId(id);
}

/**
 * Names that package manifests use and spdx-correct gets wrong or misses. Keys are lower case with runs of
 * non-alphanumerics as one space. An unversioned GPL or LGPL lets the recipient choose any version (GPL-2.0 §9,
 * LGPL-2.1 §13); an unversioned AGPL is read as version 3, the only one that is GPL-compatible and in use.
 */
const NAMED: Readonly<Record<string, string>> = {
  gpl: 'GPL-1.0-or-later',
  'gnu gpl': 'GPL-1.0-or-later',
  lgpl: 'LGPL-2.0-or-later',
  'gnu lgpl': 'LGPL-2.0-or-later',
  agpl: 'AGPL-3.0-or-later',
  'elastic license 2 0': 'Elastic-2.0',
  'elastic license v2': 'Elastic-2.0',
  'business source license 1 1': 'BUSL-1.1',
  'server side public license': 'SSPL-1.0',
  'server side public license v1': 'SSPL-1.0',
  'public domain': 'LicenseRef-public-domain',
  'mit x11': 'MIT',
};

/** Words that make a license name a description of another license ("BSD-like"), never that license. */
const VAGUE = /\b(like|style|ish|alike|based|similar|compatible|modified|variant)\b/i;

/** Family of an SPDX id: its leading letters ("GPL-2.0-only" → "gpl", "Apache-2.0" → "apache"). */
const familyOf = (id: string): string => /^[A-Za-z]+/.exec(id)?.[0]?.toLowerCase() ?? '';

const STOPWORDS = new Set(['and', 'or', 'the', 'of', 'version', 'v', 'license', 'licence']);

/**
 * Whether `fixed` (spdx-correct's answer) names the license family `text` names: as a word ("GPLv3+" → gpl) or as
 * the initials of its words ("Mozilla Public License 2.0" → mpl, "GNU General Public License" → gpl).
 */
function plausible(text: string, fixed: string): boolean {
  const parsed = parseExpression(fixed);
  if (!parsed.ok || VAGUE.test(text)) return false;
  const words = text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
  const initials = words
    .filter((w) => /^[a-z]/.test(w) && !STOPWORDS.has(w))
    .map((w) => w[0])
    .join('');
  const initialsWithLicense = words
    .filter((w) => /^[a-z]/.test(w) && w !== 'and' && w !== 'the' && w !== 'of' && w !== 'version')
    .map((w) => w[0])
    .join('');
  const named = (family: string): boolean =>
    family === '' ||
    words.some((w) => w === family || new RegExp(`^${family}v?\\d`).test(w)) ||
    (family.length >= 2 && (initials.includes(family) || initialsWithLicense.includes(family)));
  const leaves: string[] = [];
  const walk = (n: typeof parsed.node): void => {
    if (n.kind === 'license') leaves.push(n.id);
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(parsed.node);
  return leaves.every((id) => named(familyOf(id)));
}

/** A valid expression with deprecated ids in their current form. */
function current(expr: string): string {
  const parsed = parseExpression(expr);
  if (!parsed.ok) return expr;
  const map = (n: typeof parsed.node): typeof parsed.node => {
    if (n.kind !== 'license') return { ...n, left: map(n.left), right: map(n.right) };
    // `GPL-2.0+` is the deprecated id GPL-2.0 with `+`: its current form is GPL-2.0-or-later
    const plus = n.plus ? currentLicenseId(`${n.id}+`) : undefined;
    if (plus !== undefined && plus !== `${n.id}+`) return { ...n, id: plus, plus: false };
    const id = currentLicenseId(n.id);
    if (id === n.id || id.includes(' ')) return n;
    return n.plus && id.endsWith('-only')
      ? { ...n, id: `${id.slice(0, -'-only'.length)}-or-later`, plus: false }
      : { ...n, id };
  };
  const out = formatExpression(map(parsed.node));
  return isValidExpression(out) ? out : expr;
}

/** One license name (no operators) → SPDX without guessing: valid ids, any letter case, known names. */
function exactLicense(text: string): string | undefined {
  const t = text.trim().replace(/^\(|\)$/g, '');
  if (t === '') return undefined;
  if (isValidExpression(t)) return current(t);
  const key = t
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return spdxId(t) ?? spdxId(t.replace(/\s+licen[cs]e$/i, '')) ?? NAMED[key];
}

/** One license name → SPDX, with spdx-correct's fix when it is plausible. */
function oneLicense(text: string): string | undefined {
  const exact = exactLicense(text);
  if (exact !== undefined) return exact;
  const t = text.trim().replace(/^\(|\)$/g, '');
  if (t === '') return undefined;
  let fixed: string | null = null;
  try {
    fixed = spdxCorrect(t);
  } catch {
    fixed = null;
  }
  return fixed && isValidExpression(fixed) && plausible(t, fixed) ? current(fixed) : undefined;
}

/** A best-effort SPDX expression for a declared license string. */
export function normaliseLicense(text: string): string {
  // "GPL v2 or later", "LGPL 2.1 or any later version": the `+` of SPDX, not an alternative
  const t = text.trim().replace(/\s+or\s+(?:any\s+)?later(?:\s+version)?\b/gi, '+');
  if (t === '') return 'NOASSERTION';
  if (isValidExpression(t)) return current(t);
  if (/^UNLICEN[SC]ED$/i.test(t)) return 'LicenseRef-UNLICENSED';
  if (/^SEE LICENSE/i.test(t)) return licenseRef(t);
  const exact = exactLicense(t);
  if (exact !== undefined) return exact;
  // "(MIT OR Apache 2.0)", "Dual MIT/GPL", "MIT and BSD": each operand on its own, the operator kept (a fix of the
  // whole text would keep one of them).
  const parts = t.replace(/[()]/g, '').split(/\s*(\/|\s+or\s+|\s+and\s+)\s*/i);
  if (parts.length > 1) {
    const fixed = parts.map((p, i) =>
      i % 2 === 1 ? (/and/i.test(p) ? 'AND' : 'OR') : (oneLicense(p.replace(/^dual\s+/i, '')) ?? licenseRef(p)),
    );
    const joined = fixed.join(' ');
    return isValidExpression(joined) ? joined : licenseRef(t);
  }
  return oneLicense(t) ?? licenseRef(t);
}
