// OpenAI Codex CLI session logs ("rollouts"): `$CODEX_HOME/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl` (and
// `archived_sessions/`), one JSON object per line: `{timestamp, type, payload}`. `session_meta` (first line) carries
// the session `id` and its `cwd`; `turn_context` the `cwd` and `model` of each turn; `response_item` the model's tool
// calls — `apply_patch` as a freeform `custom_tool_call` (`input` is the patch), as a `function_call` (`arguments`
// JSON holding the patch), or through a shell call (`apply_patch <<'EOF' …`); `event_msg` `patch_apply_end` tells
// whether a call's patch applied (`success`) and, in newer versions, the `changes` it made per absolute path
// (`{type: "add", content}` / `{type: "update", unified_diff, move_path}`). Sessions of all projects share the
// folder: each file's `cwd` decides whether it belongs to this repository (remembered in the cache folder).
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type PatchEdit, patchEdits, unifiedDiffEdits } from './apply-patch.js';
import { scanLines } from './jsonl-scan.js';
import { LogIndex } from './log-index.js';
import { inRepo, isObject, isoTime, jsonNeedles, originExtras, repoRelative, str } from './scope.js';
import type { LoggedText, ReaderContext } from './types.js';

/** Bytes read from the start of a rollout to find its `cwd` (it precedes the long instructions in session_meta). */
const HEAD_BYTES = 64 * 1024;

/**
 * Rollout files under a Codex home that `visit` keeps: it is called for each folder of rollout files with the
 * folder's modification time and a way to list it, so an unchanged folder can be decided on without listing it.
 */
function rolloutFiles(home: string, visit: (dir: string, mtime: number, list: () => string[]) => string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number) => {
    let st: import('node:fs').Stats;
    try {
      st = statSync(dir);
    } catch {
      return;
    }
    if (!st.isDirectory()) return;
    let entries: import('node:fs').Dirent[] | undefined;
    const list = () => {
      entries ??= readdirSync(dir, { withFileTypes: true });
      return entries
        .filter((e) => e.isFile() && e.name.startsWith('rollout-') && e.name.endsWith('.jsonl'))
        .map((e) => join(dir, e.name));
    };
    // the dated layout nests year/month/day: only folders of files (days, archived_sessions) are summarised
    if (depth < 3 && !dir.endsWith('archived_sessions')) {
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      if (entries.some((e) => e.isDirectory())) {
        for (const e of entries) if (e.isDirectory()) walk(join(dir, e.name), depth + 1);
      }
      if (!entries.some((e) => e.isFile())) return;
    }
    try {
      out.push(...visit(dir, st.mtimeMs, list));
    } catch {
      // a folder that cannot be listed holds nothing readable
    }
  };
  walk(join(home, 'sessions'), 0);
  walk(join(home, 'archived_sessions'), 0);
  return out.sort().reverse();
}

/** The `cwd` a rollout's session_meta names, null when it names none (early rollouts), undefined when unreadable. */
export function rolloutCwd(file: string): string | null | undefined {
  let head: string;
  try {
    const fd = openSync(file, 'r');
    try {
      const buf = Buffer.allocUnsafe(HEAD_BYTES);
      const n = readSync(fd, buf, 0, HEAD_BYTES, 0);
      head = buf.toString('utf8', 0, n);
    } finally {
      closeSync(fd);
    }
  } catch {
    return undefined;
  }
  const firstLine = head.slice(0, head.indexOf('\n') < 0 ? head.length : head.indexOf('\n'));
  if (firstLine === '') return undefined; // not written yet
  const m = /"cwd"\s*:\s*"((?:[^"\\]|\\.)*)"/.exec(firstLine);
  if (!m) return firstLine.includes('"session_meta"') || head.includes('\n') ? null : undefined;
  try {
    return JSON.parse(`"${m[1]}"`) as string;
  } catch {
    return null;
  }
}

interface Call {
  readonly edits: PatchEdit[];
  readonly base: string | undefined;
  readonly model: string | null;
  readonly session: string | undefined;
  readonly time: string | undefined;
}

/** Edits Codex logged for files inside the repository. Never throws on bad input: warns and skips. */
export function readCodex(ctx: ReaderContext): LoggedText[] {
  const index = LogIndex.load(ctx.cache, 'logs-codex');
  const present = new Set<string>();
  const mine = new Map<string, boolean>(); // working folder -> inside the repository
  const ours = (cwd: string) => {
    let m = mine.get(cwd);
    if (m === undefined) {
      m = inRepo(ctx.roots, cwd);
      mine.set(cwd, m);
    }
    return m;
  };
  const files = rolloutFiles(ctx.dir, (dir, mtime, list) => {
    present.add(dir);
    const known = index.folderCwds(dir, mtime);
    if (known && !known.some(ours)) return []; // unchanged, and only other projects' sessions
    const inFolder = list();
    const cwds: string[] = [];
    const keep: string[] = [];
    let complete = true;
    for (const file of inFolder) {
      present.add(file);
      const cwd = index.cwd(file, rolloutCwd);
      if (cwd === undefined) complete = false; // a session not written yet: its folder is not known yet
      if (typeof cwd !== 'string') continue;
      cwds.push(cwd);
      if (ours(cwd)) keep.push(file);
    }
    if (!known && complete) index.setFolderCwds(dir, mtime, cwds);
    return keep;
  });
  const out: LoggedText[] = [];
  for (const file of files) out.push(...index.read(file, ctx, (c) => parseRollout(file, c)));
  index.save(present);
  return out;
}

