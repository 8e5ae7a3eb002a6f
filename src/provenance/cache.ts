// The provenance cache: one JSON file under `<common git dir>/provscan/` (shared by all worktrees). It keeps the
// history walk (keyed by HEAD and the conventions) and each file's AI spans keyed by (path, blob, settings), so a
// second run on an unchanged repository does no git log and no blame. A damaged or foreign file is ignored.
// While blame runs, each file's answer is also appended to a journal beside it, so that a run that is killed (a CI
// timeout) leaves everything it finished for the next run; a run that completes folds the journal into the file.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic-write.js';
import type { HistoryState } from './history.js';
import type { CompactSpan } from './spans.js';

/** Format of the cache and its journal: a file of another version is ignored. */
export const CACHE_VERSION = 4;

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

function journalOf(file: string): string {
  return file.replace(/\.json$/, '.journal');
}

/**
 * The cache for `settings`, or an empty one (missing, unreadable, other version or other settings), with the
 * entries an interrupted run journalled for the same settings added. A torn last journal line is skipped.
 */
export function loadCache(file: string, settings: string): CacheData {
  const data: CacheData = { version: CACHE_VERSION, settings, history: null, files: {} };
  try {
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheData>;
    if (
      saved.version === CACHE_VERSION &&
      saved.settings === settings &&
      typeof saved.files === 'object' &&
      saved.files !== null
    ) {
      data.history = saved.history ?? null;
      data.files = saved.files;
    }
  } catch {
    // no cache yet, or damaged: start empty
  }
  let lines: string[];
  try {
    lines = readFileSync(journalOf(file), 'utf8').split('\n');
  } catch {
    return data;
  }
  const tag = tagOf(settings);
  for (const line of lines) {
    try {
      const [t, key, spans] = JSON.parse(line) as [unknown, unknown, unknown];
      if (t === tag && typeof key === 'string' && Array.isArray(spans)) data.files[key] = spans as CompactSpan[];
    } catch {
      // the line a killed run was writing
    }
  }
  return data;
}

/**
 * What each journal line carries of the settings it was computed with: two runs with other conventions may
 * journal into the same file at once, and each must take only its own lines.
 */
function tagOf(settings: string): string {
  return createHash('sha256').update(`${CACHE_VERSION}\0${settings}`).digest('hex').slice(0, 16);
}

/**
 * Writes the cache as blame progresses: `begin` saves the new history walk with the entries still valid and opens a
 * fresh journal, `add` appends one file's spans (flushed every few dozen files or second), `finish` saves
 * everything and removes the journal. A repository that cannot be written to just goes without; every method
 * returns false then.
 */
export class CacheWriter {
  private readonly journal: string;
  private tag = '';
  private fd: number | undefined;
  private pending: string[] = [];
  private flushedAt = 0;

  constructor(private readonly file: string) {
    this.journal = journalOf(file);
  }

  begin(data: CacheData): boolean {
    if (!save(this.file, data)) return false;
    try {
      // what an earlier journal held is in `data` now; appends are whole lines even when two runs share the file
      writeFileSync(this.journal, '');
      this.fd = openSync(this.journal, 'a');
      this.tag = tagOf(data.settings);
      this.flushedAt = Date.now();
      return true;
    } catch {
      this.close();
      return false;
    }
  }

  add(key: string, spans: ReadonlyArray<CompactSpan>): void {
    if (this.fd === undefined) return;
    this.pending.push(`${JSON.stringify([this.tag, key, spans])}\n`);
    if (this.pending.length >= 32 || Date.now() - this.flushedAt >= 1000) this.flush();
  }

  /** Saves `data` as the cache and removes the journal (whose entries `data` holds). */
  finish(data: CacheData): boolean {
    this.flush();
    this.close();
    const saved = save(this.file, data);
    if (saved) rmSync(this.journal, { force: true });
    return saved;
  }

  /** Stops journalling (the entries written so far stay for the next run). */
  close(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // already gone
    }
    this.fd = undefined;
  }

  private flush(): void {
    if (this.fd === undefined || this.pending.length === 0) return;
    try {
      writeSync(this.fd, this.pending.join(''));
    } catch {
      this.close(); // a full disk: the cache is only an optimisation
    }
    this.pending = [];
    this.flushedAt = Date.now();
  }
}

/** Writes the cache atomically; false when the repository is read-only (or the disk full). */
function save(file: string, data: CacheData): boolean {
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
