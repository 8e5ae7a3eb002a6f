// The in-memory inverted index. Per channel: every non-common hash (sorted) with the id of a corpus file holding it,
// as two parallel Uint32Arrays stored as BLOBs. Rebuilt from the per-file BLOBs after each ingest (sorting ~1 M
// postings takes a fraction of a second), loaded with one read on open, searched by binary search: a host
// fingerprint with no hit costs ~20 comparisons and never touches SQL.
import type { Channel } from '../fingerprint/types.js';
import { u32, u32Blob, unpackChannel } from './pack.js';
import type { Db } from './schema.js';

export const CHANNELS: ReadonlyArray<Channel> = ['exact', 'abstract'];

/** File ids share a float64 key with the 32-bit hash (hash · 2^21 + id stays below 2^53, exact). */
const ID_BITS = 2 ** 21;
export const MAX_FILES = ID_BITS - 1;

/**
 * A hash held by more distinct corpus files than this is "common" (boilerplate, idioms, license headers): it may
 * extend a match but never starts one. Grows with the corpus so a big corpus does not lose real code.
 */
export function commonThreshold(files: number): number {
  return Math.max(32, Math.ceil(files / 100));
}

export class PostingIndex {
  constructor(
    readonly hashes: Uint32Array,
    readonly files: Uint32Array,
    readonly common: Uint32Array,
  ) {}

  /** First index with hashes[i] >= h. */
  private lower(a: Uint32Array, h: number): number {
    let lo = 0;
    let hi = a.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (a[mid]! < h) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Range [start, end) of postings of `h` (empty when absent or common). */
  range(h: number): [number, number] {
    const lo = this.lower(this.hashes, h);
    let hi = lo;
    while (hi < this.hashes.length && this.hashes[hi] === h) hi++;
    return [lo, hi];
  }

  isCommon(h: number): boolean {
    const i = this.lower(this.common, h);
    return i < this.common.length && this.common[i] === h;
  }

  get size(): number {
    return this.hashes.length;
  }
}

export function loadPostings(db: Db, channel: Channel): PostingIndex {
  const row = db.prepare(`SELECT hashes, files, common FROM postings WHERE channel = ?`).get(channel) as
    | { hashes: Buffer; files: Buffer; common: Buffer }
    | undefined;
  if (!row) return new PostingIndex(new Uint32Array(0), new Uint32Array(0), new Uint32Array(0));
  return new PostingIndex(u32(row.hashes), u32(row.files), u32(row.common));
}

/** Recomputes both channels' postings and common sets from the stored files. Call inside the ingest transaction. */
export function rebuildPostings(db: Db): { postings: number; common: number } {
  const fileCount = (db.prepare(`SELECT count(*) AS n FROM files`).get() as { n: number }).n;
  const threshold = commonThreshold(fileCount);
  let postings = 0;
  let commonCount = 0;
  for (const channel of CHANNELS) {
    const total =
      (db.prepare(`SELECT coalesce(sum(length(${channel})), 0) AS n FROM files`).get() as { n: number }).n / 16;
    const keys = new Float64Array(total);
    let n = 0;
    for (const row of db.prepare(`SELECT id, ${channel} AS fp FROM files`).iterate() as IterableIterator<{
      id: number;
      fp: Buffer;
    }>) {
      const { hashes } = unpackChannel(row.fp);
      for (let i = 0; i < hashes.length; i++) keys[n++] = hashes[i]! * ID_BITS + row.id;
    }
    const sorted = keys.subarray(0, n).sort();
    const outHashes = new Uint32Array(n);
    const outFiles = new Uint32Array(n);
    const common: number[] = [];
    // One pass: split each key once, drop duplicate (hash, file) pairs, and when a hash's group closes, keep it
    // or move it to the common set.
    let m = 0;
    let groupStart = 0;
    let current = -1;
    let lastId = -1;
    for (let i = 0; i < n; i++) {
      const key = sorted[i]!;
      const h = Math.floor(key / ID_BITS);
      const id = key - h * ID_BITS;
      if (h !== current) {
        if (current >= 0 && m - groupStart > threshold) {
          m = groupStart;
          common.push(current);
        }
        current = h;
        groupStart = m;
        lastId = -1;
      }
      if (id !== lastId) {
        outHashes[m] = h;
        outFiles[m] = id;
        m++;
        lastId = id;
      }
    }
    if (current >= 0 && m - groupStart > threshold) {
      m = groupStart;
      common.push(current);
    }
    db.prepare(`INSERT OR REPLACE INTO postings (channel, hashes, files, common) VALUES (?, ?, ?, ?)`).run(
      channel,
      u32Blob(outHashes.subarray(0, m)),
      u32Blob(outFiles.subarray(0, m)),
      u32Blob(Uint32Array.from(common)),
    );
    postings += m;
    commonCount += common.length;
  }
  return { postings, common: commonCount };
}
