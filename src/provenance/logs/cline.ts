// Cline, Roo Code and Kilo Code (VS Code extensions of one lineage) keep each task under their storage folder:
// `tasks/<task id>/api_conversation_history.json` is the conversation as sent to the model (a JSON array of
// `{role, content, ts?, modelInfo?}`; `content` a string or blocks). The assistant's tool calls are XML in text
// blocks (`<write_to_file><path>…</path><content>…</content></write_to_file>`, `<replace_in_file>` / `<apply_diff>`
// with SEARCH/REPLACE blocks under `<diff>`, `<insert_content>`, `<search_and_replace>`) or, in newer versions,
// `tool_use` blocks with the same names (and `edit`, `search_replace`, `edit_file`, `apply_patch`); the next user
// message carries the result (`[write_to_file for 'x'] Result:`, `The user denied this operation.`, `<error>…`).
// `ui_messages.json` repeats the same edits for display and is not needed. Which project a task ran in: Cline's
// `state/taskHistory.json` (`cwdOnTaskInitialization`, `modelId`), Roo/Kilo's `tasks/_index.json` or
// `tasks/<id>/history_item.json` (`workspace`); otherwise the `Current Working Directory (…)` the first message's
// environment details name. Cline's newer runtime keeps sessions in `~/.cline/data/sessions/<id>/<id>.json`
// (`cwd`, `model`) with `<id>.messages.json` (`{messages: […]}`, Anthropic-style blocks; tools `editor` with
// `path`, `old_text`, `new_text`, and `apply_patch`).
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { editsFromArgs, type ToolEdit } from './edit-args.js';
import { scanJsonArray } from './json-scan.js';
import { LogIndex } from './log-index.js';
import { modelName } from './agent-ids.js';
import { holdsRepo, inRepo, isObject, isoTime, jsonNeedles, originExtras, repoRelative, str } from './scope.js';
import { hasTable, kvText, openReadOnly } from './sqlite.js';
import type { LoggedText, ReaderContext } from './types.js';

export type TaskAgent = 'cline' | 'roo-code' | 'kilo-code';

const SOURCE = { cline: 'cline-log', 'roo-code': 'roo-code-log', 'kilo-code': 'kilo-code-log' } as const;
const EXTENSION_ID = {
  cline: 'saoudrizwan.claude-dev',
  'roo-code': 'rooveterinaryinc.roo-cline',
  'kilo-code': 'kilocode.kilo-code',
} as const;

/** Tools (XML tags or tool_use names) that write files. */
const WRITE_TOOLS = new Set([
  'write_to_file',
  'replace_in_file',
  'apply_diff',
  'insert_content',
  'search_and_replace',
  'edit',
  'search_replace',
  'edit_file',
  'apply_patch',
  'editor',
  'new_rule',
]);
const XML_CALL =
  /<(write_to_file|replace_in_file|apply_diff|insert_content|search_and_replace|new_rule)>([\s\S]*?)<\/\1>/g;
const XML_PARAM = /<(path|content|diff|search|replace|line)>\n?([\s\S]*?)\n?<\/\1>/g;
const FAILED =
  /The user denied this operation|The tool execution failed|Unable to apply diff|Failed to (?:apply|edit|write)/;
const CWD = /Current (?:Working|Workspace) Directory \(([^)\n]+)\)/;

interface Task {
  readonly dir: string;
  readonly cwd: string;
  readonly model: string | null;
  readonly time: string | undefined;
}

/** Edits the extension's tasks made to files inside the repository. Never throws on bad input. */
export function readTasks(ctx: ReaderContext, agent: TaskAgent): LoggedText[] {
  const out: LoggedText[] = [];
  const index = LogIndex.load(ctx.cache, `logs-${agent}`);
  for (const task of repoTasks(ctx, agent)) {
    const file = join(task.dir, 'api_conversation_history.json');
    out.push(...index.read(file, ctx, (c) => parseTask(task, agent, c)));
  }
  if (agent === 'cline') out.push(...readSdkSessions(ctx, index));
  index.save();
  return out;
}

