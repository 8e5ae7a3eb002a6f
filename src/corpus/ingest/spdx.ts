// Turning declared licenses into SPDX expressions: valid ones as they are (deprecated ids in their current form),
// SPDX ids in another letter case, the license names manifests use (src/license/data/manifest-names.ts), plausible
// spdx-correct fixes; anything else (a commercial EULA,
// "SEE LICENSE IN …", the Sustainable Use License) as a LicenseRef- so it survives. A fix is plausible only when it
// names a license family the text names too: a wrong license misleads a review, an unknown one asks for it.
import { createRequire } from 'node:module';
import spdxCorrect from 'spdx-correct';
import { NAME_TO_ID } from '../../license/data/manifest-names.js';
import {
  canonicalLeaf,
  deprecatedIds,
  formatExpression,
  isSpdxExpression,
  type LicenseNode,
  leafIds,
  parseExpression,
} from '../../license/expression.js';

const require = createRequire(import.meta.url);

/** `LicenseRef-` + the text reduced to SPDX idstring characters. */
export function licenseRef(text: string): string {
  const id = text
    .replace(/^SEE LICENSE IN\s+/i, '')
    .replace(/[^A-Za-z0-9.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `LicenseRef-${id || 'unknown'}`;
}

let spdxIds: ReadonlyMap<string, string> | undefined;
let spdxExceptions: ReadonlyMap<string, string> | undefined;

/** The exact spelling of the SPDX license id (current or deprecated) spelled `name` in any letter case. */
function spelling(name: string): string | undefined {
  spdxIds ??= new Map(
    [...(require('spdx-license-ids') as string[]), ...deprecatedIds()].map((id) => [id.toLowerCase(), id]),
  );
  return spdxIds.get(name.toLowerCase());
}

/** The SPDX license id spelled `name` in any letter case, deprecated ids in their current form, if any. */
export function spdxId(name: string): string | undefined {
  const id = spelling(name);
  return id === undefined ? undefined : currentExpression(id);
}

/** The SPDX exception id spelled `name` in any letter case, if any. */
export function spdxExceptionId(name: string): string | undefined {
  spdxExceptions ??= new Map((require('spdx-exceptions') as string[]).map((id) => [id.toLowerCase(), id]));
  return spdxExceptions.get(name.toLowerCase());
}

/** Words that make a license name a description of another license ("BSD-like"), never that license. */
const VAGUE = /\b(like|style|ish|alike|based|similar|compatible|modified|variant)\b/i;

/** Family of an SPDX id: its leading letters ("GPL-2.0-only" → "gpl", "Apache-2.0" → "apache"). */
const familyOf = (id: string): string => /^[A-Za-z]+/.exec(id)?.[0]?.toLowerCase() ?? '';

/** Words left out of a name's initials. */
const STOPWORDS = new Set(['and', 'the', 'of', 'version']);

/**
 * Whether `fixed` (spdx-correct's answer) names the license family `text` names: as a word ("GPLv3+" → gpl) or in the
 * initials of its words ("Mozilla Public License 2.0" → mpl, "GNU General Public License" → gpl).
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
  const named = (family: string): boolean =>
    family === '' ||
    words.some((w) => w === family || new RegExp(`^${family}v?\\d`).test(w)) ||
    (family.length >= 2 && initials.includes(family));
  return leafIds(parsed.node).every((id) => named(familyOf(id)));
}

/**
 * A valid expression with deprecated ids in their current form (`GPL-2.0+` → `GPL-2.0-or-later`, `LGPL-2.1` →
 * `LGPL-2.1-only`), read as the license module reads them (`canonicalLeaf`); a `+` with no current form stays.
 */
export function currentExpression(expr: string): string {
  const parsed = parseExpression(expr);
  if (!parsed.ok) return expr;
  const map = (n: LicenseNode): LicenseNode => {
    if (n.kind !== 'license') return { ...n, left: map(n.left), right: map(n.right) };
    const c = canonicalLeaf(n);
    // canonicalLeaf writes `X+` as `X-or-later` even where SPDX has no such id (`Apache-2.0+`): keep those as they are
    if (spelling(c.id) !== c.id) return n;
    return { kind: 'license', id: c.id, plus: false, ...(c.exception !== undefined ? { exception: c.exception } : {}) };
  };
  return formatExpression(map(parsed.node));
}

/** `(MIT)` → `MIT`: one pair of enclosing parentheses, never a lone one (`(MIT OR` stays as it is). */
const unwrap = (text: string): string => {
  const t = text.trim();
  return t.startsWith('(') && t.endsWith(')') ? t.slice(1, -1).trim() : t;
};

/**
 * Whether a declared license is broken as an expression: unbalanced parentheses, or an operator with nothing on one
 * side (`(MIT OR`, `MIT AND`, `/GPL`). Such text is kept as a LicenseRef-, never repaired into a guess.
 */
function brokenExpression(text: string): boolean {
  let depth = 0;
  for (const ch of text) {
    if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) return true;
  }
  if (depth !== 0) return true;
  const bare = text.replace(/[()]/g, ' ').trim();
  return (
    /^(?:and|or|with|\/)(?:\s|$)|(?:^|\s)(?:and|or|with)$|\/$|^\//i.test(bare) ||
    /\b(?:and|or)\s+(?:and|or)\b/i.test(bare)
  );
}

/** One license name (no operators) → SPDX without guessing: valid ids, any letter case, known names. */
function exactLicense(text: string): string | undefined {
  const t = unwrap(text);
  if (t === '') return undefined;
  if (isSpdxExpression(t)) return currentExpression(t);
  return spdxId(t) ?? spdxId(t.replace(/\s+licen[cs]e$/i, '')) ?? NAME_TO_ID[t.toLowerCase()];
}

/** One license name → SPDX, with spdx-correct's fix when it is plausible. */
function oneLicense(text: string): string | undefined {
  const exact = exactLicense(text);
  if (exact !== undefined) return exact;
  const t = unwrap(text);
  // a text with operators or parentheses left is several licenses: correcting it whole would keep one of them
  if (t === '' || /[()]|\b(?:and|or|with)\b/i.test(t)) return undefined;
  let fixed: string | null = null;
  try {
    fixed = spdxCorrect(t);
  } catch {
    fixed = null;
  }
  return fixed && isSpdxExpression(fixed) && plausible(t, fixed) ? currentExpression(fixed) : undefined;
}

/** A best-effort SPDX expression for a declared license string. */
export function normaliseLicense(text: string): string {
  // "GPL v2 or later", "LGPL 2.1 or any later version": the `+` of SPDX, not an alternative
  const t = text.trim().replace(/\s+or\s+(?:any\s+)?later(?:\s+version)?\b/gi, '+');
  if (t === '') return 'NOASSERTION';
  if (isSpdxExpression(t)) return currentExpression(t);
  if (/^UNLICEN[SC]ED$/i.test(t)) return 'LicenseRef-UNLICENSED';
  if (/^SEE LICENSE/i.test(t)) return licenseRef(t);
  if (brokenExpression(t)) return licenseRef(t);
  const exact = exactLicense(t);
  if (exact !== undefined) return exact;
  // "(MIT OR Apache 2.0)", "Dual MIT/GPL", "MIT and BSD": each operand on its own, the operator kept (a fix of the
  // whole text would keep one of them).
  const parts = t.replace(/[()]/g, '').split(/\s*(\/|\s+or\s+|\s+and\s+)\s*/i);
  if (parts.length > 1) {
    if (parts.some((p, i) => i % 2 === 0 && p.replace(/^dual\s+/i, '').trim() === '')) return licenseRef(t);
    const fixed = parts.map((p, i) =>
      i % 2 === 1 ? (/and/i.test(p) ? 'AND' : 'OR') : (oneLicense(p.replace(/^dual\s+/i, '')) ?? licenseRef(p)),
    );
    const joined = fixed.join(' ');
    return isSpdxExpression(joined) ? joined : licenseRef(t);
  }
  return oneLicense(t) ?? licenseRef(t);
}
