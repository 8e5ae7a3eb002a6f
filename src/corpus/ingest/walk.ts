// Walking a folder for ingest: deterministic (sorted) order, symbolic links never followed, .git and (unless asked)
// nested node_modules left out, oversized files skipped before they are read.
import { lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
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

/**
 * A metadata file of a source tree (`debian/copyright`, `debian/changelog`, `package.json`) read as the walk reads the
 * tree: every part of `rel` below `root` must be a real folder or file, never a symbolic link (a link could lead out
 * of the tree, into /etc or another package), and the file must be a regular one no larger than MAX_INGEST_BYTES (a
 * FIFO would block the read forever). Undefined when it does not exist.
 * @throws InputError naming the file when it is a link, not a regular file, too large or unreadable.
 */
export function readMetadataFile(root: string, rel: string): Buffer | undefined {
  const parts = rel.split('/');
  let path = root;
  for (const [i, part] of parts.entries()) {
    path = join(path, part);
    let st: ReturnType<typeof lstatSync>;
    try {
      st = lstatSync(path);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' || (err as NodeJS.ErrnoException).code === 'ENOTDIR')
        return undefined;
      throw new InputError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
    if (st.isSymbolicLink()) {
      throw new InputError(
        path,
        'is a symbolic link; provscan never follows links in a source tree (it could lead out of the tree)',
        'replace the link with the file it points to, or give the metadata with --name, --version and --license',
      );
    }
    if (i < parts.length - 1) {
      if (!st.isDirectory()) return undefined;
      continue;
    }
    if (!st.isFile()) throw new InputError(path, 'is not a regular file');
    if (st.size > MAX_INGEST_BYTES) {
      throw new InputError(path, `is ${st.size} bytes; a metadata file may be at most ${MAX_INGEST_BYTES} bytes`);
    }
    try {
      return readFileSync(path);
    } catch (err) {
      throw new InputError(path, `cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  return undefined;
}
