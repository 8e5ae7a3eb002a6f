// The PostgreSQL corpus store: the store boundary of src/corpus/backend.ts over one database (schema in
// pg-schema.ts). The inverted index is the SQLite store's: segments cut into rows of one block of one channel, the
// same row bytes (segment-codec.ts), the same keys, looked up with the same code (SegmentIndex) — so a corpus gives
// the same postings, and the same matches, in either store.
//
// Concurrency is PostgreSQL's: an ingest is one transaction (COPY of the postings, files and members, then the
// counts), so a killed ingest leaves nothing; ingests into one corpus take an advisory lock and run one after the
// other; a reader holds one REPEATABLE READ READ ONLY transaction for its life, so it sees one committed corpus
// whatever is ingested or merged meanwhile. Merges run after an ingest's commit, each in a transaction of its own.
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CorpusError } from '../errors.js';
import type { Channel } from '../fingerprint/types.js';
import type { CorpusInfo, ProgressListener } from '../model.js';
import type {
  CorpusReader,
  CorpusWriter,
  FileRow,
  HostPostings,
  IndexReport,
  Member,
  NewContent,
  SourceInfo,
} from './backend.js';
import { copyHeader, copyRow, copyTrailer } from './pg-copy.js';
import {
  checkIdentity,
  connect,
  disconnect,
  LOCK_KEY,
  migrate,
  PG_SCHEMA_VERSION,
  type PgConnection,
  pgGuard,
} from './pg-schema.js';
import { blockOf, decodeRow, REC, Records, sortRecords, sortRecordsFully } from './segment-codec.js';
import {
  bitsFor,
  countDistinct,
  pickMerge,
  RowSink,
  rowKey,
  type Segment,
  SegmentIndex,
  scratchFor,
} from './segments.js';

/** File ids are stored as varints of up to 32 bits; keep well inside (as the SQLite store). */
const MAX_FILES = 2 ** 31;
/** Postings an ingest buffers before it writes them as a segment (about 20 bytes each in memory). */
const SEGMENT_POSTINGS = 8_000_000;
/** Merge work after an ingest, in input postings per posting it added, and at least (as the SQLite store). */
const MERGE_FACTOR = 8;
const MERGE_MIN = 2 ** 18;
/** Postings decoded per merge slice (bounds the memory of a merge). */
const SLICE_POSTINGS = 2 ** 20;
/** Bytes gathered into one COPY message. */
const COPY_CHUNK = 1 << 18;
/** Values per array parameter of a batched statement. */
const BATCH = 10_000;
/** How long an ingest waits for another one into the same corpus before it gives up. */
const LOCK_WAIT = '30min';

let copyModule: Promise<typeof import('pg-copy-streams')> | undefined;
const loadCopy = () => {
  copyModule ??= import('pg-copy-streams').then(
    (m) => ((m as { default?: typeof import('pg-copy-streams') }).default ?? m) as typeof import('pg-copy-streams'),
  );
  return copyModule;
};

