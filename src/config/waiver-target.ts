// What `provscan waive PATH[:START[-END]]` may write: a line range that is one, a path inside the scanned root (after
// normalisation: never `../../etc/passwd`), and a path that names something there — a waiver for a file that does
// not exist is almost always a typo, and would silently never apply. `force` accepts a path or range that does not
// exist (yet, or any more).
import { type Dirent, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { UsageError } from '../errors.js';
import { GlobError, compileGlob } from '../util/glob.js';

export interface WaiverTarget {
  /** POSIX path (or `path`-dialect glob) relative to the scanned root, normalised. */
  readonly path: string;
  readonly lines?: { readonly start: number; readonly end: number };
}

/** Most entries looked at when checking that a glob names at least one file. */
const WALK_LIMIT = 200_000;

/**
 * Parses and checks a waiver target against the tree at `root`.
 * @throws UsageError naming the target and what is wrong with it.
 */
export function checkWaiverTarget(
  root: string,
  target: string,
  options: { readonly force?: boolean } = {},
): WaiverTarget {
  const fail: (problem: string, hint?: string) => never = (problem, hint) => {
    throw new UsageError(`waive: ${JSON.stringify(target)}: ${problem}`, hint);
  };
  if (target.trim() === '') fail('expected PATH, PATH:LINE or PATH:START-END');
  if (target.includes('\0')) fail('a path cannot contain a NUL byte');
  let raw = target;
  let lines: WaiverTarget['lines'];
  const colon = target.lastIndexOf(':');
  if (colon >= 0 && !exists(join(root, target))) {
    const range = target.slice(colon + 1);
    const m = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!m) fail(`"${range}" is not a line range (expected PATH:START-END, e.g. src/a.c:10-40)`);
    const start = Number(m[1]);
    const end = Number(m[2] ?? m[1]);
    if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 1 || end < start)
      fail(`"${range}" is an empty line range (expected START-END with 1 ≤ START ≤ END)`);
    raw = target.slice(0, colon);
    lines = { start, end };
  }
  if (isAbsolute(raw)) fail('the path must be relative to the scanned root (the current folder), not absolute');
  const path = posix.normalize(raw.replace(/^(?:\.\/)+/, ''));
  if (path === '.' || path === '..' || path.startsWith('../')) fail('the path leads out of the scanned root');
  if (path.endsWith('/')) fail('a waiver names files: use DIR/** for everything below a folder');
  const glob = /[*?\\]/.test(path);
  try {
    compileGlob(path, 'path');
  } catch (err) {
    if (err instanceof GlobError) fail(err.message);
    throw err;
  }
  if (!options.force) {
    const hint = 'give --force to write it anyway (a file still to come, or one deleted since)';
    if (glob) {
      if (!globMatchesSomething(root, path)) fail('the pattern matches no file under the scanned root', hint);
    } else {
      const full = join(root, path);
      let st: ReturnType<typeof lstatSync> | undefined;
      try {
        st = lstatSync(full);
      } catch {
        st = undefined;
      }
      if (st === undefined) fail('no such file under the scanned root (a typo?)', hint);
      if (st.isDirectory()) fail('is a folder; a waiver names files', `use ${path}/** for everything below it`);
      if (lines !== undefined && st.isFile()) {
        const count = lineCount(full);
        if (count !== undefined && lines.start > count)
          fail(`the file has ${count} line${count === 1 ? '' : 's'}; line ${lines.start} lies past its end`, hint);
      }
    }
  }
  return { path, ...(lines ? { lines } : {}) };
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Lines of a file of at most 64 MB (a bigger one is not checked). */
function lineCount(file: string): number | undefined {
  try {
    if (lstatSync(file).size > 64 * 1024 * 1024) return undefined;
    const bytes = readFileSync(file);
    let n = 0;
    for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
    return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
  } catch {
    return undefined;
  }
}

/** Whether some file under `root` (not in .git) matches the `path`-dialect glob; bounded by WALK_LIMIT entries. */
function globMatchesSomething(root: string, pattern: string): boolean {
  const glob = compileGlob(pattern, 'path');
  const queue = [''];
  let seen = 0;
  while (queue.length > 0) {
    const rel = queue.shift()!;
    let entries: Dirent[];
    try {
      entries = readdirSync(rel === '' ? root : join(root, rel), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      if (++seen > WALK_LIMIT) return true; // too many to look through: give the pattern the benefit of the doubt
      const p = rel === '' ? e.name : `${rel}/${e.name}`;
      if (e.isDirectory()) {
        if (e.name !== '.git') queue.push(p);
      } else if (glob.test(p)) return true;
    }
  }
  return false;
}
