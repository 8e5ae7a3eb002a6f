// husky hooks (`.husky/<hook>`): files the project commits and shares, which husky 9 runs with `sh -e` and
// node_modules/.bin on PATH. provscan owns one line in such a file, marked at its end, and touches no other line:
// `npx husky init` has always written a pre-commit file already. Nothing machine-specific goes in (no absolute
// path of this installation or of node): `provscan` resolves from the project's devDependencies or PATH.
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import { HOOK_COMMANDS, type HookName, isOurHook } from './script.js';

/** Ends the line provscan owns in a husky hook. */
export const HUSKY_MARKER = '# provscan-hook (provscan hook uninstall --husky removes this line)';

export type HuskyAction = 'installed' | 'updated' | 'unchanged' | 'removed' | 'absent';

/** The line that runs provscan in `.husky/<hook>`. */
export function huskyLine(hook: HookName, args: ReadonlyArray<string>): string {
  return [`provscan ${HOOK_COMMANDS[hook]}`, ...args.map(shellWord), HUSKY_MARKER].join(' ');
}

function isOurLine(line: string): boolean {
  return line.trimEnd().endsWith(HUSKY_MARKER);
}

/**
 * Paths given to the hook (`--db`, `--config`), as the committed hook should hold them: relative to the repository
 * root (where git runs hooks) when inside it, otherwise as given.
 */
export function repoRelative(root: string, path: string): string {
  const abs = resolve(path);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return path;
  return rel.split(sep).join('/');
}

/** Adds (or updates) provscan's line in `.husky/<hook>`, creating the file when there is none. */
export function installHuskyHook(dir: string, hook: HookName, args: ReadonlyArray<string>): HuskyAction {
  const file = join(dir, hook);
  const line = huskyLine(hook, args);
  if (!existsSync(file)) {
    writeFileAtomic(file, `${line}\n`, 0o755);
    chmodSync(file, 0o755);
    return 'installed';
  }
  const text = readFileSync(file, 'utf8');
  // A whole-file hook an earlier provscan wrote (absolute paths of that machine): replaced by the line.
  if (isOurHook(text)) {
    writeFileAtomic(file, `${line}\n`, 0o755);
    return 'updated';
  }
  const lines = text.split('\n');
  const at = lines.findIndex(isOurLine);
  if (at >= 0) {
    if (lines[at] === line) return 'unchanged';
    lines[at] = line;
    writeFileAtomic(file, lines.join('\n'), modeOf(file));
    return 'updated';
  }
  // Before a top-level `exit`, which would end the hook before our line; else at the end.
  if (lines.at(-1) === '') lines.pop();
  const exitAt = lines.findIndex((l) => /^exit\b/.test(l.trim()) && !/^\s/.test(l));
  if (exitAt >= 0) lines.splice(exitAt, 0, line);
  else lines.push(line);
  writeFileAtomic(file, `${lines.join('\n')}\n`, modeOf(file));
  return 'installed';
}

/** Removes provscan's line from `.husky/<hook>`; the file goes too when nothing else is left in it. */
export function uninstallHuskyHook(dir: string, hook: HookName): HuskyAction {
  const file = join(dir, hook);
  if (!existsSync(file)) return 'absent';
  const text = readFileSync(file, 'utf8');
  if (isOurHook(text)) {
    rmSync(file);
    return 'removed';
  }
  const lines = text.split('\n');
  const kept = lines.filter((l) => !isOurLine(l));
  if (kept.length === lines.length) return 'absent';
  if (kept.every((l) => l.trim() === '' || /^#!/.test(l))) rmSync(file);
  else writeFileAtomic(file, kept.join('\n'), modeOf(file));
  return 'removed';
}

/** The file's permission bits, kept when provscan rewrites a file someone else made. */
function modeOf(file: string): number {
  return statSync(file).mode & 0o777;
}

function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
