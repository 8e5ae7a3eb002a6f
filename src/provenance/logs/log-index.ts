// What provscan learnt about agents' session logs, kept in its cache folder between runs (deleting it is safe):
// - which folder a session ran in, for agents that keep every project's sessions in one place (Codex by date):
//   written at the session's start, it never changes, so each file's head is read once; and per folder of session
//   files, the folders its sessions ran in, so an unchanged folder of other projects' sessions is not even listed;
// - which files a session edited (their names), for the log as it was (size and modification time): a finished
//   session whose edits name none of the staged files is not read again by the pre-commit check.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { LoggedWork, ReaderContext } from './types.js';

const VERSION = 3;

interface Entry {
  /** The session's working folder; null when the log names none. */
  cwd?: string | null;
  /** Names (last path segments) of the files the log edits in `root`, valid for this size and time. */
  edits?: { readonly root: string; readonly size: number; readonly mtime: number; readonly names: string[] };
}

/** A folder of session files: the working folders of its sessions, valid while the folder is unchanged. */
interface FolderEntry {
  readonly mtime: number;
  readonly cwds: string[];
}

export class LogIndex {
  private changed = false;

  private constructor(
    private readonly file: string | undefined,
    private readonly entries: Map<string, Entry>,
    private readonly folders: Map<string, FolderEntry>,
  ) {}

  /** The index `<cache>/<name>.json`; an empty one kept in memory only when `cache` is false. */
  static load(cache: string | false, name: string): LogIndex {
    const file = cache === false ? undefined : join(cache, `${name}.json`);
    const entries = new Map<string, Entry>();
    const folders = new Map<string, FolderEntry>();
    if (file) {
      try {
        const doc = JSON.parse(readFileSync(file, 'utf8')) as { v?: unknown; files?: unknown; folders?: unknown };
        if (doc.v === VERSION && typeof doc.files === 'object' && doc.files !== null) {
          for (const [k, v] of Object.entries(doc.files as Record<string, Entry>)) {
            if (typeof v === 'object' && v !== null) entries.set(k, v);
          }
          for (const [k, v] of Object.entries((doc.folders ?? {}) as Record<string, FolderEntry>)) {
            if (typeof v?.mtime === 'number' && Array.isArray(v.cwds)) folders.set(k, v);
          }
        }
      } catch {
        // no index yet, or unreadable: rebuilt as logs are read
      }
    }
    return new LogIndex(file, entries, folders);
  }

  /**
   * The working folders of the sessions in `dir` (a folder of session files only: adding or removing a file
   * changes its modification time), or undefined when not known for this state of the folder.
   */
  folderCwds(dir: string, mtime: number): ReadonlyArray<string> | undefined {
    const f = this.folders.get(dir);
    return f && f.mtime === mtime ? f.cwds : undefined;
  }

  setFolderCwds(dir: string, mtime: number, cwds: ReadonlyArray<string>): void {
    this.folders.set(dir, { mtime, cwds: [...new Set(cwds)].sort() });
    this.changed = true;
  }

  get persistent(): boolean {
    return this.file !== undefined;
  }

  /** The working folder of `file`, read once by `head` (undefined from `head`: not known yet, asked again later). */
  cwd(file: string, head: (file: string) => string | null | undefined): string | null | undefined {
    const e = this.entries.get(file);
    if (e?.cwd !== undefined) return e.cwd;
    const cwd = head(file);
    if (cwd !== undefined) {
      this.entries.set(file, { ...e, cwd });
      this.changed = true;
    }
    return cwd;
  }

  /**
   * The work a log holds for the repository, skipping the log when it is unchanged since a run that found it edits
   * none of the files that matter (`ctx.names`). A log read for the first time (or changed) is read whole, so its
   * edited names can be remembered; without a persistent index, only what matters is read. A log kept in several
   * files (a database and its write-ahead log) is named by all of them: it is unchanged when none changed.
   */
  read<T extends LoggedWork>(
    files: string | ReadonlyArray<string>,
    ctx: ReaderContext,
    parse: (c: ReaderContext) => T[],
  ): T[] {
    const list = typeof files === 'string' ? [files] : files;
    const key = list.join('\n');
    if (!this.persistent || ctx.names === undefined) {
      const items = parse(ctx);
      const st = stamp(list);
      if (this.persistent && st) this.remember(key, ctx.root, items, st);
      return items;
    }
    const st = stamp(list);
    if (!st) return parse(ctx); // the reader reports the unreadable file
    const known = this.entries.get(key)?.edits;
    if (known && known.root === ctx.root && known.size === st.size && known.mtime === st.mtimeMs) {
      const names = ctx.names;
      return known.names.some((n) => names.has(n)) ? parse(ctx) : [];
    }
    const { names: _n, paths: _p, ...whole } = ctx;
    const items = parse(whole);
    this.remember(key, ctx.root, items, st);
    return items;
  }

  private remember(key: string, root: string, items: ReadonlyArray<LoggedWork>, st: { size: number; mtimeMs: number }) {
    const names = [...new Set(items.map((w) => w.path.slice(w.path.lastIndexOf('/') + 1)))].sort();
    const e = this.entries.get(key);
    this.entries.set(key, { ...e, edits: { root, size: st.size, mtime: st.mtimeMs, names } });
    this.changed = true;
  }

  /** Writes the index when it changed, dropping logs that no longer exist (those not in `present`, when given). */
  save(present?: ReadonlySet<string>): void {
    if (present) {
      for (const map of [this.entries, this.folders]) {
        for (const k of map.keys()) {
          if (!present.has(k)) {
            map.delete(k);
            this.changed = true;
          }
        }
      }
    }
    if (!this.file || !this.changed) return;
    if (!present)
      for (const k of this.entries.keys()) if (!existsSync(k.split('\n')[0] as string)) this.entries.delete(k);
    try {
      const doc = { v: VERSION, files: Object.fromEntries(this.entries), folders: Object.fromEntries(this.folders) };
      writeFileAtomic(this.file, JSON.stringify(doc));
    } catch {
      // an index that cannot be written only makes the next run slower
    }
    this.changed = false;
  }
}

/** Total size and latest modification time of the files (missing ones count as empty); undefined when none exists. */
function stamp(files: ReadonlyArray<string>): { size: number; mtimeMs: number } | undefined {
  let size = 0;
  let mtimeMs = 0;
  let any = false;
  for (const f of files) {
    try {
      const st = statSync(f);
      size += st.size;
      mtimeMs = Math.max(mtimeMs, st.mtimeMs);
      any = true;
    } catch {}
  }
  return any ? { size, mtimeMs } : undefined;
}
