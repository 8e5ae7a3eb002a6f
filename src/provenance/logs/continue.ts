// Continue sessions: `~/.continue/sessions/<session id>.json` (`{sessionId, title, workspaceDirectory, history[],
// chatModelTitle?}`), listed in `sessions/sessions.json` (`[{sessionId, title, dateCreated, workspaceDirectory}]`).
// `workspaceDirectory` is the editor's folder (a `file://` URI or a path). A history item's `toolCallStates[]`
// (`{toolCallId, toolCall: {function: {name, arguments}}, status, parsedArgs?}`) are the agent's tool calls; `done`
// ones ran. Built-in tools that write files: `create_new_file` (`filepath`, `contents`), `edit_existing_file`
// (`filepath`, `changes`, with "… existing code …" placeholders), `single_find_and_replace` (`filepath`,
// `old_string`, `new_string`) and `multi_edit` (`filepath`, `edits[]`); older versions prefix them `builtin_`.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ToolEdit, editsFromArgs } from './edit-args.js';
import { scanJsonArray } from './json-scan.js';
import { LogIndex } from './log-index.js';
import {
  holdsRepo,
  inRepo,
  isObject,
  isoTime,
  jsonNeedles,
  localPath,
  originExtras,
  repoRelative,
  str,
} from './scope.js';
import type { LoggedText, ReaderContext } from './types.js';

const WRITE_TOOLS = /^(builtin_)?(create_new_file|edit_existing_file|single_find_and_replace|multi_edit)$/;

interface Listed {
  readonly workspace: string | undefined;
  readonly time: string | undefined;
}

/** Edits Continue's agent made to files inside the repository. Never throws on bad input. */
export function readContinue(ctx: ReaderContext): LoggedText[] {
  const dir = join(ctx.dir, 'sessions');
  const listed = new Map<string, Listed>();
  let haveList = false;
  try {
    const list = JSON.parse(readFileSync(join(dir, 'sessions.json'), 'utf8')) as unknown;
    if (Array.isArray(list)) {
      haveList = true;
      for (const s of list) {
        if (!isObject(s) || typeof s['sessionId'] !== 'string') continue;
        listed.set(s['sessionId'], { workspace: str(s['workspaceDirectory']), time: isoTime(s['dateCreated']) });
      }
    }
  } catch {}
  let files: string[];
  try {
    files = readdirSync(dir).filter((n) => n.endsWith('.json') && n !== 'sessions.json');
  } catch {
    return [];
  }
  const out: LoggedText[] = [];
  const index = LogIndex.load(ctx.cache, 'logs-continue');
  for (const name of files.sort()) {
    const id = name.slice(0, -'.json'.length);
    const entry = listed.get(id);
    // sessions the list names in another folder are skipped unread; unlisted ones are read to learn their folder
    if (entry?.workspace !== undefined && !overlaps(ctx, entry.workspace)) continue;
    if (haveList && entry === undefined && ctx.names) continue; // the quick check reads only listed sessions
    const file = join(dir, name);
    out.push(...index.read(file, ctx, (c) => parseContinueSession(file, c, entry?.time)));
  }
  index.save();
  return out;
}

function overlaps(ctx: ReaderContext, workspace: string): boolean {
  // a session of a multi-folder window lists its folders separated by commas
  return workspace.split(',').some((w) => {
    const p = localPath(w.trim());
    return p !== undefined && (inRepo(ctx.roots, p) || holdsRepo(ctx.roots, p));
  });
}

/** One session file's edits inside the repository. Exported for tests. */
export function parseContinueSession(file: string, ctx: ReaderContext, listedTime?: string): LoggedText[] {
  const edits: ToolEdit[] = [];
  const onItem = (item: unknown) => {
    if (!isObject(item) || !Array.isArray(item['toolCallStates'])) return;
    for (const state of item['toolCallStates']) {
      if (!isObject(state) || state['status'] !== 'done') continue;
      const fn =
        isObject(state['toolCall']) && isObject(state['toolCall']['function']) ? state['toolCall']['function'] : {};
      const name = str(fn['name']);
      if (!name || !WRITE_TOOLS.test(name)) continue;
      let args: unknown = state['parsedArgs'];
      if (!isObject(args) && typeof fn['arguments'] === 'string') {
        try {
          args = JSON.parse(fn['arguments']);
        } catch {}
      }
      if (isObject(args) && typeof args['changes'] === 'string' && args['contents'] === undefined) {
        args = { ...args, content: args['changes'] }; // edit_existing_file: the new code, with placeholders
      }
      edits.push(...editsFromArgs(args));
    }
  };
  let fields: Readonly<Record<string, unknown>>;
  try {
    const res = scanJsonArray(file, onItem, {
      arrayKey: 'history',
      needles: ctx.names ? jsonNeedles(ctx.names) : ['"toolCallStates"'],
    });
    if (res.notJson) {
      ctx.warn(`${file}: not a Continue session (not a JSON object); skipped`);
      return [];
    }
    if (res.truncated) ctx.warn(`${file}: Continue session is truncated; read up to where it breaks off`);
    if (res.malformed > 0)
      ctx.warn(`${file}: skipped ${res.malformed} malformed history item(s) of a Continue session`);
    fields = res.fields;
  } catch (err) {
    ctx.warn(`${file}: cannot read Continue session (${(err as Error).message})`);
    return [];
  }
  const workspace = str(fields['workspaceDirectory']);
  if (!workspace || !overlaps(ctx, workspace)) return [];
  const base = localPath(workspace.split(',')[0]?.trim() ?? '');
  const session = str(fields['sessionId']);
  const model = str(fields['chatModelTitle']) ?? null;
  const out: LoggedText[] = [];
  for (const e of edits) {
    const path = repoRelative(ctx.roots, base, e.file);
    if (path === undefined) continue;
    out.push({
      kind: 'text',
      source: 'continue-log',
      agent: 'continue',
      model,
      confidence: 0.9,
      path,
      text: e.text,
      ...(e.only ? { only: e.only } : {}),
      ...originExtras(session, listedTime),
    });
  }
  return out;
}
