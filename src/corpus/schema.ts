// The corpus database: schema, migrations (`PRAGMA user_version`), and opening it safely. Every SQLite failure on
// open (not a database, corrupted, locked, made by another program or other fingerprint parameters) becomes a
// CorpusError naming the file, so the CLI prints one line and exits 2.
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type Database from 'better-sqlite3';
import { CorpusError } from '../errors.js';
import { ABSTRACT_K, ABSTRACT_W, EXACT_K, EXACT_W, FINGERPRINT_VERSION } from './engine.js';
import { migrateToSegments } from './migrate.js';
import { DamagedRow } from './segment-codec.js';

export type Db = Database.Database;

// better-sqlite3 (a native addon, ~100 ms to load) loads on the first open, not when src/index.ts is imported:
// commands that never touch a corpus start without it.
let sqlite: typeof Database | undefined;
function Sqlite(): typeof Database {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return sqlite;
}

// better-sqlite3 finds its addon through the `bindings` package, which probes a dozen paths (~8 ms); the addon
// built by `npm install` is named directly when it is where that build puts it.
let addon: string | null | undefined;
function nativeBinding(): { nativeBinding: string } | Record<string, never> {
  if (addon === undefined) {
    try {
      const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
      const built = join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node');
      addon = existsSync(built) ? built : null;
    } catch {
      addon = null;
    }
  }
  return addon ? { nativeBinding: addon } : {};
}

export const FORMAT = 'provscan-corpus';

/** The current schema, created at once in a new database. */
const SCHEMA = `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value) WITHOUT ROWID;
  CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    version TEXT NOT NULL DEFAULT '',
    purl TEXT,
    license TEXT NOT NULL,
    origin TEXT,
    added TEXT,
    files INTEGER NOT NULL DEFAULT 0,
    skipped INTEGER NOT NULL DEFAULT 0,
    bytes INTEGER NOT NULL DEFAULT 0,
    UNIQUE (name, version)
  );
  -- One row per distinct content: identical files in several sources are stored (and fingerprinted) once. Ids are
  -- never reused (meta next_file): a segment may hold a removed file's postings until a merge drops them.
  -- path_id is the file's first member path (paths.id), the unit in which the common-hash rule counts holders;
  -- since is the first segment id that can hold the file's postings (segments are numbered in order of creation).
  CREATE TABLE files (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL UNIQUE,
    lines INTEGER NOT NULL,
    tokens INTEGER NOT NULL,
    language TEXT NOT NULL,
    header_license TEXT,
    path_id INTEGER NOT NULL,
    exact_count INTEGER NOT NULL,
    abstract_count INTEGER NOT NULL,
    since INTEGER NOT NULL
  );
  CREATE TABLE paths (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
  -- Membership: where a content appears, with the path-level license (DEP-5 stanza) when one applies.
  CREATE TABLE members (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    file_id INTEGER NOT NULL REFERENCES files(id),
    path TEXT NOT NULL,
    license TEXT,
    PRIMARY KEY (source_id, path)
  ) WITHOUT ROWID;
  CREATE INDEX members_file ON members(file_id);
  -- Copyright statements, for the attribution notices permissive licenses require. path '' holds the statements of
  -- the whole source (its LICENSE / NOTICE / AUTHORS files, DEP-5 Copyright fields).
  CREATE TABLE notices (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    seq INTEGER NOT NULL,
    statement TEXT NOT NULL,
    PRIMARY KEY (source_id, path, seq)
  ) WITHOUT ROWID;
  -- The inverted index in segments (src/corpus/segments.ts), each in a table of its own, seg_<id>(key, data): rows of
  -- one block of one channel, keyed channel × 2^25 + block.
  CREATE TABLE segments (
    id INTEGER PRIMARY KEY,
    exact_bits INTEGER NOT NULL,
    abstract_bits INTEGER NOT NULL,
    exact_postings INTEGER NOT NULL,
    abstract_postings INTEGER NOT NULL,
    exact_hashes INTEGER NOT NULL,
    abstract_hashes INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    bytes INTEGER NOT NULL,
    state TEXT NOT NULL
  );
  -- Removed files whose postings segments may still hold: those with ids from since to until (the last segment id
  -- allocated at the removal).
  CREATE TABLE tombstones (file_id INTEGER PRIMARY KEY, since INTEGER NOT NULL, until INTEGER NOT NULL);
`;

