// Whether a repository has a ref, and which refs lie under a prefix, by reading the ref files and packed-refs:
// capture tools' notes and refs are absent from most repositories, and checking the files spares a git process.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

function packedRefs(commonDir: string): string[] {
  try {
    return readFileSync(join(commonDir, 'packed-refs'), 'utf8')
      .split('\n')
      .filter((l) => /^[0-9a-f]{40,64} /.test(l))
      .map((l) => l.slice(l.indexOf(' ') + 1).trim());
  } catch {
    return [];
  }
}

/** Whether `ref` (`refs/notes/ai`) exists, loose or packed. */
export function hasRef(commonDir: string, ref: string): boolean {
  try {
    if (statSync(join(commonDir, ref)).isFile()) return true;
  } catch {}
  return packedRefs(commonDir).includes(ref);
}

/** Every ref under `prefix` (`refs/agentdiff/traces/`), loose or packed, sorted. */
export function refsUnder(commonDir: string, prefix: string): string[] {
  const found = new Set(packedRefs(commonDir).filter((r) => r.startsWith(prefix)));
  const walk = (rel: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(join(commonDir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = `${rel}/${e.name}`;
      if (e.isDirectory() && depth < 8) walk(r, depth + 1);
      else if (e.isFile()) found.add(r);
    }
  };
  walk(prefix.replace(/\/$/, ''), 0);
  return [...found].sort();
}
