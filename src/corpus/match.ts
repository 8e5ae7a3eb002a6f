// Matching one host file against one corpus: seed candidate corpus files from the in-memory postings (common
// hashes never seed), load only those files' fingerprints with batched IN (…) look-ups, align per channel, keep runs
// that pass size thresholds which do NOT depend on the host file's size (a 6-line copy in a 3,000-line file counts
// like a whole copied file), and merge the two channels (exact preferred where both agree).
import type { Channel, FileFingerprints } from '../fingerprint/types.js';
import type { CorpusRef } from '../model.js';
import { type Run, alignRuns } from './align.js';
import { ABSTRACT_K, EXACT_K, regionDigest } from './engine.js';
import { lowerBound, type PostingIndex } from './postings.js';
import type { Db } from './schema.js';

export interface Thresholds {
  /** Minimum host tokens covered by an exact-channel run. */
  readonly minTokens: number;
  /** Minimum host lines covered by a run. */
  readonly minLines: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { minTokens: 50, minLines: 5 };

/**
 * Acceptance thresholds, calibrated with bench/accuracy.bench.mjs (recall per transformation, precision) and a scan of
 * ~1,000 unrelated real files against the bundled corpus (false matches). A run's span (first fingerprint's first
 * token to last fingerprint's last token) understates the copied region by up to a window on each side, so spans are
 * compared with a share of minTokens. Exact 16-grams are specific: two of them 25+ tokens apart suffice. The abstract
 * channel is noisy (Dolos: unrelated files share abstract fingerprints), so it needs a longer span (35 tokens), three
 * distinct hashes and over a third of the region's fingerprints (edits inside a renamed copy thin them out). With
 * exact k = 16, w = 12 and abstract k = 12, w = 8 every shared exact run of 47 tokens and every renamed run of 49
 * tokens of non-repetitive code passes (docs/fingerprints.md derives both).
 *
 * Short abstract k-grams (k = 12) also occur in unrelated code that shares idioms (`self . I = I` runs, argument
 * lists, `if I is not None : I . I ( S )` blocks): such code repeats the same k-grams within a file, a real copy of
 * real code mostly does not. So an abstract run must carry MIN_ABSTRACT_EVIDENCE, where each hit counts
 * 1 / (occurrences of its hash in the host file × occurrences in the corpus file): three hits unique on both sides
 * suffice, hits inside repeated structure count for little.
 */
const EXACT_SPAN_FACTOR = 0.5;
const ABSTRACT_SPAN_FACTOR = 0.7;
const MIN_EXACT_HITS = 2;
const MIN_ABSTRACT_HITS = 3;
const MIN_EXACT_SIMILARITY = 0.3;
const MIN_ABSTRACT_SIMILARITY = 0.35;
const MIN_ABSTRACT_EVIDENCE = 3;
/** Only the best-seeded corpus files are aligned (bounds work on files that share a little with everything). */
const MAX_CANDIDATE_FILES = 64;
const SQL_BATCH = 400;
/** A hash this often on both sides (repetitive code) produces too many pairs to be informative. */
const MAX_PAIRS_PER_HASH = 512;

interface FilePairs {
  readonly h: number[];
  readonly c: number[];
}

/** Per-file counters sized to the largest file id of an index, allocated once per corpus and channel. */
interface Scratch {
  hits: Uint32Array;
  last: Uint32Array;
  /** 1 for the candidate files of the current host file (cleared after use). */
  mark: Uint8Array;
  /** Upper bound of the abstract evidence any run against the file can reach (see findCandidates). */
  weight: Float64Array;
}
const SCRATCH = new WeakMap<PostingIndex, Scratch>();
function scratch(corpus: CorpusHandle, index: PostingIndex): Scratch {
  let s = SCRATCH.get(index);
  if (!s) {
    const max = Number(corpus.db.prepare('SELECT coalesce(max(id), 0) FROM files').pluck().get() ?? 0);
    s = {
      hits: new Uint32Array(max + 1),
      last: new Uint32Array(max + 1),
      mark: new Uint8Array(max + 1),
      weight: new Float64Array(max + 1),
    };
    SCRATCH.set(index, s);
  }
  return s;
}

export interface Candidate {
  readonly fileId: number;
  readonly channel: Channel;
  readonly hostStart: number;
  readonly hostEnd: number;
  readonly corpusStart: number;
  readonly corpusEnd: number;
  readonly tokens: number;
  readonly matched: number;
  readonly similarity: number;
  readonly fingerprint: string;
  readonly corpusLines: number;
}

export interface CorpusHandle {
  readonly db: Db;
  readonly label: string;
  readonly index: Record<Channel, PostingIndex>;
}

/** One prepared statement per database for the batched file look-up (the id list travels as one JSON value). */
const FILES_BY_ID = new WeakMap<Db, ReturnType<Db['prepare']>>();
function filesById(db: Db): ReturnType<Db['prepare']> {
  let st = FILES_BY_ID.get(db);
  if (!st) {
    st = db.prepare(`SELECT id, lines, language FROM files WHERE id IN (SELECT value FROM json_each(?))`);
    FILES_BY_ID.set(db, st);
  }
  return st;
}

interface FileRow {
  readonly id: number;
  readonly lines: number;
  readonly language: string;
}
/** Line counts and languages of corpus files, read once per opened database (it is read-only while open). */
const ROWS = new WeakMap<Db, Map<number, FileRow>>();
function fileRows(db: Db, ids: ReadonlyArray<number>): FileRow[] {
  let cache = ROWS.get(db);
  if (!cache) {
    cache = new Map();
    ROWS.set(db, cache);
  }
  const known = cache;
  const missing = ids.filter((id) => !known.has(id));
  for (let s = 0; s < missing.length; s += SQL_BATCH) {
    const rows = filesById(db).all(JSON.stringify(missing.slice(s, s + SQL_BATCH))) as FileRow[];
    for (const r of rows) known.set(r.id, r);
  }
  const out: FileRow[] = [];
  for (const id of ids) {
    const r = known.get(id);
    if (r) out.push(r);
  }
  return out;
}

const kOf = (c: Channel): number => (c === 'exact' ? EXACT_K : ABSTRACT_K);

function evaluate(
  channel: Channel,
  run: Run,
  file: FileFingerprints,
  corpus: PostingIndex,
  fileId: number,
  corpusLines: number,
  t: Thresholds,
  occurrences: (h: number) => number,
): Candidate | undefined {
  const host = file[channel];
  const n = run.host.length;
  const minHits = channel === 'exact' ? MIN_EXACT_HITS : MIN_ABSTRACT_HITS;
  if (n < minHits) return undefined;
  // Periodic code (import lists, tables, repeated calls) repeats the same few hashes; it proves nothing.
  const distinct = new Set<number>();
  for (let i = 0; i < n && distinct.size < minHits; i++) distinct.add(host.hashes[run.host[i]!]!);
  if (distinct.size < minHits) return undefined;
  const k = kOf(channel);
  const first = run.host[0]!;
  const last = run.host[n - 1]!;
  const tokens = host.positions[last]! - host.positions[first]! + k;
  const factor = channel === 'exact' ? EXACT_SPAN_FACTOR : ABSTRACT_SPAN_FACTOR;
  if (tokens < t.minTokens * factor) return undefined;
  if (channel === 'abstract') {
    let evidence = 0;
    for (let i = 0; i < n && evidence < MIN_ABSTRACT_EVIDENCE; i++)
      evidence += 1 / occurrences(host.hashes[run.host[i]!]!);
    if (evidence < MIN_ABSTRACT_EVIDENCE) return undefined;
  }
  let hostStart = Number.MAX_SAFE_INTEGER;
  let hostEnd = 0;
  let corpusStart = Number.MAX_SAFE_INTEGER;
  let corpusEnd = 0;
  for (let i = 0; i < n; i++) {
    const a = run.host[i]!;
    const b = run.corpus[i]!;
    hostStart = Math.min(hostStart, host.startLines[a]!);
    hostEnd = Math.max(hostEnd, host.endLines[a]!);
    corpusStart = Math.min(corpusStart, corpus.startLines[b]!);
    corpusEnd = Math.max(corpusEnd, corpus.endLines[b]!);
  }
  // Reformatting can pack a long copy into few lines: the line minimum only applies to runs below minTokens.
  if (hostEnd - hostStart + 1 < t.minLines && tokens < t.minTokens) return undefined;
  // Share of the host region's fingerprints that the run matched (positions are sorted in source order).
  const inRegion =
    lowerBound(host.positions, host.positions[last]! + 1) - lowerBound(host.positions, host.positions[first]!);
  const similarity = Math.min(1, n / Math.max(1, inRegion));
  if (similarity < (channel === 'exact' ? MIN_EXACT_SIMILARITY : MIN_ABSTRACT_SIMILARITY)) return undefined;
  return {
    fileId,
    channel,
    hostStart,
    hostEnd,
    corpusStart,
    corpusEnd,
    tokens,
    matched: n,
    similarity: Math.round(similarity * 1000) / 1000,
    fingerprint: regionDigest(file, host.positions[first]!, host.positions[last]! + k),
    corpusLines,
  };
}

const overlap = (a: { hostStart: number; hostEnd: number }, b: { hostStart: number; hostEnd: number }): number =>
  Math.max(0, Math.min(a.hostEnd, b.hostEnd) - Math.max(a.hostStart, b.hostStart) + 1);

/** Candidate matches of `fp` in one corpus (not yet resolved against each other). */
/**
 * Languages whose token streams are comparable. Abstract token streams of different languages can coincide (a list of
 * strings, a run of calls) without any copying, so a host is matched only against corpus files of its family.
 */
const FAMILY: Readonly<Record<string, string>> = {
  javascript: 'js',
  typescript: 'js',
  c: 'c',
  cpp: 'c',
  objc: 'c',
};
export const languageFamily = (language: string): string => FAMILY[language] ?? language;

export function findCandidates(
  corpus: CorpusHandle,
  fp: FileFingerprints,
  t: Thresholds,
  language?: string,
): Candidate[] {
  const family = language === undefined ? undefined : languageFamily(language);
  // Pass 1: distinct host fingerprints hitting each corpus file, counted in typed scratch arrays (no allocation per
  // posting). Pass 2 builds (host fingerprint, posting) pairs only for the files that passed.
  const ids = new Set<number>();
  const ranges: Record<Channel, Int32Array> = { exact: new Int32Array(0), abstract: new Int32Array(0) };
  const hostCounts: Record<Channel, Map<number, number>> = { exact: new Map(), abstract: new Map() };
  for (const channel of ['exact', 'abstract'] as const) {
    const host = fp[channel];
    const index = corpus.index[channel];
    const n = host.hashes.length;
    const hostCount = new Map<number, number>();
    for (let i = 0; i < n; i++) hostCount.set(host.hashes[i]!, (hostCount.get(host.hashes[i]!) ?? 0) + 1);
    hostCounts[channel] = hostCount;
    const r = new Int32Array(2 * n);
    const { hits, last, weight } = scratch(corpus, index);
    const touched: number[] = [];
    for (let i = 0; i < n; i++) {
      const h = host.hashes[i]!;
      const [lo, hi] = index.range(h);
      const count = hostCount.get(h)!;
      if (lo === hi || (hi - lo) * count > MAX_PAIRS_PER_HASH) continue;
      r[2 * i] = lo;
      r[2 * i + 1] = hi;
      // A hash with a host occurrences adds at most 1/a to the evidence of a run (at most min(a, b) of its a × b
      // pairs chain, each worth 1/(a × b)); its a occurrences add 1/a² each here, so weight[f] bounds the evidence.
      const w = 1 / (count * count);
      for (let j = lo; j < hi; j++) {
        const f = index.files[j]!;
        if (last[f] !== i + 1) {
          if (hits[f] === 0) touched.push(f);
          hits[f]!++;
          weight[f]! += w;
          last[f] = i + 1;
        }
      }
    }
    ranges[channel] = r;
    const min = channel === 'exact' ? MIN_EXACT_HITS : MIN_ABSTRACT_HITS;
    // Files that cannot reach the abstract evidence are never aligned (most abstract candidates of a busy file).
    const minWeight = channel === 'exact' ? 0 : MIN_ABSTRACT_EVIDENCE - 1e-9;
    const passed = touched
      .filter((f) => hits[f]! >= min && weight[f]! >= minWeight)
      .sort((x, y) => hits[y]! - hits[x]! || x - y);
    for (const f of passed.slice(0, MAX_CANDIDATE_FILES)) ids.add(f);
    for (const f of touched) {
      hits[f] = 0;
      last[f] = 0;
      weight[f] = 0;
    }
  }
  if (ids.size === 0) return [];
  const pairs: Record<Channel, Map<number, FilePairs>> = { exact: new Map(), abstract: new Map() };
  for (const channel of ['exact', 'abstract'] as const) {
    const index = corpus.index[channel];
    const r = ranges[channel];
    const byFile = pairs[channel];
    const { mark } = scratch(corpus, index);
    for (const f of ids) if (f < mark.length) mark[f] = 1;
    for (let i = 0; 2 * i < r.length; i++) {
      for (let j = r[2 * i]!; j < r[2 * i + 1]!; j++) {
        const f = index.files[j]!;
        if (mark[f] !== 1) continue;
        let e = byFile.get(f);
        if (!e) {
          e = { h: [], c: [] };
          byFile.set(f, e);
        }
        e.h.push(i);
        e.c.push(j);
      }
    }
    for (const f of ids) if (f < mark.length) mark[f] = 0;
  }

  const out: Candidate[] = [];
  {
    const rows = fileRows(
      corpus.db,
      [...ids].sort((a, b) => a - b),
    );
    for (const row of rows) {
      if (family !== undefined && languageFamily(row.language) !== family) continue;
      const perChannel: Record<Channel, Candidate[]> = { exact: [], abstract: [] };
      for (const channel of ['exact', 'abstract'] as const) {
        const e = pairs[channel].get(row.id);
        if (!e) continue;
        const index = corpus.index[channel];
        // Occurrences of a hash in the host file × in this corpus file (postings of one hash are in file order),
        // computed only for the hits of runs that get as far as the evidence test.
        const hostCount = hostCounts[channel];
        const occurrences = (h: number): number => {
          const [lo, hi] = index.range(h);
          let inFile = 0;
          for (let j = lo; j < hi; j++) if (index.files[j] === row.id) inFile++;
          return Math.max(1, inFile) * (hostCount.get(h) ?? 1);
        };
        for (const run of alignRuns(fp[channel].positions, index.positions, e.h, e.c, MIN_EXACT_HITS)) {
          const c = evaluate(channel, run, fp, index, row.id, row.lines, t, occurrences);
          if (c) perChannel[channel].push(c);
        }
      }
      out.push(...mergeChannels(perChannel.exact, perChannel.abstract));
    }
  }
  return out;
}

/** Where exact and abstract runs of one corpus file overlap, one exact candidate covering both remains. */
function mergeChannels(exact: Candidate[], abstract: Candidate[]): Candidate[] {
  const out: Candidate[] = [];
  const usedExact = new Set<Candidate>();
  for (const a of abstract) {
    // Both channels agree when they align the same host lines to the same corpus lines (repetitive files hold the
    // same code at several places: a different place is a different candidate).
    const agreeing = exact.filter(
      (e) => overlap(e, a) > 0 && Math.min(e.corpusEnd, a.corpusEnd) >= Math.max(e.corpusStart, a.corpusStart),
    );
    if (agreeing.length === 0) {
      out.push(a);
      continue;
    }
    for (const e of agreeing) usedExact.add(e);
    const e = agreeing.reduce((x, y) => (y.tokens > x.tokens ? y : x));
    out.push({
      ...e,
      hostStart: Math.min(a.hostStart, ...agreeing.map((x) => x.hostStart)),
      hostEnd: Math.max(a.hostEnd, ...agreeing.map((x) => x.hostEnd)),
      corpusStart: Math.min(a.corpusStart, ...agreeing.map((x) => x.corpusStart)),
      corpusEnd: Math.max(a.corpusEnd, ...agreeing.map((x) => x.corpusEnd)),
      tokens: Math.max(a.tokens, e.tokens),
      similarity: Math.max(a.similarity, e.similarity),
      matched: Math.max(a.matched, e.matched),
    });
  }
  for (const e of exact) if (!usedExact.has(e)) out.push(e);
  return out;
}

export interface Resolved<T> {
  readonly best: T;
  readonly alternatives: T[];
}

/** Near-as-good alternatives must score at least this share of the best. */
const ALTERNATIVE_RATIO = 0.9;
const MAX_ALTERNATIVES = 5;

/**
 * Overlapping candidates resolve to the best (most matched tokens × similarity, exact before abstract); runners-up
 * nearly as good are kept as alternatives.
 */
export function resolveOverlaps<T extends Candidate>(cands: T[]): Resolved<T>[] {
  const score = (c: Candidate) => c.tokens * c.similarity * (c.channel === 'exact' ? 1.05 : 1);
  const sorted = [...cands].sort((a, b) => score(b) - score(a) || a.hostStart - b.hostStart || a.fileId - b.fileId);
  const accepted: Resolved<T>[] = [];
  for (const c of sorted) {
    const span = c.hostEnd - c.hostStart + 1;
    const over = accepted.find((r) => overlap(r.best, c) * 2 >= Math.min(span, r.best.hostEnd - r.best.hostStart + 1));
    if (!over) {
      accepted.push({ best: c, alternatives: [] });
      continue;
    }
    if (score(c) >= ALTERNATIVE_RATIO * score(over.best) && over.alternatives.length < MAX_ALTERNATIVES)
      over.alternatives.push(c);
  }
  return accepted.sort((a, b) => a.best.hostStart - b.best.hostStart);
}

export type { CorpusRef };
