// GitHub Copilot Chat (ask, edit and agent mode) sessions, as VS Code stores its chat sessions:
// `User/workspaceStorage/<id>/chatSessions/<session id>.json` (one JSON object, `ISerializableChatData`) or, in
// newer versions, `.jsonl`: a mutation log whose first line `{kind: 0, v: <session>}` is the whole session and
// whose later lines change it (`{kind: 1, k: path, v}` sets, `{kind: 2, k: path, v: items, i?}` pushes after
// truncating to `i`, `{kind: 3, k: path}` deletes). Older versions kept the sessions in the workspace's
// `state.vscdb` (ItemTable key `interactive.sessions`). A session has `sessionId` and `requests[]`; a request has
// `requestId`, `timestamp`, `modelId` (`copilot/gpt-4.1`), `agent` and `response[]`, whose `textEditGroup` parts
// (`{uri, edits: TextEdit[][]}`, each `{text, range}`) are the edits applied to files; `editedFileEvents[]`
// records files whose edits the user undid (`eventKind` 2).
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { agentId, modelName } from './agent-ids.js';
import { scanJsonArray } from './json-scan.js';
import { scanLines } from './jsonl-scan.js';
import { LogIndex } from './log-index.js';
import { isObject, isoTime, jsonNeedles, originExtras, repoRelative, str } from './scope.js';
import { hasTable, kvText, openReadOnly } from './sqlite.js';
import type { LoggedText, ReaderContext } from './types.js';
import { repoWorkspaces, uriPath } from './vscode-storage.js';

/** A mutation log larger than this is not replayed (it is held in memory while replayed). */
const MAX_LOG_BYTES = 512 * 1024 * 1024;

/** Edits Copilot Chat sessions made to files inside the repository. Never throws on bad input. */
export function readCopilot(ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  const index = LogIndex.load(ctx.cache, 'logs-copilot');
  for (const ws of repoWorkspaces(ctx.dir, ctx.roots)) {
    const sessions = join(ws.storage, 'chatSessions');
    if (existsSync(sessions)) {
      let names: string[] = [];
      try {
        names = readdirSync(sessions).sort();
      } catch {}
      for (const n of names) {
        const file = join(sessions, n);
        if (n.endsWith('.jsonl')) out.push(...index.read(file, ctx, (c) => parseSessionLog(file, ws.folders, c)));
        else if (n.endsWith('.json')) out.push(...index.read(file, ctx, (c) => parseSessionJson(file, ws.folders, c)));
      }
    } else out.push(...legacySessions(join(ws.storage, 'state.vscdb'), ws.folders, ctx));
  }
  index.save();
  return out;
}

/** A `.json` session, its requests streamed one by one. Exported for tests. */
export function parseSessionJson(file: string, folders: ReadonlyArray<string>, ctx: ReaderContext): LoggedText[] {
  const requests: unknown[] = [];
  try {
    const res = scanJsonArray(file, (r) => requests.push(r), {
      arrayKey: 'requests',
      ...(ctx.names ? { needles: jsonNeedles(ctx.names) } : { needles: ['"textEditGroup"'] }),
    });
    if (res.notJson) {
      ctx.warn(`${file}: not a Copilot Chat session (not a JSON object); skipped`);
      return [];
    }
    if (res.truncated) ctx.warn(`${file}: Copilot Chat session is truncated; read up to where it breaks off`);
    if (res.malformed > 0) ctx.warn(`${file}: skipped ${res.malformed} malformed request(s) of a Copilot Chat session`);
    const session = str(res.fields['sessionId']);
    return requests.flatMap((r) => requestEdits(r, session, folders, ctx));
  } catch (err) {
    ctx.warn(`${file}: cannot read Copilot Chat session (${(err as Error).message})`);
    return [];
  }
}

/** A `.jsonl` session: its mutation log replayed. Exported for tests. */
export function parseSessionLog(file: string, folders: ReadonlyArray<string>, ctx: ReaderContext): LoggedText[] {
  let size = 0;
  try {
    size = statSync(file).size;
  } catch (err) {
    ctx.warn(`${file}: cannot read Copilot Chat session (${(err as Error).message})`);
    return [];
  }
  if (size > MAX_LOG_BYTES) {
    ctx.warn(`${file}: Copilot Chat session log over 512 MB; skipped`);
    return [];
  }
  let state: unknown;
  let malformed = 0;
  let orphan = 0;
  try {
    scanLines(file, undefined, (line) => {
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        malformed++;
        return;
      }
      if (!isObject(entry)) return;
      if (entry['kind'] === 0) state = entry['v'];
      else if (state === undefined) orphan++;
      else applyEntry(state, entry);
    });
  } catch (err) {
    ctx.warn(`${file}: cannot read Copilot Chat session (${(err as Error).message})`);
    return [];
  }
  if (malformed > 0) ctx.warn(`${file}: skipped ${malformed} malformed or truncated line(s) of a Copilot Chat session`);
  if (orphan > 0) ctx.warn(`${file}: Copilot Chat session log has no initial state; ${orphan} change(s) ignored`);
  return sessionEdits(state, folders, ctx);
}

