// OpenCode sessions. Since 1.2: `~/.local/share/opencode/opencode.db` (or `opencode-<channel>.db`), SQLite tables
// `session` (`id`, `project_id`, `directory`), `message` (`id`, `session_id`, `data` JSON: `role`, `modelID`,
// `providerID`, `path.cwd`, `time`) and `part` (`id`, `message_id`, `session_id`, `data` JSON). Before:
// `storage/session/<project>/<session>.json` (`directory`), `storage/message/<session>/<message>.json` and
// `storage/part/<message>/<part>.json`, with the same JSON. A tool part is `{type: "tool", callID, tool, state:
// {status, input, time}}`; `completed` ones ran. Tools that write files: `write` (`filePath`, `content`), `edit`
// (`filePath`, `oldString`, `newString`), `multiedit` (`filePath`, `edits[]`) and `patch` / `apply_patch`
// (`patchText`, the apply_patch format). The database is opened read-only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelName } from './agent-ids.js';
import { editsFromArgs } from './edit-args.js';
import { LogIndex } from './log-index.js';
import { holdsRepo, inRepo, isObject, isoTime, originExtras, repoRelative, str } from './scope.js';
import { hasTable, openReadOnly } from './sqlite.js';
import type { LoggedText, ReaderContext } from './types.js';

const WRITE_TOOLS = new Set(['write', 'edit', 'multiedit', 'patch', 'apply_patch']);

interface Session {
  readonly id: string;
  readonly directory: string;
}

/** Edits OpenCode sessions made to files inside the repository. Never throws on bad input. */
export function readOpencode(ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  let dbs: string[] = [];
  try {
    dbs = readdirSync(ctx.dir).filter((n) => /^opencode(-[\w.-]+)?\.db$/.test(n));
  } catch {}
  const index = LogIndex.load(ctx.cache, 'logs-opencode');
  for (const name of dbs.sort()) {
    const db = join(ctx.dir, name);
    out.push(...index.read([db, `${db}-wal`], ctx, (c) => readDatabase(db, c)));
  }
  index.save();
  if (existsSync(join(ctx.dir, 'storage', 'session'))) out.push(...readStorage(join(ctx.dir, 'storage'), ctx));
  return out;
}

function overlaps(ctx: ReaderContext, dir: string): boolean {
  return inRepo(ctx.roots, dir) || holdsRepo(ctx.roots, dir);
}

/** Sessions and tool parts from an OpenCode database. */
function readDatabase(file: string, ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  try {
    const db = openReadOnly(file);
    try {
      if (!hasTable(db, 'session') || !hasTable(db, 'part') || !hasTable(db, 'message')) {
        ctx.warn(`${file}: not an OpenCode database provscan understands (no session, message or part table); skipped`);
        return [];
      }
      const sessions = (db.prepare('SELECT id, directory FROM session').all() as Array<Record<string, unknown>>)
        .filter((s) => typeof s['id'] === 'string' && typeof s['directory'] === 'string')
        .map((s) => ({ id: s['id'] as string, directory: s['directory'] as string }))
        .filter((s) => overlaps(ctx, s.directory));
      const parts = db.prepare(
        `SELECT p.data AS part, m.data AS message FROM part p JOIN message m ON m.id = p.message_id
         WHERE p.session_id = ? AND instr(p.data, '"tool"') > 0 ORDER BY p.id`,
      );
      for (const s of sessions) {
        for (const row of parts.iterate(s.id) as Iterable<{ part: unknown; message: unknown }>) {
          out.push(...partEdits(parse(row.part), parse(row.message), s, ctx));
        }
      }
    } finally {
      db.close();
    }
  } catch (err) {
    ctx.warn(`${file}: cannot read OpenCode database (${(err as Error).message})`);
  }
  return out;
}

function parse(x: unknown): unknown {
  const text = typeof x === 'string' ? x : Buffer.isBuffer(x) ? x.toString('utf8') : undefined;
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Sessions, messages and parts from the JSON files OpenCode kept before its database. */
function readStorage(storage: string, ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  const list = (dir: string) => {
    try {
      return readdirSync(dir).sort();
    } catch {
      return [];
    }
  };
  const json = (file: string): unknown => {
    try {
      return JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      ctx.warn(`${file}: not valid JSON; skipped`);
      return undefined;
    }
  };
  for (const project of list(join(storage, 'session'))) {
    for (const name of list(join(storage, 'session', project))) {
      if (!name.endsWith('.json')) continue;
      const s = json(join(storage, 'session', project, name));
      if (!isObject(s) || typeof s['directory'] !== 'string' || !overlaps(ctx, s['directory'])) continue;
      const session: Session = { id: name.slice(0, -5), directory: s['directory'] };
      for (const mname of list(join(storage, 'message', session.id))) {
        if (!mname.endsWith('.json')) continue;
        const message = json(join(storage, 'message', session.id, mname));
        const mid = mname.slice(0, -5);
        for (const pname of list(join(storage, 'part', mid))) {
          if (!pname.endsWith('.json')) continue;
          let text: string;
          try {
            text = readFileSync(join(storage, 'part', mid, pname), 'utf8');
          } catch {
            continue;
          }
          if (!text.includes('"tool"')) continue;
          out.push(...partEdits(parse(text), message, session, ctx));
        }
      }
    }
  }
  return out;
}

/** The edits of one tool part, when it is a completed file-writing call inside the repository. */
function partEdits(part: unknown, message: unknown, session: Session, ctx: ReaderContext): LoggedText[] {
  if (!isObject(part) || part['type'] !== 'tool' || typeof part['tool'] !== 'string') return [];
  if (!WRITE_TOOLS.has(part['tool']) || !isObject(part['state']) || part['state']['status'] !== 'completed') return [];
  const state = part['state'];
  const m = isObject(message) ? message : {};
  const cwd = (isObject(m['path']) ? str(m['path']['cwd']) : undefined) ?? session.directory;
  const time =
    (isObject(state['time']) ? isoTime(state['time']['end']) : undefined) ??
    (isObject(m['time']) ? isoTime(m['time']['created']) : undefined);
  const model = modelName(m['modelID']);
  const out: LoggedText[] = [];
  for (const e of editsFromArgs(state['input'])) {
    const path = repoRelative(ctx.roots, cwd, e.file);
    if (path === undefined) continue;
    out.push({
      kind: 'text',
      source: 'opencode-log',
      agent: 'opencode',
      model,
      confidence: 0.95,
      path,
      text: e.text,
      ...(e.only ? { only: e.only } : {}),
      ...originExtras(session.id, time),
    });
  }
  return out;
}
