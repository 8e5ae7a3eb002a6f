// The bytes of one postings row: every occurrence, in one segment and one channel, of the hashes of one block (the
// hash's top `bits` bits), sorted by (hash, corpus file, token position) — the order matching needs. Postings travel
// between ingest, merges and look-ups as 5-word records (hash, file, position, first line, last line) in
// Uint32Arrays.
//
// Layout, so that a look-up finds a hash without decoding the entries before it:
//   varint d                 distinct hashes in the row
//   byte   ow                width of the skip offsets (2 or 4)
//   d × w  residuals         each hash's low 8w bits, big-endian, ascending (w = residualBytes(bits): the bytes
//                            that hold its low 32 − bits bits)
//   ⌈d/8⌉ × ow  skips        byte offset into the payload of entries 0, 8, 16, … (big-endian)
//   payload                  per entry: count − 1 as a varint, then per posting four unsigned LEB128 varints — the
//                            file id (as the difference from the previous posting's file after the first), the
//                            position and the first line (when the previous posting is in the same file: the
//                            position's difference minus one, the first line's difference zigzag-coded), and last
//                            line − first line.
// A look-up binary-searches the residuals, jumps to the skip before its entry and passes at most 7 entries (each
// posting is exactly four varints: an entry is passed by counting terminating bytes). About 9–12 bytes per posting.
// Decoding never reads past a row: a damaged row throws DamagedRow.

/** Words per posting record: hash, file, position, first line, last line. */
export const REC = 5;

/** Bytes of a hash's low bits stored per entry when its top `bits` bits are the block. */
const residualBytes = (bits: number): number => (32 - bits + 7) >> 3;

/** The block of `hash` at `bits` bits of block (0 bits: one block). */
export const blockOf = (hash: number, bits: number): number => (bits === 0 ? 0 : hash >>> (32 - bits));

/** Entries per skip offset. */
const SKIP = 8;

/** A postings row whose bytes do not decode (the database file is damaged). */
export class DamagedRow extends Error {}

const damaged = (): DamagedRow => new DamagedRow('damaged postings row');

/** The parsed head of a row: where its residuals, skips and payload are. */
interface Head {
  readonly d: number;
  readonly w: number;
  readonly ow: number;
  readonly residuals: number;
  readonly skips: number;
  readonly payload: number;
}

function head(row: Uint8Array, bits: number): Head {
  let o = 0;
  let d = 0;
  let shift = 0;
  for (;;) {
    if (o >= row.length) throw damaged();
    const b = row[o++]!;
    d += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
    shift += 7;
  }
  const ow = row[o++]!;
  if (ow !== 2 && ow !== 4) throw damaged();
  const w = residualBytes(bits);
  const residuals = o;
  const skips = residuals + d * w;
  const payload = skips + Math.ceil(d / SKIP) * ow;
  if (payload > row.length) throw damaged();
  return { d, w, ow, residuals, skips, payload };
}

/** The i-th residual of a row. */
function residual(row: Uint8Array, h: Head, i: number): number {
  let r = 0;
  const at = h.residuals + i * h.w;
  for (let k = 0; k < h.w; k++) r = r * 256 + row[at + k]!;
  return r;
}

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
    if (REC * (this.length + 1) > this.data.length) this.reserve(1);
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

/**
 * Builds rows in reused buffers, entry by entry in hash order — from records (new postings) or from entries of
 * other rows whose postings bytes are copied as they are (merges) — each row a view valid until the next one.
 */
export class RowEncoder {
  private buf = new Uint8Array(1 << 16);
  private pay = new Uint8Array(1 << 16);
  private o = 0;
  private d = 0;
  private offsets = new Uint32Array(64);
  private hashes = new Uint32Array(64);

  /** Entries added since the last row. */
  get entries(): number {
    return this.d;
  }

  private room(bytes: number): void {
    if (this.pay.length < this.o + bytes) {
      const bigger = new Uint8Array(Math.max(this.o + bytes, 2 * this.pay.length));
      bigger.set(this.pay.subarray(0, this.o));
      this.pay = bigger;
    }
    if (this.d === this.hashes.length) {
      const h = new Uint32Array(2 * this.d);
      h.set(this.hashes);
      this.hashes = h;
      const o = new Uint32Array(2 * this.d);
      o.set(this.offsets);
      this.offsets = o;
    }
  }

