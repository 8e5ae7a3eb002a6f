// The inverted index of a SQLite corpus, on disk in segments (docs/corpus.md, "Storage"). Each ingest writes its
// postings as a new segment: a table of its own, `seg_<id>(key, data)`, filled in key order. A segment is cut into
// rows by block (the hash's top bits, as many as give a row about ROW_HASHES distinct hashes), one row per channel
// and block, key = channel × 2^25 + block, so a look-up is one B-tree seek per segment and block. Segments are merged
// by a size-tiered policy with a bounded amount of work after each ingest, resumable from one transaction to the next
// (a merge reads its inputs in key order, appends the output and drops the input tables at the end: no row is ever
// deleted or moved), and all at once by `provscan corpus optimize`. Removed files are tombstones until a merge drops
// their postings.
import type { Database as Db, Statement } from 'better-sqlite3';
import type { Channel } from '../fingerprint/types.js';
import {
  blockOf,
  EntryCursor,
  findEntries,
  REC,
  Records,
  RowEncoder,
  readPostings,
  sortRecords,
} from './segment-codec.js';

export const CHANNEL_INDEX: Readonly<Record<Channel, 0 | 1>> = { exact: 0, abstract: 1 };

/** Key of the row of `block` of a channel (0 exact, 1 abstract) in a segment's table. */
export const rowKey = (channel: number, block: number): number => channel * 2 ** 25 + block;

/** The table of a segment. */
const segmentTable = (id: number): string => `seg_${id}`;

/** Distinct hashes a row aims at: a look-up binary-searches them. */
const ROW_HASHES = 64;
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
  /**
   * live; merging (an input of the merge under way: what lies below the merge's cursor is in its output already);
   * building (the output of the merge under way: everything below its cursor).
   */
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

/** A new segment id and its (empty) table. */
function newSegment(db: Db): number {
  const id = metaNumber(db, 'next_segment', 1);
  putMeta(db, 'next_segment', id + 1);
  db.exec(`CREATE TABLE ${segmentTable(id)} (key INTEGER PRIMARY KEY, data BLOB NOT NULL)`);
  return id;
}

/** Statements on one segment's table, prepared once per connection. */
interface SegmentStatements {
  readonly insert: Statement<unknown[]>;
  readonly range: Statement<unknown[]>;
  readonly select: Statement<unknown[]>;
}
const STATEMENTS = new WeakMap<Db, Map<number, SegmentStatements>>();
function statements(db: Db, id: number): SegmentStatements {
  let byId = STATEMENTS.get(db);
  if (!byId) {
    byId = new Map();
    STATEMENTS.set(db, byId);
  }
  let st = byId.get(id);
  if (!st) {
    const t = segmentTable(id);
    st = {
      insert: db.prepare(`INSERT INTO ${t} (key, data) VALUES (?, ?)`),
      range: db.prepare(`SELECT key, data FROM ${t} WHERE key BETWEEN ? AND ? ORDER BY key`).raw(),
      select: db.prepare(`SELECT key, data FROM ${t} WHERE key IN (SELECT value FROM json_each(?))`).raw(),
    };
    byId.set(id, st);
  }
  return st;
}

function dropSegment(db: Db, id: number): void {
  STATEMENTS.get(db)?.delete(id);
  db.exec(`DROP TABLE IF EXISTS ${segmentTable(id)}`);
  db.prepare(`DELETE FROM segments WHERE id = ?`).run(id);
}

/** Writes rows into a segment channel in block order; counts what it wrote. */
class RowSink {
  rows = 0;
  bytes = 0;
  hashes = 0;
  postings = 0;
  private readonly insert;
  private readonly encoder = new RowEncoder();
  constructor(
    db: Db,
    segment: number,
    private readonly channel: number,
    private readonly bits: number,
  ) {
    this.insert = statements(db, segment).insert;
  }

  /** A row of `entries` hashes and `postings` postings. */
  put(block: number, row: Uint8Array, entries: number, postings: number): void {
    this.insert.run(rowKey(this.channel, block), row);
    this.rows++;
    this.bytes += row.length;
    this.hashes += entries;
    this.postings += postings;
  }

