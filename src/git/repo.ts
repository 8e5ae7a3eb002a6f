// Repository discovery: where the work tree and the git dirs are, what HEAD is, whether history is complete.
import { GitError } from '../errors.js';
import { git } from './exec.js';

export interface Repo {
  /** Absolute path of the work tree root. */
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
}

/**
 * The repository whose work tree contains `path`, or null when `path` is not inside a work tree (a plain folder,
 * or git missing: both mean "no provenance" and everything else still works).
 * @throws GitError when git refuses the repository for a reason the user must fix (unsafe ownership).
 */
export async function openRepo(path: string): Promise<Repo | null> {
  let out: string;
  try {
    out = await git(path, [
      'rev-parse',
      '--path-format=absolute',
      '--show-toplevel',
      '--absolute-git-dir',
      '--git-common-dir',
      '--is-shallow-repository',
    ]);
  } catch (err) {
    if (err instanceof GitError && /dubious ownership/.test(err.stderr)) throw err;
    return null;
  }
  const [root, gitDir, commonDir, shallow] = out.replace(/\n$/, '').split('\n');
  if (!root || !gitDir || !commonDir) return null;
  const [head, branch] = await Promise.all([
    revParse(root, 'HEAD^{commit}'),
    git(root, ['symbolic-ref', '-q', '--short', 'HEAD']).then(
      (out) => out.trim() || null,
      () => null, // detached HEAD
    ),
  ]);
  return { root, gitDir, commonDir, head, shallow: shallow === 'true', branch };
}

/** Full object id of `rev`, or null when it does not exist (an unborn branch's HEAD). */
export async function revParse(cwd: string, rev: string): Promise<string | null> {
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
