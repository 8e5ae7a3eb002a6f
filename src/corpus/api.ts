// The corpus operations behind `provscan corpus add | list | stats | remove`: detect what kind of input was given,
// validate before anything is written, and report.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { ProgressListener } from '../model.js';
import { isSpdxExpression } from '../license/expression.js';
import { DEFAULT_CORPUS } from '../paths.js';
import { u32 } from './pack.js';
import { CHANNELS, commonThreshold } from './postings.js';
import { currentParams, guard, hasTable, openRead, openWrite } from './schema.js';
import { type IngestReport, ingestSources, removeSource } from './store.js';
import type { LeftOut } from './ingest/npm.js';
import { type CorpusInputKind, openInput } from './inputs.js';

export { type CorpusInputKind, detectInput } from './inputs.js';

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

/** Every source in the corpus, by name and version. */
export function listCorpus(db: string): SourceRow[] {
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
  readonly fingerprints: Record<string, number>;
  readonly postings: Record<string, number>;
  readonly common: Record<string, number>;
  /** A hash held by files at more than this many distinct paths is common (left out of the index). */
  readonly commonThreshold: number;
  readonly sizeBytes: number;
}

/** Counts for `provscan corpus stats` (opening a writable corpus also upgrades an older schema). */
export function corpusStats(db: string): CorpusStats {
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
      const one = (sql: string) => (conn.prepare(sql).pluck().get() as number | null) ?? 0;
      const files = one(`SELECT count(*) FROM files`);
      const fingerprints: Record<string, number> = {};
      const postings: Record<string, number> = {};
      const common: Record<string, number> = {};
      for (const ch of CHANNELS) {
        fingerprints[ch] = Number(one(`SELECT coalesce(max(value), 0) FROM meta WHERE key = 'fingerprints_${ch}'`));
        const row = conn.prepare(`SELECT hashes, common FROM postings WHERE channel = ?`).get(ch) as
          | { hashes: Buffer; common: Buffer }
          | undefined;
        postings[ch] = u32(row?.hashes).length;
        common[ch] = u32(row?.common).length;
      }
      return {
        path: db,
        schemaVersion: conn.pragma('user_version', { simple: true }) as number,
        parameters: currentParams(),
        copyrights: hasTable(conn, 'notices') ? one(`SELECT count(*) FROM notices`) : 0,
        sources: one(`SELECT count(*) FROM sources`),
        files,
        paths: one(`SELECT count(*) FROM members`),
        bytes: one(`SELECT coalesce(sum(bytes), 0) FROM sources`),
        fingerprints,
        postings,
        common,
        commonThreshold: commonThreshold(files),
        sizeBytes: statSync(db).size,
      };
    });
  } finally {
    conn.close();
  }
}

/** `NAME` or `NAME@VERSION` (a scoped `@scope/name@1.0` too). */
export function removeFromCorpus(db: string, spec: string): number {
  if (resolve(db) === DEFAULT_CORPUS)
    throw new UsageError(`--db: ${db} is the bundled default corpus, which is never written`);
  if (!existsSync(db)) throw new InputError(db, 'no such corpus database');
  const at = spec.lastIndexOf('@');
  const [name, version] = at > 0 ? [spec.slice(0, at), spec.slice(at + 1)] : [spec, undefined];
  return removeSource(db, name, version);
}
