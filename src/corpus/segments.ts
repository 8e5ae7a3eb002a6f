// The inverted index of a SQLite corpus, on disk in segments (docs/corpus.md, "Storage"). Each ingest writes its
// postings as a new segment, sequentially; a segment is cut into rows by block (the hash's top bits, as many as give
// a row about ROW_HASHES distinct hashes), one row per (segment, channel, block) in `postings(key, data)` with
// key = segment × 2^26 + channel × 2^25 + block, so a look-up is one B-tree seek per segment and block. Segments are
// merged in the background of later ingests (a size-tiered policy, a bounded amount of work per ingest, resumable
// from one transaction to the next) and all at once by `provscan corpus optimize`. Removed files are tombstones
// until a merge drops their postings.
import type { Channel } from '../fingerprint/types.js';
import {
  blockOf,
  decodeRow,
  findEntries,
  REC,
  Records,
  RowEncoder,
  readPostings,
  sortRecords,
  sortRecordsFully,
} from './segment-codec.js';
import type { Db } from './schema.js';

export const CHANNEL_INDEX: Readonly<Record<Channel, 0 | 1>> = { exact: 0, abstract: 1 };

/** Key of the row of `block` of a channel (0 exact, 1 abstract) of a segment. */
export const rowKey = (segment: number, channel: number, block: number): number =>
  segment * 2 ** 26 + channel * 2 ** 25 + block;

/** Distinct hashes a row aims at: a look-up reads about half of them before it finds its hash. */
const ROW_HASHES = 48;
const MAX_BITS = 24;

/** Block bits of a segment channel holding `hashes` distinct hashes. */
export function bitsFor(hashes: number): number {
  let bits = 0;
  while (bits < MAX_BITS && hashes / 2 ** bits > ROW_HASHES) bits++;
  return bits;
}

export interface Segment {
  readonly id: number;
  /** Block bits per channel (exact, abstract). */
  readonly bits: readonly [number, number];
  readonly postings: readonly [number, number];
  readonly hashes: readonly [number, number];
  readonly rows: number;
  readonly bytes: number;
  /** live; merging (an input of the merge under way, its rows below the merge's cursor already moved); building. */
  readonly state: 'live' | 'merging' | 'building';
}

interface SegmentRow {
  id: number;
  exact_bits: number;
  abstract_bits: number;
  exact_postings: number;
  abstract_postings: number;
  exact_hashes: number;
  abstract_hashes: number;
  rows: number;
  bytes: number;
  state: Segment['state'];
}

export function listSegments(db: Db): Segment[] {
  return (db.prepare(`SELECT * FROM segments ORDER BY id`).all() as SegmentRow[]).map((r) => ({
    id: r.id,
    bits: [r.exact_bits, r.abstract_bits],
    postings: [r.exact_postings, r.abstract_postings],
    hashes: [r.exact_hashes, r.abstract_hashes],
    rows: r.rows,
    bytes: r.bytes,
    state: r.state,
  }));
}

function metaNumber(db: Db, key: string, fallback = 0): number {
  const v = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(key);
  const n = Number(v ?? fallback);
  return Number.isFinite(n) ? n : fallback;
}

function putMeta(db: Db, key: string, value: string | number): void {
  db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`).run(key, String(value));
}

function nextSegmentId(db: Db): number {
  const id = metaNumber(db, 'next_segment', 1);
  putMeta(db, 'next_segment', id + 1);
  return id;
}

/** Statements of the segment store, prepared once per connection. */
const STATEMENTS = new WeakMap<Db, ReturnType<typeof prepare>>();
function prepare(db: Db) {
  return {
    insert: db.prepare(`INSERT INTO postings (key, data) VALUES (?, ?)`),
    range: db.prepare(`SELECT key, data FROM postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
    update: db.prepare(`UPDATE postings SET data = ? WHERE key = ?`),
    deleteRange: db.prepare(`DELETE FROM postings WHERE key BETWEEN ? AND ?`),
  };
}
function statements(db: Db): ReturnType<typeof prepare> {
  let st = STATEMENTS.get(db);
  if (!st) {
    st = prepare(db);
    STATEMENTS.set(db, st);
  }
  return st;
}