  /** Records [0, n) of `rec`, sorted by (hash, file, position). */
  write(rec: Uint32Array, n: number): void {
    let i = 0;
    while (i < n) {
      const block = blockOf(rec[REC * i]!, this.bits);
      let j = i + 1;
      let distinct = 1;
      while (j < n) {
        const h = rec[REC * j]!;
        if (blockOf(h, this.bits) !== block) break;
        if (h !== rec[REC * (j - 1)]) distinct++;
        j++;
      }
      this.put(block, this.encoder.encode(rec, i, j, this.bits), distinct, j - i);
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

function saveSegment(
  db: Db,
  id: number,
  bits: readonly [number, number],
  sinks: readonly [
    Pick<RowSink, 'rows' | 'bytes' | 'hashes' | 'postings'>,
    Pick<RowSink, 'rows' | 'bytes' | 'hashes' | 'postings'>,
  ],
  state: Segment['state'],
): void {
  const [e, a] = sinks;
  db.prepare(
    `INSERT OR REPLACE INTO segments (id, exact_bits, abstract_bits, exact_postings, abstract_postings, exact_hashes,
       abstract_hashes, rows, bytes, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(id, bits[0], bits[1], e.postings, a.postings, e.hashes, a.hashes, e.rows + a.rows, e.bytes + a.bytes, state);
}

/**
 * Writes postings (records of each channel in file order, positions increasing within a file) as a new live
 * segment. Returns its id, or undefined when there is nothing to write. The records are sorted in place.
 */
export function writeSegment(db: Db, records: Readonly<Record<Channel, Records>>): number | undefined {
  if (records.exact.length === 0 && records.abstract.length === 0) return undefined;
  const id = newSegment(db);
  const bits: [number, number] = [0, 0];
  const sinks: RowSink[] = [];
  for (const channel of ['exact', 'abstract'] as const) {
    const c = CHANNEL_INDEX[channel];
    const r = records[channel];
    // a stable sort by hash: the records are in (file, position) order already
    sortRecords(r.data, scratchFor(REC * r.length), r.length);
    bits[c] = bitsFor(countDistinct(r.data, r.length));
    const sink = new RowSink(db, id, c, bits[c]);
    sink.write(r.data, r.length);
    sinks.push(sink);
  }
  saveSegment(db, id, bits, [sinks[0]!, sinks[1]!], 'live');
  return id;
}

// ---------------------------------------------------------------------------------------------------------------
// Merging

/** The merge under way, kept in meta so it resumes in the next transaction. */
interface MergeState {
  readonly inputs: number[];
  readonly output: number;
  readonly bits: [number, number];
  /** Channel being merged (0 exact, 1 abstract; 2 = done) and the first hash not merged yet in it. */
  channel: number;
  next: number;
  /** What the output holds so far, per channel. */
  written: { rows: [number, number]; bytes: [number, number]; hashes: [number, number]; postings: [number, number] };
}

/**
 * Size-tiered merging: TIER segments of about the same size (the largest at most TIER times the smallest) are merged
 * into one, so a posting is rewritten about once per factor TIER the corpus grows past it, and a corpus holds
 * about TIER − 1 segments per factor TIER of sizes.
 */
const TIER = 6;
/** Segments below this many postings count as this size (tiny ingests merge among themselves quickly). */
const TIER_FLOOR = 2 ** 16;
/** More live segments than this are merged whatever their sizes (the smallest TIER of them). */
const MAX_SEGMENTS = 16;
/** Postings read per merge slice (bounds the memory of a merge). */
const SLICE_POSTINGS = 2 ** 20;

const sizeOf = (s: Segment): number => Math.max(TIER_FLOOR, s.postings[0] + s.postings[1]);

/** The merge under way, if any. */
export function readMerge(db: Db): MergeState | undefined {
  const v = db.prepare(`SELECT value FROM meta WHERE key = 'merge'`).pluck().get() as string | undefined;
  return v ? (JSON.parse(v) as MergeState) : undefined;
}

/**
 * The segments the policy would merge next, or undefined: the smallest group of at least TIER segments whose sizes
 * are within a factor TIER of its smallest, or the smallest TIER when there are too many segments; `all`: every
 * segment (a single one too when it holds removed files' postings).
 */
export function pickMerge(
  segments: ReadonlyArray<Segment>,
  all: boolean,
  tombstones: ReadonlyArray<Tombstone> = [],
): Segment[] | undefined {
  const live = segments.filter((s) => s.state === 'live').sort((x, y) => sizeOf(x) - sizeOf(y) || x.id - y.id);
  // everything into one segment; a single one is rewritten only to drop removed files' postings
  if (all) return live.length > 1 || live.some((s) => removedIn(tombstones, s.id)) ? live : undefined;
  for (let i = 0; i + TIER <= live.length; i++) {
    let j = i;
    while (j < live.length && sizeOf(live[j]!) <= TIER * sizeOf(live[i]!)) j++;
    if (j - i >= TIER) return live.slice(i, j);
  }
  return live.length > MAX_SEGMENTS ? live.slice(0, TIER) : undefined;
}

function startMerge(db: Db, inputs: ReadonlyArray<Segment>): MergeState {
  const output = newSegment(db);
  const bits = [0, 1].map((c) => bitsFor(inputs.reduce((n, s) => n + s.hashes[c as 0 | 1], 0))) as [number, number];
  const mark = db.prepare(`UPDATE segments SET state = 'merging' WHERE id = ?`);
  for (const s of inputs) mark.run(s.id);
  const state: MergeState = {
    inputs: inputs.map((s) => s.id),
    output,
    bits,
    channel: 0,
    next: 0,
    written: { rows: [0, 0], bytes: [0, 0], hashes: [0, 0], postings: [0, 0] },
  };
  saveMerge(db, state);
  return state;
}

function saveMerge(db: Db, state: MergeState): void {
  const w = state.written;
  const sink = (c: 0 | 1) => ({ rows: w.rows[c], bytes: w.bytes[c], hashes: w.hashes[c], postings: w.postings[c] });
  saveSegment(db, state.output, state.bits, [sink(0), sink(1)], state.channel >= 2 ? 'live' : 'building');
  if (state.channel >= 2) db.prepare(`DELETE FROM meta WHERE key = 'merge'`).run();
  else putMeta(db, 'merge', JSON.stringify(state));
}

/** A removed file whose postings segments with ids from `since` to `until` may still hold. */
export interface Tombstone {
  readonly file: number;
  readonly since: number;
  readonly until: number;
}

export function readTombstones(db: Db): Tombstone[] {
  return db.prepare(`SELECT file_id AS file, since, until FROM tombstones`).all() as Tombstone[];
}

/** The removed files segment `id` may hold, or undefined when it holds none. */
export function removedIn(tombstones: ReadonlyArray<Tombstone>, id: number): Set<number> | undefined {
  const set = new Set<number>();
  for (const t of tombstones) if (t.since <= id && id <= t.until) set.add(t.file);
  return set.size > 0 ? set : undefined;
}

/** Drops tombstones no segment can hold any more (every segment that could hold the file has been merged away). */
function dropObsoleteTombstones(db: Db): void {
  db.prepare(
    `DELETE FROM tombstones WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.id BETWEEN tombstones.since AND tombstones.until)`,
  ).run();
}

/**
 * Advances the merge under way (starting one the policy picks when there is none) by about `budget` input
 * postings, in the current transaction. `all`: merge every segment into one (optimize). Returns the postings
 * merged.
 */
export function mergeWork(db: Db, budget: number, all = false): number {
  let done = 0;
  const tombstones = readTombstones(db);
  while (done < budget) {
    let state = readMerge(db);
    if (!state) {
      const inputs = pickMerge(listSegments(db), all, tombstones);
      if (!inputs) break;
      state = startMerge(db, inputs);
    }
    const inputs = listSegments(db).filter((s) => state.inputs.includes(s.id));
    const out = statements(db, state.output).insert;
    // removed files some input may hold: their postings are dropped (inputs holding none are copied as they are)
    const removed = new Set<number>();
    for (const s of inputs) for (const f of removedIn(tombstones, s.id) ?? []) removed.add(f);
    const keep = removed.size === 0 ? undefined : (f: number) => !removed.has(f);
    while (done < budget && state.channel < 2) {
      const c = state.channel as 0 | 1;
      const outBits = state.bits[c];
      // a slice is a run of whole output blocks holding about SLICE_POSTINGS postings
      const per = inputs.reduce((n, s) => n + s.postings[c], 0) / 2 ** outBits;
      const blocks = Math.max(1, Math.floor(SLICE_POSTINGS / Math.max(per, 1)));
      const lo = state.next;
      const hi = Math.min(2 ** 32, (blockOf(lo, outBits) + blocks) * 2 ** (32 - outBits));
      const lists = inputs.map((s) => sliceOf(db, s, c, lo, hi));
      for (const l of lists) done += l.postings;
      const w = state.written;
      mergeEntries(lists, outBits, keep, (block, row, entries, postings) => {
        out.run(rowKey(c, block), row);
        w.rows[c] += 1;
        w.bytes[c] += row.length;
        w.hashes[c] += entries;
        w.postings[c] += postings;
      });
      if (hi >= 2 ** 32) {
        state.channel++;
        state.next = 0;
      } else state.next = hi;
    }
    if (state.channel >= 2) {
      for (const id of state.inputs) dropSegment(db, id);
      saveMerge(db, state);
      dropObsoleteTombstones(db);
    } else saveMerge(db, state);
  }
  return done;
}

/** The entries of one input segment within a merge slice, in hash order, as parallel arrays. */
interface SliceEntries {
  readonly rows: Uint8Array[];
  /** Per entry: its hash, posting count, row (index into rows) and the byte range of its postings there. */
  hash: Uint32Array;
  count: Uint32Array;
  row: Uint32Array;
  from: Uint32Array;
  to: Uint32Array;
  length: number;
  postings: number;
}

function pushEntry(l: SliceEntries, e: EntryCursor, row: number): void {
  if (l.length === l.hash.length) {
    const grow = (a: Uint32Array) => {
      const b = new Uint32Array(2 * a.length);
      b.set(a);
      return b;
    };
    l.hash = grow(l.hash);
    l.count = grow(l.count);
    l.row = grow(l.row);
    l.from = grow(l.from);
    l.to = grow(l.to);
  }
  const i = l.length++;
  l.hash[i] = e.hash;
  l.count[i] = e.count;
  l.row[i] = row;
  l.from[i] = e.from;
  l.to[i] = e.to;
  l.postings += e.count;
}

/** The entries of hashes in [lo, hi) of a channel of an input segment (its rows are read, never changed). */
function sliceOf(db: Db, s: Segment, c: 0 | 1, lo: number, hi: number): SliceEntries {
  // about as many entries as the segment's hashes in the slice's share of the hash space
  const n = Math.ceil(1.1 * s.hashes[c] * ((hi - lo) / 2 ** 32)) + 64;
  const l: SliceEntries = {
    rows: [],
    hash: new Uint32Array(n),
    count: new Uint32Array(n),
    row: new Uint32Array(n),
    from: new Uint32Array(n),
    to: new Uint32Array(n),
    length: 0,
    postings: 0,
  };
  const b = s.bits[c];
  if (s.postings[c] === 0) return l;
  const rows = statements(db, s.id).range.all(rowKey(c, blockOf(lo, b)), rowKey(c, blockOf(hi - 1, b))) as Array<
    [number, Uint8Array]
  >;
  for (const [key, data] of rows) {
    const r = l.rows.push(data) - 1;
    const e = new EntryCursor(data, b, key - rowKey(c, 0));
    // an input with coarser blocks than the output has rows reaching past the slice on either side
    while (e.next()) if (e.hash >= lo && e.hash < hi) pushEntry(l, e, r);
  }
  return l;
}

/**
 * Merges the entries of several inputs (each in hash order) into rows of `bits` block bits, calling `emit` for each
 * row in block order. An entry only one input holds is copied as it is; one several hold, or one holding a removed
 * file (`keep` false), is decoded, merged by file and position and encoded again.
 */
function mergeEntries(
  lists: ReadonlyArray<SliceEntries>,
  bits: number,
  keep: ((file: number) => boolean) | undefined,
  emit: (block: number, row: Uint8Array, entries: number, postings: number) => void,
): void {
  const enc = new RowEncoder();
  const tmp = new Records(64);
  const at = lists.map(() => 0);
  let block = -1;
  let postings = 0;
  for (;;) {
    let min = 2 ** 32;
    let holders = 0;
    let only = -1;
    for (let k = 0; k < lists.length; k++) {
      const l = lists[k]!;
      const i = at[k]!;
      if (i >= l.length) continue;
      const h = l.hash[i]!;
      if (h < min) {
        min = h;
        holders = 1;
        only = k;
      } else if (h === min) holders++;
    }
    if (holders === 0) break;
    const b = blockOf(min, bits);
    if (b !== block) {
      if (enc.entries > 0) emit(block, enc.finish(bits), enc.entries, postings);
      block = b;
      postings = 0;
    }
    if (holders === 1 && keep === undefined) {
      const l = lists[only]!;
      const i = at[only]!++;
      enc.addEncoded(min, l.count[i]!, l.rows[l.row[i]!]!, l.from[i]!, l.to[i]!);
      postings += l.count[i]!;
      continue;
    }
    tmp.clear();
    for (let k = 0; k < lists.length; k++) {
      const l = lists[k]!;
      const i = at[k]!;
      if (i >= l.length || l.hash[i] !== min) continue;
      readPostings(l.rows[l.row[i]!]!, l.from[i]!, l.count[i]!, min, tmp, keep);
      at[k]!++;
    }
    if (tmp.length === 0) continue;
    if (holders > 1) sortHashRange(tmp.data, 0, tmp.length);
    enc.addRecords(tmp.data, 0, tmp.length);
    postings += tmp.length;
  }
  if (enc.entries > 0) emit(block, enc.finish(bits), enc.entries, postings);
}

/** Whether a merge is under way or the policy has one to start. */
export function mergePending(db: Db): boolean {
  return readMerge(db) !== undefined || pickMerge(listSegments(db), false) !== undefined;
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

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

/** Index bytes (rows of every segment) one slice of a batched look-up covers: bounds the rows it holds at once. */
const BATCH_SLICE_BYTES = 32 * 2 ** 20;

/** The postings of wanted hashes, read from every segment of a corpus (one statement per segment per call). */
export class SegmentReader {
  private readonly requested = new Map<number, number>();
  private readonly resident = new Map<number, Resident>();
  private residentBytes = 0;
  /** Per segment and channel, the first hash to read (an input of the merge under way holds the rest only). */
  private readonly from = new Map<number, [number, number]>();
  /** Per segment, the removed files it may hold. */
  private readonly removed = new Map<number, Set<number>>();

  constructor(
    private readonly db: Db,
    private readonly segments: ReadonlyArray<Segment>,
    tombstones: ReadonlyArray<Tombstone>,
    merge: MergeState | undefined,
  ) {
    for (const id of merge?.inputs ?? []) {
      const first = (c: number) => (c < merge!.channel ? 2 ** 32 : c === merge!.channel ? merge!.next : 0);
      this.from.set(id, [first(0), first(1)]);
    }
    for (const s of segments) {
      const set = removedIn(tombstones, s.id);
      if (set) this.removed.set(s.id, set);
    }
  }

  /** Reads a segment's rows into memory when it is asked for often enough and fits. */
  private maybeResident(s: Segment, asked: number): void {
    const total = (this.requested.get(s.id) ?? 0) + asked;
    this.requested.set(s.id, total);
    if (this.resident.has(s.id) || total < RESIDENT_SHARE * s.rows || this.residentBytes + s.bytes > RESIDENT_BYTES)
      return;
    const bytes: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
    const starts: [Uint32Array, Uint32Array] = [new Uint32Array(0), new Uint32Array(0)];
    const range = statements(this.db, s.id).range;
    for (let c = 0; c < 2; c++) {
      const bits = s.bits[c as 0 | 1];
      const rows = range.all(rowKey(c, 0), rowKey(c, 2 ** 25 - 1)) as Array<[number, Uint8Array]>;
      let size = 0;
      for (const [, data] of rows) size += data.length;
      const all = new Uint8Array(size);
      // starts[b] .. starts[b + 1]: the row of block b (empty when the block has none)
      const at = new Uint32Array(2 ** bits + 1);
      let o = 0;
      let next = 0;
      for (const [key, data] of rows) {
        const block = key - rowKey(c, 0);
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

  /**
   * Every posting of `wanted[c]` (distinct hashes, sorted ascending) for both channels, sorted by (hash, file,
   * position), removed files left out. A hash whose postings in a channel exceed `cap[c]` (counted before removed
   * files are left out: exact only when nothing was removed) is left out whole without being decoded.
   */
  lookup(
    wanted: readonly [Uint32Array, Uint32Array],
    cap: readonly [number, number],
    resident = true,
  ): [Records, Records] {
    const out: [Records, Records] = [new Records(64), new Records(64)];
    // Where each wanted hash was found, as lists threaded through typed arrays (no object per entry): head[c][u] is
    // the last entry found for wanted hash u of channel c, link[e] the one before it, -1 ending a list.
    const refs = this.refs;
    refs.n = 0;
    const head = [new Int32Array(wanted[0].length).fill(-1), new Int32Array(wanted[1].length).fill(-1)];
    // per wanted hash, the postings in segments that hold no removed file (exact counts)
    const totals = [new Uint32Array(wanted[0].length), new Uint32Array(wanted[1].length)];
    const rows: Uint8Array[] = [];
    const removedOf: Array<Set<number> | undefined> = [];
    let segment = -1;
    let removed: Set<number> | undefined;
    // the wanted hashes of block `block` of a row, from `first` on: a contiguous range of the sorted list
    const scan = (row: Uint8Array, c: number, bits: number, block: number, first: number) => {
      const w = wanted[c]!;
      const lo = firstAtOrAbove(w, Math.max(first, bits === 0 ? 0 : (block << (32 - bits)) >>> 0));
      let hi = lo;
      while (hi < w.length && blockOf(w[hi]!, bits) === block) hi++;
      const r = rows.push(row) - 1;
      const h = head[c]!;
      const total = totals[c]!;
      findEntries(row, bits, w, lo, hi, (i, count, offset) => {
        const e = refs.add(r, offset, count, segment, h[i]!);
        h[i] = e;
        if (!removed) total[i]! += count;
      });
    };
    for (const s of this.segments) {
      const mem = this.resident.get(s.id);
      const from = this.from.get(s.id) ?? [0, 0];
      removed = this.removed.get(s.id);
      segment = removedOf.push(removed) - 1;
      const keys: number[] = [];
      for (let c = 0; c < 2; c++) {
        const bits = s.bits[c as 0 | 1];
        const w = wanted[c]!;
        let last = -1;
        for (let i = firstAtOrAbove(w, from[c]!); i < w.length; i++) {
          const b = blockOf(w[i]!, bits);
          if (b === last) continue;
          last = b;
          if (!mem) keys.push(rowKey(c, b));
          else {
            const lo = mem.starts[c]![b]!;
            const hi = mem.starts[c]![b + 1]!;
            if (hi > lo) scan(mem.bytes[c]!.subarray(lo, hi), c, bits, b, from[c]!);
          }
        }
      }
      if (mem || keys.length === 0) continue;
      for (const [key, data] of statements(this.db, s.id).select.all(JSON.stringify(keys)) as Array<
        [number, Uint8Array]
      >) {
        const c = key >= 2 ** 25 ? 1 : 0;
        scan(data, c, s.bits[c], key - rowKey(c, 0), from[c]);
      }
      if (resident) this.maybeResident(s, keys.length);
    }
    const runs: number[] = [];
    for (let c = 0; c < 2; c++) {
      const total = totals[c]!;
      const into = out[c]!;
      const h = head[c]!;
      for (let u = 0; u < h.length; u++) {
        // more postings than matching pairs in segments without removed files alone: left out undecoded
        if (h[u] === -1 || total[u]! > cap[c]!) continue;
        const from = into.length;
        const hash = wanted[c]![u]!;
        runs.length = 0;
        // the list runs from the last segment read to the first: walk it, then read in segment order
        for (let e = h[u]!; e !== -1; e = refs.link[e]!) runs.push(e);
        const bounds: number[] = [from];
        for (let k = runs.length - 1; k >= 0; k--) {
          const e = runs[k]!;
          const at = into.length;
          readPostings(rows[refs.row[e]!]!, refs.offset[e]!, refs.count[e]!, hash, into);
          const gone = removedOf[refs.segment[e]!];
          if (gone) dropRemoved(into, at, gone);
          bounds.push(into.length);
        }
        if (into.length - from > cap[c]!) {
          into.length = from;
          continue;
        }
        // several segments: each one's postings are in (file, position) order; merge them
        if (bounds.length > 2) this.mergeRuns(into, bounds);
      }
    }
    return out;
  }

  /**
   * `lookup` for many host files' hashes at once, in one ordered pass: the hash space is cut into slices, each slice
   * holding about BATCH_SLICE_BYTES of the index, and each is looked up in turn (its rows read in key order, segment
   * by segment), so the rows held at once stay bounded whatever the corpus size and every row is read at most once.
   * The result is what `lookup` returns for the same hashes: every hash is decided on its own postings alone.
   */
  lookupBatch(
    wanted: readonly [Uint32Array, Uint32Array],
    cap: readonly [number, number],
    sliceBytes = BATCH_SLICE_BYTES,
  ): [Records, Records] {
    const bytes = this.segments.reduce((n, s) => n + s.bytes, 0);
    const slices = Math.min(2 ** 24, Math.max(1, Math.ceil(bytes / sliceBytes)));
    const width = 2 ** 32 / slices;
    const out: [Records, Records] = [new Records(1024), new Records(1024)];
    const at = [0, 0];
    for (let k = 0; k < slices && (at[0]! < wanted[0].length || at[1]! < wanted[1].length); k++) {
      const end = k === slices - 1 ? 2 ** 32 : Math.floor((k + 1) * width);
      const part = [0, 1].map((c) => {
        const w = wanted[c]!;
        const from = at[c]!;
        let to = from;
        while (to < w.length && w[to]! < end) to++;
        at[c] = to;
        return w.subarray(from, to);
      }) as [Uint32Array, Uint32Array];
      if (part[0].length === 0 && part[1].length === 0) continue;
      const found = this.lookup(part, cap, false);
      for (let c = 0; c < 2; c++) {
        const into = out[c]!;
        const got = found[c]!;
        into.reserve(got.length);
        into.data.set(got.data.subarray(0, REC * got.length), REC * into.length);
        into.length += got.length;
      }
    }
    return out;
  }

  private readonly refs = new EntryRefs();
  private merged = new Uint32Array(0);

  /** Merges the sorted runs [bounds[i], bounds[i + 1]) of `r` into one, by file and position. */
  private mergeRuns(r: Records, bounds: number[]): void {
    const d = r.data;
    let ordered = true;
    for (let i = bounds[0]! + 1; i < bounds[bounds.length - 1]! && ordered; i++)
      ordered =
        d[REC * (i - 1) + 1]! < d[REC * i + 1]! ||
        (d[REC * (i - 1) + 1] === d[REC * i + 1] && d[REC * (i - 1) + 2]! < d[REC * i + 2]!);
    if (ordered) return;
    const from = bounds[0]!;
    const n = bounds[bounds.length - 1]! - from;
    if (this.merged.length < REC * n) this.merged = new Uint32Array(Math.max(REC * n, 2 * this.merged.length));
    const m = this.merged;
    const at = bounds.slice(0, -1);
    for (let o = 0; o < n; o++) {
      let best = -1;
      for (let k = 0; k < at.length; k++) {
        const i = at[k]!;
        if (i >= bounds[k + 1]!) continue;
        if (
          best < 0 ||
          d[REC * i + 1]! < d[REC * at[best]! + 1]! ||
          (d[REC * i + 1] === d[REC * at[best]! + 1] && d[REC * i + 2]! < d[REC * at[best]! + 2]!)
        )
          best = k;
      }
      const i = at[best]!++;
      m.set(d.subarray(REC * i, REC * i + REC), REC * o);
    }
    d.set(m.subarray(0, REC * n), REC * from);
  }
}

/** Entries found by a look-up: row, offset and count of their postings, their segment, and a link per hash. */
class EntryRefs {
  n = 0;
  row = new Int32Array(1024);
  offset = new Int32Array(1024);
  count = new Int32Array(1024);
  segment = new Int32Array(1024);
  link = new Int32Array(1024);

  add(row: number, offset: number, count: number, segment: number, link: number): number {
    if (this.n === this.row.length) {
      const grow = (a: Int32Array) => {
        const b = new Int32Array(2 * a.length);
        b.set(a);
        return b;
      };
      this.row = grow(this.row);
      this.offset = grow(this.offset);
      this.count = grow(this.count);
      this.segment = grow(this.segment);
      this.link = grow(this.link);
    }
    const e = this.n++;
    this.row[e] = row;
    this.offset[e] = offset;
    this.count[e] = count;
    this.segment[e] = segment;
    this.link[e] = link;
    return e;
  }
}

export function firstAtOrAbove(a: Uint32Array, x: number): number {
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
export function dropRemoved(r: Records, from: number, removed: ReadonlySet<number>): void {
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
export function sortHashRange(d: Uint32Array, from: number, to: number): void {
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
