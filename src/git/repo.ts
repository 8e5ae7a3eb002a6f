// Repository discovery: where the work tree and the git dirs are, what HEAD is, whether history is complete.
import { GitError, UsageError } from '../errors.js';
import { readObjects } from './cat-file.js';
import { git } from './exec.js';

export interface Repo {
  /** Absolute path of the work tree root; for a bare repository, the repository folder itself. */
  readonly root: string;
  /** Absolute path of the git dir (per-worktree). */
  readonly gitDir: string;
  /** Absolute path of the common git dir (shared by worktrees): caches live here. */
  readonly commonDir: string;
  /** Full id of HEAD, or null in a repository without commits. */
  readonly head: string | null;
  /** True for a shallow clone: history (and so provenance) is incomplete. */
  readonly shallow: boolean;
  /** Symbolic branch of HEAD (`main`), or null when detached or unborn. */
  readonly branch?: string | null;
  /** A bare repository (a mirror): no work tree and no index, so a scan reads the tree of HEAD. */
  readonly bare?: boolean;
}

/**
 * The repository whose work tree contains `path`, or the bare repository `path` is (or is in); null when `path` is in
 * no repository (a plain folder, or git missing: both mean "no provenance" and everything else still works).
 * @throws GitError when git refuses the repository for a reason the user must fix (unsafe ownership);
 *   UsageError for a folder inside the `.git` folder of a repository with a work tree.
 */
export async function openRepo(path: string): Promise<Repo | null> {
  const common = [
    'rev-parse',
    '--path-format=absolute',
    '--absolute-git-dir',
    '--git-common-dir',
    '--is-shallow-repository',
  ];
  let out: string;
  let bare = false;
  try {
    out = await git(path, [...common, '--show-toplevel']);
  } catch (err) {
    if (!(err instanceof GitError)) return null;
    if (/dubious ownership|cannot use bare repository/.test(err.stderr)) throw err;
    if (!/must be run in a work tree/.test(err.stderr)) return null;
    // a bare repository, or a folder inside the git dir of one with a work tree
    out = await git(path, [...common, '--is-bare-repository']).catch(() => '');
    const fields = out.replace(/\n$/, '').split('\n');
    if (fields[3] !== 'true') {
      throw new UsageError(`${path}: inside the .git folder of a repository; give a folder of its work tree instead`);
    }
    bare = true;
  }
  const [gitDir, commonDir, shallow, top] = out.replace(/\n$/, '').split('\n');
  const root = bare ? gitDir : top;
  if (!root || !gitDir || !commonDir) return null;
  const [head, branch] = await Promise.all([
    revParse(root, 'HEAD^{commit}'),
    git(root, ['symbolic-ref', '-q', '--short', 'HEAD']).then(
      (out) => out.trim() || null,
      () => null, // detached HEAD
    ),
  ]);
  return { root, gitDir, commonDir, head, shallow: shallow === 'true', branch, ...(bare ? { bare } : {}) };
}

/**
 * For a bare repository, the tree a scan reads — HEAD's commit and a reader of files committed there; undefined for
 * a repository with a work tree (its files are on disk).
 */
export function bareHeadTree(
  repo: Repo | null,
): { commit: string | null; read(names: ReadonlyArray<string>): Promise<Map<string, Buffer>> } | undefined {
  if (!repo?.bare) return undefined;
  const { root, head } = repo;
  return {
    commit: head,
    async read(names) {
      const out = new Map<string, Buffer>();
      if (head === null) return out;
      const objects = await readObjects(
        root,
        names.map((n) => `${head}:${n}`),
      );
      for (const n of names) {
        const object = objects.get(`${head}:${n}`);
        if (object?.type === 'blob' && object.data) out.set(n, object.data);
      }
      return out;
    },
  };
}

/** Full object id of `rev`, or null when it does not exist (an unborn branch's HEAD). */
async function revParse(cwd: string, rev: string): Promise<string | null> {
  try {
    return (await git(cwd, ['rev-parse', '--verify', '-q', '--end-of-options', rev])).trim() || null;
  } catch {
    return null;
  }
}

/** A git config value (`git config --get KEY`), or null when unset. */
export async function configValue(cwd: string, key: string): Promise<string | null> {
  try {
    return (await git(cwd, ['config', '--get', key])).trim() || null;
  } catch {
    return null;
  }
}
