// Matching one host file against one corpus: seed candidate corpus files from the postings of the host file's hashes
// (common hashes never seed), pair host fingerprints with their postings in those files, align, and keep runs that pass size
// thresholds which do NOT depend on the host file's size (a 6-line copy in a 3,000-line file counts like a whole
// copied file). The exact channel goes first; the abstract channel is looked up only where no exact match covers the
// host, and the two are merged (exact preferred where both agree). SQL is read only for files that matched.
import type { Channel, FileFingerprints } from '../fingerprint/types.js';
import type { CorpusRef } from '../model.js';
import { type Run, alignRuns } from './align.js';
import type { FileRow } from './backend.js';
import { ABSTRACT_K, ABSTRACT_W, EXACT_K, EXACT_W } from './engine.js';
import { lowerBound, type PostingIndex } from './postings.js';
import { atLeast } from '../util/grow.js';

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
 * 1 / (occurrences of its hash in the host file × occurrences in the corpus file), scaled down for hashes held by
 * many places of the corpus (rarity, below): three hits unique on both sides and rare in the corpus suffice, hits
 * inside repeated structure or on the language's idioms count for little.
 */
const EXACT_SPAN_FACTOR = 0.5;
const ABSTRACT_SPAN_FACTOR = 0.7;
const MIN_EXACT_HITS = 2;
const MIN_ABSTRACT_HITS = 3;
const MIN_EXACT_SIMILARITY = 0.3;
const MIN_ABSTRACT_SIMILARITY = 0.35;
const MIN_ABSTRACT_EVIDENCE = 3;
/**
 * Postings up to which an abstract hash counts fully as evidence. A hash held by more places of the corpus is an
 * idiom of the language more than the trace of one copied piece of code, and counts RARE_POSTINGS / postings. 16 is
 * where the accuracy benchmark's false matches dropped (85 → 57 on seeds 1–2, per cell 40) for about a point of
 * renamed recall; 4 cost Java's renamed recall 20 points, since a project's tests repeat its own code in many files.
 */
const RARE_POSTINGS = 16;
const rarity = (postings: number): number => Math.min(1, RARE_POSTINGS / Math.max(1, postings));

/** Only the best-seeded corpus files are aligned (bounds work on files that share a little with everything). */
const MAX_CANDIDATE_FILES = 64;
/** A hash this often on both sides (repetitive code) produces too many pairs to be informative. */
const MAX_PAIRS_PER_HASH = 512;
/**
 * The same for abstract hashes, which repeat more: 128 leaves the accuracy benchmark unchanged and keeps the pairs of
 * generic idioms (each worth at most 1/128 of the evidence) out of alignment.
 */
const MAX_ABSTRACT_PAIRS_PER_HASH = 128;
/**
 * A hash with more postings than this in a channel is never paired (one host occurrence already makes too many
 * pairs), so a store need not return its postings.
 */
export const MAX_USED_POSTINGS: Readonly<Record<Channel, number>> = {
  exact: MAX_PAIRS_PER_HASH,
  abstract: MAX_ABSTRACT_PAIRS_PER_HASH,
};

/** Per-file counters sized to the largest file id of an index, allocated once per corpus and channel. */
interface Scratch {
  hits: Uint32Array;
  /** Slot + 1 of each candidate file of the current host file (cleared after use). */
  slot: Uint16Array;
  /** Upper bound of the abstract evidence any run against the file can reach (see findCandidates). */
  weight: Float64Array;
}
const SCRATCH = new WeakMap<PostingIndex, Scratch>();
function scratch(corpus: CorpusHandle, index: PostingIndex): Scratch {
  let s = SCRATCH.get(index);
  if (!s) {
    // Sized by the largest file id in the postings of either channel (no database read: with the postings cache the
    // database is opened only when a file has matches to name).
    const max = Math.max(corpus.index.exact.maxFile, corpus.index.abstract.maxFile);
    s = {
      hits: new Uint32Array(max + 1),
      slot: new Uint16Array(max + 1),
      weight: new Float64Array(max + 1),
    };
    SCRATCH.set(index, s);
  }
  return s;
}

/**
 * Work arrays of one channel's matching, reused from host file to host file (src/util/grow.ts). Each channel has its
 * own set; everything in a set is used only while that channel of one file is matched.
 */
