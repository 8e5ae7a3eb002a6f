// The in-memory inverted index. Per channel, every occurrence of every non-common hash, sorted by hash, with the
// corpus file, token position and first/last line of the occurrence: five parallel Uint32Arrays stored as BLOBs.
// Rebuilt from the per-file BLOBs after each ingest (a stable radix sort: linear in the number of fingerprints),
// loaded with one read on open, searched by binary search. Matching reads pairs straight from here: a host
// fingerprint with no hit costs ~20 comparisons, and no corpus file's fingerprints are ever loaded or scanned.
import type { Channel, ChannelFingerprints } from '../fingerprint/types.js';
import { u32, u32Blob, unpackChannel } from './pack.js';
import type { Db } from './schema.js';

export const CHANNELS: ReadonlyArray<Channel> = ['exact', 'abstract'];

/** File ids are stored as Uint32; SQLite rowids stay far below. */
export const MAX_FILES = 2 ** 31;

/**
 * A hash held by corpus files at more distinct paths than this is "common" (boilerplate, idioms): it is left out of
 * the index, so it neither starts nor extends a match. Grows with the corpus so a big corpus does not lose real code.
 * Paths, not files, are counted: the same file in many versions of a project is many distinct contents at one path,
 * and that project's own code must stay matchable.
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
 * Bits of a hash that index the bucket table (hashes are fmix-finalised, so their top bits are uniform): two to four
 * postings per bucket, so a look-up reads the table and then a few neighbouring postings (two cache misses instead of
 * a binary search's dozen). At most 2^21 buckets (8 MB).
 */
