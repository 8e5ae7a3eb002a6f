// Two winnowed channels over one significant-token stream:
// - exact: token text (comments, layout, `;` and trailing commas dropped) — survives reformatting and comment edits;
// - abstract: identifiers → I, strings → S, numbers → N, keywords and operators kept — survives renaming.
// Guarantees (robust winnowing): a shared run of t = k + w - 1 tokens shares a fingerprint, one of k + 2w - 1
// tokens shares two, one of k + 3w - 1 shares three. The matcher needs two exact or three abstract fingerprints, so
// the parameters are chosen for the evidence the matcher needs, not for one fingerprint: a shared exact run of 50
// tokens (about 5–6 lines) always yields a reportable exact match, and a renamed one an abstract match.
import { fmix32 } from './hash.js';
import { atLeast } from '../util/grow.js';
import { helperMask } from './helpers.js';
import { type TokenStream, TokenKind, lexShared } from './lex/lexer.js';
import { simhash } from './simhash.js';
import type { ChannelFingerprints, FileFingerprints } from './types.js';
import { kgramHashes, parameterisedKgramHashes, winnow } from './winnow.js';

/**
 * Exact channel: k = 16 tokens is above most one-line idioms (`for (let i = 0; i < n; i++) {` is 13 tokens once
 * `;` is dropped), so a shared exact 16-gram is rarely chance; w = 12 gives t = 27, two fingerprints at 39 tokens,
 * and a match (two fingerprints at least 25 tokens apart) for every shared run of 47 tokens; density 2/13.
 */
export const EXACT_K = 16;
export const EXACT_W = 12;
/**
 * Abstract channel: short k-grams survive edits (an edited line every ~6 lines of a renamed copy leaves shared
 * abstract runs of 15–40 tokens), so k = 12 and w = 8 (t = 19, density 2/9): three fingerprints at 35 tokens, and
 * a match for every renamed run of 49 tokens of non-repetitive code. Abstract 12-grams also occur in unrelated code
 * (`self . I = I` lists, argument lists): the matcher, not k, supplies precision — three or more hits on one
 * diagonal, weighted by how unique each hash is in both files (src/corpus/match.ts).
 */
export const ABSTRACT_K = 12;
export const ABSTRACT_W = 8;
/** Bumped whenever tokens, hashes, k or w change: a corpus built with another version must be rebuilt. */
export const FINGERPRINT_VERSION = 3;

/** Guarantee threshold of a channel: shared runs of at least this many tokens always share a fingerprint. */
export const EXACT_T = EXACT_K + EXACT_W - 1;
export const ABSTRACT_T = ABSTRACT_K + ABSTRACT_W - 1;

/** Work arrays reused from file to file (src/util/grow.ts): the k-gram hashes and winnow picks of the file. */
const work = {
  grams: new Uint32Array(0),
  picks: new Uint32Array(0),
  back: new Uint32Array(0),
  isName: new Uint8Array(0),
};

/** A channel's output arrays in `'view'` mode (FingerprintOptions.tokens): reused from file to file. */
class ChannelOut {
  hashes = new Uint32Array(0);
  positions = new Uint32Array(0);
  startLines = new Uint32Array(0);
  endLines = new Uint32Array(0);

  /** Views of the first `n` entries, the arrays grown first when they are shorter. */
  take(n: number): ChannelFingerprints {
    const u32 = (k: number) => new Uint32Array(k);
    this.hashes = atLeast(this.hashes, n, u32);
    this.positions = atLeast(this.positions, n, u32);
    this.startLines = atLeast(this.startLines, n, u32);
    this.endLines = atLeast(this.endLines, n, u32);
    return {
      hashes: this.hashes.subarray(0, n),
      positions: this.positions.subarray(0, n),
      startLines: this.startLines.subarray(0, n),
      endLines: this.endLines.subarray(0, n),
    };
  }
}
const VIEW_OUT = { exact: new ChannelOut(), abstract: new ChannelOut() };

/** The abstract channel's k-gram hashes: token classes, with repeated identifiers as back-references (winnow.ts). */
function abstractGrams(tokens: TokenStream, k: number): Uint32Array {
  const n = tokens.count;
  work.back = atLeast(work.back, n, (size) => new Uint32Array(size));
  work.isName = atLeast(work.isName, n, (size) => new Uint8Array(size));
  const isName = work.isName;
  for (let i = 0; i < n; i++) isName[i] = tokens.kinds[i] === TokenKind.Identifier ? 1 : 0;
  return parameterisedKgramHashes(tokens.abstract, tokens.exact, isName, n, k, work.back, work.grams);
}