/** Tasks whose working folder overlaps the repository. */
function repoTasks(ctx: ReaderContext, agent: TaskAgent): Task[] {
  const tasksDir = join(ctx.dir, 'tasks');
  let ids: string[];
  try {
    ids = readdirSync(tasksDir, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name)
      .sort();
  } catch {
    return [];
  }
  const known = taskIndex(ctx, agent);
  const out: Task[] = [];
  for (const id of ids) {
    const dir = join(tasksDir, id);
    const item = known.get(id) ?? historyItem(dir) ?? { cwd: firstCwd(join(dir, 'api_conversation_history.json')) };
    const cwd = item.cwd;
    if (!cwd || !(inRepo(ctx.roots, cwd) || holdsRepo(ctx.roots, cwd))) continue;
    out.push({ dir, cwd, model: item.model ?? latestModel(dir), time: item.time });
  }
  return out;
}

interface Item {
  readonly cwd: string | undefined;
  readonly model?: string | null;
  readonly time?: string | undefined;
}

function toItem(h: unknown): [string, Item] | undefined {
  if (!isObject(h) || typeof h['id'] !== 'string') return undefined;
  const cwd = str(h['cwdOnTaskInitialization']) ?? str(h['workspace']);
  return [h['id'], { cwd, model: modelName(h['modelId']), time: isoTime(h['ts']) }];
}

/** Task id -> folder and model, from the extension's history index (its file, or VS Code's global state). */
function taskIndex(ctx: ReaderContext, agent: TaskAgent): Map<string, Item> {
  const items = new Map<string, Item>();
  const add = (list: unknown) => {
    if (!Array.isArray(list)) return;
    for (const h of list) {
      const e = toItem(h);
      if (e) items.set(e[0], e[1]);
    }
  };
  for (const file of [join(ctx.dir, 'state', 'taskHistory.json'), join(ctx.dir, 'tasks', '_index.json')]) {
    try {
      const doc = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      add(Array.isArray(doc) ? doc : isObject(doc) ? doc['entries'] : undefined);
    } catch {}
  }
  if (items.size > 0) return items;
  // before those files, the history was in VS Code's global state: User/globalStorage/state.vscdb
  const global = join(dirname(ctx.dir), 'state.vscdb');
  if (!existsSync(global)) return items;
  try {
    const db = openReadOnly(global);
    try {
      const text = hasTable(db, 'ItemTable') ? kvText(db, 'ItemTable', EXTENSION_ID[agent]) : undefined;
      const state = text === undefined ? undefined : (JSON.parse(text) as unknown);
      if (isObject(state)) add(state['taskHistory']);
    } finally {
      db.close();
    }
  } catch (err) {
    ctx.warn(`${global}: cannot read VS Code state database (${(err as Error).message})`);
  }
  return items;
}

function historyItem(dir: string): Item | undefined {
  try {
    return toItem(JSON.parse(readFileSync(join(dir, 'history_item.json'), 'utf8')))?.[1];
  } catch {
    return undefined;
  }
}

/** The working folder the first message's environment details name (read from the file's first 256 KB). */
function firstCwd(file: string): string | undefined {
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(256 * 1024);
      const n = readSync(fd, buf, 0, buf.length, 0);
      const m = CWD.exec(buf.toString('utf8', 0, n).replace(/\\\\/g, '\\'));
      return m?.[1]?.trim();
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
}

/** Cline's task_metadata.json lists the models used (`model_usage[].model_id`): the last one. */
function latestModel(dir: string): string | null {
  try {
    const meta = JSON.parse(readFileSync(join(dir, 'task_metadata.json'), 'utf8')) as unknown;
    const usage = isObject(meta) && Array.isArray(meta['model_usage']) ? meta['model_usage'] : [];
    for (let i = usage.length - 1; i >= 0; i--) {
      const u = usage[i];
      if (isObject(u) && typeof u['model_id'] === 'string') return modelName(u['model_id']);
    }
  } catch {}
  return null;
}

