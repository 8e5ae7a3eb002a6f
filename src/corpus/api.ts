// The corpus operations behind `provscan corpus add | list | stats | remove`: detect what kind of input was given,
// validate before anything is written, and report.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { ProgressListener } from '../model.js';
import { isSpdxExpression } from '../license/expression.js';
import { DEFAULT_CORPUS } from '../paths.js';
import type { IndexReport } from './backend.js';
import { isPostgresUrl, redactDbUrl } from '../util/db-location.js';
import { CHANNELS, commonThreshold } from './postings.js';
import { currentParams, guard, openRead, openWrite } from './schema.js';
import { CHANNEL_INDEX, listSegments, mergePending } from './segments.js';
import { optimizeCorpus as optimizeSegments } from './sqlite-store.js';
import { type IngestReport, ingestSources, removeSource } from './store.js';
import type { LeftOut } from './ingest/npm.js';
import { type CorpusInputKind, openInput } from './inputs.js';

export { type CorpusInputKind, detectInput } from './inputs.js';

// The PostgreSQL store (and the pg client) load only for a postgres:// corpus.
const pgStore = () => import('./pg-store.js');
const pgReader = () => import('./pg-reader.js');

export interface AddOptions {
  readonly db: string;
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
  /** Treat the input as npm package(s) (tarball, folder with package.json). */
  readonly npm?: boolean;
  /** Treat the folder as a Debian source tree (debian/copyright, DEP-5). */
  readonly debian?: boolean;
  /** A sources file used instead of the machine's apt sources for `deb:` specs. */
  readonly aptSources?: string;
  readonly onProgress?: ProgressListener;
}

/** Adds `target` to the corpus `o.db`. Everything is validated before the database is opened. */
export async function addToCorpus(
  target: string,
  o: AddOptions,
): Promise<IngestReport & { kind: CorpusInputKind; leftOut: ReadonlyArray<LeftOut> }> {
  if (o.license !== undefined && !isSpdxExpression(o.license)) {
    throw new UsageError(`--license: "${o.license}" is not a valid SPDX license expression`);
  }
  assertWritable(o.db);
  const input = await openInput(target, o);
  try {
    const report = await ingestSources(o.db, input.sources, o.onProgress);
    return { ...report, kind: input.kind, leftOut: input.leftOut };
  } finally {
    input.dispose();
  }
}

/** The bundled default corpus is never written (unless it is being rebuilt by fingerprints/build.mjs). */
export function assertWritable(db: string): void {
  if (isPostgresUrl(db)) return;
  if (resolve(db) === DEFAULT_CORPUS && process.env['PROVSCAN_BUILD_DEFAULT_CORPUS'] !== '1') {
    throw new UsageError(`--db: ${db} is the bundled default corpus, which is never written; use another file`);
  }
}