/** Where a RowSink puts a row (its bytes are valid only during the call). */
export type RowInsert = (key: number, row: Uint8Array) => void;

const insertInto = (db: Db): RowInsert => {
  const st = statements(db).insert;
  return (key, row) => st.run(key, row);
};

/** Writes rows of sorted records into a segment channel; counts what it wrote. */
export class RowSink {
  rows = 0;
  bytes = 0;
  hashes = 0;
  postings = 0;
  private readonly encoder = new RowEncoder();
  constructor(
    private readonly insert: RowInsert,
    private readonly segment: number,
    private readonly channel: number,
    private readonly bits: number,
  ) {}

  /** Records [0, n) of `rec`, sorted by (hash, file, position), all at or above the blocks written so far. */
  write(rec: Uint32Array, n: number): void {
    let i = 0;
    while (i < n) {
      const block = blockOf(rec[REC * i]!, this.bits);
      let j = i + 1;
      let prev = rec[REC * i]!;
      let distinct = 1;
      while (j < n) {
        const h = rec[REC * j]!;
        if (blockOf(h, this.bits) !== block) break;
        if (h !== prev) {
          distinct++;
          prev = h;
        }
        j++;
      }
      const row = this.encoder.encode(rec, i, j, this.bits);
      this.insert(rowKey(this.segment, this.channel, block), row);
      this.rows++;
      this.bytes += row.length;
      this.hashes += distinct;
      this.postings += j - i;
      i = j;
    }
  }
}

export function countDistinct(rec: Uint32Array, n: number): number {
  let d = 0;
  for (let i = 0; i < n; i++) if (i === 0 || rec[REC * i] !== rec[REC * (i - 1)]) d++;
  return d;
}

/** Scratch for sorting, shared by the segments one process writes (one at a time). */
let scratch = new Uint32Array(0);
export function scratchFor(words: number): Uint32Array {
  if (scratch.length < words) scratch = new Uint32Array(Math.max(words, Math.floor(1.25 * scratch.length)));
  return scratch;
}

/**
 * Writes postings (records of each channel in file order, positions increasing within a file) as a new live
 * segment. Returns its id, or undefined when there is nothing to write. The records are sorted in place.
 */
export function writeSegment(db: Db, records: Readonly<Record<Channel, Records>>): number | undefined {
  if (records.exact.length === 0 && records.abstract.length === 0) return undefined;
  const id = nextSegmentId(db);
  const bits: [number, number] = [0, 0];
  const sinks: RowSink[] = [];
  for (const channel of ['exact', 'abstract'] as const) {
    const c = CHANNEL_INDEX[channel];
    const r = records[channel];
    sortRecords(r.data, scratchFor(REC * r.length), r.length);
    bits[c] = bitsFor(countDistinct(r.data, r.length));
    const sink = new RowSink(insertInto(db), id, c, bits[c]);
    sink.write(r.data, r.length);
    sinks.push(sink);
  }
  insertSegment(db, id, bits, sinks, 'live');
  return id;
}