  private varint(v: number): void {
    const b = this.pay;
    let o = this.o;
    while (v >= 0x80) {
      b[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[o++] = v;
    this.o = o;
  }

  /** Adds the entry of records [from, to) of `rec`: one hash, sorted by file and position. */
  addRecords(rec: Uint32Array, from: number, to: number): void {
    // worst case: count 5 + four 5-byte varints per posting
    this.room(5 + 20 * (to - from));
    this.hashes[this.d] = rec[REC * from]!;
    this.offsets[this.d++] = this.o;
    this.varint(to - from - 1);
    let file = -1;
    let pos = 0;
    let start = 0;
    for (let k = from; k < to; k++) {
      const r = REC * k;
      const f = rec[r + 1]!;
      const p = rec[r + 2]!;
      const s = rec[r + 3]!;
      if (f === file) {
        this.varint(0);
        this.varint(p - pos - 1);
        const diff = s - start;
        this.varint(diff >= 0 ? 2 * diff : -2 * diff - 1);
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
  }

  /** Adds an entry whose `count` postings are already encoded: bytes [from, to) of another row. */
  addEncoded(hash: number, count: number, row: Uint8Array, from: number, to: number): void {
    this.room(5 + to - from);
    this.hashes[this.d] = hash;
    this.offsets[this.d++] = this.o;
    this.varint(count - 1);
    // entries are a few bytes: a loop is cheaper than a view for set()
    const pay = this.pay;
    let o = this.o;
    for (let i = from; i < to; i++) pay[o++] = row[i]!;
    this.o = o;
  }

  /** The row of the entries added since the last one, for a block at `bits`. */
  finish(bits: number): Uint8Array {
    const d = this.d;
    const w = residualBytes(bits);
    const payload = this.o;
    const ow = payload < 2 ** 16 ? 2 : 4;
    const size = 6 + d * w + Math.ceil(d / SKIP) * ow + payload;
    if (this.buf.length < size) this.buf = new Uint8Array(Math.max(size, 2 * this.buf.length));
    const b = this.buf;
    let o = 0;
    for (let v = d; ; ) {
      if (v < 0x80) {
        b[o++] = v;
        break;
      }
      b[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    b[o++] = ow;
    for (let k = 0; k < d; k++) {
      const h = this.hashes[k]!;
      for (let s = 8 * (w - 1); s >= 0; s -= 8) b[o++] = (h >>> s) & 0xff;
    }
    for (let k = 0; k < d; k += SKIP) {
      const off = this.offsets[k]!;
      for (let s = 8 * (ow - 1); s >= 0; s -= 8) b[o++] = (off >>> s) & 0xff;
    }
    b.set(this.pay.subarray(0, payload), o);
    o += payload;
    this.d = 0;
    this.o = 0;
    return b.subarray(0, o);
  }

  /** The row of records [from, to) of `rec` (sorted by hash, file, position; all in one block at `bits`). */
  encode(rec: Uint32Array, from: number, to: number, bits: number): Uint8Array {
    let i = from;
    while (i < to) {
      const h = rec[REC * i]!;
      let j = i + 1;
      while (j < to && rec[REC * j] === h) j++;
      this.addRecords(rec, i, j);
      i = j;
    }
    return this.finish(bits);
  }
}

/** The entries of a row in order: each one's hash, posting count and the bytes of its postings. */
export class EntryCursor {
  hash = 0;
  count = 0;
  /** The entry's postings are row[from, to). */
  from = 0;
  to = 0;
  private i = 0;
  private readonly h: Head;
  private readonly high: number;
  private readonly reader: Reader;

  constructor(
    readonly row: Uint8Array,
    bits: number,
    block: number,
  ) {
    this.h = head(row, bits);
    this.high = bits === 0 ? 0 : (block << (32 - bits)) >>> 0;
    this.reader = new Reader(row);
    this.reader.o = this.h.payload;
  }

  /** Moves to the next entry; false at the end of the row. */
  next(): boolean {
    if (this.i >= this.h.d) return false;
    this.hash = (this.high | residual(this.row, this.h, this.i++)) >>> 0;
    this.count = this.reader.get() + 1;
    this.from = this.reader.o;
    this.reader.pass(this.count);
    this.to = this.reader.o;
    return true;
  }

  /** Appends this entry's postings to `out` (those of files `keep` accepts). */
  postings(out: Records, keep?: (file: number) => boolean): void {
    const r = new Reader(this.row);
    r.o = this.from;
    r.postings(this.count, this.hash, out, keep);
  }
}

/**
 * Reads postings varints from a row. A varint is at most 5 bytes, so a read past the row's end cannot loop: it
 * gives a wrong number, and every caller checks the position against the row's end after each posting.
 */
class Reader {
  o = 0;
  constructor(public row: Uint8Array) {}

  get(): number {
    const row = this.row;
    let o = this.o;
    let b = row[o++]!;
    if (b < 0x80) {
      this.o = o;
      return b;
    }
    let v = b & 0x7f;
    b = row[o++]!;
    if (b < 0x80) v |= b << 7;
    else {
      v |= (b & 0x7f) << 7;
      b = row[o++]!;
      if (b < 0x80) v |= b << 14;
      else {
        v |= (b & 0x7f) << 14;
        b = row[o++]!;
        if (b < 0x80) v |= b << 21;
        else {
          v = (v | ((b & 0x7f) << 21)) + row[o++]! * 2 ** 28;
        }
      }
    }
    this.o = o;
    if (o > row.length) throw damaged();
    return v;
  }

  /** Appends the `count` postings of `hash` that start here to `out` (those of files `keep` accepts). */
  postings(count: number, hash: number, out: Records, keep?: (file: number) => boolean): void {
    out.reserve(count);
    let file = -1;
    let pos = 0;
    let start = 0;
    for (let k = 0; k < count; k++) {
      const df = this.get();
      if (k > 0 && df === 0) {
        pos += this.get() + 1;
        const z = this.get();
        start += z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      } else {
        file = k === 0 ? df : file + df;
        pos = this.get();
        start = this.get();
      }
      const end = start + this.get();
      if (keep === undefined || keep(file)) out.push(hash, file, pos, start, end);
    }
  }

  /** Passes over an entry's postings: four varints each, one terminating byte (< 0x80) per varint. */
  pass(count: number): void {
    const row = this.row;
    let left = 4 * count;
    let o = this.o;
    while (left > 0) {
      if (o >= row.length) throw damaged();
      if (row[o++]! < 0x80) left--;
    }
    this.o = o;
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
  const h = head(row, bits);
  const high = bits === 0 ? 0 : (block << (32 - bits)) >>> 0;
  const r = new Reader(row);
  r.o = h.payload;
  for (let i = 0; i < h.d; i++) {
    const hash = (high | residual(row, h, i)) >>> 0;
    r.postings(r.get() + 1, hash, out, keep);
  }
}

/**
 * Finds the entries of the wanted hashes `wanted[lo, hi)` (sorted; all in the row's block at `bits`) in a row and
 * calls `found(index into wanted, count, offset of its postings)` for each one present. The postings are read
 * with `readPostings`.
 */
export function findEntries(
  row: Uint8Array,
  bits: number,
  wanted: Uint32Array,
  lo: number,
  hi: number,
  found: (wantedIndex: number, count: number, offset: number) => void,
): void {
  // the head, read inline: this runs once per row a look-up reads
  const n = row.length;
  let o = 0;
  let d = 0;
  for (let shift = 0; ; shift += 7) {
    if (o >= n) throw damaged();
    const b = row[o++]!;
    d += (b & 0x7f) * 2 ** shift;
    if (b < 0x80) break;
  }
  const ow = row[o++]!;
  const w = residualBytes(bits);
  const residuals = o;
  const skips = residuals + d * w;
  const payload = skips + Math.ceil(d / SKIP) * ow;
  if ((ow !== 2 && ow !== 4) || payload > n) throw damaged();
  // residuals are a hash's low 8w bits (w whole bytes: a few bits of the block too when 32 − bits is not a multiple of 8)
  const low = 2 ** (8 * w);
  let from = 0;
  for (let at = lo; at < hi && from < d; at++) {
    const want = wanted[at]! % low;
    // binary search of the residuals from the last one found (the wanted hashes are sorted)
    let a = from;
    let b = d;
    let value = -1;
    while (a < b) {
      const m = (a + b) >>> 1;
      let r = 0;
      for (let k = residuals + m * w, e = k + w; k < e; k++) r = r * 256 + row[k]!;
      if (r < want) a = m + 1;
      else {
        b = m;
        value = r;
      }
    }
    from = a;
    if (a >= d || value !== want) continue;
    // the skip before entry a, then the entries up to it
    let off = 0;
    for (let k = skips + (a >>> 3) * ow, e = k + ow; k < e; k++) off = off * 256 + row[k]!;
    READER.row = row;
    READER.o = payload + off;
    for (let e = a & ~(SKIP - 1); e < a; e++) READER.pass(READER.get() + 1);
    const count = READER.get() + 1;
    found(at, count, READER.o);
  }
}

/** The reader look-ups use (one row at a time). */
const READER = new Reader(new Uint8Array(0));

/** Appends the `count` postings of `hash` that start at `offset` of `row` to `out` (those of files `keep` accepts). */
export function readPostings(
  row: Uint8Array,
  offset: number,
  count: number,
  hash: number,
  out: Records,
  keep?: (file: number) => boolean,
): void {
  READER.row = row;
  READER.o = offset;
  READER.postings(count, hash, out, keep);
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
