// "May code under INBOUND be included in a work distributed under OUTBOUND?" for licenses and whole expressions.
// Order of knowledge, most specific first: our pair facts (./data/compatibility.ts), the OSADL matrix
// (./data/osadl-matrix.ts), then rules by license category (./categories.ts). Each answer says which one spoke.
import type { Verdict } from '../model.js';
import { type LicenseCategory, isCopyleft, licenseCategory } from './categories.js';
import { type CompatFact, EXCEPTION_FACTS, PAIR_FACTS } from './data/compatibility.js';
import { COLUMNS, PERMISSIVE_ROW, ROWS } from './data/osadl-matrix.js';
import { type LicenseNode, canonicalLeaf, formatExpression, parseExpression } from './expression.js';

export interface Compatibility {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly source: string;
  /** The inbound license the verdict is about (for `A OR B`, the option that was chosen). */
  readonly inbound: string;
  /** The outbound license the verdict is about (for `A OR B` projects, the option that was chosen). */
  readonly outbound: string;
}

const OSADL = 'OSADL compatibility matrix (CC-BY-4.0)';
const RULE = 'provscan category rule (docs/licenses.md)';
const RANK: Record<Verdict, number> = { no: 0, unknown: 1, conditional: 2, yes: 3 };

let columnIndex: Map<string, number> | undefined;
function osadlCell(inbound: string, outbound: string): Verdict | undefined {
  columnIndex ??= new Map(COLUMNS.map((c, i) => [c, i] as const));
  const col = columnIndex.get(inbound);
  if (col === undefined || !columnIndex.has(outbound)) return undefined;
  const row = ROWS[outbound] ?? PERMISSIVE_ROW;
  const cell = inbound === outbound ? 'S' : row[col];
  switch (cell) {
    case 'Y':
    case 'S':
      return 'yes';
    case 'N':
      return 'no';
    case 'D':
      return 'conditional';
    case 'U':
      return 'unknown';
    default:
      return undefined;
  }
}

const CATEGORY_WORDS: Record<LicenseCategory, string> = {
  permissive: 'a permissive license',
  'public-domain': 'a public-domain dedication',
  'weak-copyleft-file': 'a file-level copyleft license',
  'weak-copyleft-library': 'a library-level copyleft license',
  'strong-copyleft': 'a strong copyleft license',
  'network-copyleft': 'a network copyleft license',
  'source-available': 'a source-available (not open source) license',
  proprietary: 'a proprietary license',
  unknown: 'a license provscan does not know',
};

/** A reason in our own words for a verdict that came from the matrix or the category rules. */
function explain(verdict: Verdict, inbound: string, outbound: string): string {
  const ic = licenseCategory(inbound);
  const oc = licenseCategory(outbound);
  if (verdict === 'yes') {
    if (inbound === outbound) return `Same license on both sides (${inbound}).`;
    if (ic === 'public-domain') return `${inbound} waives copyright conditions, so the code can join any work.`;
    if (ic === 'permissive')
      return `${inbound} is permissive: the code may join a work under ${outbound} if its copyright and license notice are kept.`;
    return `${outbound} meets the conditions ${inbound} places on works that include its code.`;
  }
  if (verdict === 'no') {
    if (ic === 'network-copyleft')
      return `${inbound} requires the whole work, including its use over a network, to be offered under ${inbound}; a work under ${outbound} does not do that.`;
    if (ic === 'strong-copyleft')
      return `${inbound} requires the whole combined work to be distributed under ${inbound}'s terms, which a work under ${outbound} does not do.`;
    if (ic === 'weak-copyleft-library' || ic === 'weak-copyleft-file')
      return `Code copied from ${inbound} stays under ${inbound}, whose terms a work under ${outbound} does not meet.`;
    if (ic === 'source-available')
      return `${inbound} is not an open source license (it limits use or hosting); it cannot be redistributed under ${outbound} without a separate agreement.`;
    if (ic === 'proprietary') return `${inbound} code may not be redistributed without the owner's permission.`;
    if (isCopyleft(oc)) return `${inbound} has terms that ${outbound} counts as further restrictions.`;
    return `${inbound} and ${outbound} impose terms that cannot both be met.`;
  }
  if (verdict === 'conditional') {
    if (ic === 'weak-copyleft-library')
      return `${inbound} allows use from a work under ${outbound} as a separate, replaceable library; lines copied into your own files become ${inbound}.`;
    if (ic === 'weak-copyleft-file')
      return `${inbound} is file-level copyleft: the copied code may ship in a work under ${outbound} if it stays in its own files under ${inbound}, with its source offered.`;
    return `Allowed only for some ways of combining ${inbound} code with a work under ${outbound} (e.g. kept as a separate component); check how it is used.`;
  }
  return `No reliable fact on including code under ${CATEGORY_WORDS[ic]} (${inbound}) in a work under ${CATEGORY_WORDS[oc]} (${outbound}); ask counsel.`;
}

