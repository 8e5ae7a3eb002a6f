// Cursor's agent ("composer") chats live in SQLite key-value databases (`state.vscdb`, tables `ItemTable` and
// `cursorDiskKV`), an undocumented format read here as observed in current versions:
// - `User/workspaceStorage/<id>/state.vscdb`, key `composer.composerData` in ItemTable: `{allComposers: [{composerId,
//   …}]}`, the chats of that window (workspace.json names its folder; see vscode-storage.ts). Older versions kept
//   whole chats there (`conversation[]` inline).
// - `User/globalStorage/state.vscdb`, cursorDiskKV: `composerData:<composerId>` (`modelConfig.modelName`,
//   `createdAt`, `fullConversationHeadersOnly[]` or an inline `conversation[]`) and one `bubbleId:<composerId>:<bubbleId>`
//   per message. An assistant bubble's `toolFormerData` is its tool call: `{name, params | rawArgs (JSON text), status,
//   additionalData.reviewData.selectedOption}`; file-writing tools are `edit_file` (`target_file`, `code_edit`),
//   `edit_file_v2` (`relativeWorkspacePath`, `streamingContent`), `search_replace` (`file_path`, `old_string`,
//   `new_string`), `write` and `MultiEdit`.
// The databases are opened read-only; nothing is written.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type ToolEdit, editsFromArgs } from './edit-args.js';
import { LogIndex } from './log-index.js';
import { isObject, isoTime, originExtras, repoRelative, str } from './scope.js';
import { hasTable, kvText, openReadOnly, type ReadOnlyDb } from './sqlite.js';
import type { LoggedText, ReaderContext } from './types.js';
import { repoWorkspaces } from './vscode-storage.js';

/** Cursor tools that write files (matched case-insensitively). */
const WRITE_TOOLS =
  /^(edit_file(_v2)?|search_replace|write|write_file|create_file|multiedit|multi_edit|apply_patch|edit|replace|reapply)$/i;

interface Composer {
  readonly id: string;
  readonly folders: ReadonlyArray<string>;
  /** Inline chat of older versions. */
  readonly inline?: unknown;
}

/** Edits Cursor's agent chats made to files inside the repository. Never throws on bad input. */
export function readCursor(ctx: ReaderContext): LoggedText[] {
  const global = join(ctx.dir, 'globalStorage', 'state.vscdb');
  const index = LogIndex.load(ctx.cache, 'logs-cursor');
  const out: LoggedText[] = [];
  for (const ws of repoWorkspaces(ctx.dir, ctx.roots)) {
    const local = join(ws.storage, 'state.vscdb');
    if (!existsSync(local)) continue;
    // unchanged databases (Cursor closed since the last check) are not opened again, unless a staged file is edited
    const files = [local, `${local}-wal`, global, `${global}-wal`];
    out.push(...index.read(files, ctx, (c) => workspaceEdits(local, global, ws.folders, c)));
  }
  index.save();
  return out;
}

/** The edits of one window's chats: its composer list, then each composer and its bubbles in the global database. */
function workspaceEdits(
  local: string,
  global: string,
  folders: ReadonlyArray<string>,
  ctx: ReaderContext,
): LoggedText[] {
  const composers: Composer[] = [];
  withDb(local, ctx, (db) => {
    if (!hasTable(db, 'ItemTable')) return;
    const text = kvText(db, 'ItemTable', 'composer.composerData');
    if (text === undefined) return;
    const data = parse(text);
    if (!isObject(data) || !Array.isArray(data['allComposers'])) return;
    for (const c of data['allComposers']) {
      if (!isObject(c) || typeof c['composerId'] !== 'string') continue;
      composers.push({ id: c['composerId'], folders, ...(Array.isArray(c['conversation']) ? { inline: c } : {}) });
    }
  });
  if (composers.length === 0) return [];
  const out: LoggedText[] = [];
  for (const c of composers) if (c.inline !== undefined) out.push(...composerEdits(c, c.inline, () => [], ctx));
  if (!existsSync(global) || composers.every((c) => c.inline !== undefined)) return out;
  withDb(global, ctx, (db) => {
    if (!hasTable(db, 'cursorDiskKV')) return;
    const bubbles = db.prepare(
      "SELECT value FROM cursorDiskKV WHERE key >= ? AND key < ? AND instr(value, 'toolFormerData') > 0",
    );
    for (const c of composers) {
      if (c.inline !== undefined) continue;
      const text = kvText(db, 'cursorDiskKV', `composerData:${c.id}`);
      if (text === undefined) continue;
      const data = parse(text);
      if (data === undefined) {
        ctx.warn(`${global}: Cursor chat ${c.id} is not valid JSON; skipped`);
        continue;
      }
      const rows = () => {
        const found: unknown[] = [];
        for (const row of bubbles.iterate(`bubbleId:${c.id}:`, `bubbleId:${c.id};`) as Iterable<{ value: unknown }>) {
          const v =
            typeof row.value === 'string' ? row.value : Buffer.isBuffer(row.value) ? row.value.toString('utf8') : '';
          if (ctx.names && ![...ctx.names].some((n) => v.includes(n))) continue;
          const b = parse(v);
          if (b !== undefined) found.push(b);
        }
        return found;
      };
      out.push(...composerEdits(c, data, rows, ctx));
    }
  });
  return out;
}

