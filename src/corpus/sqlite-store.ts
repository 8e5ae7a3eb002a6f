// The SQLite corpus store: one file per corpus (src/corpus/schema.ts), the inverted index in segments
// (src/corpus/segments.ts). Implements the store boundary of src/corpus/backend.ts.
import type { Statement } from 'better-sqlite3';
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
import { type Db, guard, openRead, openWrite } from './schema.js';
import { Records } from './segment-codec.js';
import { listSegments, mergeWork, readMerge, readTombstones, SegmentReader, writeSegment } from './segments.js';

/** File ids are stored as varints of up to 32 bits; keep well inside. */
const MAX_FILES = 2 ** 31;

/** Postings an ingest buffers before it writes them as a segment (about 20 bytes each in memory). */
const SEGMENT_POSTINGS = 8_000_000;

/**
 * Merge work an ingest does after its commit, in input postings per posting it added: the size-tiered policy
 * rewrites a posting about once per tier it climbs, so this keeps up with it while bounding any one ingest.
 */
const MERGE_FACTOR = 8;
/** Merge work at least done after an ingest (small ingests still move a pending merge on). */
const MERGE_MIN = 2 ** 18;
/** Merge work per transaction (each commits on its own, so the write-ahead log stays small). */
const MERGE_STEP = 2 ** 22;

/** Ids per batched look-up. */
const BATCH = 500;

function meta(db: Db, key: string): string | undefined {
  const v = db.prepare(`SELECT value FROM meta WHERE key = ?`).pluck().get(key);
  return v === undefined || v === null ? undefined : String(v);
}

function metaNumber(db: Db, key: string): number {
  const n = Number(meta(db, key) ?? 0);
  return Number.isFinite(n) ? n : 0;
}

/** UTF-8 byte order, as SQLite compares TEXT: the first member path of a file is the least in that order. */
function pathBefore(a: string, b: string): boolean {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0;
}

/** Writes one ingest or removal into a SQLite corpus; see CorpusWriter. */
export class SqliteWriter implements CorpusWriter {
  private open = true;
  private readonly records: Record<Channel, Records> = { exact: new Records(), abstract: new Records() };
  private nextFile: number;
  /** The first file id this writer allocates: ids from here on are new contents. */
  private readonly firstNewId: number;
  /** The first segment id this writer can create: new contents' postings are in segments from here on. */
  private readonly since: number;
  private filesDelta = 0;
  private readonly fps: Record<Channel, number> = { exact: 0, abstract: 0 };
  /** Postings added by this ingest (the merge budget grows with it). */
  private added = 0;
  /** New files and the least path they were added at so far. */
  private readonly firstPath = new Map<number, string>();
  /** Files that existed before and gained members, or any file that lost members: first path read again at commit. */
  private readonly touched = new Set<number>();
  private readonly st: {
    findFile: Statement;
    insertFile: Statement;
    insertMember: Statement;
    insertSource: Statement;
    updateSource: Statement;
    insertNotice: Statement;
  };

  private constructor(
    private readonly file: string,
    private readonly db: Db,
  ) {
    this.nextFile = Math.max(
      metaNumber(db, 'next_file'),
      ((db.prepare(`SELECT max(id) FROM files`).pluck().get() as number | null) ?? 0) + 1,
    );
    this.firstNewId = this.nextFile;
    this.since = Math.max(1, metaNumber(db, 'next_segment'));
    this.st = {
      findFile: db.prepare(`SELECT id FROM files WHERE sha256 = ?`).pluck(),
      insertFile: db.prepare(
        `INSERT INTO files (id, sha256, lines, tokens, language, header_license, path_id, exact_count, abstract_count,
           since) VALUES (?, ?, ?, ?, ?, ?, 0, ?, ?, ?)`,
      ),
      insertMember: db.prepare(
        `INSERT OR REPLACE INTO members (source_id, file_id, path, license) VALUES (?, ?, ?, ?)`,
      ),
      insertSource: db.prepare(
        `INSERT INTO sources (name, version, purl, license, origin, added) VALUES (?, ?, ?, ?, ?, ?)`,
      ),
      updateSource: db.prepare(`UPDATE sources SET files = ?, skipped = ?, bytes = ? WHERE id = ?`),
      insertNotice: db.prepare(`INSERT OR IGNORE INTO notices (source_id, path, seq, statement) VALUES (?, ?, ?, ?)`),
    };
  }

