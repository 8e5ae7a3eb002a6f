// Where provscan's own files live, wherever it is installed (dist/src/paths.js -> package root).
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isPostgresUrl } from './util/db-location.js';

/** Absolute path of the provscan package root. */
export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The bundled default corpus, used when no `--db` is given. */
export const DEFAULT_CORPUS = fileURLToPath(new URL('../../fingerprints/default.db', import.meta.url));

let cachedVersion: string | undefined;
/** provscan's own version, read from package.json once. */
export function toolVersion(): string {
  if (cachedVersion === undefined) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    cachedVersion = pkg.version ?? '0.0.0';
  }
  return cachedVersion;
}

/** The corpus list a scan consults: the given ones, else the bundled default (when it exists). */
export function resolveCorpora(dbs: ReadonlyArray<string> | undefined): string[] {
  if (dbs && dbs.length > 0) return dbs.map((d) => (isPostgresUrl(d) ? d : resolve(d)));
  return existsSync(DEFAULT_CORPUS) ? [DEFAULT_CORPUS] : [];
}
