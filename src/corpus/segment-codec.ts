// The bytes of one postings row: every occurrence, in one segment and one channel, of the hashes of one block (the
// hash's top `bits` bits), sorted by (hash, corpus file, token position) — the order matching needs. Postings travel
// between ingest, merges and look-ups as 5-word records (hash, file, position, first line, last line) in
// Uint32Arrays.
//
// A row is a sequence of entries, one per distinct hash: the hash's low 32 − bits bits (big-endian, in as few bytes
// as hold them), count − 1 as a varint, then per posting four unsigned LEB128 varints — the file id (as the
// difference from the previous posting's file after the first), the position and the first line (when the previous
// posting is in the same file: the position's difference minus one, the first line's difference zigzag-coded), and
// last line − first line. Every posting is exactly four varints, so an entry is skipped by counting 4 × count
// terminating bytes without decoding it. About 9–12 bytes per posting. Decoding never reads past a row: a damaged
// row throws DamagedRow.

/** Words per posting record: hash, file, position, first line, last line. */
export const REC = 5;

/** Bytes of a hash's low bits stored per entry when its top `bits` bits are the block. */
export const residualBytes = (bits: number): number => (32 - bits + 7) >> 3;

/** The block of `hash` at `bits` bits of block (0 bits: one block). */
export const blockOf = (hash: number, bits: number): number => (bits === 0 ? 0 : hash >>> (32 - bits));

const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** A postings row whose bytes do not decode (the database file is damaged). */
export class DamagedRow extends Error {}

const damaged = (): DamagedRow => new DamagedRow('damaged postings row');

/** Growable array of posting records. */
export class Records {
  data: Uint32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint32Array(REC * capacity);
  }

  /** Room for `n` more records. */
  reserve(n: number): void {
    const need = REC * (this.length + n);
    if (need <= this.data.length) return;
    const bigger = new Uint32Array(Math.max(need, 2 * this.data.length));
    bigger.set(this.data.subarray(0, REC * this.length));
    this.data = bigger;
  }

  push(hash: number, file: number, position: number, start: number, end: number): void {
    this.reserve(1);
    const at = REC * this.length++;
    const d = this.data;
    d[at] = hash;
    d[at + 1] = file;
    d[at + 2] = position;
    d[at + 3] = start;
    d[at + 4] = end;
  }

  clear(): void {
    this.length = 0;
  }
}

/** Encodes rows into one reused buffer; each result is a view valid until the next `encode`. */
export class RowEncoder {
  private buf = new Uint8Array(1 << 16);
  private o = 0;

