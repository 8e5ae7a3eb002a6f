// Some agents keep every project's sessions in one folder (Codex by date). Which project a session belongs to is
// written at its start and never changes, so it is read once per session file and remembered in provscan's cache
// folder: later runs list the folder and read only sessions they have not seen. Deleting the cache file is safe.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';

const VERSION = 1;

/**
 * For each file, `head(file)` (e.g. the session's working folder, or null when it names none), computed once and
 * kept in `<cache>/<name>.json` unless `cache` is false. `head` returns undefined when the file cannot be read yet
 * (a session being written): that answer is not remembered.
 */
export function indexedHeads(
  cache: string | false,
  name: string,
  files: ReadonlyArray<string>,
  head: (file: string) => string | null | undefined,
): Map<string, string | null> {
  const file = cache === false ? undefined : join(cache, `${name}.json`);
  let known: Record<string, string | null> = {};
  if (file) {
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as { v?: unknown; heads?: unknown };
      if (doc.v === VERSION && typeof doc.heads === 'object' && doc.heads !== null) {
        known = doc.heads as Record<string, string | null>;
      }
    } catch {
      // no index yet, or unreadable: rebuilt below
    }
  }
  const out = new Map<string, string | null>();
  let added = false;
  for (const f of files) {
    const k = known[f];
    if (k !== undefined && (k === null || typeof k === 'string')) {
      out.set(f, k);
      continue;
    }
    const h = head(f);
    if (h === undefined) continue;
    out.set(f, h);
    added = true;
  }
  if (file && (added || out.size !== Object.keys(known).length)) {
    try {
      writeFileAtomic(file, JSON.stringify({ v: VERSION, heads: Object.fromEntries(out) }));
    } catch {
      // an index that cannot be written only makes the next run slower
    }
  }
  return out;
}
