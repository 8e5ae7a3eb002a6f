// Where git runs hooks from: `git rev-parse --git-path hooks` honours `core.hooksPath` and worktrees. The only git
// calls that see the repository's own core.hooksPath (every other git provscan starts has hooks switched off).
import { isAbsolute, join } from 'node:path';
import { gitBuffer } from './exec.js';

/** Absolute hooks folder of the repository at `root`, and whether `core.hooksPath` chose it. */
export async function hooksDir(root: string): Promise<{ dir: string; custom: boolean }> {
  const own = { repoHooksPath: true } as const;
  const out = (await gitBuffer(root, ['rev-parse', '--git-path', 'hooks'], own)).toString('utf8').trim();
  let custom = false;
  try {
    custom = (await gitBuffer(root, ['config', '--get', 'core.hooksPath'], own)).toString('utf8').trim() !== '';
  } catch {
    custom = false;
  }
  return { dir: isAbsolute(out) ? out : join(root, out), custom };
}