/** Category rules for pairs the matrix does not cover. */
function byCategory(inbound: string, outbound: string): Verdict {
  const ic = licenseCategory(inbound);
  const oc = licenseCategory(outbound);
  if (inbound === outbound) return 'yes';
  if (ic === 'unknown' || oc === 'unknown') return 'unknown';
  if (ic === 'public-domain') return 'yes';
  if (ic === 'proprietary' || ic === 'source-available') return 'no';
  if (ic === 'permissive') {
    // Permissive code is fine in permissive and proprietary works; copyleft works usually accept it too.
    return oc === 'permissive' || oc === 'public-domain' || oc === 'proprietary' || oc === 'source-available'
      ? 'yes'
      : 'unknown';
  }
  if (ic === 'weak-copyleft-file' || ic === 'weak-copyleft-library') {
    return isCopyleft(oc) ? 'unknown' : 'conditional';
  }
  // strong and network copyleft into anything that is not the same license
  return isCopyleft(oc) ? 'unknown' : 'no';
}

/** One license into one license. Ids may be deprecated or carry `+`; `WITH` exceptions are handled. */
function leafCompatibility(
  inboundLeaf: Extract<LicenseNode, { kind: 'license' }>,
  outboundLeaf: Extract<LicenseNode, { kind: 'license' }>,
): Compatibility {
  const inb = canonicalLeaf(inboundLeaf);
  const out = canonicalLeaf(outboundLeaf);
  const inboundName = inb.exception ? `${inb.id} WITH ${inb.exception}` : inb.id;
  const outboundName = out.exception ? `${out.id} WITH ${out.exception}` : out.id;
  const done = (fact: CompatFact): Compatibility => ({ ...fact, inbound: inboundName, outbound: outboundName });

  if (inboundName === outboundName) {
    return done({ verdict: 'yes', reason: `Same license on both sides (${inboundName}).`, source: OSADL });
  }
  // The outbound exception only matters when the matrix has a row for it (GPL-2.0 WITH Classpath does).
  const outKey = out.exception && ROWS[outboundName] !== undefined ? outboundName : out.id;

  if (inb.exception) {
    const whole = osadlCell(inboundName, outKey);
    const base =
      whole !== undefined
        ? { verdict: whole, reason: explain(whole, inboundName, outKey), source: OSADL }
        : leafCompatibility({ kind: 'license', id: inb.id, plus: false }, { kind: 'license', id: outKey, plus: false });
    if (base.verdict === 'yes' || base.verdict === 'conditional') return done(base);
    const fact = EXCEPTION_FACTS[inb.exception];
    if (!fact) {
      return done({
        verdict: 'unknown',
        reason: `${base.reason} The ${inb.exception} exception may relax this; provscan has no fact on it.`,
        source: base.source,
      });
    }
    if (fact.effect === 'relaxes') {
      return done({
        verdict: 'yes',
        reason: `${fact.note[0]?.toUpperCase()}${fact.note.slice(1)}.`,
        source: `${inb.exception} text`,
      });
    }
    // A linking exception frees programs that link to the code, not code copied out of it, and inbound code here is
    // copied (a snippet match, a file's own license): the base license's verdict stands.
    if (fact.effect === 'linking') {
      return done({
        verdict: base.verdict,
        reason: `${base.reason} The exception does not change this: ${fact.note}.`,
        source: `${base.source}; ${inb.exception} text`,
      });
    }
    // An output exception covers what a tool copies into its output (a parser skeleton, a configure script), an
    // interface exception the definitions programs use (the kernel's user-space headers): whether the match is such
    // output or such definitions is for the reviewer to see.
    return done({
      verdict: 'conditional',
      reason: `${base.reason} However ${fact.note}.`,
      source: `${base.source}; ${inb.exception} text`,
    });
  }

  const pair = PAIR_FACTS[`${inb.id}>${outKey}`];
  if (pair) return done(pair);
  const cell = osadlCell(inb.id, outKey);
  if (cell !== undefined) {
    // The matrix judges merged code; weak copyleft still allows a separate library (LGPL) or separate files (MPL).
    const ic = licenseCategory(inb.id);
    const weak = ic === 'weak-copyleft-library' || ic === 'weak-copyleft-file';
    if (cell === 'no' && weak && !isCopyleft(licenseCategory(outKey))) {
      return done({
        verdict: 'conditional',
        reason: explain('conditional', inb.id, outKey),
        source: `${OSADL} (No for merged code); ${RULE}`,
      });
    }
    return done({ verdict: cell, reason: explain(cell, inb.id, outKey), source: OSADL });
  }
  const verdict = byCategory(inb.id, outKey);
  return done({ verdict, reason: explain(verdict, inb.id, outKey), source: RULE });
}