/** Applies one mutation (`kind` 1 set, 2 push, 3 delete) to the replayed state. */
function applyEntry(state: unknown, entry: Record<string, unknown>): void {
  const path = entry['k'];
  if (!Array.isArray(path) || path.length === 0) return;
  let parent: unknown = state;
  for (const key of path.slice(0, -1)) {
    if (!isObject(parent) && !Array.isArray(parent)) return;
    parent = (parent as Record<string | number, unknown>)[key as string | number];
  }
  const last = path[path.length - 1] as string | number;
  if (!isObject(parent) && !Array.isArray(parent)) return;
  const target = parent as Record<string | number, unknown>;
  if (entry['kind'] === 1) target[last] = entry['v'];
  else if (entry['kind'] === 3) delete target[last];
  else if (entry['kind'] === 2) {
    let arr = target[last];
    if (!Array.isArray(arr)) {
      arr = [];
      target[last] = arr;
    }
    const list = arr as unknown[];
    if (typeof entry['i'] === 'number') list.length = Math.min(list.length, entry['i']);
    if (Array.isArray(entry['v'])) list.push(...entry['v']);
  }
}

/** Sessions kept in the workspace database by older VS Code versions. */
function legacySessions(file: string, folders: ReadonlyArray<string>, ctx: ReaderContext): LoggedText[] {
  if (!existsSync(file)) return [];
  let text: string | undefined;
  try {
    const db = openReadOnly(file);
    try {
      text = hasTable(db, 'ItemTable') ? kvText(db, 'ItemTable', 'interactive.sessions') : undefined;
    } finally {
      db.close();
    }
  } catch (err) {
    ctx.warn(`${file}: cannot read VS Code state database (${(err as Error).message})`);
    return [];
  }
  if (text === undefined) return [];
  let sessions: unknown;
  try {
    sessions = JSON.parse(text);
  } catch {
    ctx.warn(`${file}: Copilot Chat sessions (interactive.sessions) are not valid JSON; skipped`);
    return [];
  }
  return Array.isArray(sessions) ? sessions.flatMap((s) => sessionEdits(s, folders, ctx)) : [];
}

function sessionEdits(session: unknown, folders: ReadonlyArray<string>, ctx: ReaderContext): LoggedText[] {
  if (!isObject(session) || !Array.isArray(session['requests'])) return [];
  const id = str(session['sessionId']);
  return session['requests'].flatMap((r) => requestEdits(r, id, folders, ctx));
}

/** The text edits of one request's response, for files inside the repository whose edits were not undone. */
function requestEdits(
  req: unknown,
  session: string | undefined,
  folders: ReadonlyArray<string>,
  ctx: ReaderContext,
): LoggedText[] {
  if (!isObject(req) || !Array.isArray(req['response'])) return [];
  const undone = new Set<string>();
  if (Array.isArray(req['editedFileEvents'])) {
    for (const ev of req['editedFileEvents']) {
      if (isObject(ev) && ev['eventKind'] === 2) {
        const p = uriPath(ev['uri']);
        if (p) undone.add(p);
      }
    }
  }
  const agent = requestAgent(req['agent']);
  const model = modelName(req['modelId']);
  const time = isoTime(req['timestamp']);
  const out: LoggedText[] = [];
  for (const part of req['response']) {
    if (!isObject(part) || part['kind'] !== 'textEditGroup' || !Array.isArray(part['edits'])) continue;
    const file = uriPath(part['uri']);
    if (!file || undone.has(file)) continue;
    const path = repoRelative(ctx.roots, folders[0], file);
    if (path === undefined) continue;
    // the edits arrive in batches as they stream; joined in order they give the written text
    const texts: string[] = [];
    for (const batch of part['edits']) {
      for (const edit of Array.isArray(batch) ? batch : [batch]) {
        if (isObject(edit) && typeof edit['text'] === 'string' && edit['text'] !== '') {
          texts.push(edit['text'].replace(/\r?\n$/, ''));
        }
      }
    }
    if (texts.length === 0) continue;
    out.push({
      kind: 'text',
      source: 'copilot-log',
      agent,
      model,
      confidence: 0.9,
      path,
      text: texts.join('\n'),
      ...originExtras(session, time),
    });
  }
  return out;
}

/** Copilot's own participants (`github.copilot.editsAgent`, …) are `github-copilot`; another extension's keep its name. */
function requestAgent(agent: unknown): string {
  if (!isObject(agent)) return 'github-copilot';
  const ext = isObject(agent['extensionId']) ? str(agent['extensionId']['value']) : undefined;
  const id = str(agent['id']) ?? '';
  if ((ext === undefined || /copilot/i.test(ext)) && (id === '' || /copilot/i.test(id))) return 'github-copilot';
  return agentId(str(agent['name']) ?? ext ?? id);
}
