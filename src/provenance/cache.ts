// The provenance cache: one JSON file under `<common git dir>/provscan/` (shared by all worktrees). It keeps the
// history walk (keyed by HEAD and the conventions) and each file's AI spans keyed by (path, blob, settings), so a
// second run on an unchanged repository does no git log and no blame. A damaged or foreign file is ignored.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { HistoryState } from './history.js';
import type { CompactSpan } from './spans.js';

const VERSION = 3;

export interface CacheData {
  version: number;
  /** Conventions + blame settings the entries were computed with. */
  settings: string;
  history: HistoryState | null;
  /** `path\0blob` → spans as [start, end, commit]. */
  files: Record<string, CompactSpan[]>;
}

export function cacheFile(commonDir: string): string {
  return join(commonDir, 'provscan', 'provenance-cache.json');
}

/** The cache for `settings`, or an empty one (missing, unreadable, other version or other settings). */
export const CACHE_VERSION = VERSION;

export function loadCache(file: string, settings: string): CacheData {
  const empty: CacheData = { version: VERSION, settings, history: null, files: {} };
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheData>;
    if (data.version !== VERSION || data.settings !== settings || typeof data.files !== 'object' || !data.files)
      return empty;
    return { version: VERSION, settings, history: data.history ?? null, files: data.files };
  } catch {
    return empty;
  }
}

/** Writes the cache atomically; a read-only repository just goes without. */
export function saveCache(file: string, data: CacheData): boolean {
  try {
    writeFileAtomic(file, JSON.stringify(data));
    return true;
  } catch {
    return false;
  }
}

export function fileKey(path: string, blob: string): string {
  return `${path}\0${blob}`;
}
