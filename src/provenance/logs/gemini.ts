// Gemini CLI chats: `~/.gemini/tmp/<project>/chats/session-<time>-<id>.jsonl` (and `.json` before JSON Lines; a
// subagent's under `chats/<parent session>/`). `<project>` is a short name registered in `~/.gemini/projects.json`
// (`{projects: {<project root>: <name>}}`, the folder also holds a `.project_root` file naming the root) or, in
// older versions, the SHA-256 of the project root path. The first line is the session's metadata (`sessionId`,
// `projectHash`, `startTime`); then message records (`{id, timestamp, type, content, toolCalls?, model?}`), written
// again whole when they change (the last copy wins); `{"$rewindTo": id}` drops that message and every later one;
// `{"$set": {messages?: […]}}` replaces them. Gemini messages' `toolCalls[]` hold `{id, name, args, status,
// timestamp}`: `write_file {file_path, content}` and `replace {file_path, old_string, new_string}` write files.
// `logs.json` beside `chats/` holds only the user's prompts and is not read.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { addedLines } from './align.js';
import { scanJsonArray } from './json-scan.js';
import { scanLines } from './jsonl-scan.js';
import { LogIndex } from './log-index.js';
import { inRepo, isObject, isoTime, jsonNeedles, originExtras, repoRelative, str } from './scope.js';
import type { LoggedText, ReaderContext } from './types.js';

interface Edit {
  readonly path: string;
  readonly text: string;
  readonly only?: number[];
  readonly model: string | null;
  readonly time: string | undefined;
}

/** Project folders under `<gemini>/tmp` that belong to the repository, with the project root each was made for. */
export function geminiProjectDirs(gemini: string, roots: ReadonlyArray<string>): Array<{ dir: string; root: string }> {
  const tmp = join(gemini, 'tmp');
  const found = new Map<string, string>();
  for (const r of roots) found.set(join(tmp, createHash('sha256').update(r).digest('hex')), r);
  try {
    const registry = JSON.parse(readFileSync(join(gemini, 'projects.json'), 'utf8')) as unknown;
    const projects = isObject(registry) && isObject(registry['projects']) ? registry['projects'] : {};
    for (const [path, name] of Object.entries(projects)) {
      if (typeof name === 'string' && /^[a-z0-9-]+$/.test(name) && inRepo(roots, path))
        found.set(join(tmp, name), path);
    }
  } catch {
    // no registry (older versions) or unreadable: the hashed folders and ownership markers remain
  }
  let names: string[] = [];
  try {
    names = readdirSync(tmp);
  } catch {}
  for (const name of names) {
    const dir = join(tmp, name);
    if (found.has(dir)) continue;
    try {
      const owner = readFileSync(join(dir, '.project_root'), 'utf8').trim();
      if (owner && inRepo(roots, owner)) found.set(dir, owner);
    } catch {}
  }
  return [...found].filter(([dir]) => existsSync(join(dir, 'chats'))).map(([dir, root]) => ({ dir, root }));
}

function chatFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory() && depth < 1) walk(full, depth + 1);
      else if (e.isFile() && /\.jsonl?$/.test(e.name)) out.push(full);
    }
  };
  walk(join(dir, 'chats'), 0);
  return out.sort();
}

/** Edits Gemini CLI logged for files inside the repository. Never throws on bad input. */
export function readGemini(ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  const index = LogIndex.load(ctx.cache, 'logs-gemini');
  for (const { dir, root } of geminiProjectDirs(ctx.dir, ctx.roots)) {
    for (const file of chatFiles(dir)) out.push(...index.read(file, ctx, (c) => parseGeminiChat(file, root, c)));
  }
  index.save();
  return out;
}

