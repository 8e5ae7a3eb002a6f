// Which files a scan looks at, and how their bytes are read. In a repository: the tracked files as they are in
// the working tree (or, for a pre-commit check, the staged index). In a plain folder: every file but `.git` and
// `node_modules`. Symlinks are never followed and submodules are never entered: both are listed as skipped, and so
// are the working tree's untracked (not ignored) files and folders.
import { readFileSync } from 'node:fs';
import { lstat, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { blobId } from '../git/blob-id.js';
import { readBlobs } from '../git/cat-file.js';
import {
  indexEntries,
  MODE_GITLINK,
  MODE_SYMLINK,
  stagedChanges,
  untrackedPaths,
  worktreeChanges,
} from '../git/index-entries.js';
import type { Repo } from '../git/repo.js';
import type { SkippedFile } from '../model.js';
import { globMatcher } from '../util/glob.js';

export interface SourceFile {
  /** POSIX path relative to the root. */
  readonly path: string;
  /** Git blob id of the content that `read()` returns, when known. */
  readonly blob?: string;
  /** Where the bytes come from: the working tree, the staged index, or a plain folder. */
  readonly origin?: 'worktree' | 'index' | 'folder';
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

/**
 * Files to scan under `root`: tracked files in a repository, every non-ignored file in a plain folder.
 * Sorted by path. @throws GitError when git fails on a repository.
 */
export async function listSourceFiles(
  root: string,
  repo: Repo | null,
  options: ListOptions = {},
): Promise<SourceListing> {
  const excluded = globMatcher(options.exclude ?? [], 'exclude');
  const listing = repo
    ? options.staged
      ? await listStaged(repo, excluded)
      : await listWorktree(repo, excluded)
    : await listFolder(root, excluded);
  const byPath = (a: { path: string }, b: { path: string }) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);
  return { files: [...listing.files].sort(byPath), skipped: [...listing.skipped].sort(byPath) };
}

type Excluded = (path: string) => boolean;

async function listWorktree(repo: Repo, excluded: Excluded): Promise<SourceListing> {
  const [entries, changed, untracked] = await Promise.all([
    indexEntries(repo.root),
    worktreeChanges(repo.root),
    untrackedPaths(repo.root),
  ]);
  const files: SourceFile[] = [];
  // Files git does not track are not part of what is released, and are not scanned; they are listed (a folder once)
  // so that code an assistant wrote but nobody added yet does not go unnoticed.
  const skipped: SkippedFile[] = untracked
    .filter((path) => !excluded(path))
    .map((path) => ({
      path,
      reason: 'untracked',
      detail: path.endsWith('/') ? 'a folder git does not track (git add it to scan it)' : 'git add it to scan it',
    }));
  for (const entry of entries) {
    if (excluded(entry.path)) {
      skipped.push({ path: entry.path, reason: 'excluded' });
      continue;
    }
    if (entry.mode === MODE_GITLINK) {
      skipped.push({ path: entry.path, reason: 'submodule' });
      continue;
    }
    if (entry.mode === MODE_SYMLINK) {
      skipped.push({ path: entry.path, reason: 'symlink' });
      continue;
    }
    const full = join(repo.root, entry.path);
    if (!changed.has(entry.path)) {
      files.push({ path: entry.path, blob: entry.blob, origin: 'worktree', read: async () => readFileSync(full) });
      continue;
    }
    // Changed in the working tree: deleted (left out), replaced by a symlink (skipped), or edited (its blob id
    // is that of the bytes we will scan, computed from them).
    const stat = await lstat(full).catch(() => undefined);
    if (!stat) continue;
    if (stat.isSymbolicLink()) {
      skipped.push({ path: entry.path, reason: 'symlink' });
      continue;
    }
    if (!stat.isFile()) continue;
    const bytes = await readFile(full).catch(() => undefined);
    if (!bytes) {
      skipped.push({ path: entry.path, reason: 'unreadable' });
      continue;
    }
    files.push({ path: entry.path, blob: blobId(bytes), origin: 'worktree', read: async () => bytes });
  }
  return { files, skipped };
}

async function listStaged(repo: Repo, excluded: Excluded): Promise<SourceListing> {
  const [entries, changed] = await Promise.all([indexEntries(repo.root), stagedChanges(repo.root, repo.head)]);
  const skipped: SkippedFile[] = [];
  const wanted = [];
  for (const entry of entries) {
    if (!changed.has(entry.path)) continue;
    if (excluded(entry.path)) skipped.push({ path: entry.path, reason: 'excluded' });
    else if (entry.mode === MODE_GITLINK) skipped.push({ path: entry.path, reason: 'submodule' });
    else if (entry.mode === MODE_SYMLINK) skipped.push({ path: entry.path, reason: 'symlink' });
    else wanted.push(entry);
  }
  // Staged sets are small (one commit's worth): read them all through one cat-file process up front.
  const blobs = await readBlobs(
    repo.root,
    wanted.map((e) => e.blob),
  );
  const files: SourceFile[] = wanted.map((entry) => {
    const bytes = blobs.get(entry.blob) ?? Buffer.alloc(0);
    return { path: entry.path, blob: entry.blob, origin: 'index', read: async () => bytes };
  });
  return { files, skipped };
}

async function listFolder(root: string, excluded: Excluded): Promise<SourceListing> {
  const { default: fg } = await import('fast-glob');
  const entries = await fg('**/*', {
    cwd: root,
    dot: true,
    onlyFiles: false,
    followSymbolicLinks: false,
    objectMode: true,
    ignore: ['**/.git/**', '**/node_modules/**', '.git', 'node_modules'],
  });
  const files: SourceFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const entry of entries) {
    const path = entry.path;
    if (entry.dirent.isDirectory()) continue;
    if (excluded(path)) {
      skipped.push({ path, reason: 'excluded' });
    } else if (entry.dirent.isSymbolicLink()) {
      skipped.push({ path, reason: 'symlink' });
    } else if (entry.dirent.isFile()) {
      const full = join(root, path);
      files.push({ path, origin: 'folder', read: async () => readFileSync(full) });
    }
  }
  return { files, skipped };
}