function bucketBits(size: number): number {
  let bits = 8;
  while (bits < 21 && 2 ** (bits + 1) < size) bits++;
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
  /**
   * One bit per 2^k slots (about 8 per posting) set for every hash present, built with the bucket table: most hashes
   * of a scanned file are in no corpus file, and this answers "absent" from a table that stays in the CPU cache,
   * where the bucket table and the postings would each cost a memory access.
   */
  private present: Uint8Array | undefined;
  private presentMask = 0;

  constructor(
    readonly hashes: Uint32Array,
    readonly files: Uint32Array,
    readonly positions: Uint32Array,
    readonly startLines: Uint32Array,
    readonly endLines: Uint32Array,
    readonly common: Uint32Array,
  ) {}

  private maxFileId = -1;

  /** The largest corpus file id in these postings (0 when empty), computed once. */
  get maxFile(): number {
    if (this.maxFileId < 0) {
      const files = this.files;
      let max = 0;
      for (let i = 0; i < files.length; i++) if (files[i]! > max) max = files[i]!;
      this.maxFileId = max;
    }
    return this.maxFileId;
  }

  /** Builds the bucket table and the presence bitmap in one pass over the sorted hashes. */
  private buckets(): Uint32Array {
    const hashes = this.hashes;
    const n = hashes.length;
    let bits = 16;
    while (bits < 27 && 2 ** bits < 8 * n) bits++;
    const present = new Uint8Array(2 ** (bits - 3));
    const mask = 2 ** bits - 1;
    const tableBits = bucketBits(n);
    const bucketCount = 2 ** tableBits;
    const start = new Uint32Array(bucketCount + 1);
    const shift = 32 - tableBits;
    // Hashes are sorted, so bucket numbers never decrease: start[b] is set once for every bucket up to the hash's.
    let next = 0;
    for (let i = 0; i < n; i++) {
      const h = hashes[i]!;
      const slot = h & mask;
      present[slot >>> 3]! |= 1 << (slot & 7);
      const b = h >>> shift;
      while (next <= b) start[next++] = i;
    }
    while (next <= bucketCount) start[next++] = n;
    this.present = present;
    this.presentMask = mask;
    this.shift = shift;
    return start;
  }

  /** Range [start, end) of the postings of `h` (empty when absent or common). */
  range(h: number): [number, number] {
    const lo = this.first(h);
    return [lo, this.end(lo, h)];
  }

  /** Index of the first posting of `h`; when `h` has none, an index whose hash is not `h` (hot path: no allocation). */
  first(h: number): number {
    const a = this.hashes;
    if (this.start === undefined && ++this.lookups > 4096) this.start = this.buckets();
    const start = this.start;
    if (start === undefined) return lowerBound(a, h);
    const slot = h & this.presentMask;
    if (((this.present as Uint8Array)[slot >>> 3]! & (1 << (slot & 7))) === 0) return a.length; // absent
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

/**
 * Loads both channels' postings. SQLite reads the BLOBs through a memory map for the duration of the load: a BLOB
 * spans thousands of overflow pages, and mapped pages skip a read call and a copy each (on the benchmark machine the
 * 36 MB of postings of a 40 MB corpus load in ~300 ms instead of ~480). The map is dropped again right after, so a
 * corpus file changed by another process later cannot fault a mapped page.
 */
export function loadAllPostings(db: Db): Record<Channel, PostingIndex> {
  db.pragma(`mmap_size = ${MMAP_BYTES}`);
  try {
    return { exact: loadPostings(db, 'exact'), abstract: loadPostings(db, 'abstract') };
  } finally {
    db.pragma('mmap_size = 0');
  }
}

/** Upper bound of the memory map used while loading postings (address space, not memory). */
const MMAP_BYTES = 2 ** 32;

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

/** Fingerprints of files held in memory by the ingest that just wrote them (not read back from their BLOBs). */
export type FreshFingerprints = ReadonlyMap<number, Readonly<Record<Channel, ChannelFingerprints>>>;

/** Words per posting record while sorting: hash, file, position, start line, end line. */
const REC = 5;

/**
 * Work arrays of one rebuild, sized for its larger channel and reused for the other: fresh memory is not free (each
 * new page is a fault, which on a virtual machine costs more than the sort itself). Postings are sorted as 5-word
 * records, so each move reads and writes one cache line instead of five scattered ones.
 */
class RebuildBuffers {
  readonly records: Uint32Array;
  readonly scratch: Uint32Array;
  constructor(readonly size: number) {
    this.records = new Uint32Array(REC * size);
    this.scratch = new Uint32Array(REC * size);
  }

  /** These buffers, or bigger ones holding the first `used` records, so that `need` records fit. */
  fit(used: number, need: number): RebuildBuffers {
    if (need <= this.size) return this;
    const bigger = new RebuildBuffers(Math.max(need, 2 * this.size));
    bigger.records.set(this.records.subarray(0, REC * used));
    return bigger;
  }
}

/**
 * Stable sort of n records by hash, from `a` back into `a` (`b` is scratch of the same size). Two cache-friendly MSD
 * counting passes on the hash's top 11 bits and next 11 bits (a pass writes to 2,048 places at a time, not 65,536),
 * then insertion sort of what is left in each second-level bucket (a record or two: hashes are uniform; equal hashes,
 * already in input order, never move).
 */
function sortRecords(a: Uint32Array, b: Uint32Array, n: number): void {
  const B = 2048;
  const start = new Uint32Array(B + 1);
  for (let i = 0; i < n; i++) start[(a[REC * i]! >>> 21) + 1]!++;
  for (let x = 0; x < B; x++) start[x + 1]! += start[x]!;
  scatter(a, b, 0, n, 21, start.slice(0, B));
  const inner = new Uint32Array(B + 1);
  for (let x = 0; x < B; x++) {
    const lo = start[x]!;
    const hi = start[x + 1]!;
    if (hi - lo < 2) {
      if (hi > lo) for (let w = 0; w < REC; w++) a[REC * lo + w] = b[REC * lo + w]!;
      continue;
    }
    inner.fill(0);
    for (let i = lo; i < hi; i++) inner[((b[REC * i]! >>> 10) & (B - 1)) + 1]!++;
    inner[0] = lo;
    for (let y = 0; y < B; y++) inner[y + 1]! += inner[y]!;
    scatter(b, a, lo, hi, 10, inner.slice(0, B));
    insertionSort(a, lo, hi);
  }
}

/** Moves records [lo, hi) of `from` to `to` by bucket ((hash >>> shift) & 2047), at the positions `at` gives. */
function scatter(from: Uint32Array, to: Uint32Array, lo: number, hi: number, shift: number, at: Uint32Array): void {
  for (let i = lo; i < hi; i++) {
    const src = REC * i;
    const dst = REC * at[(from[src]! >>> shift) & 2047]!++;
    to[dst] = from[src]!;
    to[dst + 1] = from[src + 1]!;
    to[dst + 2] = from[src + 2]!;
    to[dst + 3] = from[src + 3]!;
    to[dst + 4] = from[src + 4]!;
  }
}

/** Stable insertion sort of records [lo, hi) by hash (nearly sorted input: a few moves at most). */
function insertionSort(to: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const k = to[REC * i]!;
    if (to[REC * (i - 1)]! <= k) continue;
    const f = to[REC * i + 1]!;
    const p = to[REC * i + 2]!;
    const s = to[REC * i + 3]!;
    const e = to[REC * i + 4]!;
    let j = i - 1;
    while (j >= lo && to[REC * j]! > k) {
      const x = REC * j;
      to[x + 5] = to[x]!;
      to[x + 6] = to[x + 1]!;
      to[x + 7] = to[x + 2]!;
      to[x + 8] = to[x + 3]!;
      to[x + 9] = to[x + 4]!;
      j--;
    }
    const d = REC * (j + 1);
    to[d] = k;
    to[d + 1] = f;
    to[d + 2] = p;
    to[d + 3] = s;
    to[d + 4] = e;
  }
}

/**
 * A path of every file id (the first of its member paths, as a number; -1 for none) and how many distinct paths
 * there are: the unit in which "held by many" is counted.
 */
function pathsOf(db: Db, maxId: number): { of: Int32Array; count: number } {
  const of = new Int32Array(maxId + 1).fill(-1);
  const ids = new Map<string, number>();
  const rows = db
    .prepare(`SELECT file_id AS file, path FROM members ORDER BY file_id, path`)
    .iterate() as IterableIterator<{
    file: number;
    path: string;
  }>;
  for (const { file, path } of rows) {
    if (file > maxId || of[file] !== -1) continue;
    let id = ids.get(path);
    if (id === undefined) {
      id = ids.size;
      ids.set(path, id);
    }
    of[file] = id;
  }
  return { of, count: ids.size };
}

/**
 * Recomputes both channels' postings and common sets from the stored files. Call inside the ingest transaction.
 * Files in `fresh` are taken from memory; the others are read from their BLOBs.
 */
export function rebuildPostings(db: Db, fresh: FreshFingerprints = new Map()): { postings: number; common: number } {
  const ids = db.prepare(`SELECT id FROM files ORDER BY id`).pluck().all() as number[];
  const threshold = commonThreshold(ids.length);
  const places = pathsOf(db, ids.length > 0 ? ids[ids.length - 1]! : 0);
  const seen = new Int32Array(places.count).fill(-1);
  let group = 0; // stamps seen[] per hash, across both channels
  let postings = 0;
  let commonCount = 0;
  const putMeta = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
  const stored = Object.fromEntries(
    CHANNELS.map((c) => [c, db.prepare(`SELECT ${c} FROM files WHERE id = ?`).pluck()]),
  ) as Record<Channel, ReturnType<Db['prepare']>>;
  const channelOf = (id: number, channel: Channel): ChannelFingerprints =>
    fresh.get(id)?.[channel] ?? unpackChannel(stored[channel].get(id) as Buffer | undefined);
  // Buffer size without decoding anything: the files not fresh were all counted by the last rebuild (meta), the fresh
  // ones are in memory. An upper bound, as files only leave between rebuilds; `fit` grows the buffers otherwise.
  const counted = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck();
  const estimate = (channel: Channel): number => {
    let n = Number(counted.get(`fingerprints_${channel}`) ?? 0);
    if (!Number.isFinite(n)) n = 0;
    for (const f of fresh.values()) n += f[channel].hashes.length;
    return n;
  };
  let buf = new RebuildBuffers(Math.max(estimate('exact'), estimate('abstract'), 1));
  for (const channel of CHANNELS) {
    // Files in id order, occurrences in file order: the stable sort keeps that order within one hash.
    let n = 0;
    for (const id of ids) {
      const ch = channelOf(id, channel);
      const len = ch.hashes.length;
      buf = buf.fit(n, n + len);
      const rec = buf.records;
      for (let i = 0; i < len; i++) {
        const at = REC * (n + i);
        rec[at] = ch.hashes[i]!;
        rec[at + 1] = id;
        rec[at + 2] = ch.positions[i]!;
        rec[at + 3] = ch.startLines[i]!;
        rec[at + 4] = ch.endLines[i]!;
      }
      n += len;
    }
    // The fingerprint count (common hashes included) for `corpus stats` and the corpus info, without decoding.
    putMeta.run(`fingerprints_${channel}`, String(n));
    sortRecords(buf.records, buf.scratch, n);
    const sorted = buf.records;
    // The scratch space is free again: it holds the five output columns.
    const cols = buf.scratch;
    const oh = cols.subarray(0, n);
    const of = cols.subarray(n, 2 * n);
    const op = cols.subarray(2 * n, 3 * n);
    const os = cols.subarray(3 * n, 4 * n);
    const oe = cols.subarray(4 * n, 5 * n);
    const common: number[] = [];
    let m = 0;
    let i = 0;
    while (i < n) {
      const h = sorted[REC * i]!;
      let j = i;
      // distinct paths of the files holding h
      const stamp = group++;
      let distinct = 0;
      let lastFile = -1;
      while (j < n && sorted[REC * j] === h) {
        const f = sorted[REC * j + 1]!;
        if (f !== lastFile) {
          lastFile = f;
          const path = places.of[f]!;
          if (path >= 0 && seen[path] !== stamp) {
            seen[path] = stamp;
            distinct++;
          }
        }
        j++;
      }
      if (distinct > threshold) common.push(h);
      else
        for (let k = i; k < j; k++) {
          const r = REC * k;
          oh[m] = h;
          of[m] = sorted[r + 1]!;
          op[m] = sorted[r + 2]!;
          os[m] = sorted[r + 3]!;
          oe[m] = sorted[r + 4]!;
          m++;
        }
      i = j;
    }
    db.prepare(
      `INSERT OR REPLACE INTO postings (channel, hashes, files, positions, starts, ends, common) VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      channel,
      u32Blob(oh.subarray(0, m)),
      u32Blob(of.subarray(0, m)),
      u32Blob(op.subarray(0, m)),
      u32Blob(os.subarray(0, m)),
      u32Blob(oe.subarray(0, m)),
      u32Blob(Uint32Array.from(common)),
    );
    postings += m;
    commonCount += common.length;
  }
  return { postings, common: commonCount };
}