class ChannelWork {
  table = new Int32Array(0);
  uniq = new Uint32Array(0);
  count = new Uint32Array(0);
  slot = new Uint32Array(0);
  ranges = new Int32Array(0);
  wanted = new Uint8Array(0);
  pairHost = new Int32Array(0);
  pairCorpus = new Int32Array(0);
}
const WORK: Record<Channel, ChannelWork> = { exact: new ChannelWork(), abstract: new ChannelWork() };

/** The distinct hashes of one host channel, how often each occurs, and each fingerprint's distinct-hash index. */
interface HostHashes {
  readonly uniq: Uint32Array;
  readonly count: Uint32Array;
  readonly slot: Uint32Array;
}

function hostHashes(hashes: Uint32Array, work: ChannelWork): HostHashes {
  const n = hashes.length;
  let size = 16;
  while (size < 2 * n) size *= 2;
  const mask = size - 1;
  // Open addressing: table[t] is a distinct-hash index + 1 (0 = empty). Hashes are fmix-finalised: low bits spread.
  work.table = atLeast(work.table, size, (k) => new Int32Array(k));
  const table = work.table;
  table.fill(0, 0, size);
  work.uniq = atLeast(work.uniq, n, (k) => new Uint32Array(k));
  work.count = atLeast(work.count, n, (k) => new Uint32Array(k));
  work.slot = atLeast(work.slot, n, (k) => new Uint32Array(k));
  const { uniq, count, slot } = work;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const h = hashes[i]!;
    let t = h & mask;
    for (;;) {
      const e = table[t]!;
      if (e === 0) {
        uniq[m] = h;
        count[m] = 1;
        slot[i] = m++;
        table[t] = m;
        break;
      }
      if (uniq[e - 1] === h) {
        count[e - 1]!++;
        slot[i] = e - 1;
        break;
      }
      t = (t + 1) & mask;
    }
  }
  return { uniq: uniq.subarray(0, m), count: count.subarray(0, m), slot: slot.subarray(0, n) };
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
  /** Host token range [hostFrom, hostTo) of the run: its `regionDigest` is the match's fingerprint. */
  readonly hostFrom: number;
  readonly hostTo: number;
  /** Corpus token range [corpusFrom, corpusTo) of the run. */
  readonly corpusFrom: number;
  readonly corpusTo: number;
  readonly corpusLines: number;
}

export interface CorpusHandle {
  readonly label: string;
  /** The postings of the host file's hashes (or of the whole corpus), in the order a complete index holds them. */
  readonly index: Record<Channel, PostingIndex>;
  /** Lines and language of corpus files of `index` (ids it does not know are left out). */
  fileRows(ids: ReadonlyArray<number>): Promise<ReadonlyArray<FileRow>>;
}

const kOf = (c: Channel): number => (c === 'exact' ? EXACT_K : ABSTRACT_K);

/** Number of distinct hashes among the run's host fingerprints, counted up to `enough`. */
function distinctHashes(hashes: Uint32Array, at: ReadonlyArray<number>, enough: number): number {
  const seen: number[] = [];
  for (let i = 0; i < at.length && seen.length < enough; i++) {
    const h = hashes[at[i]!]!;
    if (!seen.includes(h)) seen.push(h);
  }
  return seen.length;
}

/** What a run is evaluated against: a channel of the host file and one corpus file's postings. */
interface RunContext {
  readonly channel: Channel;
  readonly file: FileFingerprints;
  readonly corpus: PostingIndex;
  readonly fileId: number;
}

function evaluate(
  ctx: RunContext,
  run: Run,
  t: Thresholds,
  /** Evidence of one hit (see hitWeight). */
  weight: (hostIndex: number) => number,
  /** The run continues an accepted exact run of the same file: it only extends that match, so no size test applies. */
  extension = false,
): Candidate | undefined {
  const { channel, file } = ctx;
  const host = file[channel];
  const n = run.host.length;
  const first = run.host[0]!;
  const last = run.host[n - 1]!;
  // Share of the host region's fingerprints that the run matched (positions are strictly increasing).
  const similarity = Math.min(1, n / (last - first + 1));
  if (extension) return candidate(ctx, run, similarity);
  const minHits = channel === 'exact' ? MIN_EXACT_HITS : MIN_ABSTRACT_HITS;
  if (n < minHits) return undefined;
  // Periodic code (import lists, tables, repeated calls) repeats the same few hashes; it proves nothing.
  if (distinctHashes(host.hashes, run.host, minHits) < minHits) return undefined;
  const tokens = host.positions[last]! - host.positions[first]! + kOf(channel);
  const factor = channel === 'exact' ? EXACT_SPAN_FACTOR : ABSTRACT_SPAN_FACTOR;
  if (tokens < t.minTokens * factor) return undefined;
  if (channel === 'abstract') {
    let evidence = 0;
    for (let i = 0; i < n && evidence < MIN_ABSTRACT_EVIDENCE; i++) evidence += weight(run.host[i]!);
    if (evidence < MIN_ABSTRACT_EVIDENCE) return undefined;
  }
  if (similarity < (channel === 'exact' ? MIN_EXACT_SIMILARITY : MIN_ABSTRACT_SIMILARITY)) return undefined;
  const c = candidate(ctx, run, similarity);
  // Reformatting can pack a long copy into few lines: the line minimum only applies to runs below minTokens.
  if (c.hostEnd - c.hostStart + 1 < t.minLines && tokens < t.minTokens) return undefined;
  return c;
}