function channel(
  tokens: TokenStream,
  tokenHashes: Uint32Array | 'parameterised',
  k: number,
  w: number,
  masked: Uint32Array | undefined,
  reuse: ChannelOut | undefined,
): ChannelFingerprints {
  work.grams = atLeast(work.grams, tokens.count, (size) => new Uint32Array(size));
  work.picks = atLeast(work.picks, tokens.count, (size) => new Uint32Array(size));
  const grams =
    tokenHashes === 'parameterised' ? abstractGrams(tokens, k) : kgramHashes(tokenHashes, tokens.count, k, work.grams);
  let picked = winnow(grams, w, work.picks);
  if (masked !== undefined) {
    // masked[i] = masked tokens before i: a k-gram touching a masked token is dropped
    let kept = 0;
    for (let i = 0; i < picked.length; i++) {
      const p = picked[i]!;
      if (masked[p + k]! - masked[p]! === 0) picked[kept++] = p;
    }
    picked = picked.subarray(0, kept);
  }
  const n = picked.length;
  // without reuse the arrays are the result's own, of exactly n entries (ingest keeps them)
  const out = reuse
    ? reuse.take(n)
    : {
        hashes: new Uint32Array(n),
        positions: new Uint32Array(n),
        startLines: new Uint32Array(n),
        endLines: new Uint32Array(n),
      };
  const { hashes, positions, startLines, endLines } = out;
  for (let i = 0; i < n; i++) {
    const p = picked[i]!;
    hashes[i] = grams[p]!;
    positions[i] = p;
    startLines[i] = tokens.startLines[p]!;
    endLines[i] = tokens.endLines[p + k - 1]!;
  }
  return out;
}

export interface FingerprintOptions {
  /**
   * Keep the per-token arrays (`tokenLines`, `tokenHashes`: 8 bytes per token) that `regionDigest` needs (default
   * true). Corpus ingest does not need them and leaves them empty. `'view'` returns them, and the channels' arrays
   * too, as views into arrays the engine reuses, valid only until the next `fingerprintText` call: for a caller that
   * is done with them before (matching one file computes its digests at once), which saves fresh memory on every
   * file.
   */
  readonly tokens?: boolean | 'view';
  /** Compute the whole-file simhash (default true); matching does not use it, corpus ingest stores it. */
  readonly simhash?: boolean;
}

const NONE = new Uint32Array(0);

/** Fingerprints of a text in a language (a `detectLanguage` id; unknown ids lex as generic text). Pure, no I/O. */
export function fingerprintText(text: string, language: string, options: FingerprintOptions = {}): FileFingerprints {
  // The token arrays are the lexer's scratch: fingerprintTokens copies what it keeps (unless in 'view' mode).
  const tokens = lexShared(text, language);
  return fingerprintTokens(tokens, options, helperMask(text, tokens, language));
}

/**
 * Fingerprints of an already-lexed stream (tests and tools that inspect the tokens too). Tokens with `mask` 1
 * (emitted toolchain helpers: src/fingerprint/helpers.ts) are in no fingerprint.
 */
export function fingerprintTokens(
  tokens: TokenStream,
  options: FingerprintOptions = {},
  mask?: Uint8Array,
): FileFingerprints {
  let masked: Uint32Array | undefined;
  if (mask !== undefined) {
    masked = new Uint32Array(tokens.count + 1);
    for (let i = 0; i < tokens.count; i++) masked[i + 1] = masked[i]! + mask[i]!;
  }
  const keep = options.tokens ?? true;
  const out = keep === 'view' ? VIEW_OUT : undefined;
  const exact = channel(tokens, tokens.exact, EXACT_K, EXACT_W, masked, out?.exact);
  const abstract = channel(tokens, 'parameterised', ABSTRACT_K, ABSTRACT_W, masked, out?.abstract);
  const perToken = (a: Uint32Array): Uint32Array =>
    out ? a.subarray(0, tokens.count) : keep ? a.slice(0, tokens.count) : NONE;
  return {
    exact,
    abstract,
    tokens: tokens.count,
    tokenLines: perToken(tokens.startLines),
    simhash: options.simhash === false ? 0 : simhash(exact.hashes),
    tokenHashes: perToken(tokens.exact),
  };
}

/**
 * Stable content digest of the significant tokens [start, end) of a file (exact channel), as 16 hex digits: the
 * same code reformatted or with other comments has the same digest. Used as a waiver id for a matched region.
 */
export function regionDigest(fp: FileFingerprints, start: number, end: number): string {
  const from = Math.max(0, Math.min(start, fp.tokens));
  const to = Math.max(from, Math.min(end, fp.tokens));
  // Two independent 32-bit lanes → 64 bits: collisions between waived regions are practically impossible.
  let a = 0x9e3779b9 ^ (to - from);
  let b = 0x85ebca6b ^ Math.imul(to - from, 0x27d4eb2f);
  for (let i = from; i < to; i++) {
    const h = fp.tokenHashes[i]!;
    a = fmix32((Math.imul(a, 0x01000193) ^ h) >>> 0);
    b = fmix32((b + Math.imul(h, 0xcc9e2d51) + i - from) >>> 0);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}
