// What `git commit` would add: the staged (index) changes against HEAD, per file, with the new-side line ranges
// of each hunk. One git call (`--raw -p -U0`: blob ids, statuses and hunks) and no work-tree scan.
import type { LineSpan } from '../model.js';
import { gitBuffer } from './exec.js';

export interface StagedChange {
  /** POSIX path relative to the repository root (the new path of a rename). */
  readonly path: string;
  /** `A` added, `M` modified, `R` renamed, `C` copied, `T` type changed. */
  readonly status: string;
  /** Blob id of the staged content. */
  readonly blob: string;
  /** New mode (`100644`, `100755`, `120000` symlink, `160000` submodule). */
  readonly mode: string;
  /** Staged line ranges that are new or changed (1-based, inclusive). Empty for binary or pure renames. */
  readonly hunks: ReadonlyArray<LineSpan>;
}

const DIFF_ARGS = [
  '-c',
  'core.quotePath=false',
  'diff',
  '--cached',
  '-M',
  '--no-ext-diff',
  '--no-color',
  '--diff-filter=ACMRT',
];

/**
 * The staged changes of the repository at (or containing) `root` (empty when nothing is staged), and paths with
 * merge conflicts. Paths are relative to the repository root whatever folder `root` is.
 */
export async function stagedChanges(root: string): Promise<{ changes: StagedChange[]; unmerged: string[] }> {
  // One git process: the NUL-terminated raw listing, an empty field, then the -U0 patch.
  const out = (
    await gitBuffer(root, [
      ...DIFF_ARGS,
      '--diff-filter=ACMRTU',
      '--raw',
      '-p',
      '-U0',
      '-z',
      '--abbrev=40',
      '--src-prefix=a/',
      '--dst-prefix=b/',
      '--no-textconv',
      '--no-relative',
    ])
  ).toString('utf8');
  const cut = out.indexOf('\0\0diff --git ');
  const all = parseRaw(cut < 0 ? out : out.slice(0, cut + 1));
  const unmerged = [...new Set(all.filter((e) => e.status === 'U').map((e) => e.path))].sort();
  if (unmerged.length > 0) return { changes: [], unmerged };
  const hunksPerFile = parseHunks(cut < 0 ? '' : out.slice(cut + 2));
  // The patch lists the files in the raw listing's order, one `diff --git` section each.
  return { changes: all.map((e, i) => ({ ...e, hunks: hunksPerFile[i] ?? [] })), unmerged: [] };
}

/** Root, git dir and common git dir of the repository containing `path` (one git process), or null outside one. */
export async function locateRepo(path: string): Promise<{ root: string; gitDir: string; commonDir: string } | null> {
  try {
    const out = (
      await gitBuffer(path, [
        'rev-parse',
        '--path-format=absolute',
        '--show-toplevel',
        '--absolute-git-dir',
        '--git-common-dir',
      ])
    ).toString('utf8');
    const [root, gitDir, commonDir] = out.split('\n');
    if (!root || !gitDir || !commonDir) return null;
    return { root, gitDir, commonDir };
  } catch {
    return null;
  }
}

function parseRaw(text: string): Array<Omit<StagedChange, 'hunks'>> {
  const fields = text.split('\0');
  const out: Array<Omit<StagedChange, 'hunks'>> = [];
  let i = 0;
  while (i < fields.length) {
    const head = fields[i] ?? '';
    if (!head.startsWith(':')) {
      i++;
      continue;
    }
    // :oldmode newmode oldsha newsha status
    const [, newMode = '', , newSha = '', status = ''] = head.slice(1).split(' ');
    const letter = status.charAt(0);
    const twoPaths = letter === 'R' || letter === 'C';
    const path = fields[twoPaths ? i + 2 : i + 1] ?? '';
    i += twoPaths ? 3 : 2;
    out.push({ path, status: letter, blob: newSha, mode: newMode });
  }
  return out;
}

/** New-side line ranges of every hunk, one list per `diff --git` section, in order. */
function parseHunks(patch: string): LineSpan[][] {
  const files: LineSpan[][] = [];
  let current: LineSpan[] | undefined;
  for (const line of patch.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = [];
      files.push(current);
    } else if (current && line.startsWith('@@ ')) {
      const m = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/.exec(line);
      if (!m) continue;
      const start = Number(m[1]);
      const count = m[2] === undefined ? 1 : Number(m[2]);
      if (count > 0) current.push({ start, end: start + count - 1 });
    }
  }
  return files;
}

/**
 * Root-level paths in the index (manifests and LICENSE files live there): no full-tree listing. `root` may be any
 * folder of the repository.
 */
export async function topLevelIndexPaths(root: string): Promise<string[]> {
  return [...new Set((await topLevelIndexEntries(root)).map((e) => e.path))];
}

/** Root-level index entries with their blob ids (one per stage for a path with merge conflicts), from any folder. */
export async function topLevelIndexEntries(root: string): Promise<Array<{ path: string; blob: string }>> {
  const out = (await gitBuffer(root, ['ls-files', '-s', '-z', '--full-name', '--', ':(top,glob)*'])).toString('utf8');
  const entries: Array<{ path: string; blob: string }> = [];
  for (const rec of out.split('\0')) {
    // <mode> SP <object> SP <stage> TAB <path>
    const tab = rec.indexOf('\t');
    if (tab < 0) continue;
    entries.push({ path: rec.slice(tab + 1), blob: rec.split(' ')[1] ?? '' });
  }
  return entries;
}

/** Paths with uncommitted changes (staged, unstaged or untracked, not ignored), deleted ones left out. */
export async function uncommittedPaths(root: string): Promise<string[]> {
  const out = (
    await gitBuffer(root, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames'])
  ).toString('utf8');
  const paths = new Set<string>();
  for (const rec of out.split('\0')) {
    if (rec.length < 4) continue;
    const xy = rec.slice(0, 2);
    if (xy.includes('D')) continue;
    paths.add(rec.slice(3));
  }
  return [...paths].sort();
}

/** Paths a commit added or modified (against its first parent; every path for a root commit). */
export async function commitPaths(root: string, commit: string): Promise<string[]> {
  const out = (
    await gitBuffer(root, [
      'diff-tree',
      '--root',
      '--no-commit-id',
      '-r',
      '-z',
      '--name-only',
      '--diff-filter=ACMRT',
      '-M',
      commit,
    ])
  ).toString('utf8');
  return out.split('\0').filter((p) => p.length > 0);
}
