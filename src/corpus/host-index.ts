// The index matching reads for one host file: the postings of the file's own hashes, fetched from a store in one
// batched call (or cut out of postings prefetched for many files at once, `PrefetchedPostings`), with the
// common-hash rule applied, laid out exactly as a complete in-memory index of the whole corpus would hold them (sorted by hash, then corpus file, then position) — so matching against it finds exactly what
// matching against the complete index finds. Corpus file ids are renumbered 0..n-1 in their order (matching sizes
// per-file counters by the largest id); `ids` maps them back.
import type { Channel, FileFingerprints } from '../fingerprint/types.js';
import type { CorpusReader, HostPostings, RawPostings } from './backend.js';
import { MAX_USED_POSTINGS } from './match.js';
import { commonThreshold, PostingIndex } from './postings.js';
import { REC } from './segment-codec.js';

interface HostIndex {
  readonly index: Record<Channel, PostingIndex>;
  /** Store file id of each local file id. */
  readonly ids: Uint32Array;
}

const CHANNELS: ReadonlyArray<Channel> = ['exact', 'abstract'];
const NONE = new Uint32Array(0);

/** The distinct values of `a`, sorted ascending. */
function distinctSorted(a: Uint32Array): Uint32Array {
  const s = a.slice().sort();
  let n = 0;
  for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[n - 1]) s[n++] = s[i]!;
  return s.subarray(0, n);
}

/** Ranges [from, to) of the records of each hash, in order. */
function groups(p: RawPostings): number[] {
  const out: number[] = [];
  const d = p.records;
  let i = 0;
  while (i < p.count) {
    const h = d[REC * i]!;
    let j = i + 1;
    while (j < p.count && d[REC * j] === h) j++;
    out.push(i, j);
    i = j;
  }
  return out;
}

