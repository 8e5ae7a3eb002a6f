// Agents' SQLite databases (Cursor's and VS Code's state.vscdb, OpenCode's opencode.db) are opened read-only and
// never written: another program owns them and may be running. better-sqlite3 (a native addon) loads only when one
// of these databases exists.
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

export type ReadOnlyDb = Database.Database;

let sqlite: typeof Database | undefined;

/**
 * Opens `file` read-only (it must exist). A database another program holds locked is waited on briefly.
 * @throws the SQLite error when the file is not a database or cannot be opened.
 */
export function openReadOnly(file: string): ReadOnlyDb {
  sqlite ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return new sqlite(file, { readonly: true, fileMustExist: true, timeout: 1000 });
}

/** Whether the database has a table of this name. */
export function hasTable(db: ReadOnlyDb, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/** A value of a key-value table (`ItemTable`, `cursorDiskKV`) as text, or undefined. */
export function kvText(db: ReadOnlyDb, table: 'ItemTable' | 'cursorDiskKV', key: string): string | undefined {
  const row = db.prepare(`SELECT value FROM ${table} WHERE key = ?`).get(key) as { value?: unknown } | undefined;
  const v = row?.value;
  if (typeof v === 'string') return v;
  if (Buffer.isBuffer(v)) return v.toString('utf8');
  return undefined;
}