  /** Opens (creating when missing) the corpus at `file` and starts the write transaction. */
  static open(file: string): SqliteWriter {
    const db = openWrite(file);
    try {
      guard(file, () => db.exec('BEGIN IMMEDIATE'));
      return guard(file, () => new SqliteWriter(file, db));
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private run<T>(fn: () => T): T {
    return guard(this.file, fn);
  }

  /** Deletes the members and notices of the sources `ids`, remembering the files that lose members. */
  private dropSources(ids: ReadonlyArray<number>): void {
    const db = this.db;
    for (const id of ids) {
      for (const f of db
        .prepare(`SELECT DISTINCT file_id FROM members WHERE source_id = ?`)
        .pluck()
        .all(id) as number[])
        this.touched.add(f);
      db.prepare(`DELETE FROM notices WHERE source_id = ?`).run(id);
      db.prepare(`DELETE FROM members WHERE source_id = ?`).run(id);
      db.prepare(`DELETE FROM sources WHERE id = ?`).run(id);
    }
  }

  async beginSource(info: SourceInfo, added: string): Promise<number> {
    return this.run(() => {
      const version = info.version ?? '';
      this.dropSources(
        this.db
          .prepare(`SELECT id FROM sources WHERE name = ? AND version = ?`)
          .pluck()
          .all(info.name, version) as number[],
      );
      return Number(
        this.st.insertSource.run(info.name, version, info.purl ?? null, info.license, info.origin ?? null, added)
          .lastInsertRowid,
      );
    });
  }

  async findContent(sha256: string): Promise<number | undefined> {
    return this.run(() => this.st.findFile.get(sha256) as number | undefined);
  }

  async addContent(c: NewContent): Promise<number> {
    const id = this.nextFile++;
    if (id > MAX_FILES) throw new CorpusError(this.file, `more than ${MAX_FILES} distinct files in one corpus`);
    const { exact, abstract } = c.fingerprints;
    this.run(() =>
      this.st.insertFile.run(
        id,
        c.sha256,
        c.lines,
        c.tokens,
        c.language,
        c.headerLicense,
        exact.hashes.length,
        abstract.hashes.length,
        this.since,
      ),
    );
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
    if (this.records.exact.length + this.records.abstract.length >= SEGMENT_POSTINGS) this.flush();
    return id;
  }

  /** Writes the buffered postings as a segment. */
  private flush(): void {
    this.run(() => writeSegment(this.db, this.records));
    this.records.exact.clear();
    this.records.abstract.clear();
  }

  async addMember(sourceId: number, fileId: number, path: string, license: string | null): Promise<void> {
    this.run(() => this.st.insertMember.run(sourceId, fileId, path, license));
    if (fileId >= this.firstNewId) {
      const first = this.firstPath.get(fileId);
      if (first === undefined || pathBefore(path, first)) this.firstPath.set(fileId, path);
    } else this.touched.add(fileId);
  }

  async addNotice(sourceId: number, path: string, seq: number, statement: string): Promise<void> {
    this.run(() => this.st.insertNotice.run(sourceId, path, seq, statement));
  }

  async endSource(sourceId: number, counts: { files: number; skipped: number; bytes: number }): Promise<void> {
    this.run(() => this.st.updateSource.run(counts.files, counts.skipped, counts.bytes, sourceId));
  }

  async removeSources(name: string, version?: string): Promise<number> {
    return this.run(() => {
      const ids = (
        version === undefined
          ? this.db.prepare(`SELECT id FROM sources WHERE name = ?`).pluck().all(name)
          : this.db.prepare(`SELECT id FROM sources WHERE name = ? AND version = ?`).pluck().all(name, version)
      ) as number[];
      this.dropSources(ids);
      return ids.length;
    });
  }

  /** Files that lost every member become tombstones; the others get their first path again. */
  private settleFiles(): void {
    const db = this.db;
    const pathId = db.prepare(
      `INSERT INTO paths (path) VALUES (?) ON CONFLICT (path) DO UPDATE SET path = excluded.path RETURNING id`,
    );
    const setPath = db.prepare(`UPDATE files SET path_id = ? WHERE id = ?`);
    const least = db.prepare(`SELECT min(path) FROM members WHERE file_id = ?`).pluck();
    const counts = db.prepare(`SELECT exact_count, abstract_count, since FROM files WHERE id = ?`).raw();
    const drop = db.prepare(`DELETE FROM files WHERE id = ?`);
    const tomb = db.prepare(`INSERT OR REPLACE INTO tombstones (file_id, since, until) VALUES (?, ?, ?)`);
    const until = metaNumber(db, 'next_segment') - 1;
    for (const [id, path] of this.firstPath)
      if (!this.touched.has(id)) setPath.run((pathId.get(path) as { id: number }).id, id);
    for (const id of this.touched) {
      const path = least.get(id) as string | null;
      if (path !== null) {
        setPath.run((pathId.get(path) as { id: number }).id, id);
        continue;
      }
      const c = counts.get(id) as [number, number, number] | undefined;
      if (!c) continue;
      this.fps.exact -= c[0];
      this.fps.abstract -= c[1];
      this.filesDelta--;
      drop.run(id);
      tomb.run(id, c[2], until);
    }
  }

  async commit(onProgress: ProgressListener = () => {}): Promise<IndexReport> {
    const db = this.db;
    onProgress({ kind: 'start', stage: 'index', total: 0 });
    this.run(() => {
      // postings first: a content dropped in this same ingest must be a tombstone for the segment holding them too
      this.flush();
      this.settleFiles();
      const put = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
      put.run('next_file', String(this.nextFile));
      put.run('files', String(metaNumber(db, 'files') + this.filesDelta));
      for (const c of ['exact', 'abstract'] as const)
        put.run(`fingerprints_${c}`, String(metaNumber(db, `fingerprints_${c}`) + this.fps[c]));
      db.exec('COMMIT');
    });
    this.open = false;
    // Housekeeping in transactions of its own: the ingest above is complete whatever happens from here.
    let merged = 0;
    const budget = Math.max(MERGE_MIN, MERGE_FACTOR * this.added);
    try {
      while (merged < budget) {
        const step = this.run(() => {
          db.exec('BEGIN IMMEDIATE');
          try {
            const n = mergeWork(db, Math.min(MERGE_STEP, budget - merged));
            db.exec('COMMIT');
            return n;
          } catch (err) {
            db.exec('ROLLBACK');
            throw err;
          }
        });
        if (step === 0) break;
        merged += step;
      }
      onProgress({ kind: 'end', stage: 'index' });
      this.run(() => db.pragma('wal_checkpoint(TRUNCATE)'));
      const segments = this.run(() => listSegments(db));
      return {
        postings: segments.reduce((n, s) => n + s.postings[0] + s.postings[1], 0),
        segments: segments.length,
        merged,
      };
    } finally {
      db.close();
    }
  }

  async rollback(): Promise<void> {
    if (this.open) {
      this.open = false;
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // the transaction is gone already; nothing was committed
      }
    }
    if (this.db.open) this.db.close();
  }
}

/**
 * Merges every segment of the corpus at `file` into one and drops removed files' postings, in transactions of
 * bounded size (an interrupted optimize leaves a consistent corpus that the next one finishes).
 */
export function optimizeCorpus(file: string, onProgress: ProgressListener = () => {}): IndexReport {
  const db = openWrite(file);
  try {
    let merged = 0;
    const total = guard(file, () => listSegments(db).reduce((n, s) => n + s.postings[0] + s.postings[1], 0));
    onProgress({ kind: 'start', stage: 'optimize', total });
    for (;;) {
      const step = guard(file, () => {
        db.exec('BEGIN IMMEDIATE');
        try {
          const n = mergeWork(db, MERGE_STEP, true);
          db.exec('COMMIT');
          return n;
        } catch (err) {
          db.exec('ROLLBACK');
          throw err;
        }
      });
      merged += step;
      onProgress({ kind: 'tick', stage: 'optimize', done: Math.min(merged, total), total });
      if (step === 0) break;
    }
    guard(file, () => {
      db.prepare(`DELETE FROM paths WHERE id NOT IN (SELECT path_id FROM files)`).run();
      db.pragma('wal_checkpoint(TRUNCATE)');
    });
    onProgress({ kind: 'end', stage: 'optimize' });
    const segments = guard(file, () => listSegments(db));
    return {
      postings: segments.reduce((n, s) => n + s.postings[0] + s.postings[1], 0),
      segments: segments.length,
      merged,
    };
  } finally {
    db.close();
  }
}

/** Reads a SQLite corpus; see CorpusReader. Holds one read transaction (a snapshot) until closed. */
export class SqliteReader implements CorpusReader {
  readonly info: CorpusInfo;
  readonly files: number;
  private readonly index: SegmentReader;
  private readonly pathCache = new Map<number, number>();
  private readonly rowCache = new Map<number, FileRow>();
  private readonly memberCache = new Map<number, Member[]>();
  private readonly noticeCache = new Map<number, Map<string, string[]>>();
  private st: { paths?: Statement; rows?: Statement; members?: Statement; notices?: Statement } = {};