function insertSegment(
  db: Db,
  id: number,
  bits: readonly [number, number],
  sinks: ReadonlyArray<RowSink>,
  state: Segment['state'],
): void {
  const [e, a] = sinks as [RowSink, RowSink];
  db.prepare(
    `INSERT OR REPLACE INTO segments (id, exact_bits, abstract_bits, exact_postings, abstract_postings, exact_hashes,
       abstract_hashes, rows, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, bits[0], bits[1], e.postings, a.postings, e.hashes, a.hashes, e.rows + a.rows, e.bytes + a.bytes, state);
}

// ---------------------------------------------------------------------------------------------------------------
// Merging

/** The merge under way, kept in meta so it resumes in the next transaction. */
interface MergeState {
  readonly inputs: number[];
  readonly output: number;
  readonly bits: [number, number];
  /** Channel being merged (0 exact, 1 abstract) and the first hash not merged yet in it (2^32 = done). */
  channel: number;
  next: number;
  /** What the output holds so far, per channel. */
  written: { rows: number; bytes: number; hashes: [number, number]; postings: [number, number] };
}

/**
 * Size-tiered merging: TIER segments of about the same size (the largest at most TIER times the smallest) are merged
 * into one, so a posting is rewritten about once per factor TIER the corpus grows past it, and a corpus holds
 * about TIER − 1 segments per factor TIER of sizes.
 */
const TIER = 4;
/** Segments below this many postings count as this size (tiny ingests merge among themselves quickly). */
const TIER_FLOOR = 2 ** 16;
/** More live segments than this are merged whatever their sizes (the smallest TIER of them). */
const MAX_SEGMENTS = 16;
/** Postings decoded per merge slice (bounds the memory of a merge). */
const SLICE_POSTINGS = 2 ** 20;

const sizeOf = (s: Segment): number => Math.max(TIER_FLOOR, s.postings[0] + s.postings[1]);

function readMerge(db: Db): MergeState | undefined {
  const v = db.prepare(`SELECT value FROM meta WHERE key = 'merge'`).pluck().get() as string | undefined;
  return v ? (JSON.parse(v) as MergeState) : undefined;
}

/**
 * The segments the policy would merge next, or undefined: the smallest group of at least TIER segments whose sizes
 * are within a factor TIER of its smallest, or the smallest TIER when there are too many segments; `all`: every
 * segment.
 */
export function pickMerge(segments: ReadonlyArray<Segment>, all: boolean): Segment[] | undefined {
  const live = segments.filter((s) => s.state === 'live').sort((x, y) => sizeOf(x) - sizeOf(y) || x.id - y.id);
  if (all) return live.length > 1 ? live : undefined;
  for (let i = 0; i + TIER <= live.length; i++) {
    let j = i;
    while (j < live.length && sizeOf(live[j]!) <= TIER * sizeOf(live[i]!)) j++;
    if (j - i >= TIER) return live.slice(i, j);
  }
  return live.length > MAX_SEGMENTS ? live.slice(0, TIER) : undefined;
}

function startMerge(db: Db, inputs: ReadonlyArray<Segment>): MergeState {
  const output = nextSegmentId(db);
  const bits: [number, number] = [0, 1].map((c) => bitsFor(inputs.reduce((n, s) => n + s.hashes[c as 0 | 1], 0))) as [
    number,
    number,
  ];
  const mark = db.prepare(`UPDATE segments SET state = 'merging' WHERE id = ?`);
  for (const s of inputs) mark.run(s.id);
  const state: MergeState = {
    inputs: inputs.map((s) => s.id),
    output,
    bits,
    channel: 0,
    next: 0,
    written: { rows: 0, bytes: 0, hashes: [0, 0], postings: [0, 0] },
  };
  saveMerge(db, state);
  return state;
}

function saveMerge(db: Db, state: MergeState): void {
  const w = state.written;
  db.prepare(
    `INSERT OR REPLACE INTO segments (id, exact_bits, abstract_bits, exact_postings, abstract_postings, exact_hashes,
       abstract_hashes, rows, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'building')`,
  ).run(
    state.output,
    state.bits[0],
    state.bits[1],
    w.postings[0],
    w.postings[1],
    w.hashes[0],
    w.hashes[1],
    w.rows,
    w.bytes,
  );
  putMeta(db, 'merge', JSON.stringify(state));
}

/** File ids removed from the corpus whose postings some segment may still hold. */
export function readTombstones(db: Db): Set<number> {
  return new Set(db.prepare(`SELECT file_id FROM tombstones`).pluck().all() as number[]);
}

/** Drops tombstones no segment can hold any more (every segment that existed at the removal has been merged). */
function dropObsoleteTombstones(db: Db): void {
  const oldest = db.prepare(`SELECT min(id) FROM segments`).pluck().get() as number | null;
  if (oldest === null) db.prepare(`DELETE FROM tombstones`).run();
  else db.prepare(`DELETE FROM tombstones WHERE segment < ?`).run(oldest);
}

/**
 * Advances the merge under way (starting one the policy picks when there is none) by about `budget` input
 * postings, in the current transaction. `all`: merge every segment into one (optimize). Returns the postings
 * merged.
 */
export function mergeWork(db: Db, budget: number, all = false): number {
  let done = 0;
  const tombstones = readTombstones(db);
  const keep = tombstones.size === 0 ? undefined : (f: number) => !tombstones.has(f);
  const recs = new Records(SLICE_POSTINGS);
  while (done < budget) {
    let state = readMerge(db);
    if (!state) {
      const segments = listSegments(db);
      const inputs = pickMerge(segments, all);
      if (!inputs) break;
      state = startMerge(db, inputs);
    }
    const inputs = listSegments(db).filter((s) => state.inputs.includes(s.id));
    const sinks: RowSink[] = [];
    while (done < budget && state.channel < 2) {
      const c = state.channel;
      const outBits = state.bits[c as 0 | 1];
      sinks[c] ??= new RowSink(insertInto(db), state.output, c, outBits);
      const sink = sinks[c];
      // a slice is a run of whole output blocks holding about SLICE_POSTINGS postings
      const per = inputs.reduce((n, s) => n + s.postings[c as 0 | 1], 0) / 2 ** outBits;
      const blocks = Math.max(1, Math.floor(SLICE_POSTINGS / Math.max(per, 1)));
      const lo = state.next;
      const hi = Math.min(2 ** 32, (blockOf(lo, outBits) + blocks) * 2 ** (32 - outBits));
      recs.clear();
      for (const s of inputs) done += takeSlice(db, s, c, lo, hi, recs, keep);
      sortRecordsFully(recs.data, scratchFor(REC * recs.length), recs.length);
      const before = { rows: sink.rows, bytes: sink.bytes, hashes: sink.hashes, postings: sink.postings };
      sink.write(recs.data, recs.length);
      const w = state.written;
      w.rows += sink.rows - before.rows;
      w.bytes += sink.bytes - before.bytes;
      w.hashes[c] = (w.hashes[c] ?? 0) + sink.hashes - before.hashes;
      w.postings[c] = (w.postings[c] ?? 0) + sink.postings - before.postings;
      if (hi >= 2 ** 32) {
        state.channel++;
        state.next = 0;
      } else state.next = hi;
    }
    if (state.channel >= 2) {
      const drop = db.prepare(`DELETE FROM segments WHERE id = ?`);
      for (const id of state.inputs) drop.run(id);
      saveMerge(db, state);
      db.prepare(`UPDATE segments SET state = 'live' WHERE id = ?`).run(state.output);
      db.prepare(`DELETE FROM meta WHERE key = 'merge'`).run();
      dropObsoleteTombstones(db);
    } else saveMerge(db, state);
  }
  return done;
}

/**
 * Moves the postings of hashes in [lo, hi) of a channel of an input segment into `recs` (removed files left out):
 * its rows inside the range are deleted, a row reaching past `hi` (an input with coarser blocks than the output) is
 * rewritten with what is left of it, so the segment never holds a posting the output holds too. Returns the
 * postings read.
 */
function takeSlice(
  db: Db,
  s: Segment,
  c: number,
  lo: number,
  hi: number,
  recs: Records,
  keep: ((file: number) => boolean) | undefined,
): number {
  const b = s.bits[c as 0 | 1];
  if (s.postings[c as 0 | 1] === 0) return 0;
  const base = rowKey(s.id, c, 0);
  const first = rowKey(s.id, c, blockOf(lo, b));
  const last = rowKey(s.id, c, blockOf(hi - 1, b));
  const st = statements(db);
  const rows = st.range.all(first, last) as Array<[number, Buffer]>;
  let read = 0;
  let consumedTo = last;
  for (const [key, data] of rows) {
    const block = key - base;
    const end = (block + 1) * 2 ** (32 - b);
    if (end <= hi) {
      const from = recs.length;
      decodeRow(data, b, block, recs, keep);
      read += recs.length - from;
      continue;
    }
    // the last row reaches past the slice: merge its part below hi, keep the rest
    const all = new Records(64);
    decodeRow(data, b, block, all, keep);
    let split = 0;
    while (split < all.length && all.data[REC * split]! < hi) split++;
    recs.reserve(split);
    recs.data.set(all.data.subarray(0, REC * split), REC * recs.length);
    recs.length += split;
    read += split;
    if (split < all.length) {
      consumedTo = key - 1;
      st.update.run(new RowEncoder().encode(all.data.subarray(REC * split), 0, all.length - split, b), key);
    }
  }
  st.deleteRange.run(first, consumedTo);
  return read;
}

/** Whether a merge is under way or the policy has one to start. */
export function mergePending(db: Db): boolean {
  return readMerge(db) !== undefined || pickMerge(listSegments(db), false) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/** Where the postings of one wanted hash were found: a row, the entry's offset and posting count. */
interface EntryRef {
  readonly row: Uint8Array;
  readonly offset: number;
  readonly count: number;
  readonly wanted: number;
}

/** A segment's rows read into memory: per channel, the rows' bytes end to end and where each block's row starts. */
interface Resident {
  readonly bytes: [Uint8Array, Uint8Array];
  readonly starts: [Uint32Array, Uint32Array];
}

/** Bytes of rows a reader keeps in memory at most (the segments it reads most, for a long scan). */
const RESIDENT_BYTES = 256 * 2 ** 20;
/**
 * A segment is read into memory once the rows asked of it pass this share of its rows: reading a row in order costs a
 * fraction of looking it up, so a scan that would look up a good part of a segment reads it whole instead.
 */
const RESIDENT_SHARE = 0.25;

/** One look-up under way: rows found so far, and the keys of the rows still to read. */
export interface Lookup {
  readonly wanted: readonly [Uint32Array, Uint32Array];
  /** Keys of the rows to read (from the store) and hand to `finish`. */
  readonly keys: number[];
  /** Segments asked often enough to be read into memory once this look-up is done (`keepResident`). */
  readonly promote: Segment[];
  readonly refs: [EntryRef[], EntryRef[]];
  readonly totals: [Uint32Array, Uint32Array];
}

/**
 * Look-ups in a segmented index, whatever holds its rows (a SQLite file here, a PostgreSQL table in pg-reader.ts): a
 * look-up `begin`s by scanning the rows of resident segments and naming the keys of the rows to read, the store reads
 * them (one statement or one round trip), and `finish` gives the postings. Segments asked for often are read whole
 * and kept in memory (`keepResident`), so a long scan reads a small segment once instead of row by row.
 */
export class SegmentIndex {
  private readonly requested = new Map<number, number>();
  private readonly resident = new Map<number, Resident>();
  private residentBytes = 0;
  private readonly bySegment: Map<number, Segment>;

  constructor(
    private readonly segments: ReadonlyArray<Segment>,
    private readonly tombstones: ReadonlySet<number>,
  ) {
    this.bySegment = new Map(segments.map((s) => [s.id, s]));
  }

  /** Whether a segment asked for `asked` more rows should be read into memory now. */
  private wantsResident(s: Segment, asked: number): boolean {
    const total = (this.requested.get(s.id) ?? 0) + asked;
    this.requested.set(s.id, total);
    return !(
      this.resident.has(s.id) ||
      total < RESIDENT_SHARE * s.rows ||
      this.residentBytes + s.bytes > RESIDENT_BYTES
    );
  }

  /** Keeps a segment's rows (per channel, all of them, in key order) in memory for later look-ups. */
  keepResident(
    s: Segment,
    rowsOf: readonly [ReadonlyArray<readonly [number, Uint8Array]>, ReadonlyArray<readonly [number, Uint8Array]>],
  ): void {
    if (this.resident.has(s.id)) return;
    const bytes: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
    const starts: [Uint32Array, Uint32Array] = [new Uint32Array(0), new Uint32Array(0)];
    for (let c = 0; c < 2; c++) {
      const bits = s.bits[c as 0 | 1];
      const rows = rowsOf[c]!;
      let size = 0;
      for (const [, data] of rows) size += data.length;
      const all = new Uint8Array(size);
      // starts[b] .. starts[b + 1]: the row of block b (empty when the block has none)
      const at = new Uint32Array(2 ** bits + 1);
      let o = 0;
      let next = 0;
      for (const [key, data] of rows) {
        const block = key - rowKey(s.id, c, 0);
        while (next <= block) at[next++] = o;
        all.set(data, o);
        o += data.length;
      }
      while (next <= 2 ** bits) at[next++] = o;
      bytes[c] = all;
      starts[c] = at;
    }
    this.resident.set(s.id, { bytes, starts });
    this.residentBytes += s.bytes;
  }

  private scan(l: Lookup, row: Uint8Array, c: number, bits: number, block: number): void {
    const w = l.wanted[c]!;
    // the wanted hashes of this block: a contiguous range of the sorted list
    const lo = firstAtOrAbove(w, bits === 0 ? 0 : (block << (32 - bits)) >>> 0);
    let hi = lo;
    while (hi < w.length && blockOf(w[hi]!, bits) === block) hi++;
    const list = l.refs[c]!;
    const total = l.totals[c]!;
    findEntries(row, bits, w, lo, hi, (i, count, offset) => {
      list.push({ row, offset, count, wanted: i });
      total[i]! += count;
    });
  }

  /** Starts a look-up of `wanted[c]` (distinct hashes, sorted ascending): resident rows now, the others by key. */
  begin(wanted: readonly [Uint32Array, Uint32Array]): Lookup {
    const l: Lookup = {
      wanted,
      keys: [],
      promote: [],
      refs: [[], []],
      totals: [new Uint32Array(wanted[0].length), new Uint32Array(wanted[1].length)],
    };
    for (const s of this.segments) {
      const mem = this.resident.get(s.id);
      let asked = 0;
      for (let c = 0; c < 2; c++) {
        const bits = s.bits[c as 0 | 1];
        let last = -1;
        for (const h of wanted[c]!) {
          const b = blockOf(h, bits);
          if (b === last) continue;
          last = b;
          asked++;
          if (!mem) l.keys.push(rowKey(s.id, c, b));
          else {
            const from = mem.starts[c]![b]!;
            const to = mem.starts[c]![b + 1]!;
            if (to > from) this.scan(l, mem.bytes[c]!.subarray(from, to), c, bits, b);
          }
        }
      }
      if (!mem && this.wantsResident(s, asked)) l.promote.push(s);
    }
    return l;
  }

  /**
   * Every posting of the look-up's hashes for both channels, given the rows its `keys` name, sorted by (hash, file,
   * position), removed files left out. A hash whose postings in a channel exceed `cap[c]` (counted before removed
   * files are left out: exact only when nothing was removed) is left out whole without being decoded.
   */
  finish(l: Lookup, rows: Iterable<readonly [number, Uint8Array]>, cap: readonly [number, number]): [Records, Records] {
    for (const [key, data] of rows) {
      const seg = Math.floor(key / 2 ** 26);
      const c = Math.floor(key / 2 ** 25) % 2;
      this.scan(l, data, c, this.bySegment.get(seg)!.bits[c as 0 | 1], key % 2 ** 25);
    }
    const out: [Records, Records] = [new Records(64), new Records(64)];
    const removed = this.tombstones.size > 0;
    for (let c = 0; c < 2; c++) {
      const list = l.refs[c]!.sort((x, y) => x.wanted - y.wanted);
      const total = l.totals[c]!;
      const into = out[c]!;
      let i = 0;
      while (i < list.length) {
        const u = list[i]!.wanted;
        let j = i + 1;
        while (j < list.length && list[j]!.wanted === u) j++;
        if (removed || total[u]! <= cap[c]!) {
          const from = into.length;
          const h = l.wanted[c]![u]!;
          for (let k = i; k < j; k++) readPostings(list[k]!.row, list[k]!.offset, list[k]!.count, h, into);
          if (removed) dropRemoved(into, from, this.tombstones);
          // several segments: order by file and position (each segment's postings are in that order)
          if (j - i > 1) sortHashRange(into.data, from, into.length);
          if (into.length - from > cap[c]!) into.length = from;
        }
        i = j;
      }
    }
    return out;
  }
}

/** The postings of wanted hashes, read from every segment of a SQLite corpus with one statement per call. */
export class SegmentReader extends SegmentIndex {
  private readonly select;
  private readonly readAll;
  constructor(db: Db, segments: ReadonlyArray<Segment>, tombstones: ReadonlySet<number>) {
    super(segments, tombstones);
    this.select = db.prepare(`SELECT key, data FROM postings WHERE key IN (SELECT value FROM json_each(?))`).raw();
    this.readAll = db.prepare(`SELECT key, data FROM postings WHERE key BETWEEN ? AND ? ORDER BY key`).raw();
  }

  /** See SegmentIndex.begin and finish. */
  lookup(wanted: readonly [Uint32Array, Uint32Array], cap: readonly [number, number]): [Records, Records] {
    const l = this.begin(wanted);
    const rows = l.keys.length === 0 ? [] : (this.select.all(JSON.stringify(l.keys)) as Array<[number, Uint8Array]>);
    const out = this.finish(l, rows, cap);
    for (const s of l.promote) {
      const range = (c: number) =>
        this.readAll.all(rowKey(s.id, c, 0), rowKey(s.id, c, 2 ** 25 - 1)) as Array<[number, Uint8Array]>;
      this.keepResident(s, [range(0), range(1)]);
    }
    return out;
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

/** Removes the records [from, end) of files in `removed`, keeping the order of the rest. */
function dropRemoved(r: Records, from: number, removed: ReadonlySet<number>): void {
  const d = r.data;
  let o = from;
  for (let i = from; i < r.length; i++) {
    if (removed.has(d[REC * i + 1]!)) continue;
    if (o !== i) d.copyWithin(REC * o, REC * i, REC * i + REC);
    o++;
  }
  r.length = o;
}

/** Sorts records [from, to) of one hash by file and position. */
function sortHashRange(d: Uint32Array, from: number, to: number): void {
  const n = to - from;
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++)
    sorted =
      d[REC * (i - 1) + 1]! < d[REC * i + 1]! ||
      (d[REC * (i - 1) + 1] === d[REC * i + 1] && d[REC * (i - 1) + 2]! < d[REC * i + 2]!);
  if (n < 2 || sorted) return;
  const order = Array.from({ length: n }, (_, i) => from + i).sort(
    (x, y) => d[REC * x + 1]! - d[REC * y + 1]! || d[REC * x + 2]! - d[REC * y + 2]!,
  );
  const copy = d.slice(REC * from, REC * to);
  order.forEach((src, i) => {
    d.set(copy.subarray(REC * (src - from), REC * (src - from) + REC), REC * (from + i));
  });
}