/** Needles a relevant rollout line contains: with file names, a patch must name one of them. */
function needles(ctx: ReaderContext): string[] {
  const always = ['"session_meta"', '"turn_context"', '"patch_apply_end"'];
  if (ctx.names) return [...always, ...jsonNeedles(ctx.names)];
  return [...always, '*** Begin Patch'];
}

/** One rollout file's edits inside the repository. Exported for tests. */
export function parseRollout(file: string, ctx: ReaderContext): LoggedText[] {
  const calls = new Map<string, Call>();
  const failed = new Set<string>();
  const applied = new Map<string, { changes: Record<string, unknown>; time: string | undefined }>();
  let cwd: string | undefined;
  let session: string | undefined;
  let model: string | null = null;
  let malformed = 0;
  let anonymous = 0;
  const onLine = (line: string) => {
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      malformed++;
      return;
    }
    if (!isObject(rec)) return;
    const payload = rec['payload'];
    if (!isObject(payload)) return;
    const time = isoTime(rec['timestamp']);
    switch (rec['type']) {
      case 'session_meta':
        session = str(payload['id']) ?? session;
        cwd = str(payload['cwd']) ?? cwd;
        return;
      case 'turn_context':
        cwd = str(payload['cwd']) ?? cwd;
        model = str(payload['model']) ?? model;
        return;
      case 'event_msg':
        if (payload['type'] === 'patch_apply_end' && typeof payload['call_id'] === 'string') {
          if (payload['success'] === false) failed.add(payload['call_id']);
          else if (isObject(payload['changes'])) applied.set(payload['call_id'], { changes: payload['changes'], time });
        }
        return;
      case 'response_item': {
        const id = str(payload['call_id']) ?? `${file}#${anonymous++}`;
        const t = payload['type'];
        if (t === 'function_call_output' || t === 'custom_tool_call_output') {
          if (outputFailed(payload['output'])) failed.add(id);
          return;
        }
        if (t !== 'function_call' && t !== 'custom_tool_call' && t !== 'local_shell_call') return;
        const edits = patchEdits(strings(payload).join('\n'));
        if (edits.length > 0) calls.set(id, { edits, base: cwd, model, session, time });
        return;
      }
    }
  };
  let scan: ReturnType<typeof scanLines>;
  try {
    scan = scanLines(file, needles(ctx), onLine);
  } catch (err) {
    ctx.warn(`${file}: cannot read Codex session log (${(err as Error).message})`);
    return [];
  }
  if (malformed > 0) ctx.warn(`${file}: skipped ${malformed} malformed or truncated line(s) of a Codex session log`);
  if (scan.skippedLong > 0) ctx.warn(`${file}: skipped ${scan.skippedLong} line(s) over 64 MB in a Codex session log`);

  const out: LoggedText[] = [];
  const emit = (edits: ReadonlyArray<PatchEdit>, base: string | undefined, c: Omit<Call, 'edits' | 'base'>) => {
    for (const e of edits) {
      const path = repoRelative(ctx.roots, base, e.path);
      if (path === undefined) continue;
      out.push({
        kind: 'text',
        source: 'codex-log',
        agent: 'openai-codex',
        model: c.model,
        confidence: 0.95,
        path,
        text: e.text,
        only: e.only,
        ...originExtras(c.session, c.time),
      });
    }
  };
  for (const [id, call] of calls) {
    if (!failed.has(id)) emit(call.edits, call.base, call);
  }
  // patches applied without a logged call (a shell heredoc the reader did not see, or a filtered line)
  for (const [id, a] of applied) {
    if (calls.has(id) || failed.has(id)) continue;
    emit(changeEdits(a.changes), cwd, { model, session, time: a.time });
  }
  return out;
}

/** Every string inside a tool call's payload (arguments are a JSON string themselves). */
function strings(x: unknown): string[] {
  if (typeof x === 'string') {
    const t = x.trimStart();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return strings(JSON.parse(x));
      } catch {}
    }
    return [x];
  }
  if (Array.isArray(x)) return x.flatMap(strings);
  if (isObject(x)) return Object.values(x).flatMap(strings);
  return [];
}

/** Whether a tool output says the call failed (an explicit `success: false`, or a non-zero exit code). */
function outputFailed(output: unknown): boolean {
  if (isObject(output)) return output['success'] === false;
  if (typeof output !== 'string') return false;
  if (/^apply_patch verification failed|^Failed to (apply|parse) patch/i.test(output)) return true;
  if (output.trimStart().startsWith('{')) {
    try {
      const o = JSON.parse(output) as unknown;
      if (isObject(o) && isObject(o['metadata'])) {
        const code = o['metadata']['exit_code'];
        return typeof code === 'number' && code !== 0;
      }
    } catch {}
  }
  return false;
}

/** Edits from a patch_apply_end `changes` map (`{path: {type, …}}`, or `{path: {add|update: {…}}}` in older logs). */
function changeEdits(changes: Record<string, unknown>): PatchEdit[] {
  const out: PatchEdit[] = [];
  for (const [path, change] of Object.entries(changes)) {
    if (!isObject(change)) continue;
    const add = change['type'] === 'add' ? change : isObject(change['add']) ? change['add'] : undefined;
    const update = change['type'] === 'update' ? change : isObject(change['update']) ? change['update'] : undefined;
    if (add && typeof add['content'] === 'string') {
      const text = add['content'];
      const n = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
      out.push({ path, text, only: Array.from({ length: n }, (_, i) => i) });
    } else if (update && typeof update['unified_diff'] === 'string') {
      const target = str(update['move_path']) ?? path;
      out.push(...unifiedDiffEdits(target, update['unified_diff']));
    }
  }
  return out;
}
