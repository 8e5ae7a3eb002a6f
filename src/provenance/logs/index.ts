// AI spans from what assistants log — agents' own session logs on this machine (Claude Code, Codex, Gemini CLI,
// Cursor, Copilot Chat, Cline, Roo Code, Kilo Code, Continue, OpenCode), aider's history and Agent Trace records in
// the repository, capture tools' records (git-ai, whogitit, agentdiff) and provscan's own records — mapped onto the
// current content of each file by text. Readers tolerate unknown fields, truncated lines and future versions: they
// warn and skip, never throw. Only spans and their agent, model, session and time leave this module; logged text is
// used for alignment in memory and dropped.
import type { Repo } from '../../git/repo.js';
import type { AiSpan, LineSpan, ProgressListener } from '../../model.js';
import { cacheDir } from '../../util/cache-dir.js';
import { alignKeys, hashedKey, lineKey, splitLines } from './align.js';
import { currentEnvironment, type Environment } from './locations.js';
import { spansFromEvidence } from './merge.js';
import { rootForms } from './scope.js';
import { SOURCES } from './sources.js';
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

/** Up to this many paths, readers search logs for their names before parsing; beyond, a search costs more than it saves. */
const MAX_NEEDLES = 64;

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
  /**
   * Cache folder for indexes of logs kept for all projects in one place (which Codex session ran where), or false
   * to keep none. Default: the user cache folder.
   */
  readonly cache?: string | false;
  /** Environment variables and home folder the log folders are found from (see locations.ts); default: this process's. */
  readonly environment?: Environment;
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
  const environment = input.environment ?? currentEnvironment();
  const roots = rootForms(input.root);
  // a few paths (the staged check) are searched for in the logs' bytes; for many (a whole scan) every log is read
  const names =
    input.paths && input.paths.length <= MAX_NEEDLES
      ? new Set(input.paths.map((p) => p.slice(p.lastIndexOf('/') + 1)))
      : undefined;
  const cache = input.cache ?? cacheDir();

  // every present source is started at once (those that run git wait on it while the others read files); the
  // results are taken in the sources' order, so the outcome does not depend on timing
  const reads: Array<Promise<{ name: LogSourceName; items: ReadonlyArray<LoggedWork> }>> = [];
  for (const name of LOG_SOURCES) {
    if (!from.has(name)) continue;
    const spec = SOURCES[name];
    const dirs = spec.locate({
      root: input.root,
      repo: input.repo,
      env: environment,
      ...(input.claudeDir ? { claudeDir: input.claudeDir } : {}),
    });
    for (const dir of dirs) {
      reads.push(
        spec
          .read({
            root: input.root,
            roots,
            repo: input.repo,
            dir,
            ...(input.paths ? { paths: input.paths } : {}),
            ...(names ? { names } : {}),
            cache,
            warn,
          })
          .then(
            (items) => ({ name, items }),
            (err: unknown) => {
              // a reader bug or an unexpected failure must not stop the scan: the source is skipped, loudly
              warn(`${dir}: reading ${name} logs failed (${(err as Error).message}); skipped`);
              return { name, items: [] };
            },
          ),
      );
    }
  }
  const work: LoggedWork[] = [];
  for (const { name, items } of await Promise.all(reads)) {
    const kept = items.filter(keep);
    found[name] += kept.length;
    work.push(...kept);
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
        const key = w.only ? `${w.only.join(',')}\0${w.text}` : w.text;
        let spans = aligned.get(key);
        if (!spans) {
          spans = alignKeys(splitLines(w.text).map(lineKey), plainKeys, w.only);
          aligned.set(key, spans);
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

/** Turns revision-anchored ranges into the text those lines had at that revision (for alignment by content). */
async function resolveRevisions(root: string, work: ReadonlyArray<LoggedWork>): Promise<LoggedWork[]> {
  const anchored = work.filter((w) => w.kind === 'revision');
  if (anchored.length === 0) return [...work];
  const { catFileBatch } = await import('../../git/batch.js');
  const specs = [...new Set(anchored.map((w) => `${w.revision}:${w.path}`))].filter((s) => !s.includes('\n'));
  const blobs = await catFileBatch(root, specs);
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