/** One chat file's edits inside the repository. Exported for tests. */
export function parseGeminiChat(file: string, projectRoot: string, ctx: ReaderContext): LoggedText[] {
  // message id -> its edits, in first-seen order; a message written again replaces its entry
  const messages = new Map<string, Edit[]>();
  let session: string | undefined;
  let malformed = 0;
  const onMessage = (m: Record<string, unknown>) => {
    const id = str(m['id']);
    if (id === undefined) return;
    if (m['type'] !== 'gemini' || !Array.isArray(m['toolCalls'])) {
      messages.set(id, []); // kept for its place: a rewind names the (user) message it goes back to
      return;
    }
    const model = str(m['model']) ?? null;
    const edits: Edit[] = [];
    for (const call of m['toolCalls']) {
      if (!isObject(call) || call['status'] !== 'success' || !isObject(call['args'])) continue;
      const args = call['args'];
      const target = str(args['file_path']) ?? str(args['absolute_path']) ?? str(args['path']);
      if (target === undefined) continue;
      const path = repoRelative(ctx.roots, projectRoot, isAbsolute(target) ? target : resolve(projectRoot, target));
      if (path === undefined) continue;
      const time = isoTime(call['timestamp']) ?? isoTime(m['timestamp']);
      const name = call['name'];
      if (name === 'write_file' && typeof args['content'] === 'string') {
        edits.push({ path, text: args['content'], model, time });
      } else if (
        (name === 'replace' || name === 'edit' || name === 'smart_edit') &&
        typeof args['new_string'] === 'string'
      ) {
        const old = typeof args['old_string'] === 'string' ? args['old_string'] : '';
        edits.push({ path, text: args['new_string'], only: addedLines(old, args['new_string']), model, time });
      }
    }
    messages.set(id, edits); // a message written again keeps its place, as Gemini CLI reads it
  };
  const onRecord = (rec: unknown) => {
    if (!isObject(rec)) return;
    if (typeof rec['$rewindTo'] === 'string') {
      let drop = false;
      for (const id of [...messages.keys()]) {
        if (id === rec['$rewindTo']) drop = true;
        if (drop) messages.delete(id);
      }
      return;
    }
    if (isObject(rec['$set'])) {
      const set = rec['$set'];
      session = str(set['sessionId']) ?? session;
      if (Array.isArray(set['messages'])) {
        messages.clear();
        for (const m of set['messages']) if (isObject(m)) onMessage(m);
      }
      return;
    }
    if (typeof rec['sessionId'] === 'string' && rec['id'] === undefined) {
      session = rec['sessionId'];
      if (Array.isArray(rec['messages'])) for (const m of rec['messages']) if (isObject(m)) onMessage(m);
      return;
    }
    onMessage(rec);
  };
  try {
    if (file.endsWith('.jsonl')) {
      const needles = [
        '"sessionId"',
        '"$rewindTo"',
        '"$set"',
        '"type":"user"',
        ...(ctx.names ? jsonNeedles(ctx.names) : ['"toolCalls"']),
      ];
      const scan = scanLines(file, needles, (line) => {
        try {
          onRecord(JSON.parse(line));
        } catch {
          malformed++;
        }
      });
      if (scan.skippedLong > 0)
        ctx.warn(`${file}: skipped ${scan.skippedLong} line(s) over 64 MB in a Gemini CLI chat`);
    } else {
      const res = scanJsonArray(file, (m) => isObject(m) && onMessage(m), {
        arrayKey: 'messages',
        ...(ctx.names ? { needles: jsonNeedles(ctx.names) } : {}),
      });
      session = str(res.fields['sessionId']) ?? session;
      malformed += res.malformed;
      if (res.notJson) ctx.warn(`${file}: not a Gemini CLI chat (not a JSON object); skipped`);
      else if (res.truncated) ctx.warn(`${file}: Gemini CLI chat is truncated; read up to where it breaks off`);
    }
  } catch (err) {
    ctx.warn(`${file}: cannot read Gemini CLI chat (${(err as Error).message})`);
    return [];
  }
  if (malformed > 0) ctx.warn(`${file}: skipped ${malformed} malformed or truncated record(s) of a Gemini CLI chat`);
  const out: LoggedText[] = [];
  for (const edits of messages.values()) {
    for (const e of edits) {
      out.push({
        kind: 'text',
        source: 'gemini-log',
        agent: 'gemini-cli',
        model: e.model,
        confidence: 0.95,
        path: e.path,
        text: e.text,
        ...(e.only ? { only: e.only } : {}),
        ...originExtras(session, e.time),
      });
    }
  }
  return out;
}
