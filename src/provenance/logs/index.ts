// AI spans from what assistants log (Claude Code transcripts, aider history, Agent Trace records, git-ai notes,
// provscan's own records), mapped onto the current content of each file by text. Readers tolerate unknown fields,
// truncated lines and future versions: they warn and skip, never throw. Only spans and their agent, model,
// session and time leave this module; logged text is used for alignment in memory and dropped.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Repo } from '../../git/repo.js';
import type { AiSpan, LineSpan, ProgressListener } from '../../model.js';
import { readAgentTrace } from './agent-trace.js';
import { readAider } from './aider.js';
import { alignKeys, hashedKey, lineKey, splitLines } from './align.js';
import { readClaudeCode } from './claude-code.js';
import { GIT_AI_REF, parseAuthorshipNote } from './git-ai.js';
import { spansFromEvidence } from './merge.js';
import { readRecords } from './record-store.js';
import { LOG_SOURCES, type LoggedText, type LoggedWork, type LogOrigin, type LogSourceName } from './types.js';

export { mergeAiSpans } from './merge.js';
export {
  type ProvscanRecord,
  type RecordEntry,
  RECORD_SCHEMA,
  readRecords,
  recordsDir,
  writeRecord,
} from './record-store.js';
export { claudeProjectsDir } from './claude-code.js';
export { hashedKey, lineKey } from './align.js';
export { LOG_SOURCES, type LogSourceName } from './types.js';

/** How many commits back git-ai notes are read (their lines are then mapped to the current content). */
const GIT_AI_DEPTH = 200;

export interface LogSpansInput {
  /** Repository (or folder) root: log paths are made relative to it. */
  readonly root: string;
  readonly repo: Repo | null;
  /** Only these paths (POSIX, relative to root); all logged paths when absent. */
  readonly paths?: ReadonlyArray<string>;
  /** Current content of a path (working tree or staged blob); undefined when the file no longer exists. */
  readonly read: (path: string) => Promise<string | undefined>;
  /** Log sources to read; all of them when absent. */
  readonly from?: ReadonlyArray<LogSourceName>;
  /** Claude Code projects folder (default: `$PROVSCAN_CLAUDE_DIR`, `$CLAUDE_CONFIG_DIR/projects`, `~/.claude/projects`). */
  readonly claudeDir?: string;
  readonly onProgress?: ProgressListener;
}

export interface LogSpansResult {
  /** AI spans per path, in the current content's line numbers. */
  readonly spans: ReadonlyMap<string, ReadonlyArray<AiSpan>>;
  /** How many logged edits each source contributed (before mapping). */
  readonly found: Readonly<Record<LogSourceName, number>>;
  /** Logged paths that no longer exist (deleted or renamed since). */
  readonly missing: ReadonlyArray<string>;
}