export interface SourceRow {
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

/** Every source in the corpus, by name and version; `orEmpty`: none in an empty PostgreSQL database. */
export async function listCorpus(db: string, orEmpty = false): Promise<SourceRow[]> {
  if (isPostgresUrl(db)) return (await pgReader()).listPgSources(db, orEmpty);
  const conn = openRead(db);
  try {
    return guard(db, () =>
      (
        conn
          .prepare(
            `SELECT name, version, purl, license, origin, added, files, skipped, bytes FROM sources ORDER BY name, version`,
          )
          .all() as SourceRow[]
      ).map((r) => ({ ...r, version: r.version === '' ? null : r.version })),
    );
  } finally {
    conn.close();
  }
}

export interface CorpusStats {
  readonly path: string;
  readonly schemaVersion: number;
  readonly parameters: Record<string, string>;
  /** Copyright statements kept for attribution notices. */
  readonly copyrights: number;
  readonly sources: number;
  /** Distinct contents (identical files across sources count once). */
  readonly files: number;
  /** File memberships (paths in sources). */
  readonly paths: number;
  readonly bytes: number;
  /** Fingerprints of the corpus's files, per channel. */
  readonly fingerprints: Record<string, number>;
  /** Postings stored per channel (removed files' postings not dropped yet included). */
  readonly postings: Record<string, number>;
  /** Segments the inverted index is in (one after `corpus optimize`). */
  readonly segments: number;
  /** Removed files whose postings are still stored (dropped by merges). */
  readonly removedFiles: number;
  /** Whether a merge is under way or due (the next ingests, or `corpus optimize`, do it). */
  readonly mergePending: boolean;
  /** A hash held by files at more than this many distinct paths is common (never matched). */
  readonly commonThreshold: number;
  /** The database file and its write-ahead log, in bytes (PostgreSQL: the corpus's tables and indexes). */
  readonly sizeBytes: number;
  /** PostgreSQL only: the postings table (rows and TOAST) and its primary key index, in bytes. */
  readonly postingsTableBytes?: number;
  readonly postingsIndexBytes?: number;
}

/** Counts for `provscan corpus stats` (opening a writable corpus also upgrades an older schema). */
export async function corpusStats(db: string): Promise<CorpusStats> {
  if (isPostgresUrl(db)) {
    const s = await (await pgReader()).pgCorpusStats(db);
    return { path: redactDbUrl(db), parameters: currentParams(), commonThreshold: commonThreshold(s.files), ...s };
  }
  if (existsSync(db) && resolve(db) !== DEFAULT_CORPUS) {
    try {
      openWrite(db).close();
    } catch {
      // read-only file or locked: the read-only open below reports the real problem
    }
  }
  const conn = openRead(db);
  try {
    return guard(db, () => {
      const one = (sql: string) => Number((conn.prepare(sql).pluck().get() as number | string | null) ?? 0);
      const files = one(`SELECT value FROM meta WHERE key = 'files'`);
      const segments = listSegments(conn);
      const fingerprints: Record<string, number> = {};
      const postings: Record<string, number> = {};
      for (const ch of CHANNELS) {
        fingerprints[ch] = one(`SELECT value FROM meta WHERE key = 'fingerprints_${ch}'`);
        postings[ch] = segments.reduce((n, s) => n + s.postings[CHANNEL_INDEX[ch]], 0);
      }
      const size = (f: string) => (existsSync(f) ? statSync(f).size : 0);
      return {
        path: db,
        schemaVersion: conn.pragma('user_version', { simple: true }) as number,
        parameters: currentParams(),
        copyrights: one(`SELECT count(*) FROM notices`),
        sources: one(`SELECT count(*) FROM sources`),
        files,
        paths: one(`SELECT count(*) FROM members`),
        bytes: one(`SELECT coalesce(sum(bytes), 0) FROM sources`),
        fingerprints,
        postings,
        segments: segments.length,
        removedFiles: one(`SELECT count(*) FROM tombstones`),
        mergePending: mergePending(conn),
        commonThreshold: commonThreshold(files),
        sizeBytes: size(db) + size(`${db}-wal`),
      };
    });
  } finally {
    conn.close();
  }
}

function writable(db: string): void {
  if (isPostgresUrl(db)) return;
  if (resolve(db) === DEFAULT_CORPUS && process.env['PROVSCAN_BUILD_DEFAULT_CORPUS'] !== '1')
    throw new UsageError(`--db: ${db} is the bundled default corpus, which is never written`);
  if (!existsSync(db)) throw new InputError(db, 'no such corpus database');
}

/** `NAME` or `NAME@VERSION` (a scoped `@scope/name@1.0` too). */
export async function removeFromCorpus(db: string, spec: string): Promise<number> {
  writable(db);
  const at = spec.lastIndexOf('@');
  const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
  return removeSource(db, name, version);
}

/**
 * Merges the corpus's segments into one and drops the postings of removed files (`provscan corpus optimize`); also
 * upgrades an older schema. Interrupted, it leaves a consistent corpus that the next run finishes.
 */
export async function optimizeCorpus(db: string, onProgress?: ProgressListener): Promise<IndexReport> {
  writable(db);
  if (isPostgresUrl(db)) return (await pgStore()).optimizePg(db, onProgress);
  return optimizeSegments(db, onProgress);
}
