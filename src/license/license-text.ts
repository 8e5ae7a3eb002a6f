// Which SPDX license is this LICENSE file? We compare word bigrams of the normalised text with the reference texts
// shipped by `spdx-license-list` (Dice coefficient). The full list (5 MB) is loaded lazily, once, and only the
// candidates of a similar length get their bigram sets built.
import { createRequire } from 'node:module';

export interface TextMatch {
  readonly id: string;
  /** Dice coefficient of word bigrams, 0..1. */
  readonly score: number;
}

interface Reference {
  readonly id: string;
  readonly words: number;
  readonly text: string;
  grams?: Set<string>;
}

const require = createRequire(import.meta.url);
let references: Reference[] | undefined;

/** Ids we prefer when two texts score nearly the same (MIT vs. one of its many near-identical variants). */
const COMMON = new Set([
  'MIT',
  'Apache-2.0',
  'BSD-3-Clause',
  'BSD-2-Clause',
  'ISC',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'AGPL-3.0-only',
  'MPL-2.0',
  'Unlicense',
  'CC0-1.0',
  '0BSD',
  'Zlib',
  'EPL-2.0',
  'BSL-1.0',
  'Artistic-2.0',
  'EUPL-1.2',
  'WTFPL',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'OFL-1.1',
  'MIT-0',
  'PostgreSQL',
]);

/** Lower case, no copyright lines, punctuation and markup to spaces, single spaces. */
export function normaliseLicenseText(text: string): string {
  return text
    .split(/\r?\n/)
    .filter((l) => !/^\W*(copyright|\(c\)|©)/i.test(l.trim()))
    .join(' ')
    .toLowerCase()
    .replace(/https?:\/\/\S+/g, ' ')
    .replace(/<[^>]{0,80}>/g, ' ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

function bigrams(words: ReadonlyArray<string>): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < words.length; i++) out.add(`${words[i]} ${words[i + 1]}`);
  return out;
}

function loadReferences(): Reference[] {
  if (references) return references;
  const full = require('spdx-license-list/full') as Record<string, { licenseText?: string; name: string }>;
  const deprecated = new Set(require('spdx-license-ids/deprecated.json') as string[]);
  references = [];
  for (const [id, entry] of Object.entries(full)) {
    if (!entry.licenseText || deprecated.has(id)) continue;
    const text = normaliseLicenseText(entry.licenseText);
    references.push({ id, words: text.split(' ').length, text });
  }
  return references;
}

function score(grams: Set<string>, words: number, ref: Reference): number | undefined {
  // Dice can only reach 0.8 when the lengths are within a factor of ~1.5 of each other.
  if (ref.words < words / 1.6 || ref.words > words * 1.6) return undefined;
  ref.grams ??= bigrams(ref.text.split(' '));
  let shared = 0;
  const [small, large] = grams.size < ref.grams.size ? [grams, ref.grams] : [ref.grams, grams];
  for (const g of small) if (large.has(g)) shared++;
  return (2 * shared) / (grams.size + ref.grams.size);
}

/**
 * Normalised word counts of the common licenses' reference texts in spdx-license-list 6.12 (test/license checks
 * them against the installed list). Loading and normalising all 25 texts cost ~40 ms, mostly for long ones (GPL,
 * AGPL, LGPL, MPL) that a short LICENSE can never match: only references whose count is within a factor of 2 of
 * the text's are loaded (scoring needs 1.6), so a slightly different count in another version of the list changes
 * nothing. An id missing here is always loaded.
 */
const COMMON_WORDS: Readonly<Record<string, number>> = {
  MIT: 165,
  'Apache-2.0': 1545,
  'BSD-3-Clause': 217,
  'BSD-2-Clause': 186,
  ISC: 112,
  'GPL-2.0-only': 2923,
  'GPL-3.0-only': 5627,
  'LGPL-2.1-only': 4400,
  'LGPL-3.0-only': 6858,
  'AGPL-3.0-only': 5521,
  'MPL-2.0': 2408,
  Unlicense: 197,
  'CC0-1.0': 1088,
  '0BSD': 98,
  Zlib: 135,
  'EPL-2.0': 2161,
  'BSL-1.0': 214,
  'Artistic-2.0': 1334,
  'EUPL-1.2': 2240,
  WTFPL: 67,
  'CC-BY-4.0': 2593,
  'CC-BY-SA-4.0': 2799,
  'OFL-1.1': 647,
  'MIT-0': 141,
  PostgreSQL: 175,
};

