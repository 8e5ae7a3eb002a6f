// The segmented index of a PostgreSQL corpus: segments written with binary COPY, merged (in slices of whole output
// blocks, in the caller's transaction), and the meta counters, for the writer (pg-store.ts) and the reader
// (pg-reader.ts). The rows are the SQLite store's (segments.ts, segment-codec.ts): the same bytes for the same block
// of the same channel. Where SQLite keeps a table per segment, PostgreSQL keeps one `postings` table whose key puts
// the segment above the SQLite row key — one table to partition, and one query for a host file's rows in every
// segment.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Channel } from '../fingerprint/types.js';
import type { IndexReport } from './backend.js';
import { copyHeader, copyRow, copyTrailer } from './pg-copy.js';
import { LOCK_KEY, type PgConnection } from './pg-schema.js';
import { blockOf, decodeRow, REC, Records, RowEncoder, sortRecords, sortRecordsFully } from './segment-codec.js';
import {
  bitsFor,
  countDistinct,
  pickMerge,
  removedIn,
  rowKey,
  type Segment,
  scratchFor,
  type Tombstone,
} from './segments.js';

/** Key of a row in the postings table: the segment above the SQLite store's row key (channel × 2^25 + block). */
export const pgKey = (segment: number, channel: number, block: number): number =>
  segment * 2 ** 26 + rowKey(channel, block);

/** Cuts records sorted by (hash, file, position) into rows of one block each, counting what it wrote. */
class RowCutter {
  rows = 0;
  bytes = 0;
  hashes = 0;
  postings = 0;
  private readonly encoder = new RowEncoder();
  constructor(
    private readonly bits: number,
    private readonly emit: (block: number, row: Uint8Array) => void,
  ) {}

  /** Records [0, n) of `rec`, all in blocks above those written so far. */
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
      const row = this.encoder.encode(rec, i, j, this.bits);
      this.emit(block, row);
      this.rows++;
      this.bytes += row.length;
      this.hashes += distinct;
      this.postings += j - i;
      i = j;
    }
  }
}

/** Postings decoded per merge slice (bounds the memory of a merge). */
const SLICE_POSTINGS = 2 ** 20;
/** Bytes gathered into one COPY message. */
const COPY_CHUNK = 1 << 18;

let copyModule: Promise<typeof import('pg-copy-streams')> | undefined;
const loadCopy = () => {
  copyModule ??= import('pg-copy-streams').then(
    (m) => ((m as { default?: typeof import('pg-copy-streams') }).default ?? m) as typeof import('pg-copy-streams'),
  );
  return copyModule;
};

/** Streams binary COPY rows into `table (columns)`, gathered into messages of about COPY_CHUNK bytes. */
export async function copyIn(conn: PgConnection, table: string, rows: Iterable<Buffer>): Promise<void> {
  const { from } = await loadCopy();
  function* chunks(): Generator<Buffer> {
    let pending: Buffer[] = [copyHeader()];
    let size = 0;
    for (const r of rows) {
      pending.push(r);
      size += r.length;
      if (size >= COPY_CHUNK) {
        yield Buffer.concat(pending);
        pending = [];
        size = 0;
      }
    }
    pending.push(copyTrailer());
    yield Buffer.concat(pending);
  }
  await pipeline(
    Readable.from(chunks(), { objectMode: false }),
    conn.client.query(from(`COPY ${table} FROM STDIN (FORMAT binary)`)),
  );
}

export async function metaNumbers(conn: PgConnection): Promise<Map<string, number>> {
  const r = await conn.client.query<{ key: string; value: string }>(`SELECT key, value FROM meta`);
  const out = new Map<string, number>();
  for (const row of r.rows) {
    const n = Number(row.value);
    if (Number.isFinite(n)) out.set(row.key, n);
  }
  return out;
}

