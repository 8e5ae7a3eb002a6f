// aider's chat history (`.aider.chat.history.md` at the repository root): a Markdown log of every session. Edits
// appear as SEARCH/REPLACE blocks after a file-name line (`<<<<<<< SEARCH` / `=======` / `>>>>>>> REPLACE`), or, in
// the "whole" edit format, as a fenced block holding the new file after its file-name line. aider confirms applied
// edits with `> Applied edit to <path>`; sessions start with `# aider chat started at <time>` and name the model
// in a `> Model: …` / `> Main model: …` line.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoggedText, WarningSink } from './types.js';

const AIDER_HISTORY = '.aider.chat.history.md';

const SESSION = /^# aider chat started at (.+?)\s*$/;
const MODEL = /^> (?:Main model|Model): (\S+)/;
const SEARCH = /^<{5,9} SEARCH\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^>{5,9} REPLACE\s*$/;
const FENCE = /^(`{3,}|~{3,})/;
const APPLIED = /^> Applied edit to (.+?)\s*$/;
const USER_TURN = /^#### /;

interface Edit {
  readonly path: string;
  readonly text: string;
  readonly whole: boolean;
}

/** Edits logged in the repository's aider history. Never throws on bad input. */
export function readAider(root: string, warn: WarningSink): LoggedText[] {
  const file = join(root, AIDER_HISTORY);
  if (!existsSync(file)) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    warn(`${file}: cannot read aider history (${(err as Error).message})`);
    return [];
  }
  return parseAiderHistory(text, warn, AIDER_HISTORY);
}

/** Parses an aider chat history. Exported for tests. */
export function parseAiderHistory(text: string, warn: WarningSink, label: string): LoggedText[] {
  const lines = text.split(/\r?\n/);
  const out: LoggedText[] = [];
  let session: string | undefined;
  let model: string | null = null;
  let turn: Edit[] = [];
  let applied = new Set<string>();
  let unterminated = 0;

  let time: string | undefined;
  let editFence: string | undefined;
  const flushTurn = () => {
    // When aider confirmed edits in this turn, only those files were changed; older histories confirm nothing.
    for (const e of turn) {
      if (applied.size > 0 && !applied.has(e.path)) continue;
      if (applied.size === 0 && e.whole) continue; // a bare fenced block may be an example, not an edit
      out.push({
        kind: 'text',
        source: 'aider-log',
        agent: 'aider',
        path: e.path,
        text: e.text,
        model,
        confidence: 0.9,
        ...(session !== undefined ? { session: `aider ${session}` } : {}),
        ...(time !== undefined ? { time } : {}),
      });
    }
    turn = [];
    applied = new Set();
  };

  let lastNonEmpty = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    const s = SESSION.exec(line);
    if (s) {
      flushTurn();
      session = s[1];
      time = session === undefined ? undefined : isoOrUndefined(session);
      model = null;
      continue;
    }
    const m = MODEL.exec(line);
    if (m) {
      model = m[1] ?? null;
      continue;
    }
    if (USER_TURN.test(line)) {
      flushTurn();
      continue;
    }
    const a = APPLIED.exec(line);
    if (a?.[1]) {
      applied.add(cleanPath(a[1]));
      continue;
    }
    if (SEARCH.test(line)) {
      const path = fileNameLine(lastNonEmpty);
      const replaced: string[] = [];
      let j = i + 1;
      while (j < lines.length && !DIVIDER.test(lines[j] as string)) j++;
      j++;
      while (j < lines.length && !REPLACE.test(lines[j] as string)) replaced.push(lines[j++] as string);
      if (j >= lines.length) {
        unterminated++;
        break;
      }
      if (path) turn.push({ path, text: replaced.join('\n'), whole: false });
      i = j;
      lastNonEmpty = '';
      continue;
    }
    const f = FENCE.exec(line);
    if (f?.[1] && editFence !== undefined && line.startsWith(editFence)) {
      editFence = undefined; // closes a fence that held SEARCH/REPLACE blocks
      continue;
    }
    if (f?.[1]) {
      const fence = f[1];
      const body: string[] = [];
      let j = i + 1;
      let hasSearch = false;
      while (j < lines.length && !(lines[j] as string).startsWith(fence)) {
        if (SEARCH.test(lines[j] as string)) hasSearch = true;
        body.push(lines[j++] as string);
      }
      if (hasSearch) {
        // SEARCH/REPLACE blocks inside a fence: the file name is the line before the fence (or, in older
        // histories, the fence's first line); parse the body line by line
        editFence = fence;
        continue;
      }
      const path = fileNameLine(lastNonEmpty);
      if (path && j < lines.length) turn.push({ path, text: body.join('\n'), whole: true });
      i = j;
      lastNonEmpty = '';
      continue;
    }
    if (line.trim() !== '') lastNonEmpty = line;
  }
  flushTurn();
  if (unterminated > 0) warn(`${label}: an edit block is not terminated (history truncated?); it was skipped`);
  return out;
}

/** A line that names a file: a path-like token, possibly in backticks or bold, with an optional trailing colon. */
function fileNameLine(line: string): string | undefined {
  const t = cleanPath(line.trim());
  if (t === '' || /\s/.test(t) || t.length > 400) return undefined;
  if (!/[./]/.test(t)) return undefined;
  return t;
}

function cleanPath(p: string): string {
  return p
    .replace(/^[`*]+|[`*:]+$/g, '')
    .replace(/^\.\//, '')
    .trim();
}

function isoOrUndefined(s: string): string | undefined {
  const d = new Date(s.replace(' ', 'T'));
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
