// whogitit (formerly ai-blame) captures Claude Code's edits through its hooks and, at each commit, attaches a JSON
// note under `refs/notes/whogitit` (`refs/notes/ai-blame` before the rename): `{version, session: {session_id, model:
// {id, provider}, started_at}, prompts[], files: [{path, lines: [{line_number, source: {type: "AI" | "AIModified" |
// "Human" | "Original" | "Unknown"}}]}]}`, line numbers of the file as committed. Edits not committed yet wait in
// `.whogitit-pending.json` at the repository root: `file_histories: {<path>: {edits: [{before: {content}, after:
// {content}, timestamp}]}}`. The prompts (and each line's `content`) are never read into a span.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { agentId, modelName } from './agent-ids.js';
import { addedLines } from './align.js';
import { hasRef } from './refs.js';
import { isObject, isoTime, originExtras, str } from './scope.js';
import type { LoggedAtRevision, LoggedText, LoggedWork, ReaderContext, WarningSink } from './types.js';

export const WHOGITIT_REFS = ['refs/notes/whogitit', 'refs/notes/ai-blame'] as const;
export const WHOGITIT_PENDING = '.whogitit-pending.json';
/** How many commits back notes are read (as for git-ai). */
const DEPTH = 200;

export async function readWhogitit(ctx: ReaderContext): Promise<LoggedWork[]> {
  const out: LoggedWork[] = [...readPending(join(ctx.root, WHOGITIT_PENDING), ctx.warn)];
  const repo = ctx.repo;
  if (!repo) return out;
  const refs = WHOGITIT_REFS.filter((r) => hasRef(repo.commonDir, r));
  if (refs.length === 0) return out;
  const { readNotes, recentCommits } = await import('../../git/notes.js');
  const commits = new Set(await recentCommits(repo.root, DEPTH));
  if (commits.size === 0) return out;
  for (const ref of refs) {
    for (const n of await readNotes(repo.root, ref, commits))
      out.push(...parseWhogititNote(n.commit, n.text, ctx.warn));
  }
  return out;
}

function sessionOrigin(session: unknown): { agent: string; model: string | null; session?: string; time?: string } {
  const s = isObject(session) ? session : {};
  const model = isObject(s['model']) ? modelName(s['model']['id']) : modelName(s['model']);
  const tool = str(s['agent']) ?? str(s['tool']);
  return {
    agent: tool ? agentId(tool) : 'claude-code',
    model,
    ...originExtras(str(s['session_id']), isoTime(s['started_at'])),
  };
}

/** One note's AI line ranges, anchored at the commit it is attached to. */
export function parseWhogititNote(commit: string, text: string, warn: WarningSink): LoggedAtRevision[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    warn(`whogitit note on ${commit.slice(0, 12)}: not valid JSON; skipped`);
    return [];
  }
  if (!isObject(doc) || !Array.isArray(doc['files'])) {
    warn(`whogitit note on ${commit.slice(0, 12)}: no "files" list; skipped`);
    return [];
  }
  const version = typeof doc['version'] === 'number' ? doc['version'] : 0;
  if (version > 3) {
    warn(`whogitit note on ${commit.slice(0, 12)}: version ${version} is newer than provscan understands; skipped`);
    return [];
  }
  const origin = sessionOrigin(doc['session']);
  const out: LoggedAtRevision[] = [];
  for (const f of doc['files']) {
    if (!isObject(f) || typeof f['path'] !== 'string' || !Array.isArray(f['lines'])) continue;
    for (const [type, confidence] of [
      ['AI', 0.95],
      ['AIModified', 0.6],
    ] as const) {
      const numbers: number[] = [];
      for (const l of f['lines']) {
        if (!isObject(l) || typeof l['line_number'] !== 'number') continue;
        const src = l['source'];
        const t = isObject(src) ? src['type'] : src;
        if (t === type) numbers.push(l['line_number']);
      }
      const ranges = toRanges(numbers);
      if (ranges.length === 0) continue;
      out.push({
        kind: 'revision',
        source: 'whogitit',
        path: f['path'].replace(/^\.\//, ''),
        revision: commit,
        ranges,
        confidence,
        ...origin,
      });
    }
  }
  return out;
}

function toRanges(numbers: number[]): Array<{ start: number; end: number }> {
  const sorted = [...new Set(numbers.filter((n) => Number.isInteger(n) && n >= 1))].sort((a, b) => a - b);
  const out: Array<{ start: number; end: number }> = [];
  for (const n of sorted) {
    const last = out[out.length - 1];
    if (last && n === last.end + 1) last.end = n;
    else out.push({ start: n, end: n });
  }
  return out;
}

/** Uncommitted edits in whogitit's pending buffer: the lines each edit added. Exported for tests. */
export function readPending(file: string, warn: WarningSink): LoggedText[] {
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
      warn(`${file}: not a readable whogitit pending buffer; skipped`);
    return [];
  }
  if (!isObject(doc) || !isObject(doc['file_histories'])) {
    warn(`${file}: no "file_histories" in the whogitit pending buffer; skipped`);
    return [];
  }
  const origin = sessionOrigin(doc['session']);
  const out: LoggedText[] = [];
  for (const [key, h] of Object.entries(doc['file_histories'])) {
    if (!isObject(h) || !Array.isArray(h['edits'])) continue;
    const path = (str(h['path']) ?? key).replace(/^\.\//, '');
    for (const e of h['edits']) {
      if (!isObject(e)) continue;
      const before = isObject(e['before']) && typeof e['before']['content'] === 'string' ? e['before']['content'] : '';
      const after = isObject(e['after']) ? e['after']['content'] : undefined;
      if (typeof after !== 'string') continue;
      const only = addedLines(before, after);
      if (only.length === 0) continue;
      out.push({
        kind: 'text',
        source: 'whogitit',
        path,
        text: after,
        only,
        confidence: 0.95,
        ...origin,
        ...(isoTime(e['timestamp']) ? { time: isoTime(e['timestamp']) as string } : {}),
      });
    }
  }
  return out;
}