  private constructor(
    private readonly file: string,
    private readonly db: Db,
    info: Omit<CorpusInfo, 'sources' | 'files' | 'fingerprints' | 'schemaVersion' | 'version'>,
  ) {
    const facts = db
      .prepare(
        `SELECT (SELECT count(*) FROM sources) AS sources,
                (SELECT value FROM meta WHERE key = 'files') AS files,
                (SELECT coalesce(sum(value), 0) FROM meta
                  WHERE key IN ('fingerprints_exact', 'fingerprints_abstract')) AS fps,
                (SELECT value FROM meta WHERE key = 'build') AS build`,
      )
      .get() as { sources: number; files: string | null; fps: number; build: string | null };
    this.files = Number(facts.files ?? 0);
    this.info = {
      ...info,
      sources: facts.sources,
      files: this.files,
      fingerprints: Number(facts.fps),
      schemaVersion: db.pragma('user_version', { simple: true }) as number,
      ...(facts.build ? { version: facts.build } : {}),
    };
    this.index = new SegmentReader(db, listSegments(db), readTombstones(db), readMerge(db));
  }

  /** Opens the corpus at `file` read-only, as one snapshot. */
  static open(file: string, info: Pick<CorpusInfo, 'path' | 'label'>): SqliteReader {
    const db = openRead(file);
    try {
      return guard(file, () => {
        db.exec('BEGIN');
        return new SqliteReader(file, db, info);
      });
    } catch (err) {
      db.close();
      throw err;
    }
  }