  private varint(v: number): void {
    const b = this.buf;
    let o = this.o;
    while (v >= 0x80) {
      b[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[o++] = v;
    this.o = o;
  }

  /** The row of records [from, to) of `rec` (sorted by hash, file, position; all in one block at `bits`). */
  encode(rec: Uint32Array, from: number, to: number, bits: number): Uint8Array {
    // worst case: residual 4 + count 5 + four 5-byte varints per posting
    const need = 29 * (to - from) + 16;
    if (this.buf.length < need) this.buf = new Uint8Array(Math.max(need, 2 * this.buf.length));
    const w = residualBytes(bits);
    this.o = 0;
    let i = from;
    while (i < to) {
      const h = rec[REC * i]!;
      let j = i + 1;
      while (j < to && rec[REC * j] === h) j++;
      const b = this.buf;
      let o = this.o;
      for (let s = 8 * (w - 1); s >= 0; s -= 8) b[o++] = (h >>> s) & 0xff;
      this.o = o;
      this.varint(j - i - 1);
      let file = -1;
      let pos = 0;
      let start = 0;
      for (let k = i; k < j; k++) {
        const r = REC * k;
        const f = rec[r + 1]!;
        const p = rec[r + 2]!;
        const s = rec[r + 3]!;
        if (f === file) {
          this.varint(0);
          this.varint(p - pos - 1);
          const d = s - start;
          this.varint(d >= 0 ? 2 * d : -2 * d - 1);
        } else {
          this.varint(file < 0 ? f : f - file);
          this.varint(p);
          this.varint(s);
        }
        this.varint(rec[r + 4]! - s);
        file = f;
        pos = p;
        start = s;
      }
      i = j;
    }
    return this.buf.subarray(0, this.o);
  }
}

/**
 * Appends every posting of a row to `out` (block `block` at `bits`). With `keep`, only postings whose file it
 * accepts (merges drop removed files).
 */
export function decodeRow(
  row: Uint8Array,
  bits: number,
  block: number,
  out: Records,
  keep?: (file: number) => boolean,
): void {
  const w = residualBytes(bits);
  const high = bits === 0 ? 0 : (block << (32 - bits)) >>> 0;
  let o = 0;
  const n = row.length;
  const get = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (o >= n) throw damaged();
      const b = row[o++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  while (o < n) {
    if (o + w > n) throw damaged();
    let r = 0;
    for (let k = 0; k < w; k++) r = r * 256 + row[o++]!;
    const hash = (high | r) >>> 0;
    const count = get() + 1;
    out.reserve(count);
    let file = -1;
    let pos = 0;
    let start = 0;
    for (let k = 0; k < count; k++) {
      const df = get();
      if (k > 0 && df === 0) {
        pos += get() + 1;
        start += unzigzag(get());
      } else {
        file = k === 0 ? df : file + df;
        pos = get();
        start = get();
      }
      const end = start + get();
      if (keep === undefined || keep(file)) out.push(hash, file, pos, start, end);
    }
  }
}

/**
 * Finds the entries of the wanted hashes `wanted[lo, hi)` (sorted; all in block `block` at `bits`) in a row and
 * calls `found(index into wanted, count, offset of its postings)` for each one present. The postings are read
 * with `readPostings`.
 */
export function findEntries(
  row: Uint8Array,
  bits: number,
  block: number,
  wanted: Uint32Array,
  lo: number,
  hi: number,
  found: (wantedIndex: number, count: number, offset: number) => void,
): void {
  const w = residualBytes(bits);
  const high = bits === 0 ? 0 : (block << (32 - bits)) >>> 0;
  let o = 0;
  const n = row.length;
  let at = lo;
  while (o < n && at < hi) {
    if (o + w > n) throw damaged();
    let r = 0;
    for (let k = 0; k < w; k++) r = r * 256 + row[o++]!;
    const hash = (high | r) >>> 0;
    let count = 0;
    let shift = 0;
    for (;;) {
      if (o >= n) throw damaged();
      const b = row[o++]!;
      count += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) break;
      shift += 7;
    }
    count += 1;
    while (at < hi && wanted[at]! < hash) at++;
    if (at < hi && wanted[at] === hash) found(at, count, o);
    // skip the postings: four varints each, one terminating byte (< 0x80) per varint
    let left = 4 * count;
    while (left > 0) {
      if (o >= n) throw damaged();
      if (row[o++]! < 0x80) left--;
    }
  }
}

/** Appends the `count` postings of `hash` that start at `offset` of `row` to `out`. */
export function readPostings(row: Uint8Array, offset: number, count: number, hash: number, out: Records): void {
  let o = offset;
  const n = row.length;
  const get = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      if (o >= n) throw damaged();
      const b = row[o++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  out.reserve(count);
  let file = -1;
  let pos = 0;
  let start = 0;
  for (let k = 0; k < count; k++) {
    const df = get();
    if (k > 0 && df === 0) {
      pos += get() + 1;
      start += unzigzag(get());
    } else {
      file = k === 0 ? df : file + df;
      pos = get();
      start = get();
    }
    out.push(hash, file, pos, start, start + get());
  }
}

/**
 * Stable sort of n records by hash, from `a` back into `a` (`b` is scratch of at least the same size). Two
 * cache-friendly MSD counting passes on the hash's top 11 bits and next 11 bits (a pass writes to 2,048 places at a
 * time, not 65,536), then insertion sort of what is left in each second-level bucket (a record or two: hashes are
 * uniform; equal hashes, already in input order, never move).
 */
export function sortRecords(a: Uint32Array, b: Uint32Array, n: number): void {
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

/** Insertion sort of records [lo, hi), all of one hash, by file and position. */
function sortByFile(to: Uint32Array, lo: number, hi: number): void {
  for (let i = lo + 1; i < hi; i++) {
    const f = to[REC * i + 1]!;
    const p = to[REC * i + 2]!;
    const before = (j: number): boolean => to[REC * j + 1]! > f || (to[REC * j + 1] === f && to[REC * j + 2]! > p);
    if (!before(i - 1)) continue;
    const k = to[REC * i]!;
    const s = to[REC * i + 3]!;
    const e = to[REC * i + 4]!;
    let j = i - 1;
    while (j >= lo && before(j)) {
      to.copyWithin(REC * (j + 1), REC * j, REC * j + REC);
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
 * Sorts records by (hash, file, position) when they come from several sorted sources (segments being merged):
 * a stable sort by hash, then the few records of each hash ordered by file and position.
 */
export function sortRecordsFully(a: Uint32Array, b: Uint32Array, n: number): void {
  sortRecords(a, b, n);
  let i = 0;
  while (i < n) {
    const h = a[REC * i]!;
    let j = i + 1;
    while (j < n && a[REC * j] === h) j++;
    if (j - i > 1) sortByFile(a, i, j);
    i = j;
  }
}