export async function putMeta(conn: PgConnection, values: Record<string, number | string>): Promise<void> {
  const keys = Object.keys(values);
  await conn.client.query(
    `INSERT INTO meta (key, value) SELECT * FROM unnest($1::text[], $2::text[])
     ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
    [keys, keys.map((k) => String(values[k]))],
  );
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

export async function listSegments(conn: PgConnection): Promise<Segment[]> {
  const r = await conn.client.query<SegmentRow>(`SELECT * FROM segments ORDER BY id`);
  return r.rows.map((s) => ({
    id: s.id,
    bits: [s.exact_bits, s.abstract_bits],
    postings: [Number(s.exact_postings), Number(s.abstract_postings)],
    hashes: [Number(s.exact_hashes), Number(s.abstract_hashes)],
    rows: Number(s.rows),
    bytes: Number(s.bytes),
    state: s.state,
  }));
}

export async function readTombstones(conn: PgConnection): Promise<Tombstone[]> {
  const r = await conn.client.query<Tombstone>(`SELECT file_id AS file, since, until FROM tombstones`);
  return r.rows;
}

/** What a segment's rows hold, per channel, as they were written. */
interface Written {
  bits: [number, number];
  rows: number;
  bytes: number;
  hashes: [number, number];
  postings: [number, number];
}

async function insertSegment(conn: PgConnection, id: number, w: Written): Promise<void> {
  await conn.client.query(
    `INSERT INTO segments (id, exact_bits, abstract_bits, exact_postings, abstract_postings, exact_hashes,
       abstract_hashes, rows, bytes, state) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'live')`,
    [id, w.bits[0], w.bits[1], w.postings[0], w.postings[1], w.hashes[0], w.hashes[1], w.rows, w.bytes],
  );
}

/**
 * COPY rows of records into segment `id`: `slices` yields, per channel, runs of records sorted by (hash, file,
 * position) in increasing blocks, each run ending at a block boundary.
 */
async function copySegmentRows(
  conn: PgConnection,
  id: number,
  bits: readonly [number, number],
  slices: (channel: 0 | 1) => Iterable<{ rec: Uint32Array; n: number }>,
): Promise<Written> {
  const written: Written = { bits: [bits[0], bits[1]], rows: 0, bytes: 0, hashes: [0, 0], postings: [0, 0] };
  function* rows(): Generator<Buffer> {
    for (const c of [0, 1] as const) {
      const out: Buffer[] = [];
      const sink = new RowCutter(bits[c], (block, row) =>
        out.push(copyRow([{ int8: pgKey(id, c, block) }, { bytea: row }])),
      );
      for (const { rec, n } of slices(c)) {
        sink.write(rec, n);
        yield* out;
        out.length = 0;
      }
      written.rows += sink.rows;
      written.bytes += sink.bytes;
      written.hashes[c] = sink.hashes;
      written.postings[c] = sink.postings;
    }
  }
  await copyIn(conn, 'postings (key, data)', rows());
  return written;
}

/** Runs of `n` records of `rec` (sorted by hash), about `size` each, each ending at a block boundary at `bits`. */
function* blockRuns(
  rec: Uint32Array,
  n: number,
  bits: number,
  size: number,
): Generator<{ rec: Uint32Array; n: number }> {
  let i = 0;
  while (i < n) {
    let j = Math.min(n, i + size);
    if (j < n) {
      const block = blockOf(rec[REC * (j - 1)]!, bits);
      while (j < n && blockOf(rec[REC * j]!, bits) === block) j++;
    }
    yield { rec: rec.subarray(REC * i, REC * j), n: j - i };
    i = j;
  }
}

/** Allocates the next segment id (meta next_segment), in the current transaction. */
async function nextSegmentId(conn: PgConnection): Promise<number> {
  const r = await conn.client.query<{ value: string }>(
    `INSERT INTO meta (key, value) VALUES ('next_segment', '2')
     ON CONFLICT (key) DO UPDATE SET value = (meta.value::bigint + 1)::text RETURNING value`,
  );
  return Number(r.rows[0]!.value) - 1;
}

/** Writes buffered postings (each channel in file order) as a new live segment; the records are sorted in place. */
export async function writeSegment(conn: PgConnection, records: Readonly<Record<Channel, Records>>): Promise<void> {
  if (records.exact.length === 0 && records.abstract.length === 0) return;
  const id = await nextSegmentId(conn);
  const rs = [records.exact, records.abstract] as const;
  const bits: [number, number] = [0, 0];
  for (const c of [0, 1] as const) {
    const r = rs[c];
    sortRecords(r.data, scratchFor(REC * r.length), r.length);
    bits[c] = bitsFor(countDistinct(r.data, r.length));
  }
  const w = await copySegmentRows(conn, id, bits, (c) => blockRuns(rs[c].data, rs[c].length, bits[c], 1 << 16));
  await insertSegment(conn, id, w);
}

/**
 * Merges `inputs` into one new live segment in the current transaction, dropping the postings of removed files, in
 * slices of whole output blocks (memory bounded by SLICE_POSTINGS). Returns the postings read.
 */
export async function mergeSegments(conn: PgConnection, inputs: ReadonlyArray<Segment>): Promise<number> {
  // removed files some input may hold: their postings are dropped
  const tombstones = await readTombstones(conn);
  const removed = new Set<number>();
  for (const s of inputs) for (const f of removedIn(tombstones, s.id) ?? []) removed.add(f);
  const keep = removed.size === 0 ? undefined : (f: number) => !removed.has(f);
  const output = await nextSegmentId(conn);
  const bits = [0, 1].map((c) => bitsFor(inputs.reduce((n, s) => n + s.hashes[c as 0 | 1], 0))) as [number, number];
  let read = 0;
  const all: Written = { bits, rows: 0, bytes: 0, hashes: [0, 0], postings: [0, 0] };
  for (const c of [0, 1] as const) {
    const outBits = bits[c];
    const per = inputs.reduce((n, s) => n + s.postings[c], 0) / 2 ** outBits;
    const blocks = Math.max(1, Math.floor(SLICE_POSTINGS / Math.max(per, 1)));
    let lo = 0;
    while (lo < 2 ** 32) {
      const hi = Math.min(2 ** 32, (blockOf(lo, outBits) + blocks) * 2 ** (32 - outBits));
      const recs = new Records(1024);
      const tmp = new Records(1024);
      for (const s of inputs) {
        if (s.postings[c] === 0) continue;
        const b = s.bits[c];
        // a row of a coarser input block reaching past the slice is read again by the next one, and filtered
        const r = await conn.client.query<[number, Buffer]>({
          text: `SELECT key, data FROM postings WHERE key BETWEEN $1 AND $2 ORDER BY key`,
          values: [pgKey(s.id, c, blockOf(lo, b)), pgKey(s.id, c, blockOf(hi - 1, b))],
          rowMode: 'array',
        });
        tmp.clear();
        for (const [key, data] of r.rows) decodeRow(data, b, key - pgKey(s.id, c, 0), tmp, keep);
        recs.reserve(tmp.length);
        for (let i = 0; i < tmp.length; i++) {
          const h = tmp.data[REC * i]!;
          if (h < lo || h >= hi) continue;
          recs.data.set(tmp.data.subarray(REC * i, REC * i + REC), REC * recs.length);
          recs.length++;
          read++;
        }
      }
      lo = hi;
      if (recs.length === 0) continue;
      sortRecordsFully(recs.data, scratchFor(REC * recs.length), recs.length);
      // the slice is whole output blocks: its rows go in one COPY (no other query can run inside a COPY)
      const w = await copySegmentRows(conn, output, bits, (ch) =>
        ch === c ? [{ rec: recs.data, n: recs.length }] : [],
      );
      all.rows += w.rows;
      all.bytes += w.bytes;
      all.hashes[c] += w.hashes[c];
      all.postings[c] += w.postings[c];
    }
  }
  for (const s of inputs) {
    await conn.client.query(`DELETE FROM postings WHERE key BETWEEN $1 AND $2`, [
      pgKey(s.id, 0, 0),
      pgKey(s.id + 1, 0, 0) - 1,
    ]);
  }
  await conn.client.query(`DELETE FROM segments WHERE id = ANY($1::int[])`, [inputs.map((s) => s.id)]);
  await insertSegment(conn, output, all);
  // tombstones no segment can hold any more: every segment that could hold the file has been merged away
  await conn.client.query(
    `DELETE FROM tombstones t WHERE NOT EXISTS (SELECT 1 FROM segments s WHERE s.id BETWEEN t.since AND t.until)`,
  );
  return read;
}

/** Merge work after a commit: the policy's merges, each in its own transaction, while no other ingest waits. */
export async function housekeeping(conn: PgConnection, budget: number, all: boolean): Promise<number> {
  let merged = 0;
  while (merged < budget) {
    await conn.client.query('BEGIN');
    try {
      const got = await conn.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`);
      const inputs = got.rows[0]?.ok ? pickMerge(await listSegments(conn), all, await readTombstones(conn)) : undefined;
      if (!inputs) {
        await conn.client.query('ROLLBACK');
        break;
      }
      merged += await mergeSegments(conn, inputs);
      await conn.client.query('COMMIT');
    } catch (err) {
      await conn.client.query('ROLLBACK').catch(() => {});
      throw err;
    }
  }
  return merged;
}

export async function indexReport(conn: PgConnection, merged: number): Promise<IndexReport> {
  const segments = await listSegments(conn);
  return {
    postings: segments.reduce((n, s) => n + s.postings[0] + s.postings[1], 0),
    segments: segments.length,
    merged,
  };
}
