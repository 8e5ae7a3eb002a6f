// The in-memory inverted index. Per channel, every occurrence of every non-common hash, sorted by hash, with the
// corpus file, token position and first/last line of the occurrence: five parallel Uint32Arrays stored as BLOBs.
// Rebuilt from the per-file BLOBs after each ingest (a stable radix sort: linear in the number of fingerprints),
// loaded with one read on open, searched by binary search. Matching reads pairs straight from here: a host
// fingerprint with no hit costs ~20 comparisons, and no corpus file's fingerprints are ever loaded or scanned.
import type { Channel } from '../fingerprint/types.js';
import { u32, u32Blob, unpackChannel } from './pack.js';
import type { Db } from './schema.js';

export const CHANNELS: ReadonlyArray<Channel> = ['exact', 'abstract'];

/** File ids are stored as Uint32; SQLite rowids stay far below. */
export const MAX_FILES = 2 ** 31;

/**
 * A hash held by more distinct corpus files than this is "common" (boilerplate, idioms, license headers): it is
 * left out of the index, so it neither starts nor extends a match. Grows with the corpus so a big corpus does not
 * lose real code.
 */
export function commonThreshold(files: number): number {
  return Math.max(32, Math.ceil(files / 100));
}

/** First index in sorted `a[lo, hi)` whose value is ≥ `x` (`hi` when none). */
export function lowerBound(a: Uint32Array, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Bits of a hash that index the bucket table (hashes are fmix-finalised, so their top bits are uniform): about one
 * posting per bucket, so a look-up reads the table and then the one or two postings of its bucket (two cache misses
 * instead of a binary search's dozen). At most 2^22 buckets (16 MB).
 */
function bucketBits(size: number): number {
  let bits = 8;
  while (bits < 22 && 2 ** bits < size) bits++;
  return bits;
}

export class PostingIndex {
  /**
   * start[b] = first posting whose hash has top bits b (start[buckets] = size): a look-up reads one
   * bucket. Built on the first look-ups of a scan, not on open (a pre-commit check makes a few hundred look-ups).
   */
  private start: Uint32Array | undefined;
  private shift = 32;
  private lookups = 0;

  constructor(
    readonly hashes: Uint32Array,
    readonly files: Uint32Array,
    readonly positions: Uint32Array,
    readonly startLines: Uint32Array,
    readonly endLines: Uint32Array,
    readonly common: Uint32Array,
  ) {}

  private buckets(): Uint32Array {
    const bits = bucketBits(this.hashes.length);
    const buckets = 2 ** bits;
    const start = new Uint32Array(buckets + 1);
    const shift = 32 - bits;
    this.shift = shift;
    // Hashes are sorted, so bucket numbers never decrease: one sequential pass over both arrays.
    const hashes = this.hashes;
    let i = 0;
    for (let b = 0; b < buckets; b++) {
      start[b] = i;
      while (i < hashes.length && hashes[i]! >>> shift === b) i++;
    }
    start[buckets] = hashes.length;
    return start;
  }

  /** Range [start, end) of the postings of `h` (empty when absent or common). */
  range(h: number): [number, number] {
    const lo = this.first(h);
    return [lo, this.end(lo, h)];
  }

  /** Index of the first posting of `h`, or of where it would be (hot path: no allocation). */
  first(h: number): number {
    const a = this.hashes;
    if (this.start === undefined && ++this.lookups > 4096) this.start = this.buckets();
    const start = this.start;
    if (start === undefined) return lowerBound(a, h);
    const b = h >>> this.shift;
    const end = start[b + 1]!;
    let lo = start[b]!;
    // a bucket holds one or two postings on average; a big one (a frequent hash) is binary-searched
    if (end - lo > 8) return lowerBound(a, h, lo, end);
    while (lo < end && a[lo]! < h) lo++;
    return lo;
  }

  /** End of the postings of `h` that start at `lo`. */
  end(lo: number, h: number): number {
    const a = this.hashes;
    let hi = lo;
    while (hi < a.length && a[hi] === h) hi++;
    return hi;
  }

  isCommon(h: number): boolean {
    const i = lowerBound(this.common, h);
    return i < this.common.length && this.common[i] === h;
  }

  get size(): number {
    return this.hashes.length;
  }
}

export function loadPostings(db: Db, channel: Channel): PostingIndex {
  const row = db
    .prepare(`SELECT hashes, files, positions, starts, ends, common FROM postings WHERE channel = ?`)
    .get(channel) as
    | { hashes: Buffer; files: Buffer; positions: Buffer; starts: Buffer; ends: Buffer; common: Buffer }
    | undefined;
  if (!row) {
    const e = new Uint32Array(0);
    return new PostingIndex(e, e, e, e, e, e);
  }
  return new PostingIndex(
    u32(row.hashes),
    u32(row.files),
    u32(row.positions),
    u32(row.starts),
    u32(row.ends),
    u32(row.common),
  );
}

/**
 * Stable LSD radix sort (two 16-bit passes) by `keys`, carrying the keys and a second payload (file ids) along so
 * every pass reads sequentially. Returns the sorted keys, the payload in that order, and the permutation.
 */
function sortByHash(
  keys: Uint32Array,
  payload: Uint32Array,
): { keys: Uint32Array; payload: Uint32Array; order: Uint32Array } {
  const n = keys.length;
  const low = new Uint32Array(65537);
  const high = new Uint32Array(65537);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    low[(k & 0xffff) + 1]!++;
    high[(k >>> 16) + 1]!++;
  }
  for (let b = 0; b < 65536; b++) {
    low[b + 1]! += low[b]!;
    high[b + 1]! += high[b]!;
  }
  const k1 = new Uint32Array(n);
  const p1 = new Uint32Array(n);
  const o1 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = keys[i]!;
    const at = low[k & 0xffff]!++;
    k1[at] = k;
    p1[at] = payload[i]!;
    o1[at] = i;
  }
  const k2 = new Uint32Array(n);
  const p2 = new Uint32Array(n);
  const o2 = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const k = k1[i]!;
    const at = high[k >>> 16]!++;
    k2[at] = k;
    p2[at] = p1[i]!;
    o2[at] = o1[i]!;
  }
  return { keys: k2, payload: p2, order: o2 };
}