interface Pending {
  readonly edits: ToolEdit[];
  readonly model: string | null;
  readonly time: string | undefined;
  readonly id: string | undefined;
}

/** One task's edits inside the repository. Exported for tests. */
export function parseTask(task: Task, agent: TaskAgent, ctx: ReaderContext): LoggedText[] {
  const file = join(task.dir, 'api_conversation_history.json');
  if (!existsSync(file)) return [];
  const out: LoggedText[] = [];
  let pending: Pending[] = [];
  const emit = (p: Pending) => {
    for (const e of p.edits) {
      const path = repoRelative(ctx.roots, task.cwd, e.file);
      if (path === undefined) continue;
      out.push({
        kind: 'text',
        source: SOURCE[agent],
        agent,
        model: p.model,
        confidence: 0.9,
        path,
        text: e.text,
        ...(e.only ? { only: e.only } : {}),
        ...originExtras(basename(task.dir), p.time),
      });
    }
  };
  const onMessage = (m: unknown) => {
    if (!isObject(m)) return;
    const blocks = Array.isArray(m['content'])
      ? m['content']
      : typeof m['content'] === 'string'
        ? [{ type: 'text', text: m['content'] }]
        : [];
    if (m['role'] === 'assistant') {
      for (const p of pending) emit(p); // no result followed: the call was not refused
      pending = [];
      const model = (isObject(m['modelInfo']) ? modelName(m['modelInfo']['modelId']) : null) ?? task.model;
      const time = isoTime(m['ts']) ?? task.time;
      for (const b of blocks) {
        if (!isObject(b)) continue;
        if (b['type'] === 'text' && typeof b['text'] === 'string') {
          for (const call of xmlCalls(b['text'])) pending.push({ edits: call, model, time, id: undefined });
        } else if (b['type'] === 'tool_use' && typeof b['name'] === 'string' && WRITE_TOOLS.has(b['name'])) {
          const edits = editsFromArgs(b['input']);
          if (edits.length > 0) pending.push({ edits, model, time, id: str(b['id']) });
        }
      }
      return;
    }
    // a user message: the results of the previous assistant message's calls
    const failedIds = new Set<string>();
    let failedText = false;
    for (const b of blocks) {
      if (!isObject(b)) continue;
      if (b['type'] === 'tool_result') {
        if (b['is_error'] === true || FAILED.test(resultText(b['content']))) {
          const id = str(b['tool_use_id']);
          if (id) failedIds.add(id);
        }
      } else if (b['type'] === 'text' && typeof b['text'] === 'string' && FAILED.test(b['text'])) failedText = true;
    }
    for (const p of pending) {
      if (p.id !== undefined ? failedIds.has(p.id) : failedText) continue;
      emit(p);
    }
    pending = [];
  };
  try {
    // with file names, only messages naming one are parsed, and every message that may report a failure
    const needles = ctx.names ? [...jsonNeedles(ctx.names), '"tool_result"', 'denied', 'error'] : undefined;
    const res = scanJsonArray(file, onMessage, needles ? { needles } : {});
    if (res.notJson) ctx.warn(`${file}: not a task history (not a JSON array); skipped`);
    else if (res.truncated) ctx.warn(`${file}: task history is truncated; read up to where it breaks off`);
    if (res.malformed > 0) ctx.warn(`${file}: skipped ${res.malformed} malformed message(s) of a task history`);
    if (res.skipped > 0) ctx.warn(`${file}: skipped ${res.skipped} message(s) over 64 MB in a task history`);
  } catch (err) {
    ctx.warn(`${file}: cannot read task history (${(err as Error).message})`);
    return out;
  }
  for (const p of pending) emit(p);
  return out;
}

function resultText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content))
    return content.map((c) => (isObject(c) && typeof c['text'] === 'string' ? c['text'] : '')).join('\n');
  return '';
}