/**
 * Upgrades of older databases; index i upgrades a database from user_version i + 1 to i + 2 (a new database is
 * created at the current schema directly). Schema 3 replaced the per-file fingerprint BLOBs and the single-row
 * inverted index with segments (src/corpus/migrate.ts).
 */
const MIGRATIONS: ReadonlyArray<(db: Db) => void> = [
  // 2: copyright statements
  (db) =>
    db.exec(`
    CREATE TABLE notices (
      source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
      path TEXT NOT NULL,
      seq INTEGER NOT NULL,
      statement TEXT NOT NULL,
      PRIMARY KEY (source_id, path, seq)
    ) WITHOUT ROWID;`),
  // 3: segments
  (db) => migrateToSegments(db),
];

/** Oldest schema a read-only scan can use: older ones must be upgraded by a command that writes. */
const MIN_READ_SCHEMA = 3;

export const SCHEMA_VERSION = MIGRATIONS.length + 1;

/** The fingerprint parameters a database was built with; a scan with other parameters would find nothing. */
export function currentParams(): Record<string, string> {
  return {
    exact_k: String(EXACT_K),
    exact_w: String(EXACT_W),
    abstract_k: String(ABSTRACT_K),
    abstract_w: String(ABSTRACT_W),
    fingerprint_version: String(FINGERPRINT_VERSION),
  };
}

function describe(file: string, err: unknown): CorpusError {
  if (err instanceof CorpusError) return err;
  if (err instanceof DamagedRow) return new CorpusError(file, 'the database is corrupted', 'rebuild it');
  const e = err as { code?: string; message?: string };
  const code = e?.code ?? '';
  if (code === 'SQLITE_NOTADB') return new CorpusError(file, 'not a SQLite database (or encrypted)');
  if (code.startsWith('SQLITE_CORRUPT')) return new CorpusError(file, 'the database is corrupted', 'rebuild it');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new CorpusError(file, 'the database is locked by another process', 'wait for it to finish and retry');
  }
  if (code.startsWith('SQLITE_CANTOPEN')) return new CorpusError(file, 'cannot open the database');
  if (code.startsWith('SQLITE_READONLY')) return new CorpusError(file, 'the database is read-only');
  return new CorpusError(file, `cannot use the database: ${(e?.message ?? String(err)).split('\n')[0]}`);
}

/** Runs `fn` mapping any SQLite failure to a CorpusError naming `file`. */
export function guard<T>(file: string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    throw describe(file, err);
  }
}

function checkIdentity(file: string, db: Db, writable: boolean): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  const hasMeta = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'`).get() !== undefined;
  if (version === 0 && !hasMeta) {
    const tables = db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number };
    if (tables.n > 0 || !writable)
      throw new CorpusError(file, 'not a provscan corpus (a SQLite database of another program)');
    return; // a new, empty database: migrations create it
  }
  const format = hasMeta
    ? (db.prepare(`SELECT value FROM meta WHERE key = 'format'`).get() as { value: string } | undefined)
    : undefined;
  if (format?.value !== FORMAT)
    throw new CorpusError(file, 'not a provscan corpus (a SQLite database of another program)');
  if (version > SCHEMA_VERSION) {
    throw new CorpusError(
      file,
      `corpus schema ${version} is newer than this provscan supports (${SCHEMA_VERSION})`,
      'upgrade provscan',
    );
  }
  if (version < MIN_READ_SCHEMA && !writable) {
    throw new CorpusError(
      file,
      `corpus schema ${version} is older than ${MIN_READ_SCHEMA} (this provscan stores the index in segments)`,
      `run \`provscan corpus optimize --db ${file}\` once to upgrade it`,
    );
  }
  const params = currentParams();
  const stored = new Map(
    (db.prepare(`SELECT key, value FROM meta`).all() as Array<{ key: string; value: string }>).map((r) => [
      r.key,
      String(r.value),
    ]),
  );
  for (const [k, v] of Object.entries(params)) {
    if (stored.get(k) !== v) {
      throw new CorpusError(
        file,
        `built with other fingerprint parameters (${k} ${stored.get(k) ?? 'missing'}, this provscan uses ${v})`,
        'rebuild the corpus with this provscan version (`provscan corpus add` into a new --db file)',
      );
    }
  }
}