/** The candidate a run makes (its corpus file's line count is filled in once the file is looked up). */
function candidate(ctx: RunContext, run: Run, similarity: number): Candidate {
  const { channel, file, corpus, fileId } = ctx;
  const host = file[channel];
  const n = run.host.length;
  const k = kOf(channel);
  const first = run.host[0]!;
  const last = run.host[n - 1]!;
  const tokens = host.positions[last]! - host.positions[first]! + k;
  // Token positions increase along a run on both sides, and a k-gram's first and last lines never decrease with its
  // position: the run's line range is its first fingerprint's first line to its last fingerprint's last line.
  const hostStart = host.startLines[first]!;
  const hostEnd = host.endLines[last]!;
  const corpusStart = corpus.startLines[run.corpus[0]!]!;
  const corpusEnd = corpus.endLines[run.corpus[n - 1]!]!;
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
    hostFrom: host.positions[first]!,
    hostTo: host.positions[last]! + k,
    corpusFrom: corpus.positions[run.corpus[0]!]!,
    corpusTo: corpus.positions[run.corpus[n - 1]!]! + k,
    corpusLines: 0,
  };
}

const overlap = (a: { hostStart: number; hostEnd: number }, b: { hostStart: number; hostEnd: number }): number =>
  Math.max(0, Math.min(a.hostEnd, b.hostEnd) - Math.max(a.hostStart, b.hostStart) + 1);

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

/** Candidate matches of `fp` in one corpus (not yet resolved against each other). */
export async function findCandidates(
  corpus: CorpusHandle,
  fp: FileFingerprints,
  t: Thresholds,
  language?: string,
): Promise<Candidate[]> {
  const family = language === undefined ? undefined : languageFamily(language);
  // Corpus files are aligned first and looked up (line count, language) only when they produced a candidate: most
  // seeded files do not, and a look-up is a database read. Files of another language family are dropped then.
  const keepFamily = async (found: Map<number, Candidate[]>): Promise<void> => {
    // the store keeps the rows it read for as long as it is open: files found by both channels are read once
    const rows = new Map((await corpus.fileRows([...found.keys()].sort((x, y) => x - y))).map((r) => [r.id, r]));
    for (const id of [...found.keys()]) {
      const row = rows.get(id);
      if (!row || (family !== undefined && languageFamily(row.language) !== family)) found.delete(id);
      else
        found.set(
          id,
          found.get(id)!.map((c) => ({ ...c, corpusLines: row.lines })),
        );
    }
  };

  // Seeds candidate files of a channel (from the host fingerprints not `covered`), aligns them and the files that
  // already have exact candidates (which abstract runs may extend), and keeps files of the host's language family.
  const matchChannel = async (
    channel: Channel,
    host: HostHashes,
    exactBy: ReadonlyMap<number, Candidate[]>,
    covered?: Uint8Array,
  ): Promise<Map<number, Candidate[]>> => {
    const seed = seedFiles(corpus, channel, host, covered);
    const ids = [...new Set([...seed.files, ...exactBy.keys()])].sort((x, y) => x - y);
    const found = new Map<number, Candidate[]>();
    if (ids.length === 0) return found;
    const pairs = filePairs(corpus, channel, host.slot, seed.ranges, ids, covered);
    ids.forEach((id, r) => {
      const runs = alignFile(corpus, channel, fp, host, id, pairs, r, t, exactBy.get(id) ?? []);
      if (runs.length > 0) found.set(id, runs);
    });
    await keepFamily(found);
    return found;
  };

  // 1. The exact channel.
  const exactBy = await matchChannel('exact', hostHashes(fp.exact.hashes, WORK.exact), new Map());
  // 2. The abstract channel, only where no exact match already covers the host code: a verbatim copy says all an
  // abstract match of it could say. Fingerprints near the edges of an exact match stay, and the files with exact
  // matches are always aligned, so an abstract run can carry a match on into renamed code around it.
  const covered = coveredFingerprints(fp.abstract.positions, ABSTRACT_K, exactBy);
  const abstractBy = await matchChannel('abstract', hostHashes(fp.abstract.hashes, WORK.abstract), exactBy, covered);

  const out: Candidate[] = [];
  for (const id of [...new Set([...exactBy.keys(), ...abstractBy.keys()])].sort((x, y) => x - y))
    for (const c of mergeChannels(exactBy.get(id) ?? [], abstractBy.get(id) ?? [], fp, covered)) out.push(c);
  return out;
}