/** The file writes in XML tool calls of an assistant text. */
function xmlCalls(text: string): ToolEdit[][] {
  if (!text.includes('</')) return [];
  const calls: ToolEdit[][] = [];
  for (const m of text.matchAll(XML_CALL)) {
    const args: Record<string, string> = {};
    for (const p of (m[2] ?? '').matchAll(XML_PARAM)) if (p[1] && p[2] !== undefined) args[p[1]] = p[2];
    const edits = editsFromArgs(args);
    if (edits.length > 0) calls.push(edits);
  }
  return calls;
}

/** Cline's newer sessions (`sessions/<id>/<id>.json` and `.messages.json`) inside the repository. */
function readSdkSessions(ctx: ReaderContext, index: LogIndex): LoggedText[] {
  const base = join(ctx.dir, 'sessions');
  let ids: string[];
  try {
    ids = readdirSync(base).sort();
  } catch {
    return [];
  }
  const out: LoggedText[] = [];
  for (const id of ids) {
    let manifest: unknown;
    try {
      manifest = JSON.parse(readFileSync(join(base, id, `${id}.json`), 'utf8'));
    } catch {
      continue;
    }
    if (!isObject(manifest)) continue;
    const cwd = str(manifest['cwd']) ?? str(manifest['workspace_root']);
    if (!cwd || !(inRepo(ctx.roots, cwd) || holdsRepo(ctx.roots, cwd))) continue;
    const messages = str(manifest['messages_path']) ?? join(base, id, `${id}.messages.json`);
    const file = existsSync(messages) ? messages : join(base, id, `${id}.messages.json`);
    const task: Task = {
      dir: join(base, id),
      cwd,
      model: modelName(manifest['model']),
      time: isoTime(manifest['started_at']),
    };
    out.push(...index.read(file, ctx, (c) => parseSdkMessages(file, task, c)));
  }
  return out;
}

function parseSdkMessages(file: string, task: Task, ctx: ReaderContext): LoggedText[] {
  const calls = new Map<string, Pending>();
  const failed = new Set<string>();
  const onMessage = (m: unknown) => {
    if (!isObject(m) || !Array.isArray(m['content'])) return;
    const model = (isObject(m['modelInfo']) ? modelName(m['modelInfo']['id']) : null) ?? task.model;
    const time = isoTime(m['ts']) ?? task.time;
    for (const b of m['content']) {
      if (!isObject(b)) continue;
      if (b['type'] === 'tool_use' && typeof b['name'] === 'string' && WRITE_TOOLS.has(b['name'])) {
        const id = str(b['id']);
        const edits = editsFromArgs(b['input']);
        if (id && edits.length > 0) calls.set(id, { edits, model, time, id });
      } else if (b['type'] === 'tool_result' && typeof b['tool_use_id'] === 'string') {
        const text = resultText(b['content']);
        if (b['is_error'] === true || /"success"\s*:\s*false/.test(text)) failed.add(b['tool_use_id']);
      }
    }
  };
  try {
    const res = scanJsonArray(file, onMessage, { arrayKey: 'messages' });
    if (res.truncated) ctx.warn(`${file}: Cline session is truncated; read up to where it breaks off`);
    if (res.malformed > 0) ctx.warn(`${file}: skipped ${res.malformed} malformed message(s) of a Cline session`);
  } catch (err) {
    ctx.warn(`${file}: cannot read Cline session (${(err as Error).message})`);
    return [];
  }
  const out: LoggedText[] = [];
  for (const [id, p] of calls) {
    if (failed.has(id)) continue;
    for (const e of p.edits) {
      const path = repoRelative(ctx.roots, task.cwd, e.file);
      if (path === undefined) continue;
      out.push({
        kind: 'text',
        source: 'cline-log',
        agent: 'cline',
        model: p.model,
        confidence: 0.9,
        path,
        text: e.text,
        ...(e.only ? { only: e.only } : {}),
        ...originExtras(basename(task.dir), p.time),
      });
    }
  }
  return out;
}