/** Whether the database needs an upgrade (a write-open performs it). */
function needsUpgrade(db: Db): boolean {
  const version = db.pragma('user_version', { simple: true }) as number;
  return version > 0 && version < SCHEMA_VERSION;
}

function migrate(db: Db): boolean {
  let version = db.pragma('user_version', { simple: true }) as number;
  if (version === 0) {
    db.transaction(() => {
      db.exec(SCHEMA);
      const put = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
      put.run('format', FORMAT);
      for (const [k, v] of Object.entries(currentParams())) put.run(k, v);
      db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
    return false;
  }
  const upgraded = version < SCHEMA_VERSION;
  while (version < SCHEMA_VERSION) {
    const step = MIGRATIONS[version - 1]!;
    const next = version + 1;
    db.transaction(() => {
      step(db);
      db.pragma(`user_version = ${next}`);
    })();
    version = next;
  }
  return upgraded;
}

/** Whether the database has a table (older schemas lack the ones later migrations add). */
function hasTable(db: Db, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

/**
 * What SQLite would misreport about a --db path ("disk I/O error" for a folder, "another program" for an empty file),
 * said plainly. A missing file is fine for writing (it is created).
 */
function checkDbPath(file: string, writable: boolean): void {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
      if (writable) return;
      throw new CorpusError(file, 'no such corpus database');
    }
    if ((err as NodeJS.ErrnoException).code === 'ENOTDIR')
      throw new CorpusError(file, 'a part of the path is a file, not a folder');
    throw describe(file, err);
  }
  if (st.isDirectory()) throw new CorpusError(file, 'is a folder, not a corpus database');
  if (!st.isFile()) throw new CorpusError(file, 'is not a regular file (a corpus database is a SQLite file)');
  if (st.size === 0 && !writable) {
    throw new CorpusError(
      file,
      'is an empty file (0 bytes), not a corpus database',
      'build one with `provscan corpus add … --db FILE`',
    );
  }
}

/** Opens a corpus for scanning: read-only, must exist, must be a provscan corpus with our parameters. */
export function openRead(file: string): Db {
  checkDbPath(file, false);
  return guard(file, () => {
    const db = new (Sqlite())(file, { readonly: true, fileMustExist: true, timeout: 2000, ...nativeBinding() });
    try {
      checkIdentity(file, db, false);
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  });
}

/** Opens (creating when missing) a corpus for writing: WAL, foreign keys, migrated to the current schema. */
export function openWrite(file: string): Db {
  checkDbPath(file, true);
  return guard(file, () => {
    const db = new (Sqlite())(file, { timeout: 2000, ...nativeBinding() });
    try {
      checkIdentity(file, db, true);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      // an upgrade rebuilds the files table (better-sqlite3 enforces foreign keys by default): enforced once it is done
      db.pragma('foreign_keys = OFF');
      if (migrate(db)) {
        // the old fingerprint BLOBs and index are free pages now: give them back
        db.exec('VACUUM');
      }
      db.pragma('foreign_keys = ON');
      return db;
    } catch (err) {
      db.close();
      throw err;
    }
  });
}