/**
 * Pass 1 of a channel, per distinct host hash (skipping hashes whose every occurrence is `covered`): the corpus
 * files it hits, counted in typed scratch arrays (no allocation per posting), and its posting range. Returns the
 * best-seeded files that can reach the channel's minimum evidence.
 */
function seedFiles(
  corpus: CorpusHandle,
  channel: Channel,
  host: HostHashes,
  covered?: Uint8Array,
): { files: number[]; ranges: Int32Array } {
  const { uniq, count, slot: hostSlot } = host;
  const index = corpus.index[channel];
  const files = index.files;
  const work = WORK[channel];
  // ranges[2u], ranges[2u + 1]: the postings of distinct hash u (equal when it is not looked up)
  work.ranges = atLeast(work.ranges, 2 * uniq.length, (k) => new Int32Array(k));
  const ranges = work.ranges.subarray(0, 2 * uniq.length);
  ranges.fill(0);
  let wanted: Uint8Array | undefined;
  if (covered) {
    work.wanted = atLeast(work.wanted, uniq.length, (k) => new Uint8Array(k));
    wanted = work.wanted.subarray(0, uniq.length);
    wanted.fill(0);
    for (let i = 0; i < hostSlot.length; i++) if (covered[i] === 0) wanted[hostSlot[i]!] = 1;
  }
  const { hits, weight } = scratch(corpus, index);
  const touched: number[] = [];
  const maxPairs = channel === 'exact' ? MAX_PAIRS_PER_HASH : MAX_ABSTRACT_PAIRS_PER_HASH;
  // the evidence bound is only used for the abstract channel
  const abstract = channel === 'abstract';
  for (let u = 0; u < uniq.length; u++) {
    if (wanted !== undefined && wanted[u] === 0) continue;
    const h = uniq[u]!;
    const lo = index.first(h);
    const hi = index.end(lo, h);
    const a = count[u]!;
    if (lo === hi || (hi - lo) * a > maxPairs) continue;
    ranges[2 * u] = lo;
    ranges[2 * u + 1] = hi;
    // Postings of one hash are in file order. A hash with a host and b corpus-file occurrences makes a × b pairs,
    // each worth 1 / (a × b) evidence, of which at most min(a, b) chain: it adds at most 1 / max(a, b) to any run,
    // so weight[f] bounds the evidence a run against f can reach.
    for (let j = lo; j < hi; ) {
      const f = files[j]!;
      let k = j + 1;
      while (k < hi && files[k] === f) k++;
      if (hits[f] === 0) touched.push(f);
      hits[f]! += a;
      if (abstract) weight[f]! += rarity(hi - lo) / Math.max(a, k - j);
      j = k;
    }
  }
  const min = channel === 'exact' ? MIN_EXACT_HITS : MIN_ABSTRACT_HITS;
  // Files that cannot reach the abstract evidence are never aligned (most abstract candidates of a busy file).
  const minWeight = channel === 'exact' ? 0 : MIN_ABSTRACT_EVIDENCE - 1e-9;
  const passed = touched
    .filter((f) => hits[f]! >= min && weight[f]! >= minWeight)
    .sort((x, y) => hits[y]! - hits[x]! || x - y)
    .slice(0, MAX_CANDIDATE_FILES);
  for (const f of touched) {
    hits[f] = 0;
    weight[f] = 0;
  }
  return { files: passed, ranges };
}