/** Reads the logs and maps what they say assistants wrote onto the current content. */
export async function collectLogSpans(input: LogSpansInput): Promise<LogSpansResult> {
  const warn = (message: string) => input.onProgress?.({ kind: 'warning', message });
  const from = new Set<LogSourceName>(input.from ?? LOG_SOURCES);
  const found = Object.fromEntries(LOG_SOURCES.map((s) => [s, 0])) as Record<LogSourceName, number>;
  const wanted = input.paths ? new Set(input.paths) : undefined;
  const keep = (w: LoggedWork) => wanted === undefined || wanted.has(w.path);

  const work: LoggedWork[] = [];
  const add = (name: LogSourceName, items: ReadonlyArray<LoggedWork>) => {
    const kept = items.filter(keep);
    found[name] += kept.length;
    work.push(...kept);
  };
  if (from.has('claude-code'))
    add(
      'claude-code',
      readClaudeCode(input.root, {
        ...(input.claudeDir ? { projectsDir: input.claudeDir } : {}),
        ...(input.paths ? { paths: input.paths } : {}),
        warn,
      }),
    );
  if (from.has('aider')) add('aider', readAider(input.root, warn));
  if (from.has('agent-trace')) add('agent-trace', readAgentTrace(input.root, warn));
  if (input.repo) {
    if (from.has('git-ai')) add('git-ai', await readGitAi(input.repo, warn));
    if (from.has('provscan-record')) add('provscan-record', readRecords(input.repo.commonDir, warn));
  }

  const resolved = input.repo ? await resolveRevisions(input.repo.root, work) : work;
  const byPath = new Map<string, LoggedWork[]>();
  for (const w of resolved) {
    const list = byPath.get(w.path);
    if (list) list.push(w);
    else byPath.set(w.path, [w]);
  }

  const spans = new Map<string, AiSpan[]>();
  const missing: string[] = [];
  for (const [path, items] of [...byPath].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    let current: string | undefined;
    try {
      current = await input.read(path);
    } catch {
      current = undefined;
    }
    if (current === undefined) {
      missing.push(path);
      continue;
    }
    const lines = splitLines(current);
    let plainKeys: string[] | undefined;
    let hashKeys: string[] | undefined;
    const evidence: Array<{ origin: LogOrigin; spans: ReadonlyArray<LineSpan> }> = [];
    // the same text is often logged many times (a file rewritten in several sessions): aligned once
    const aligned = new Map<string, ReadonlyArray<LineSpan>>();
    for (const w of items) {
      if (w.kind === 'text') {
        plainKeys ??= lines.map(lineKey);
        let spans = aligned.get(w.text);
        if (!spans) {
          spans = alignKeys(splitLines(w.text).map(lineKey), plainKeys);
          aligned.set(w.text, spans);
        }
        evidence.push({ origin: w, spans });
      } else if (w.kind === 'hashes') {
        hashKeys ??= lines.map(hashedKey);
        evidence.push({ origin: w, spans: alignKeys(w.keys, hashKeys) });
      } else if (w.kind === 'range') {
        const end = Math.min(w.end, lines.length);
        if (w.start <= end) evidence.push({ origin: w, spans: [{ start: w.start, end }] });
      }
    }
    const result = spansFromEvidence(evidence);
    if (result.length > 0) spans.set(path, result);
  }
  if (missing.length > 0) {
    warn(`logs name ${missing.length} file(s) that no longer exist (deleted or renamed since); ignored`);
  }
  return { spans, found, missing };
}

async function readGitAi(repo: Repo, warn: (m: string) => void): Promise<LoggedWork[]> {
  if (!hasRef(repo.commonDir, GIT_AI_REF)) return []; // no notes: spare the git processes
  const root = repo.root;
  const { readNotes, recentCommits } = await import('../../git/notes.js');
  const commits = await recentCommits(root, GIT_AI_DEPTH);
  if (commits.length === 0) return [];
  const notes = await readNotes(root, GIT_AI_REF, new Set(commits));
  return notes.flatMap((n) => parseAuthorshipNote(n.commit, n.text, warn));
}

/** Whether `ref` exists, loose or packed (a file check instead of a git process). */
function hasRef(commonDir: string, ref: string): boolean {
  if (existsSync(join(commonDir, ref))) return true;
  try {
    return readFileSync(join(commonDir, 'packed-refs'), 'utf8').includes(` ${ref}\n`);
  } catch {
    return false;
  }
}

/** Turns revision-anchored ranges into the text those lines had at that revision (for alignment by content). */
async function resolveRevisions(root: string, work: ReadonlyArray<LoggedWork>): Promise<LoggedWork[]> {
  const anchored = work.filter((w) => w.kind === 'revision');
  if (anchored.length === 0) return [...work];
  const { readObjects } = await import('../../git/cat-file.js');
  const specs = [...new Set(anchored.map((w) => `${w.revision}:${w.path}`))].filter((s) => !s.includes('\n'));
  const blobs = await readObjects(root, specs);
  const out: LoggedWork[] = [];
  for (const w of work) {
    if (w.kind !== 'revision') {
      out.push(w);
      continue;
    }
    const blob = blobs.get(`${w.revision}:${w.path}`);
    if (!blob?.data) continue; // the revision or the file is gone: nothing to anchor to
    const old = splitLines(blob.data.toString('utf8'));
    for (const r of w.ranges) {
      const text = old.slice(r.start - 1, Math.min(r.end, old.length)).join('\n');
      if (text === '') continue;
      const { kind: _k, revision: _r, ranges: _rs, ...origin } = w;
      const t: LoggedText = { ...origin, kind: 'text', text };
      out.push(t);
    }
  }
  return out;
}