function best(a: Compatibility, b: Compatibility): Compatibility {
  return RANK[b.verdict] > RANK[a.verdict] ? b : a;
}
function worst(a: Compatibility, b: Compatibility): Compatibility {
  return RANK[b.verdict] < RANK[a.verdict] ? b : a;
}

/**
 * Whole expressions. Inbound `A OR B`: the best option (we may take the code under either). Inbound `A AND B`: every
 * part must fit, so the worst. Outbound `A OR B`: the project may choose, so the best. Outbound `A AND B`: both
 * apply to the work, so the worst.
 */
export function nodeCompatibility(inbound: LicenseNode, outbound: LicenseNode): Compatibility {
  if (outbound.kind !== 'license') {
    if (outbound.kind === 'and') {
      return worst(nodeCompatibility(inbound, outbound.left), nodeCompatibility(inbound, outbound.right));
    }
    const pick = best(nodeCompatibility(inbound, outbound.left), nodeCompatibility(inbound, outbound.right));
    return {
      ...pick,
      reason: `${pick.reason} (The project may distribute under ${pick.outbound}, one of its options.)`,
    };
  }
  if (inbound.kind !== 'license') {
    if (inbound.kind === 'and') {
      return worst(nodeCompatibility(inbound.left, outbound), nodeCompatibility(inbound.right, outbound));
    }
    const pick = best(nodeCompatibility(inbound.left, outbound), nodeCompatibility(inbound.right, outbound));
    return { ...pick, reason: `Offered as ${formatExpression(inbound)}; taking it as ${pick.inbound}: ${pick.reason}` };
  }
  return leafCompatibility(inbound, outbound);
}

/** Compatibility of two expression strings; unparsable input gives `unknown`. */
const memo = new Map<string, Compatibility>();

export function compatibility(inbound: string, outbound: string): Compatibility {
  const key = `${inbound}\0${outbound}`;
  const known = memo.get(key);
  if (known) return known;
  const answer = computeCompatibility(inbound, outbound);
  if (memo.size < 10_000) memo.set(key, answer);
  return answer;
}

function computeCompatibility(inbound: string, outbound: string): Compatibility {
  const i = parseExpression(inbound);
  const o = parseExpression(outbound);
  if (!i.ok || !o.ok) {
    const bad = !i.ok ? inbound : outbound;
    return {
      verdict: 'unknown',
      reason: `"${bad}" is not a valid SPDX expression, so no compatibility fact applies.`,
      source: RULE,
      inbound,
      outbound,
    };
  }
  return nodeCompatibility(i.node, o.node);
}