/** Aligns one corpus file's pairs of a channel and keeps the runs that pass (or extend one of `exact`). */
function alignFile(
  corpus: CorpusHandle,
  channel: Channel,
  fp: FileFingerprints,
  host: HostHashes,
  fileId: number,
  pairs: Pairs,
  r: number,
  t: Thresholds,
  exact: ReadonlyArray<Candidate>,
): Candidate[] {
  const from = pairs.offsets[r]!;
  const to = pairs.offsets[r + 1]!;
  if (from === to) return [];
  const index = corpus.index[channel];
  const hostPos = fp[channel].positions;
  const { count, slot } = host;
  // Occurrences of a hash in the host file × in this corpus file (postings of one hash are in file order),
  // computed only for the hits of runs that get as far as the evidence test.
  const weight = (hostIndex: number): number => {
    const [lo, hi] = index.range(fp[channel].hashes[hostIndex]!);
    let inFile = 0;
    for (let j = lo; j < hi; j++) if (index.files[j] === fileId) inFile++;
    return rarity(hi - lo) / (Math.max(1, inFile) * count[slot[hostIndex]!]!);
  };
  const minHits = channel === 'exact' || exact.length > 0 ? MIN_EXACT_HITS : MIN_ABSTRACT_HITS;
  const out: Candidate[] = [];
  const ph = pairs.host.subarray(from, to);
  const pc = pairs.corpus.subarray(from, to);
  const ctx: RunContext = { channel, file: fp, corpus: index, fileId };
  for (const run of alignRuns(hostPos, index.positions, ph, pc, minHits)) {
    const extension = exact.length > 0 && continuesExact(run, hostPos, index.positions, exact);
    const c = evaluate(ctx, run, t, weight, extension);
    if (c) out.push(c);
  }
  return out;
}

/** Abstract fingerprints at least this many tokens inside an accepted exact match are not looked up. */
const COVERED_MARGIN = 64;

/** 1 for each fingerprint (k-gram at `positions`) lying COVERED_MARGIN tokens inside an accepted exact candidate. */
function coveredFingerprints(
  positions: Uint32Array,
  k: number,
  exactBy: ReadonlyMap<number, ReadonlyArray<Candidate>>,
): Uint8Array {
  const covered = new Uint8Array(positions.length);
  for (const list of exactBy.values())
    for (const e of list) {
      const lo = e.hostFrom + COVERED_MARGIN;
      const hi = e.hostTo - COVERED_MARGIN;
      if (hi - lo < k) continue;
      for (let i = lowerBound(positions, lo); i < positions.length && positions[i]! + k <= hi; i++) covered[i] = 1;
    }
  return covered;
}

/** (host fingerprint, posting) pairs of each candidate file, in host order then corpus order, one slice per file. */
interface Pairs {
  readonly host: Int32Array;
  readonly corpus: Int32Array;
  /** Pairs of the r-th file are [offsets[r], offsets[r + 1]). */
  readonly offsets: Int32Array;
}

function filePairs(
  corpus: CorpusHandle,
  channel: Channel,
  hostSlot: Uint32Array,
  ranges: Int32Array,
  ids: ReadonlyArray<number>,
  /** Host fingerprints to leave out (1). */
  skip?: Uint8Array,
): Pairs {
  const index = corpus.index[channel];
  const files = index.files;
  const { slot } = scratch(corpus, index);
  ids.forEach((id, r) => {
    if (id < slot.length) slot[id] = r + 1;
  });
  const offsets = new Int32Array(ids.length + 1);
  const n = hostSlot.length;
  for (let i = 0; i < n; i++) {
    if (skip !== undefined && skip[i] === 1) continue;
    const u = hostSlot[i]!;
    for (let j = ranges[2 * u]!, end = ranges[2 * u + 1]!; j < end; j++) {
      const s = slot[files[j]!]!;
      if (s !== 0) offsets[s]!++;
    }
  }
  for (let r = 0; r < ids.length; r++) offsets[r + 1]! += offsets[r]!;
  const at = offsets.slice(0, ids.length);
  const total = offsets[ids.length]!;
  const work = WORK[channel];
  work.pairHost = atLeast(work.pairHost, total, (k) => new Int32Array(k));
  work.pairCorpus = atLeast(work.pairCorpus, total, (k) => new Int32Array(k));
  const host = work.pairHost;
  const corpusSide = work.pairCorpus;
  for (let i = 0; i < n; i++) {
    if (skip !== undefined && skip[i] === 1) continue;
    const u = hostSlot[i]!;
    for (let j = ranges[2 * u]!, end = ranges[2 * u + 1]!; j < end; j++) {
      const s = slot[files[j]!]!;
      if (s === 0) continue;
      const o = at[s - 1]!++;
      host[o] = i;
      corpusSide[o] = j;
    }
  }
  for (const id of ids) if (id < slot.length) slot[id] = 0;
  return { host, corpus: corpusSide, offsets };
}

