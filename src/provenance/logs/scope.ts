// Keeping each log reader to the repository being scanned: a log's working folder must lie inside the repository
// (or hold it), and every path it names must resolve inside it. Paths of other projects never become spans.
import { realpathSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** `root` and its resolved form (/tmp -> /private/tmp on macOS): logs may name either. */
export function rootForms(root: string): string[] {
  const forms = new Set([resolve(root)]);
  try {
    forms.add(realpathSync(root));
  } catch {}
  return [...forms];
}

function inside(parent: string, child: string): boolean {
  // most paths in logs are absolute and normalized: a string comparison decides (path.relative costs far more)
  if (!child.includes(`${sep}.`) && !child.includes(`${sep}${sep}`) && !child.endsWith(sep)) {
    return child === parent || child.startsWith(parent.endsWith(sep) ? parent : parent + sep);
  }
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

/** A file path or `file://` URI from a log as a local path, or undefined for other URI schemes (remote, untitled). */
export function localPath(p: string): string | undefined {
  if (p.startsWith('file://')) {
    try {
      return fileURLToPath(p);
    } catch {
      return undefined;
    }
  }
  if (/^[a-z][a-z0-9+.-]+:\/\//i.test(p)) return undefined;
  return p;
}

/** Whether the folder `dir` lies inside the repository (a session started in it or in a subfolder). */
export function inRepo(roots: ReadonlyArray<string>, dir: string): boolean {
  const d = localPath(dir);
  if (d === undefined || !isAbsolute(d)) return false;
  return roots.some((r) => inside(r, d));
}

/** Whether the folder `dir` holds the repository (an editor workspace opened on a parent folder). */
export function holdsRepo(roots: ReadonlyArray<string>, dir: string): boolean {
  const d = localPath(dir);
  if (d === undefined || !isAbsolute(d)) return false;
  return roots.some((r) => inside(d, r));
}

/**
 * POSIX path relative to the repository of `file` (absolute, `file://`, or relative to `base`, the session's working
 * folder), or undefined when it lies outside the repository.
 */
export function repoRelative(roots: ReadonlyArray<string>, base: string | undefined, file: string): string | undefined {
  const f = localPath(file);
  if (f === undefined || f === '') return undefined;
  let abs: string;
  if (isAbsolute(f)) abs = resolve(f);
  else if (base !== undefined && isAbsolute(base)) abs = resolve(join(base, f));
  else return undefined;
  for (const r of roots) {
    const rel = relative(r, abs);
    if (rel !== '' && !rel.startsWith('..') && !isAbsolute(rel)) return rel.split(sep).join('/');
  }
  return undefined;
}

/** Last path segments of `paths`, as a quick filter: a log line or element that names none of them is skipped. */
export function fileNames(paths: ReadonlyArray<string> | undefined): Set<string> | undefined {
  return paths ? new Set(paths.map((p) => p.slice(p.lastIndexOf('/') + 1))) : undefined;
}

/**
 * The file names as they appear inside JSON strings (escaped), to search raw log bytes for. Doubly encoded JSON (a
 * tool's arguments as a JSON string) escapes them again; names are plain enough that both forms usually agree.
 */
export function jsonNeedles(names: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const n of names) {
    const once = JSON.stringify(n).slice(1, -1);
    out.add(once);
    out.add(JSON.stringify(once).slice(1, -1));
  }
  return [...out];
}

export function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

export function str(x: unknown): string | undefined {
  return typeof x === 'string' && x !== '' ? x : undefined;
}

/** An ISO 8601 time from an ISO string or epoch milliseconds (or seconds), or undefined. */
export function isoTime(x: unknown): string | undefined {
  let d: Date | undefined;
  if (typeof x === 'number' && Number.isFinite(x) && x > 0) d = new Date(x < 1e11 ? x * 1000 : x);
  else if (typeof x === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(x)) d = new Date(x);
  if (!d || Number.isNaN(d.getTime())) return undefined;
  return d.toISOString();
}

/** Optional fields of a LogOrigin, present only when known (exactOptionalPropertyTypes). */
export function originExtras(
  session: string | undefined,
  time: string | undefined,
): { session?: string; time?: string } {
  return { ...(session !== undefined ? { session } : {}), ...(time !== undefined ? { time } : {}) };
}
