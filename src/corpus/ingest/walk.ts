// Walking a folder for ingest: deterministic (sorted) order, symbolic links never followed, .git and (unless asked)
// nested node_modules left out, oversized files skipped before they are read.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IngestEntry } from '../store.js';

/** Files bigger than this are not read at all (the fingerprint stage has its own, smaller, limit). */
export const MAX_INGEST_BYTES = 16 * 1024 * 1024;

export interface WalkOptions {
  /** Folder names left out anywhere below the root. */
  readonly skipDirs?: ReadonlySet<string>;
}

const DEFAULT_SKIP = new Set(['.git', '.hg', '.svn', 'node_modules']);

/** Relative POSIX paths of every entry under `root` (files and symlinks), sorted. */
export function listTree(root: string, options: WalkOptions = {}): string[] {
  const skip = options.skipDirs ?? DEFAULT_SKIP;
  const out: string[] = [];
  const visit = (rel: string) => {
    const names = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true })
      .map((d) => ({ name: d.name, dir: d.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const d of names) {
      const p = rel === '' ? d.name : `${rel}/${d.name}`;
      if (d.dir) {
        if (!skip.has(d.name)) visit(p);
      } else out.push(p);
    }
  };
  visit('');
  return out;
}

/** Reads each listed path lazily into an IngestEntry (or a skipped one with its reason). */
export function* readTree(
  root: string,
  paths: ReadonlyArray<string>,
  licenseOf?: (path: string) => string | undefined,
): Generator<IngestEntry> {
  for (const path of paths) {
    const full = join(root, path);
    const license = licenseOf?.(path);
    const extra = license !== undefined ? { license } : {};
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(full);
    } catch (err) {
      yield { path, skipped: { path, reason: 'unreadable', detail: (err as Error).message } };
      continue;
    }
    if (st.isSymbolicLink()) {
      yield { path, skipped: { path, reason: 'symlink', detail: 'symbolic links are never followed' } };
      continue;
    }
    if (!st.isFile()) continue;
    if (st.size > MAX_INGEST_BYTES) {
      yield { path, skipped: { path, reason: 'too-large', detail: `${st.size} bytes` } };
      continue;
    }
    try {
      yield { path, bytes: readFileSync(full), ...extra };
    } catch (err) {
      yield { path, skipped: { path, reason: 'unreadable', detail: (err as Error).message } };
    }
  }
}