/** Whether a run has a pair inside an exact candidate's token ranges, on both sides. */
function continuesExact(
  run: Run,
  hostPos: Uint32Array,
  corpusPos: Uint32Array,
  exact: ReadonlyArray<Candidate>,
): boolean {
  for (let i = 0; i < run.host.length; i++) {
    const h = hostPos[run.host[i]!]!;
    const c = corpusPos[run.corpus[i]!]!;
    for (const e of exact) if (h >= e.hostFrom && h < e.hostTo && c >= e.corpusFrom && c < e.corpusTo) return true;
  }
  return false;
}

/** Where exact and abstract runs of one corpus file overlap, one exact candidate covering both remains. */
function mergeChannels(
  exact: Candidate[],
  abstract: Candidate[],
  fp: FileFingerprints,
  covered: Uint8Array,
): Candidate[] {
  if (abstract.length === 0) return exact;
  // Groups of candidates that agree: an abstract candidate joins every exact one it agrees with (an exact run with
  // renamed code on both sides has an abstract piece on each side), and groups sharing an exact candidate are one.
  const groupOf = new Map<Candidate, Candidate[]>();
  const out: Candidate[] = [];
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
    const group: Candidate[] = [a];
    for (const e of agreeing) {
      const other = groupOf.get(e);
      if (other === group) continue;
      if (other) {
        for (const c of other) if (!group.includes(c)) group.push(c);
      } else group.push(e);
    }
    for (const c of group) groupOf.set(c, group);
  }
  const done = new Set<Candidate[]>();
  for (const e of exact) {
    const group = groupOf.get(e);
    if (!group) {
      out.push(e);
      continue;
    }
    if (done.has(group)) continue;
    done.add(group);
    out.push(mergeGroup(group, fp, covered));
  }
  return out;
}

/** One exact candidate covering a group of agreeing candidates of both channels. */
function mergeGroup(group: ReadonlyArray<Candidate>, fp: FileFingerprints, covered: Uint8Array): Candidate {
  const exacts = group.filter((c) => c.channel === 'exact');
  const e = exacts.reduce((x, y) => (y.tokens > x.tokens ? y : x));
  const min = (f: (c: Candidate) => number) => Math.min(...group.map(f));
  const max = (f: (c: Candidate) => number) => Math.max(...group.map(f));
  const hostFrom = min((c) => c.hostFrom);
  const hostTo = max((c) => c.hostTo);
  return {
    ...e,
    hostStart: min((c) => c.hostStart),
    hostEnd: max((c) => c.hostEnd),
    corpusStart: min((c) => c.corpusStart),
    corpusEnd: max((c) => c.corpusEnd),
    hostFrom,
    hostTo,
    corpusFrom: min((c) => c.corpusFrom),
    corpusTo: max((c) => c.corpusTo),
    tokens: Math.max(
      hostTo - hostFrom,
      max((c) => c.tokens),
    ),
    similarity: groupSimilarity(group, fp, covered, hostFrom, hostTo),
    matched: max((c) => c.matched),
  };
}

/**
 * Similarity of a merged group over the whole region it covers, the better of the two channels: the share of the
 * region's host fingerprints of that channel that its runs matched. Abstract fingerprints that were not looked up
 * because an exact match covers them count as matched (the same tokens, with names abstracted), so a renamed copy
 * reads as similar as it did when every abstract fingerprint was aligned.
 */
function groupSimilarity(
  group: ReadonlyArray<Candidate>,
  fp: FileFingerprints,
  covered: Uint8Array,
  from: number,
  to: number,
): number {
  const share = (channel: Channel): number => {
    const positions = fp[channel].positions;
    const k = kOf(channel);
    const lo = lowerBound(positions, from);
    const hi = lowerBound(positions, Math.max(from, to - k + 1));
    if (hi <= lo) return 0;
    let matched = 0;
    for (const c of group) if (c.channel === channel) matched += c.matched;
    if (channel === 'abstract') for (let i = lo; i < hi; i++) matched += covered[i]!;
    return Math.min(1, matched / (hi - lo));
  };
  return Math.round(1000 * Math.max(share('exact'), share('abstract'))) / 1000;
}