function withDb(file: string, ctx: ReaderContext, use: (db: ReadOnlyDb) => void): void {
  let db: ReadOnlyDb | undefined;
  try {
    db = openReadOnly(file);
    use(db);
  } catch (err) {
    ctx.warn(`${file}: cannot read Cursor state database (${(err as Error).message})`);
  } finally {
    db?.close();
  }
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The edits of one chat: its inline bubbles, or the bubbles stored beside it. */
function composerEdits(c: Composer, data: unknown, stored: () => unknown[], ctx: ReaderContext): LoggedText[] {
  if (!isObject(data)) return [];
  const chatModel = modelOf(isObject(data['modelConfig']) ? data['modelConfig']['modelName'] : undefined);
  const chatTime = isoTime(data['lastUpdatedAt']) ?? isoTime(data['createdAt']);
  const bubbles =
    Array.isArray(data['conversation']) && data['conversation'].length > 0 ? data['conversation'] : stored();
  const out: LoggedText[] = [];
  for (const b of bubbles) {
    if (!isObject(b) || !isObject(b['toolFormerData'])) continue;
    const tool = b['toolFormerData'];
    const name = str(tool['name']);
    if (!name || !WRITE_TOOLS.test(name)) continue;
    if (tool['status'] !== undefined && tool['status'] !== 'completed' && tool['status'] !== 'success') continue;
    const review = isObject(tool['additionalData']) ? tool['additionalData']['reviewData'] : undefined;
    if (isObject(review) && /^reject/i.test(String(review['selectedOption'] ?? ''))) continue;
    const args = parseArgs(tool['params']) ?? parseArgs(tool['rawArgs']);
    const model = modelOf(isObject(b['modelInfo']) ? b['modelInfo']['modelName'] : undefined) ?? chatModel;
    const time = isoTime(b['createdAt']) ?? chatTime;
    for (const e of editsFromArgs(args)) out.push(...located(e, c.folders, ctx, model, c.id, time));
  }
  return out;
}

function parseArgs(x: unknown): unknown {
  if (isObject(x)) return x;
  return typeof x === 'string' ? parse(x) : undefined;
}

/** Cursor names its automatic model choice `default`/`auto`: no model is known then. */
function modelOf(x: unknown): string | null {
  const m = str(x);
  return m && !/^(default|auto)$/i.test(m) ? m : null;
}

function located(
  e: ToolEdit,
  folders: ReadonlyArray<string>,
  ctx: ReaderContext,
  model: string | null,
  session: string,
  time: string | undefined,
): LoggedText[] {
  // a relative path is relative to one of the window's folders: the first under which it lands in the repository
  for (const base of folders) {
    const path = repoRelative(ctx.roots, base, e.file);
    if (path === undefined) continue;
    return [
      {
        kind: 'text',
        source: 'cursor-log',
        agent: 'cursor',
        model,
        confidence: 0.9,
        path,
        text: e.text,
        ...(e.only ? { only: e.only } : {}),
        ...originExtras(session, time),
      },
    ];
  }
  return [];
}