/** The first record of `p` whose hash is at least `h` (records are sorted by hash). */
function firstRecord(p: RawPostings, h: number): number {
  let lo = 0;
  let hi = p.count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (p.records[REC * mid]! < h) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Postings read for many host files at once (`CorpusReader.postingsBatch`), served file by file: a file's postings
 * are cut out of them, the same records `CorpusReader.postings` returns for the file's hashes.
 */
export class PrefetchedPostings {
  constructor(
    /** The hashes asked for, per channel: distinct, sorted ascending. */
    private readonly asked: Readonly<Record<Channel, Uint32Array>>,
    private readonly raw: HostPostings,
  ) {}

  /** Postings held, both channels (what the prefetch costs in memory, in 20-byte records). */
  get records(): number {
    return this.raw.exact.count + this.raw.abstract.count;
  }

  /** The postings of `hashes` (distinct, sorted), or undefined when one of them was not asked for. */
  postings(hashes: Readonly<Record<Channel, Uint32Array>>): HostPostings | undefined {
    const out: Partial<Record<Channel, RawPostings>> = {};
    for (const c of CHANNELS) {
      const asked = this.asked[c];
      const p = this.raw[c];
      const runs: number[] = [];
      let n = 0;
      for (const h of hashes[c]) {
        const i = firstAtOrAbove(asked, h);
        if (i === asked.length || asked[i] !== h) return undefined;
        const from = firstRecord(p, h);
        let to = from;
        while (to < p.count && p.records[REC * to] === h) to++;
        if (to > from) {
          runs.push(from, to);
          n += to - from;
        }
      }
      const records = new Uint32Array(REC * n);
      let o = 0;
      for (let r = 0; r < runs.length; r += 2) {
        records.set(p.records.subarray(REC * runs[r]!, REC * runs[r + 1]!), o);
        o += REC * (runs[r + 1]! - runs[r]!);
      }
      out[c] = { records, count: n };
    }
    return out as HostPostings;
  }
}

function firstAtOrAbove(a: Uint32Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Every host file's hashes at once, per channel: distinct, sorted (what `CorpusReader.postingsBatch` is asked). */
export class HashUnion {
  private readonly parts: Record<Channel, Uint32Array[]> = { exact: [], abstract: [] };

  /** Adds a file's hashes (copied: `fp` may be a view the engine reuses). */
  add(fp: FileFingerprints): void {
    for (const c of CHANNELS) this.parts[c].push(distinctSorted(fp[c].hashes));
  }

  hashes(): Record<Channel, Uint32Array> {
    const out = {} as Record<Channel, Uint32Array>;
    for (const c of CHANNELS) {
      const all = new Uint32Array(this.parts[c].reduce((n, p) => n + p.length, 0));
      let o = 0;
      for (const p of this.parts[c]) {
        all.set(p, o);
        o += p.length;
      }
      out[c] = distinctSorted(all);
    }
    return out;
  }
}

/**
 * The host index of `fp` in one corpus. A hash is common when the files holding it have more distinct first member
 * paths than `commonThreshold(files)`: only a hash with more postings than that can be (a file has one first path),
 * so the store is asked for paths only then — never once the corpus is large enough that the threshold passes the
 * postings matching reads at most.
 */
export async function hostIndex(
  reader: CorpusReader,
  fp: FileFingerprints,
  prefetched?: PrefetchedPostings,
): Promise<HostIndex> {
  const wanted = { exact: distinctSorted(fp.exact.hashes), abstract: distinctSorted(fp.abstract.hashes) };
  const raw = prefetched?.postings(wanted) ?? (await reader.postings(wanted, MAX_USED_POSTINGS));
  const threshold = commonThreshold(reader.files);
  const ranges = { exact: groups(raw.exact), abstract: groups(raw.abstract) };
  // files of hashes that may be common
  const doubtful: number[] = [];
  for (const c of CHANNELS) {
    const r = ranges[c];
    const d = raw[c].records;
    for (let g = 0; g < r.length; g += 2)
      if (r[g + 1]! - r[g]! > threshold) for (let i = r[g]!; i < r[g + 1]!; i++) doubtful.push(d[REC * i + 1]!);
  }
  const paths = doubtful.length > 0 ? await reader.firstPaths(doubtful) : new Map<number, number>();
  const kept: Record<Channel, number[]> = { exact: [], abstract: [] };
  const files = new Set<number>();
  for (const c of CHANNELS) {
    const r = ranges[c];
    const d = raw[c].records;
    for (let g = 0; g < r.length; g += 2) {
      const from = r[g]!;
      const to = r[g + 1]!;
      if (to - from > threshold) {
        const seen = new Set<number>();
        let prev = -1;
        for (let i = from; i < to; i++) {
          const f = d[REC * i + 1]!;
          if (f === prev) continue;
          prev = f;
          const p = paths.get(f);
          if (p !== undefined && p > 0) seen.add(p);
        }
        if (seen.size > threshold) continue;
      }
      kept[c].push(from, to);
      for (let i = from; i < to; i++) files.add(d[REC * i + 1]!);
    }
  }
  const ids = Uint32Array.from(files).sort();
  const local = new Map<number, number>();
  for (let i = 0; i < ids.length; i++) local.set(ids[i]!, i);
  const build = (c: Channel): PostingIndex => {
    const r = kept[c];
    let n = 0;
    for (let g = 0; g < r.length; g += 2) n += r[g + 1]! - r[g]!;
    if (n === 0) return new PostingIndex(NONE, NONE, NONE, NONE, NONE, NONE);
    const H = new Uint32Array(n);
    const F = new Uint32Array(n);
    const P = new Uint32Array(n);
    const S = new Uint32Array(n);
    const E = new Uint32Array(n);
    const d = raw[c].records;
    let o = 0;
    for (let g = 0; g < r.length; g += 2)
      for (let i = r[g]!; i < r[g + 1]!; i++) {
        const x = REC * i;
        H[o] = d[x]!;
        F[o] = local.get(d[x + 1]!)!;
        P[o] = d[x + 2]!;
        S[o] = d[x + 3]!;
        E[o] = d[x + 4]!;
        o++;
      }
    return new PostingIndex(H, F, P, S, E, NONE);
  };
  return { index: { exact: build('exact'), abstract: build('abstract') }, ids };
}
