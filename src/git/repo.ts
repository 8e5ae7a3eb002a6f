// PLACEHOLDER (owned by the git/provenance work): repository discovery.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface Repo {
  /** Absolute path of the work tree root. */
  readonly root: string;
  /** Absolute path of the git dir (per-worktree). */
  readonly gitDir: string;
  /** Absolute path of the common git dir (shared by worktrees): caches live here. */
  readonly commonDir: string;
  /** Full id of HEAD, or null in a repository without commits. */
  readonly head: string | null;
  readonly shallow: boolean;
}

/** The repository containing `path`, or null when `path` is not inside a git work tree. */
export async function openRepo(path: string): Promise<Repo | null> {
  try {
    const { stdout } = await run('git', ['rev-parse', '--show-toplevel', '--absolute-git-dir', '--git-common-dir'], {
      cwd: path,
    });
    const [root = path, gitDir = '', commonDir = ''] = stdout.split('\n');
    let head: string | null = null;
    try {
      head = (await run('git', ['rev-parse', '--verify', '-q', 'HEAD'], { cwd: path })).stdout.trim() || null;
    } catch {
      head = null;
    }
    return { root, gitDir, commonDir, head, shallow: false };
  } catch {
    return null;
  }
}