  async postings(
    hashes: Readonly<Record<Channel, Uint32Array>>,
    caps: Readonly<Record<Channel, number>>,
  ): Promise<HostPostings> {
    const [e, a] = guard(this.file, () =>
      this.index.lookup([hashes.exact, hashes.abstract], [caps.exact, caps.abstract]),
    );
    return { exact: { records: e.data, count: e.length }, abstract: { records: a.data, count: a.length } };
  }

  async postingsBatch(
    hashes: Readonly<Record<Channel, Uint32Array>>,
    caps: Readonly<Record<Channel, number>>,
  ): Promise<HostPostings> {
    const [e, a] = guard(this.file, () =>
      this.index.lookupBatch([hashes.exact, hashes.abstract], [caps.exact, caps.abstract]),
    );
    return { exact: { records: e.data, count: e.length }, abstract: { records: a.data, count: a.length } };
  }

  /** Runs `sql` (one JSON array parameter) over the ids not cached yet, in batches. */
  private batched<R>(ids: ReadonlyArray<number>, have: (id: number) => boolean, st: Statement, each: (r: R) => void) {
    const missing = [...new Set(ids)].filter((id) => !have(id));
    guard(this.file, () => {
      for (let i = 0; i < missing.length; i += BATCH)
        for (const r of st.all(JSON.stringify(missing.slice(i, i + BATCH))) as R[]) each(r);
    });
    return missing;
  }

  async firstPaths(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, number>> {
    this.st.paths ??= this.db
      .prepare(`SELECT id, path_id FROM files WHERE id IN (SELECT value FROM json_each(?))`)
      .raw();
    this.batched<[number, number]>(
      fileIds,
      (id) => this.pathCache.has(id),
      this.st.paths,
      ([id, path]) => this.pathCache.set(id, path),
    );
    const out = new Map<number, number>();
    for (const id of fileIds) {
      const p = this.pathCache.get(id);
      if (p !== undefined) out.set(id, p);
    }
    return out;
  }

  async fileRows(fileIds: ReadonlyArray<number>): Promise<ReadonlyArray<FileRow>> {
    this.st.rows ??= this.db.prepare(
      `SELECT id, lines, language FROM files WHERE id IN (SELECT value FROM json_each(?))`,
    );
    this.batched<FileRow>(
      fileIds,
      (id) => this.rowCache.has(id),
      this.st.rows,
      (r) => this.rowCache.set(r.id, r),
    );
    const out: FileRow[] = [];
    for (const id of fileIds) {
      const r = this.rowCache.get(id);
      if (r) out.push(r);
    }
    return out;
  }

  async members(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, ReadonlyArray<Member>>> {
    this.st.members ??= this.db.prepare(
      `SELECT m.file_id AS fileId, s.id AS sourceId, s.name AS name, s.version AS version, s.purl AS purl,
              m.path AS path, coalesce(f.header_license, m.license, s.license) AS license
         FROM members m JOIN sources s ON s.id = m.source_id JOIN files f ON f.id = m.file_id
        WHERE m.file_id IN (SELECT value FROM json_each(?))
        ORDER BY m.file_id, s.name, s.version, m.path`,
    );
    const missing = this.batched<Member & { fileId: number }>(
      fileIds,
      (id) => this.memberCache.has(id),
      this.st.members,
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
    this.st.notices ??= this.db.prepare(`SELECT path, statement FROM notices WHERE source_id = ? ORDER BY path, seq`);
    for (const row of guard(this.file, () => this.st.notices!.all(sourceId)) as Array<{
      path: string;
      statement: string;
    }>) {
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
    if (!this.db.open) return;
    try {
      this.db.exec('COMMIT');
    } catch {
      // no transaction left to end
    }
    this.db.close();
  }
}
