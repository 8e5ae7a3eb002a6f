// The index as git sees it: `git ls-files -z -s -t` (status tag, mode, blob, stage, path), which entries differ from
// HEAD, and a commit's tree in the same shape (a bare repository has no index).
import { git, gitBuffer } from './exec.js';

interface IndexEntry {
  /** Octal mode: `100644`/`100755` files, `120000` symlinks, `160000` gitlinks (submodules). */
  readonly mode: string;
  readonly blob: string;
  readonly path: string;
  /** Marked skip-worktree (outside a sparse checkout): the file is not in the working tree. */
  readonly skipWorktree?: boolean;
}

export const MODE_SYMLINK = '120000';
export const MODE_GITLINK = '160000';

/** Git's id of the empty tree (diffs against it stand in for HEAD on an unborn branch). */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

/** Index entries, one per path (for a conflicted path, the lowest stage). @throws GitError */
export async function indexEntries(root: string): Promise<IndexEntry[]> {
  const out = await gitBuffer(root, ['ls-files', '-z', '-s', '-t', '--full-name']);
  const entries: IndexEntry[] = [];
  const seen = new Set<string>();
  for (const record of out.toString('utf8').split('\0')) {
    if (record === '') continue;
    // "<tag> <mode> <blob> <stage>\t<path>": the path comes verbatim after the tab (-z), whatever it contains.
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [tag = '', mode = '', blob = ''] = record.slice(0, tab).split(' ');
    const path = record.slice(tab + 1);
    if (seen.has(path)) continue;
    seen.add(path);
    entries.push(tag === 'S' ? { mode, blob, path, skipWorktree: true } : { mode, blob, path });
  }
  return entries;
}

/** Every entry of the tree of `rev` (recursively), in the shape of index entries. @throws GitError */
export async function treeEntries(root: string, rev: string): Promise<IndexEntry[]> {
  const out = await gitBuffer(root, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', rev]);
  const entries: IndexEntry[] = [];
  for (const record of out.toString('utf8').split('\0')) {
    // "<mode> <type> <object>\t<path>"
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode = '', , blob = ''] = record.slice(0, tab).split(' ');
    entries.push({ mode, blob, path: record.slice(tab + 1) });
  }
  return entries;
}

/** Paths added or modified in the index relative to HEAD (what a commit would add or change). @throws GitError */
export async function stagedChanges(root: string, head: string | null): Promise<Set<string>> {
  const out = await git(root, ['diff-index', '--cached', '-z', '--name-status', '--no-renames', head ?? EMPTY_TREE]);
  const changed = new Set<string>();
  const parts = out.split('\0');
  for (let i = 0; i + 1 < parts.length; i += 2) {
    const status = parts[i] ?? '';
    const path = parts[i + 1] ?? '';
    if (status.startsWith('A') || status.startsWith('M') || status.startsWith('T')) changed.add(path);
  }
  return changed;
}

/**
 * Files in the working tree that git does not track and does not ignore (`.gitignore`, `info/exclude`, the global
 * excludes file): a folder holding only such files is one entry ending in `/`. @throws GitError
 */
export async function untrackedPaths(root: string): Promise<string[]> {
  const out = await git(root, [
    'ls-files',
    '-z',
    '--others',
    '--exclude-standard',
    '--directory',
    '--no-empty-directory',
  ]);
  return out.split('\0').filter((p) => p !== '');
}

/** Tracked paths whose working-tree file differs from the index (stat + content check, no index write). */
export async function worktreeChanges(root: string): Promise<Set<string>> {
  const out = await git(root, ['diff-files', '-z', '--name-only']);
  return new Set(out.split('\0').filter((p) => p !== ''));
}

/** Path → blob id of every file in the tree of `rev` (`git ls-tree -r`). @throws GitError */
export async function treeBlobs(root: string, rev: string): Promise<Map<string, string>> {
  const out = await gitBuffer(root, ['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', rev]);
  const blobs = new Map<string, string>();
  for (const record of out.toString('utf8').split('\0')) {
    // "<mode> blob <id>\t<path>"
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [, type = '', blob = ''] = record.slice(0, tab).split(' ');
    if (type === 'blob') blobs.set(record.slice(tab + 1), blob);
  }
  return blobs;
}