interface Resolved<T> {
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

/** What a match measures over its host range: the identical share and the share matching only after abstraction. */
interface MeasuredShares {
  readonly identical: number;
  readonly abstractOnly: number;
}

/**
 * Slack (tokens) by which a posting may sit off the match's diagonal and still count for it: edits inside the copy
 * shift the corpus side a little; the difference of the two ranges' lengths is added on top.
 */
const SHARE_SLACK = 16;

/**
 * Which tokens of the host range [hostFrom, hostTo) are identical to the corpus range of `c` (exact channel), and
 * which match only once abstracted (abstract channel), measured from fingerprints: a host fingerprint counts when
 * its hash occurs in the corpus file near the match's diagonal; it covers its k tokens, and two consecutive counted
 * fingerprints that keep the same offset cover the tokens between them too (winnowing leaves no window of w k-grams
 * without a fingerprint, so a difference between them would have shown as an uncounted one). Computed for reported
 * matches only.
 */
export function measureShares(corpus: CorpusHandle, fp: FileFingerprints, c: Candidate): MeasuredShares {
  const from = c.hostFrom;
  const n = Math.max(1, c.hostTo - c.hostFrom);
  const diagonal = c.corpusFrom - c.hostFrom;
  const slack = SHARE_SLACK + Math.abs(c.corpusTo - c.corpusFrom - (c.hostTo - c.hostFrom));
  const cover = (channel: Channel): Uint8Array => {
    const covered = new Uint8Array(n);
    const host = fp[channel];
    const index = corpus.index[channel];
    const k = kOf(channel);
    let prevEnd = -1;
    let prevOffset = 0;
    let prevMatched = false;
    for (let i = lowerBound(host.positions, from); i < host.positions.length; i++) {
      const p = host.positions[i]!;
      if (p + k > c.hostTo) break;
      const h = host.hashes[i]!;
      // a common hash is not in the postings: it says nothing either way (the stretch across it can still be filled)
      if (index.isCommon(h)) continue;
      const [lo, hi] = index.range(h);
      let offset: number | undefined;
      for (let j = lo; j < hi; j++) {
        if (index.files[j] !== c.fileId) continue;
        const d = index.positions[j]! - p;
        const off = Math.abs(d - diagonal);
        if (off <= slack && (offset === undefined || off < Math.abs(offset - diagonal))) offset = d;
      }
      if (offset === undefined) {
        // Near the ends of the range the host's winnowing windows reach into code around the copy, so it can pick a
        // k-gram the corpus did not (identical, but not a corpus fingerprint): only an uncounted fingerprint in the
        // interior shows a difference.
        const edge = k + (channel === 'exact' ? EXACT_W : ABSTRACT_W);
        if (p - from >= edge && c.hostTo - (p + k) >= edge) prevMatched = false;
        continue;
      }
      // the k-gram itself, and the stretch since the previous counted one when nothing differed in between
      const start = prevMatched && offset === prevOffset ? prevEnd : p;
      for (let t = Math.max(start, from); t < p + k; t++) covered[t - from] = 1;
      prevEnd = p + k;
      prevOffset = offset;
      prevMatched = true;
    }
    return covered;
  };
  const exact = cover('exact');
  const abstract = cover('abstract');
  // The ends of the range that only the abstract channel reaches lie within a winnowing window of the exact
  // coverage: no exact fingerprint can show a difference there, so structurally matched tokens next to identical ones
  // count as identical.
  const edge = EXACT_K + EXACT_W;
  const first = exact.indexOf(1);
  if (first > 0 && first <= edge) for (let t = first - 1; t >= 0 && abstract[t] === 1; t--) exact[t] = 1;
  const last = exact.lastIndexOf(1);
  if (last >= 0 && n - 1 - last <= edge) for (let t = last + 1; t < n && abstract[t] === 1; t++) exact[t] = 1;
  let identical = 0;
  let abstractOnly = 0;
  for (let t = 0; t < n; t++) {
    if (exact[t] === 1) identical++;
    else if (abstract[t] === 1) abstractOnly++;
  }
  return { identical: identical / n, abstractOnly: abstractOnly / n };
}