/** Recomputes both channels' postings and common sets from the stored files. Call inside the ingest transaction. */
export function rebuildPostings(db: Db): { postings: number; common: number } {
  const fileCount = (db.prepare(`SELECT count(*) AS n FROM files`).get() as { n: number }).n;
  const threshold = commonThreshold(fileCount);
  let postings = 0;
  let commonCount = 0;
  const putMeta = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
  for (const channel of CHANNELS) {
    // Files in id order, occurrences in file order: the stable sort keeps that order within one hash.
    const rows = db.prepare(`SELECT id, ${channel} AS fp FROM files ORDER BY id`).iterate() as IterableIterator<{
      id: number;
      fp: Buffer;
    }>;
    const parts: Array<{ id: number; ch: ReturnType<typeof unpackChannel> }> = [];
    let total = 0;
    for (const row of rows) {
      const ch = unpackChannel(row.fp);
      parts.push({ id: row.id, ch });
      total += ch.hashes.length;
    }
    const H = new Uint32Array(total);
    const F = new Uint32Array(total);
    // Position, start and end line interleaved: the gather in hash order below touches one cache line per occurrence.
    const PSE = new Uint32Array(3 * total);
    let n = 0;
    for (const { id, ch } of parts) {
      H.set(ch.hashes, n);
      for (let i = 0; i < ch.hashes.length; i++) {
        const at = 3 * (n + i);
        PSE[at] = ch.positions[i]!;
        PSE[at + 1] = ch.startLines[i]!;
        PSE[at + 2] = ch.endLines[i]!;
      }
      F.fill(id, n, n + ch.hashes.length);
      n += ch.hashes.length;
    }
    parts.length = 0;
    // The fingerprint count (common hashes included) for `corpus stats` and the corpus info, without decoding.
    putMeta.run(`fingerprints_${channel}`, String(total));
    const sorted = sortByHash(H.subarray(0, n), F.subarray(0, n));
    const SH = sorted.keys;
    const SF = sorted.payload;
    const order = sorted.order;
    const out = {
      h: new Uint32Array(n),
      f: new Uint32Array(n),
      p: new Uint32Array(n),
      s: new Uint32Array(n),
      e: new Uint32Array(n),
    };
    const common: number[] = [];
    let m = 0;
    let i = 0;
    while (i < n) {
      const h = SH[i]!;
      let j = i;
      let distinct = 0;
      let lastFile = -1;
      while (j < n && SH[j] === h) {
        if (SF[j] !== lastFile) {
          distinct++;
          lastFile = SF[j]!;
        }
        j++;
      }
      if (distinct > threshold) common.push(h);
      else {
        // Element by element: two subarray views per hash (most hashes occur once) cost more than the copy.
        for (let k = i; k < j; k++) {
          const o = order[k]!;
          out.h[m] = h;
          out.f[m] = SF[k]!;
          out.p[m] = PSE[3 * o]!;
          out.s[m] = PSE[3 * o + 1]!;
          out.e[m] = PSE[3 * o + 2]!;
          m++;
        }
      }
      i = j;
    }
    db.prepare(
      `INSERT OR REPLACE INTO postings (channel, hashes, files, positions, starts, ends, common) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      channel,
      u32Blob(out.h.subarray(0, m)),
      u32Blob(out.f.subarray(0, m)),
      u32Blob(out.p.subarray(0, m)),
      u32Blob(out.s.subarray(0, m)),
      u32Blob(out.e.subarray(0, m)),
      u32Blob(Uint32Array.from(common)),
    );
    postings += m;
    commonCount += common.length;
  }
  return { postings, common: commonCount };
}
