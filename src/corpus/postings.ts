// The postings matching reads: per channel, occurrences of non-common hashes sorted by hash (then corpus file, then
// token position), with the corpus file, token position and first/last line of each — five parallel Uint32Arrays,
// searched by binary search. For a scan this holds the postings of one host file's hashes (src/corpus/host-index.ts),
// laid out as an index of the whole corpus would hold them. Matching reads pairs straight from here.
import type { Channel } from '../fingerprint/types.js';

export const CHANNELS: ReadonlyArray<Channel> = ['exact', 'abstract'];

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