const commonRefs = new Map<string, Reference | null>();
/**
 * The common licenses that could match a text of `words` words, each from its own small JSON file: most projects
 * use one of them. Loaded once each, on first need.
 */
function loadCommon(words: number): Reference[] {
  const out: Reference[] = [];
  for (const id of COMMON) {
    const expected = COMMON_WORDS[id];
    if (expected !== undefined && (expected < words / 2 || expected > words * 2)) continue;
    let ref = commonRefs.get(id);
    if (ref === undefined) {
      ref = null;
      try {
        const entry = require(`spdx-license-list/licenses/${id}.json`) as { licenseText?: string };
        if (entry.licenseText) {
          const text = normaliseLicenseText(entry.licenseText);
          ref = { id, words: text.split(' ').length, text };
        }
      } catch {
        // not in this version of the list
      }
      commonRefs.set(id, ref);
    }
    if (ref) out.push(ref);
  }
  return out;
}

/** Normalised word counts of the installed common reference texts (for the test that keeps COMMON_WORDS true). */
export function commonReferenceWords(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const id of COMMON) {
    for (const ref of loadCommon(COMMON_WORDS[id] ?? 1)) if (ref.id === id) out[id] = ref.words;
  }
  return out;
}

/** Texts this close to a common license are concluded without loading the full list (the fast path). */
const COMMON_SURE = 0.97;

/** The best matching SPDX license for a license file's text, or undefined when nothing is close. */
export function identifyLicenseText(text: string): TextMatch | undefined {
  const norm = normaliseLicenseText(text);
  const words = norm.split(' ').filter((w) => w !== '');
  if (words.length < 10) return undefined;
  const grams = bigrams(words);
  let quick: TextMatch | undefined;
  for (const ref of loadCommon(words.length)) {
    const s = score(grams, words.length, ref);
    if (s !== undefined && (!quick || s > quick.score)) quick = { id: ref.id, score: s };
  }
  if (quick && quick.score >= COMMON_SURE) return quick;

  let best: TextMatch | undefined;
  const scored: TextMatch[] = [];
  for (const ref of loadReferences()) {
    const s = score(grams, words.length, ref);
    if (s === undefined) continue;
    scored.push({ id: ref.id, score: s });
    if (!best || s > best.score) best = { id: ref.id, score: s };
  }
  if (!best || best.score < 0.6) return undefined;
  const top = best;
  const common = scored
    .filter((s) => COMMON.has(s.id) && top.score - s.score <= 0.02)
    .sort((a, b) => b.score - a.score)[0];
  return common ?? top;
}

/**
 * Phrases (normalised) that license texts carry: a prose file without one in its first few KB is not a license, and
 * identifying it (a comparison with the reference texts) is not worth its cost.
 */
const LICENSE_PHRASES = [
  'permission is hereby granted',
  'redistribution and use in source and binary forms',
  'licensed under the apache license',
  'apache license version',
  'gnu general public license',
  'gnu lesser general public license',
  'gnu library general public license',
  'gnu affero general public license',
  'mozilla public license',
  'eclipse public license',
  'this program is free software',
  'this library is free software',
  'permission to use copy modify and or distribute',
  'permission to use copy modify distribute',
  'the software is provided as is',
  'this is free and unencumbered software',
  'without warranty of any kind',
];

/** How much of a text the phrase test reads. */
const LICENSE_HEAD = 4096;
/** Dice score above which a prose file is taken as a license text (identifyLicenseText's own floor is 0.6). */
const LICENSE_TEXT_SCORE = 0.75;

/**
 * Whether a prose file is a license text (an MIT, GPL, Apache … text under whatever name: `LICENSE`,
 * `vendor/x.js.LICENSE`, `COPYING.txt`), judged by content. License texts are the same words in every project that
 * uses the license, so they are not code to match: the corpus leaves them out and a scan does not match them.
 */
export function isLicenseText(text: string): boolean {
  const head = normaliseLicenseText(text.slice(0, LICENSE_HEAD));
  if (!LICENSE_PHRASES.some((p) => head.includes(p))) return false;
  const found = identifyLicenseText(text);
  return found !== undefined && found.score >= LICENSE_TEXT_SCORE;
}
