// The PostgreSQL corpus store's reader: the CorpusReader of src/corpus/backend.ts, and the queries behind
// `corpus list` and `corpus stats`. A reader holds one REPEATABLE READ READ ONLY transaction for its life, so it sees
// one committed corpus whatever is ingested or merged meanwhile; a host file's postings are one query.
import type { Channel } from '../fingerprint/types.js';
import type { CorpusInfo } from '../model.js';
import type { CorpusReader, FileRow, HostPostings, Member } from './backend.js';
import { checkIdentity, connect, describePg, disconnect, type PgConnection, pgGuard } from './pg-schema.js';
import { DamagedRow } from './segment-codec.js';
import { PgSegmentIndex } from './pg-lookup.js';
import { listSegments, metaNumbers, pgKey, readTombstones } from './pg-segments.js';
import { pickMerge } from './segments.js';

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
    private readonly index: PgSegmentIndex,
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
        const index = new PgSegmentIndex(await listSegments(conn), await readTombstones(conn));
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
          pgKey(s.id, c, 0),
          pgKey(s.id, c, 2 ** 25 - 1),
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

/** Runs `fn` (decoding rows), a damaged row becoming a CorpusError naming the database. */
function pgGuardSync<T>(conn: PgConnection, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DamagedRow) throw describePg(conn.name, err);
    throw err;
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
/** Runs `fn` in a read-only snapshot of the corpus; `orEmpty`: an empty database is taken (version 0), not refused. */
async function withSnapshot<T>(
  url: string,
  fn: (conn: PgConnection, version: number) => Promise<T>,
  orEmpty = false,
): Promise<T> {
  const conn = await connect(url);
  try {
    return await pgGuard(conn, async () => {
      await conn.client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      const version = await checkIdentity(conn, orEmpty);
      const out = await fn(conn, version);
      await conn.client.query('COMMIT');
      return out;
    });
  } finally {
    await disconnect(conn);
  }
}

/** Every source of the corpus, by name and version; `orEmpty`: none in an empty database (a corpus to create). */
export function listPgSources(url: string, orEmpty = false): Promise<PgSourceRow[]> {
  return withSnapshot(
    url,
    async (conn, version) => {
      if (version === 0) return [];
      const r = await conn.client.query<PgSourceRow & { bytes: number }>(
        `SELECT name, version, purl, license, origin, added, files, skipped, bytes FROM sources ORDER BY name, version`,
      );
      return r.rows.map((row) => ({ ...row, version: row.version === '' ? null : row.version }));
    },
    orEmpty,
  );
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