/** Streams binary COPY rows into `table (columns)`, gathered into messages of about COPY_CHUNK bytes. */
async function copyIn(conn: PgConnection, table: string, rows: Iterable<Buffer>): Promise<void> {
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

async function metaNumbers(conn: PgConnection): Promise<Map<string, number>> {
  const r = await conn.client.query<{ key: string; value: string }>(`SELECT key, value FROM meta`);
  const out = new Map<string, number>();
  for (const row of r.rows) {
    const n = Number(row.value);
    if (Number.isFinite(n)) out.set(row.key, n);
  }
  return out;
}

async function putMeta(conn: PgConnection, values: Record<string, number | string>): Promise<void> {
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

async function listSegments(conn: PgConnection): Promise<Segment[]> {
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

async function readTombstones(conn: PgConnection): Promise<Set<number>> {
  const r = await conn.client.query<{ file_id: number }>(`SELECT file_id FROM tombstones`);
  return new Set(r.rows.map((x) => x.file_id));
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
      const sink = new RowSink((key, row) => out.push(copyRow([{ int8: key }, { bytea: row }])), id, c, bits[c]);
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
async function writeSegment(conn: PgConnection, records: Readonly<Record<Channel, Records>>): Promise<void> {
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
async function mergeSegments(conn: PgConnection, inputs: ReadonlyArray<Segment>): Promise<number> {
  const tombstones = await readTombstones(conn);
  const keep = tombstones.size === 0 ? undefined : (f: number) => !tombstones.has(f);
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
          values: [rowKey(s.id, c, blockOf(lo, b)), rowKey(s.id, c, blockOf(hi - 1, b))],
          rowMode: 'array',
        });
        tmp.clear();
        for (const [key, data] of r.rows) decodeRow(data, b, key - rowKey(s.id, c, 0), tmp, keep);
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
      rowKey(s.id, 0, 0),
      rowKey(s.id + 1, 0, 0) - 1,
    ]);
  }
  await conn.client.query(`DELETE FROM segments WHERE id = ANY($1::int[])`, [inputs.map((s) => s.id)]);
  await insertSegment(conn, output, all);
  // tombstones no segment can hold any more: every segment that existed at the removal has been merged
  await conn.client.query(
    `DELETE FROM tombstones WHERE segment < (SELECT coalesce(min(id), 2147483647) FROM segments)`,
  );
  return read;
}

/** Waits for the ingest lock of the corpus (in the current transaction), saying so when another ingest holds it. */
async function takeLock(conn: PgConnection, onProgress: ProgressListener): Promise<void> {
  const got = await conn.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`);
  if (got.rows[0]?.ok) return;
  onProgress({ kind: 'warning', message: `waiting for another ingest into ${conn.name} to finish` });
  await conn.client.query(`SET LOCAL lock_timeout = '${LOCK_WAIT}'`);
  await conn.client.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`);
  await conn.client.query(`SET LOCAL lock_timeout = 0`);
}

/** Opens a write transaction holding the ingest lock, the schema created or upgraded. */
async function beginWrite(url: string, onProgress: ProgressListener): Promise<PgConnection> {
  const conn = await connect(url);
  try {
    await pgGuard(conn, async () => {
      await conn.client.query('BEGIN');
      await takeLock(conn, onProgress);
      const version = await checkIdentity(conn, true);
      if (version < PG_SCHEMA_VERSION) await migrate(conn, version);
    });
    return conn;
  } catch (err) {
    await disconnect(conn);
    throw err;
  }
}

