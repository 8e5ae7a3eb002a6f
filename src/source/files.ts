// PLACEHOLDER (owned by the git/provenance work): which files a scan looks at, and how their bytes are read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import fg from 'fast-glob';
import type { Repo } from '../git/repo.js';
import type { SkippedFile } from '../model.js';

export interface SourceFile {
  /** POSIX path relative to the root. */
  readonly path: string;
  /** Git blob id of the content that `read()` returns, when known. */
  readonly blob?: string;
  /** Reads the bytes to scan (working tree file, or index blob for staged scans). */
  read(): Promise<Buffer>;
}

export interface SourceListing {
  readonly files: ReadonlyArray<SourceFile>;
  readonly skipped: ReadonlyArray<SkippedFile>;
}

export interface ListOptions {
  readonly staged?: boolean;
  /** Glob patterns (policy `exclude`) of paths to leave out; they are listed in `skipped` as `excluded`. */
  readonly exclude?: ReadonlyArray<string>;
}

/** Files to scan under `root`: tracked files in a repository, every non-ignored file in a plain folder. */
export async function listSourceFiles(root: string, _repo: Repo | null, _options: ListOptions = {}): Promise<SourceListing> {
  const paths = await fg('**/*', { cwd: root, dot: true, onlyFiles: true, ignore: ['**/.git/**', '**/node_modules/**'] });
  paths.sort();
  return { files: paths.map((p) => ({ path: p, read: () => readFile(join(root, p)) })), skipped: [] };
}
