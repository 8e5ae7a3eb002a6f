// Where git runs hooks from: `git rev-parse --git-path hooks` honours `core.hooksPath` and worktrees.
import { isAbsolute, join } from 'node:path';
import { gitOut } from './batch.js';

/** Absolute hooks folder of the repository at `root`, and whether `core.hooksPath` chose it. */
export async function hooksDir(root: string): Promise<{ dir: string; custom: boolean }> {
  const out = (await gitOut(root, ['rev-parse', '--git-path', 'hooks'])).toString('utf8').trim();
  let custom = false;
  try {
    custom = (await gitOut(root, ['config', '--get', 'core.hooksPath'])).toString('utf8').trim() !== '';
  } catch {
    custom = false;
  }
  return { dir: isAbsolute(out) ? out : join(root, out), custom };
}