/** Merge work after a commit: the policy's merges, each in its own transaction, while no other ingest waits. */
async function housekeeping(conn: PgConnection, budget: number, all: boolean): Promise<number> {
  let merged = 0;
  while (merged < budget) {
    await conn.client.query('BEGIN');
    try {
      const got = await conn.client.query<{ ok: boolean }>(`SELECT pg_try_advisory_xact_lock(${LOCK_KEY}) AS ok`);
      const inputs = got.rows[0]?.ok ? pickMerge(await listSegments(conn), all) : undefined;
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

async function indexReport(conn: PgConnection, merged: number): Promise<IndexReport> {
  const segments = await listSegments(conn);
  return {
    postings: segments.reduce((n, s) => n + s.postings[0] + s.postings[1], 0),
    segments: segments.length,
    merged,
  };
}

type FileBuffer = {
  id: number;
  sha256: string;
  lines: number;
  tokens: number;
  language: string;
  headerLicense: string | null;
  exact: number;
  abstract: number;
};

/** Writes one ingest or removal into a PostgreSQL corpus as one transaction; see CorpusWriter. */
export class PgWriter implements CorpusWriter {
  private open = true;
  private readonly records: Record<Channel, Records> = { exact: new Records(), abstract: new Records() };
  private nextFile: number;
  private readonly firstNewId: number;
  private filesDelta = 0;
  private readonly fps: Record<Channel, number> = { exact: 0, abstract: 0 };
  private added = 0;
  /** New contents, written at commit (with their first path); members name them before (a deferred key). */
  private readonly newFiles: FileBuffer[] = [];
  private readonly newBySha = new Map<string, number>();
  private readonly firstPath = new Map<number, string>();
  private readonly touched = new Set<number>();
  /** Members and notices of the source being added, written at its end. */
  private members = new Map<string, [number, number, string, string | null]>();
  private notices = new Map<string, [number, string, number, string]>();

  private constructor(
    private readonly conn: PgConnection,
    meta: Map<string, number>,
    maxId: number,
  ) {
    this.nextFile = Math.max(meta.get('next_file') ?? 1, maxId + 1);
    this.firstNewId = this.nextFile;
  }

  /** Connects, waits for the corpus's ingest lock, creates or upgrades the schema, and starts the transaction. */
  static async open(url: string, onProgress: ProgressListener = () => {}): Promise<PgWriter> {
    const conn = await beginWrite(url, onProgress);
    try {
      return await pgGuard(conn, async () => {
        const meta = await metaNumbers(conn);
        const max = await conn.client.query<{ m: number | null }>(`SELECT max(id) AS m FROM files`);
        return new PgWriter(conn, meta, max.rows[0]?.m ?? 0);
      });
    } catch (err) {
      await conn.client.query('ROLLBACK').catch(() => {});
      await disconnect(conn);
      throw err;
    }
  }

  private run<T>(fn: () => Promise<T>): Promise<T> {
    return pgGuard(this.conn, fn);
  }

  private async dropSources(ids: ReadonlyArray<number>): Promise<void> {
    if (ids.length === 0) return;
    const q = (sql: string) => this.conn.client.query(sql, [ids]);
    const r = await this.conn.client.query<{ file_id: number }>(
      `SELECT DISTINCT file_id FROM members WHERE source_id = ANY($1::int[])`,
      [ids],
    );
    for (const row of r.rows) this.touched.add(row.file_id);
    await q(`DELETE FROM notices WHERE source_id = ANY($1::int[])`);
    await q(`DELETE FROM members WHERE source_id = ANY($1::int[])`);
    await q(`DELETE FROM sources WHERE id = ANY($1::int[])`);
  }

  async beginSource(info: SourceInfo, added: string): Promise<number> {
    return this.run(async () => {
      const version = info.version ?? '';
      const old = await this.conn.client.query<{ id: number }>(
        `SELECT id FROM sources WHERE name = $1 AND version = $2`,
        [info.name, version],
      );
      await this.dropSources(old.rows.map((r) => r.id));
      const r = await this.conn.client.query<{ id: number }>(
        `INSERT INTO sources (name, version, purl, license, origin, added) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
        [info.name, version, info.purl ?? null, info.license, info.origin ?? null, added],
      );
      return r.rows[0]!.id;
    });
  }

  async findContent(sha256: string): Promise<number | undefined> {
    const local = this.newBySha.get(sha256);
    if (local !== undefined) return local;
    return this.run(async () => {
      const r = await this.conn.client.query<{ id: number }>(`SELECT id FROM files WHERE sha256 = $1`, [sha256]);
      return r.rows[0]?.id;
    });
  }

  async addContent(c: NewContent): Promise<number> {
    const id = this.nextFile++;
    if (id > MAX_FILES) throw new CorpusError(this.conn.name, `more than ${MAX_FILES} distinct files in one corpus`);
    const { exact, abstract } = c.fingerprints;
    this.newFiles.push({
      id,
      sha256: c.sha256,
      lines: c.lines,
      tokens: c.tokens,
      language: c.language,
      headerLicense: c.headerLicense,
      exact: exact.hashes.length,
      abstract: abstract.hashes.length,
    });
    this.newBySha.set(c.sha256, id);
    for (const channel of ['exact', 'abstract'] as const) {
      const fp = c.fingerprints[channel];
      const r = this.records[channel];
      const n = fp.hashes.length;
      r.reserve(n);
      for (let i = 0; i < n; i++) r.push(fp.hashes[i]!, id, fp.positions[i]!, fp.startLines[i]!, fp.endLines[i]!);
      this.fps[channel] += n;
      this.added += n;
    }
    this.filesDelta++;
    if (this.records.exact.length + this.records.abstract.length >= SEGMENT_POSTINGS) await this.flush();
    return id;
  }

  private async flush(): Promise<void> {
    await this.run(() => writeSegment(this.conn, this.records));
    this.records.exact.clear();
    this.records.abstract.clear();
  }

  async addMember(sourceId: number, fileId: number, path: string, license: string | null): Promise<void> {
    // a path given twice in one source: the last one stands (as INSERT OR REPLACE in the SQLite store)
    this.members.set(`${sourceId}\u0000${path}`, [sourceId, fileId, path, license]);
    if (fileId >= this.firstNewId) {
      const first = this.firstPath.get(fileId);
      if (first === undefined || Buffer.compare(Buffer.from(path), Buffer.from(first)) < 0)
        this.firstPath.set(fileId, path);
    } else this.touched.add(fileId);
  }

  async addNotice(sourceId: number, path: string, seq: number, statement: string): Promise<void> {
    const key = `${sourceId}\u0000${path}\u0000${seq}`;
    if (!this.notices.has(key)) this.notices.set(key, [sourceId, path, seq, statement]);
  }

  /** Writes the members and notices buffered so far. */
  private async flushMembers(): Promise<void> {
    const members = [...this.members.values()];
    const notices = [...this.notices.values()];
    this.members = new Map();
    this.notices = new Map();
    if (members.length > 0)
      await copyIn(
        this.conn,
        'members (source_id, file_id, path, license)',
        members.map(([s, f, p, l]) => copyRow([{ int4: s }, { int4: f }, { text: p }, { text: l }])),
      );
    if (notices.length > 0)
      await copyIn(
        this.conn,
        'notices (source_id, path, seq, statement)',
        notices.map(([s, p, q, t]) => copyRow([{ int4: s }, { text: p }, { int4: q }, { text: t }])),
      );
  }

  async endSource(sourceId: number, counts: { files: number; skipped: number; bytes: number }): Promise<void> {
    await this.run(async () => {
      await this.flushMembers();
      await this.conn.client.query(`UPDATE sources SET files = $1, skipped = $2, bytes = $3 WHERE id = $4`, [
        counts.files,
        counts.skipped,
        counts.bytes,
        sourceId,
      ]);
    });
  }

  async removeSources(name: string, version?: string): Promise<number> {
    return this.run(async () => {
      const r =
        version === undefined
          ? await this.conn.client.query<{ id: number }>(`SELECT id FROM sources WHERE name = $1`, [name])
          : await this.conn.client.query<{ id: number }>(`SELECT id FROM sources WHERE name = $1 AND version = $2`, [
              name,
              version,
            ]);
      await this.dropSources(r.rows.map((x) => x.id));
      return r.rows.length;
    });
  }

  /** Ids of `paths` in the paths table, adding the missing ones. */
  private async pathIds(paths: ReadonlyArray<string>): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    const distinct = [...new Set(paths)];
    for (let i = 0; i < distinct.length; i += BATCH) {
      const part = distinct.slice(i, i + BATCH);
      await this.conn.client.query(`INSERT INTO paths (path) SELECT unnest($1::text[]) ON CONFLICT (path) DO NOTHING`, [
        part,
      ]);
      const r = await this.conn.client.query<{ id: number; path: string }>(
        `SELECT id, path FROM paths WHERE path = ANY($1::text[])`,
        [part],
      );
      for (const row of r.rows) out.set(row.path, row.id);
    }
    return out;
  }

  /** Writes the new files with their first paths; files that lost every member become tombstones. */
  private async settleFiles(): Promise<void> {
    const q = this.conn.client;
    const ids = await this.pathIds([...this.firstPath.values()]);
    if (this.newFiles.length > 0)
      await copyIn(
        this.conn,
        'files (id, sha256, lines, tokens, language, header_license, path_id, exact_count, abstract_count)',
        this.newFiles.map((f) =>
          copyRow([
            { int4: f.id },
            { text: f.sha256 },
            { int4: f.lines },
            { int4: f.tokens },
            { text: f.language },
            { text: f.headerLicense },
            { int4: ids.get(this.firstPath.get(f.id) ?? '') ?? 0 },
            { int4: f.exact },
            { int4: f.abstract },
          ]),
        ),
      );
    const touched = [...this.touched];
    if (touched.length === 0) return;
    const mark = Math.max(((await metaNumbers(this.conn)).get('next_segment') ?? 1) - 1, 0);
    for (let i = 0; i < touched.length; i += BATCH) {
      const part = touched.slice(i, i + BATCH);
      const least = await q.query<{ file_id: number; path: string }>(
        `SELECT file_id, min(path) AS path FROM members WHERE file_id = ANY($1::int[]) GROUP BY file_id`,
        [part],
      );
      const firstOf = new Map(least.rows.map((r) => [r.file_id, r.path]));
      const pids = await this.pathIds([...firstOf.values()]);
      const keep = [...firstOf.keys()];
      await q.query(
        `UPDATE files f SET path_id = v.pid FROM unnest($1::int[], $2::int[]) AS v(id, pid) WHERE f.id = v.id`,
        [keep, keep.map((id) => pids.get(firstOf.get(id)!)!)],
      );
      const gone = part.filter((id) => !firstOf.has(id));
      if (gone.length === 0) continue;
      const dropped = await q.query<{ exact_count: number; abstract_count: number }>(
        `DELETE FROM files WHERE id = ANY($1::int[]) RETURNING exact_count, abstract_count`,
        [gone],
      );
      for (const r of dropped.rows) {
        this.fps.exact -= r.exact_count;
        this.fps.abstract -= r.abstract_count;
        this.filesDelta--;
      }
      await q.query(
        `INSERT INTO tombstones (file_id, segment) SELECT unnest($1::int[]), $2
         ON CONFLICT (file_id) DO UPDATE SET segment = excluded.segment`,
        [gone, mark],
      );
    }
  }

  async commit(onProgress: ProgressListener = () => {}): Promise<IndexReport> {
    const conn = this.conn;
    onProgress({ kind: 'start', stage: 'index', total: 0 });
    try {
      await this.run(async () => {
        await this.flushMembers();
        await this.flush();
        await this.settleFiles();
        const meta = await metaNumbers(conn);
        await putMeta(conn, {
          next_file: this.nextFile,
          files: (meta.get('files') ?? 0) + this.filesDelta,
          fingerprints_exact: (meta.get('fingerprints_exact') ?? 0) + this.fps.exact,
          fingerprints_abstract: (meta.get('fingerprints_abstract') ?? 0) + this.fps.abstract,
        });
        await conn.client.query('COMMIT');
      });
      this.open = false;
      // housekeeping in transactions of its own: the ingest above is complete whatever happens from here
      const merged = await this.run(() => housekeeping(conn, Math.max(MERGE_MIN, MERGE_FACTOR * this.added), false));
      onProgress({ kind: 'end', stage: 'index' });
      return await this.run(() => indexReport(conn, merged));
    } finally {
      if (this.open) {
        this.open = false;
        await conn.client.query('ROLLBACK').catch(() => {});
      }
      await disconnect(conn);
    }
  }

  async rollback(): Promise<void> {
    if (this.open) {
      this.open = false;
      await this.conn.client.query('ROLLBACK').catch(() => {});
    }
    await disconnect(this.conn);
  }
}

/** Merges every segment of the corpus into one (dropping removed files' postings); also upgrades an old schema. */
export async function optimizePg(url: string, onProgress: ProgressListener = () => {}): Promise<IndexReport> {
  const conn = await beginWrite(url, onProgress);
  try {
    return await pgGuard(conn, async () => {
      const segments = await listSegments(conn);
      const total = segments.reduce((n, s) => n + s.postings[0] + s.postings[1], 0);
      onProgress({ kind: 'start', stage: 'optimize', total });
      const inputs = pickMerge(segments, true);
      const merged = inputs ? await mergeSegments(conn, inputs) : 0;
      await conn.client.query(`DELETE FROM paths WHERE id NOT IN (SELECT path_id FROM files)`);
      await conn.client.query('COMMIT');
      await conn.client.query('ANALYZE');
      onProgress({ kind: 'end', stage: 'optimize' });
      return indexReport(conn, merged);
    });
  } finally {
    await conn.client.query('ROLLBACK').catch(() => {});
    await disconnect(conn);
  }
}

/** Ids per batched look-up of file facts. */
const LOOKUP_BATCH = 5_000;

/** Reads a PostgreSQL corpus; see CorpusReader. Holds one REPEATABLE READ READ ONLY transaction until closed. */
export class PgReader implements CorpusReader {
  readonly info: CorpusInfo;
  readonly files: number;
  private readonly pathCache = new Map<number, number>();
  private readonly rowCache = new Map<number, FileRow>();
  private readonly memberCache = new Map<number, Member[]>();
  private readonly noticeCache = new Map<number, Map<string, string[]>>();

  private constructor(
    private readonly conn: PgConnection,
    private readonly index: SegmentIndex,
    info: CorpusInfo,
  ) {
    this.info = info;
    this.files = info.files;
  }

  /** Connects and opens the snapshot every later call reads. */
  static async open(url: string, named: Pick<CorpusInfo, 'path' | 'label'>): Promise<PgReader> {
    const conn = await connect(url);
    try {
      return await pgGuard(conn, async () => {
        await conn.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
        const schemaVersion = await checkIdentity(conn, false);
        const facts = await conn.client.query<{
          sources: number;
          files: string | null;
          fps: string;
          build: string | null;
        }>(
          `SELECT (SELECT count(*)::int FROM sources) AS sources,
                  (SELECT value FROM meta WHERE key = 'files') AS files,
                  (SELECT coalesce(sum(value::bigint), 0)::text FROM meta
                    WHERE key IN ('fingerprints_exact', 'fingerprints_abstract')) AS fps,
                  (SELECT value FROM meta WHERE key = 'build') AS build`,
        );
        const f = facts.rows[0]!;
        const index = new SegmentIndex(await listSegments(conn), await readTombstones(conn));
        return new PgReader(conn, index, {
          ...named,
          sources: f.sources,
          files: Number(f.files ?? 0),
          fingerprints: Number(f.fps),
          schemaVersion,
          ...(f.build ? { version: f.build } : {}),
        });
      });
    } catch (err) {
      await disconnect(conn);
      throw err;
    }
  }

  async postings(
    hashes: Readonly<Record<Channel, Uint32Array>>,
    caps: Readonly<Record<Channel, number>>,
  ): Promise<HostPostings> {
    const l = this.index.begin([hashes.exact, hashes.abstract]);
    const read = (text: string, values: unknown[]) =>
      pgGuard(this.conn, async () => {
        const r = await this.conn.client.query<[number, Buffer]>({ text, values, rowMode: 'array' });
        return r.rows;
      });
    const rows =
      l.keys.length === 0 ? [] : await read(`SELECT key, data FROM postings WHERE key = ANY($1::int8[])`, [l.keys]);
    const [e, a] = pgGuardSync(this.conn, () => this.index.finish(l, rows, [caps.exact, caps.abstract]));
    // segments this reader asks for often are read whole, one round trip per channel, and kept
    for (const s of l.promote) {
      const range = (c: number) =>
        read(`SELECT key, data FROM postings WHERE key BETWEEN $1 AND $2 ORDER BY key`, [
          rowKey(s.id, c, 0),
          rowKey(s.id, c, 2 ** 25 - 1),
        ]);
      this.index.keepResident(s, [await range(0), await range(1)]);
    }
    return { exact: { records: e.data, count: e.length }, abstract: { records: a.data, count: a.length } };
  }

  /** Runs `sql` ($1 = an int[] of ids) over the ids not cached yet, in batches. */
  private async batched<R extends object>(
    ids: ReadonlyArray<number>,
    have: (id: number) => boolean,
    sql: string,
    each: (r: R) => void,
  ): Promise<number[]> {
    const missing = [...new Set(ids)].filter((id) => !have(id));
    await pgGuard(this.conn, async () => {
      for (let i = 0; i < missing.length; i += LOOKUP_BATCH) {
        const r = await this.conn.client.query<R>(sql, [missing.slice(i, i + LOOKUP_BATCH)]);
        for (const row of r.rows) each(row);
      }
    });
    return missing;
  }

  async firstPaths(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, number>> {
    await this.batched<{ id: number; path_id: number }>(
      fileIds,
      (id) => this.pathCache.has(id),
      `SELECT id, path_id FROM files WHERE id = ANY($1::int[])`,
      (r) => this.pathCache.set(r.id, r.path_id),
    );
    const out = new Map<number, number>();
    for (const id of fileIds) {
      const p = this.pathCache.get(id);
      if (p !== undefined) out.set(id, p);
    }
    return out;
  }

  async fileRows(fileIds: ReadonlyArray<number>): Promise<ReadonlyArray<FileRow>> {
    await this.batched<{ id: number; lines: number; language: string }>(
      fileIds,
      (id) => this.rowCache.has(id),
      `SELECT id, lines, language FROM files WHERE id = ANY($1::int[])`,
      (r) => this.rowCache.set(r.id, { id: r.id, lines: r.lines, language: r.language }),
    );
    const out: FileRow[] = [];
    for (const id of fileIds) {
      const r = this.rowCache.get(id);
      if (r) out.push(r);
    }
    return out;
  }

  async members(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, ReadonlyArray<Member>>> {
    const missing = await this.batched<Member & { fileId: number }>(
      fileIds,
      (id) => this.memberCache.has(id),
      `SELECT m.file_id AS "fileId", s.id AS "sourceId", s.name AS name, s.version AS version, s.purl AS purl,
              m.path AS path, coalesce(f.header_license, m.license, s.license) AS license
         FROM members m JOIN sources s ON s.id = m.source_id JOIN files f ON f.id = m.file_id
        WHERE m.file_id = ANY($1::int[])
        ORDER BY m.file_id, s.name, s.version, m.path`,
      ({ fileId, ...m }) => {
        let list = this.memberCache.get(fileId);
        if (!list) {
          list = [];
          this.memberCache.set(fileId, list);
        }
        list.push(m);
      },
    );
    for (const id of missing) if (!this.memberCache.has(id)) this.memberCache.set(id, []);
    return new Map(fileIds.map((id) => [id, this.memberCache.get(id) ?? []]));
  }

  async notices(sourceId: number): Promise<ReadonlyMap<string, ReadonlyArray<string>>> {
    let found = this.noticeCache.get(sourceId);
    if (found) return found;
    const byPath = new Map<string, string[]>();
    const r = await pgGuard(this.conn, () =>
      this.conn.client.query<{ path: string; statement: string }>(
        `SELECT path, statement FROM notices WHERE source_id = $1 ORDER BY path, seq`,
        [sourceId],
      ),
    );
    for (const row of r.rows) {
      let list = byPath.get(row.path);
      if (!list) {
        list = [];
        byPath.set(row.path, list);
      }
      list.push(row.statement);
    }
    found = byPath;
    this.noticeCache.set(sourceId, found);
    return found;
  }

  async close(): Promise<void> {
    await this.conn.client.query('COMMIT').catch(() => {});
    await disconnect(this.conn);
  }
}

function pgGuardSync<T>(conn: PgConnection, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw new CorpusError(
      conn.name,
      (err as Error).message.split('\n')[0] ?? 'damaged postings row',
      'rebuild the corpus',
    );
  }
}

export interface PgSourceRow {
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
  readonly license: string;
  readonly origin: string | null;
  readonly added: string | null;
  readonly files: number;
  readonly skipped: number;
  readonly bytes: number;
}

/** Opens a read snapshot of the corpus for one administrative query (list, stats). */
async function withSnapshot<T>(url: string, fn: (conn: PgConnection, version: number) => Promise<T>): Promise<T> {
  const conn = await connect(url);
  try {
    return await pgGuard(conn, async () => {
      await conn.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = await checkIdentity(conn, false);
      const out = await fn(conn, version);
      await conn.client.query('COMMIT');
      return out;
    });
  } finally {
    await disconnect(conn);
  }
}

/** Every source of the corpus, by name and version. */
export function listPgSources(url: string): Promise<PgSourceRow[]> {
  return withSnapshot(url, async (conn) => {
    const r = await conn.client.query<PgSourceRow & { bytes: number }>(
      `SELECT name, version, purl, license, origin, added, files, skipped, bytes FROM sources ORDER BY name, version`,
    );
    return r.rows.map((row) => ({ ...row, version: row.version === '' ? null : row.version }));
  });
}

export interface PgStats {
  readonly schemaVersion: number;
  readonly copyrights: number;
  readonly sources: number;
  readonly files: number;
  readonly paths: number;
  readonly bytes: number;
  readonly fingerprints: Record<Channel, number>;
  readonly postings: Record<Channel, number>;
  readonly segments: number;
  readonly removedFiles: number;
  readonly mergePending: boolean;
  /** Tables and their indexes, in bytes. */
  readonly sizeBytes: number;
  /** The postings table alone: its rows (with TOAST) and its primary key index, in bytes. */
  readonly postingsTableBytes: number;
  readonly postingsIndexBytes: number;
}

const TABLES = [
  'meta',
  'schema_migrations',
  'sources',
  'paths',
  'files',
  'members',
  'notices',
  'segments',
  'postings',
  'tombstones',
];

/** Counts for `provscan corpus stats`. */
export function pgCorpusStats(url: string): Promise<PgStats> {
  return withSnapshot(url, async (conn, schemaVersion) => {
    const one = async (sql: string, params: unknown[] = []) =>
      Number((await conn.client.query<{ n: unknown }>(sql, params)).rows[0]?.n ?? 0);
    const meta = await metaNumbers(conn);
    const segments = await listSegments(conn);
    return {
      schemaVersion,
      copyrights: await one(`SELECT count(*) AS n FROM notices`),
      sources: await one(`SELECT count(*) AS n FROM sources`),
      files: meta.get('files') ?? 0,
      paths: await one(`SELECT count(*) AS n FROM members`),
      bytes: await one(`SELECT coalesce(sum(bytes), 0) AS n FROM sources`),
      fingerprints: { exact: meta.get('fingerprints_exact') ?? 0, abstract: meta.get('fingerprints_abstract') ?? 0 },
      postings: {
        exact: segments.reduce((n, s) => n + s.postings[0], 0),
        abstract: segments.reduce((n, s) => n + s.postings[1], 0),
      },
      segments: segments.length,
      removedFiles: await one(`SELECT count(*) AS n FROM tombstones`),
      mergePending: pickMerge(segments, false) !== undefined,
      sizeBytes: await one(`SELECT sum(pg_total_relation_size(to_regclass(t))) AS n FROM unnest($1::text[]) AS t`, [
        TABLES,
      ]),
      postingsTableBytes: await one(`SELECT pg_table_size('postings') AS n`),
      postingsIndexBytes: await one(`SELECT pg_indexes_size('postings') AS n`),
    };
  });
}
