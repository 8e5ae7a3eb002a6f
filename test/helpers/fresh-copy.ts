// What a fresh clone of this provscan checkout holds: its tracked files and the new files git does not ignore (so
// uncommitted work is tested too), committed in a new repository and tagged — no node_modules, no build.
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readlinkSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROVSCAN_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Slow tests (real npm installs, the pre-commit framework, a fresh clone's quick start) run only when asked. */
export const SLOW_TESTS = process.env['PROVSCAN_SLOW_TESTS'] === '1';

export interface FreshCopy {
  readonly path: string;
  readonly commit: string;
  readonly tag: string;
  cleanup(): void;
}

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    maxBuffer: 64 * 1024 * 1024,
  });

export function freshCopy(prefix = 'provscan-copy-'): FreshCopy {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const path = join(dir, 'provscan');
  mkdirSync(path);
  const listed = git(PROVSCAN_ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0');
  for (const file of new Set(listed)) {
    const from = join(PROVSCAN_ROOT, file);
    if (file === '' || !existsSync(from)) continue; // deleted in the work tree
    mkdirSync(dirname(join(path, file)), { recursive: true });
    if (lstatSync(from).isSymbolicLink()) symlinkSync(readlinkSync(from), join(path, file));
    else copyFileSync(from, join(path, file));
  }
  git(path, 'init', '-q', '-b', 'main');
  git(path, 'add', '-A');
  git(path, '-c', 'user.name=provscan test', '-c', 'user.email=test@example.com', 'commit', '-q', '-m', 'snapshot');
  const tag = 'v0.0.0-test';
  git(path, 'tag', tag);
  const commit = git(path, 'rev-parse', 'HEAD').trim();
  return { path, commit, tag, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
