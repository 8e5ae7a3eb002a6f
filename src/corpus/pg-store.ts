// The PostgreSQL corpus store's writer: the CorpusWriter of src/corpus/backend.ts over one database (schema in
// pg-schema.ts, the index in pg-segments.ts — the SQLite store's segments, same rows and keys, so a corpus gives the
// same postings, and the same matches, in either store).
//
// An ingest is one transaction: sources go in as they start, postings, files, members and copyright statements with
// binary COPY, the counts last, so a killed ingest leaves nothing. Ingests into one corpus take an advisory lock and
// run one after the other; merges run after the commit, each in a transaction of its own.
import { CorpusError } from '../errors.js';
import type { Channel } from '../fingerprint/types.js';
import type { ProgressListener } from '../model.js';
import type { CorpusWriter, IndexReport, NewContent, SourceInfo } from './backend.js';
import { copyRow } from './pg-copy.js';
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
import {
  copyIn,
  housekeeping,
  indexReport,
  listSegments,
  mergeSegments,
  metaNumbers,
  putMeta,
  readTombstones,
  writeSegment,
} from './pg-segments.js';
import { Records } from './segment-codec.js';
import { pickMerge } from './segments.js';

/** File ids are stored as varints of up to 32 bits; keep well inside (as the SQLite store). */
const MAX_FILES = 2 ** 31;
/** Postings an ingest buffers before it writes them as a segment (about 20 bytes each in memory). */
const SEGMENT_POSTINGS = 8_000_000;
/** Merge work after an ingest, in input postings per posting it added, and at least (as the SQLite store). */
const MERGE_FACTOR = 8;
const MERGE_MIN = 2 ** 18;
/** Values per array parameter of a batched statement. */
const BATCH = 10_000;
/** How long an ingest waits for another one into the same corpus before it gives up. */
const LOCK_WAIT = '30min';

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
  /** The first segment id this writer can create: new contents' postings are in segments from here on. */
  private readonly since: number;
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
    this.since = Math.max(1, meta.get('next_segment') ?? 1);
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
        'files (id, sha256, lines, tokens, language, header_license, path_id, exact_count, abstract_count, since)',
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
            { int4: this.since },
          ]),
        ),
      );
    const touched = [...this.touched];
    if (touched.length === 0) return;
    // postings are flushed before this runs: a content dropped in this same ingest is a tombstone for them too
    const until = Math.max(((await metaNumbers(this.conn)).get('next_segment') ?? 1) - 1, 0);
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
      const dropped = await q.query<{ id: number; exact_count: number; abstract_count: number; since: number }>(
        `DELETE FROM files WHERE id = ANY($1::int[]) RETURNING id, exact_count, abstract_count, since`,
        [gone],
      );
      for (const r of dropped.rows) {
        this.fps.exact -= r.exact_count;
        this.fps.abstract -= r.abstract_count;
        this.filesDelta--;
      }
      // the file's postings are in segments created from its ingest (since) to now (until)
      await q.query(
        `INSERT INTO tombstones (file_id, since, until) SELECT unnest($1::int[]), unnest($2::int[]), $3
         ON CONFLICT (file_id) DO UPDATE SET since = excluded.since, until = excluded.until`,
        [dropped.rows.map((r) => r.id), dropped.rows.map((r) => r.since), until],
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
      try {
        const merged = await this.run(() => housekeeping(conn, Math.max(MERGE_MIN, MERGE_FACTOR * this.added), false));
        onProgress({ kind: 'end', stage: 'index' });
        return await this.run(() => indexReport(conn, merged));
      } catch (err) {
        const problem =
          err instanceof CorpusError ? err.message.slice(err.file.length + 2) : String((err as Error).message);
        throw new CorpusError(
          conn.name,
          `the ingest is committed, but merging segments after it failed: ${problem}`,
          'the next ingest or `provscan corpus optimize` merges them',
        );
      }
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
      const inputs = pickMerge(segments, true, await readTombstones(conn));
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
