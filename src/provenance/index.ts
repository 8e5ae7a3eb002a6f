// Which lines at HEAD an AI wrote, from git history: classify commits by the conventions (one streamed git log),
// blame only the files that can hold AI lines (a few git processes in parallel), and cache the answers under the
// common git dir so an unchanged repository is answered without running git log or blame again.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { type BlameGroup, blameFile, blameSettings } from '../git/blame.js';
import { GitError } from '../errors.js';
import { git } from '../git/exec.js';
import { treeBlobs } from '../git/index-entries.js';
import { type Repo, configValue } from '../git/repo.js';
import type { AiCommit, AiSpan, ProgressListener, ProvenanceStatus } from '../model.js';
import type { SourceFile } from '../source/files.js';
import { CACHE_VERSION, type CacheData, cacheFile, fileKey, loadCache, saveCache } from './cache.js';
import type { Convention } from './convention-types.js';
import { BUILTIN_CONVENTIONS, conventionsHash } from './conventions.js';
import { type AiCommitInfo, type HistoryState, walkHistory } from './history.js';
import { type CompactSpan, compactSpans, expandSpans, spansFromBlame } from './spans.js';
import { parseUserConventions } from './user-conventions.js';

export interface ProvenanceInput {
  readonly repo: Repo | null;
  readonly files: ReadonlyArray<SourceFile>;
  /** User conventions from the config file: validated `Convention`s, or the raw config list (validated here). */
  readonly conventions?: ReadonlyArray<unknown>;
  readonly useCache?: boolean;
  readonly onProgress?: ProgressListener;
  /** Blame copy detection (`-C`, on by default). */
  readonly copies?: boolean;
  /** How many blame processes run at once (default: 2–4 by CPU count). */
  readonly workers?: number;
  /** Merge AI spans from agent logs and provscan records (default true). */
  readonly logs?: boolean;
}

export interface ProvenanceResult {
  /** AI spans per path. */
  readonly spans: ReadonlyMap<string, ReadonlyArray<AiSpan>>;
  readonly commits: ReadonlyArray<AiCommit>;
  readonly status: ProvenanceStatus;
  /** What the run did (for benchmarks and `--verbose` style reporting). */
  readonly stats?: {
    readonly commits: number;
    readonly aiCommits: number;
    /** Commits an agent only committed (their lines are human) that own lines in the scanned files. */
    readonly committedOnly: number;
    /** Files blamed with git. */
    readonly blamed: number;
    /** Files answered from the history walk alone (created by a commit that changed no existing file, untouched since). */
    readonly added: number;
    readonly cached: number;
  };
}

/**
 * AI spans from git history merged with spans from agent logs (src/provenance/logs/): a line found both ways is
 * reported once, on the history span, listing both sources.
 * @throws GitError when git fails on the repository; InputError for malformed user conventions.
 */
export async function collectProvenance(input: ProvenanceInput): Promise<ProvenanceResult> {
  const fromHistory = await collectFromHistory(input);
  if (!input.repo || input.logs === false) return fromHistory;
  const { collectLogSpans, mergeAiSpans } = await import('./logs/index.js');
  const byPath = new Map(input.files.map((f) => [f.path, f] as const));
  const logs = await collectLogSpans({
    root: input.repo.root,
    repo: input.repo,
    paths: [...byPath.keys()],
    read: async (p) => {
      const f = byPath.get(p);
      return f ? (await f.read()).toString('utf8') : undefined;
    },
    ...(input.useCache === false ? { cache: false as const } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
  });
  if (logs.spans.size === 0) return fromHistory;
  const spans = new Map(fromHistory.spans);
  for (const [path, fromLogs] of logs.spans) spans.set(path, mergeAiSpans(spans.get(path) ?? [], fromLogs));
  return { ...fromHistory, spans };
}

async function collectFromHistory(input: ProvenanceInput): Promise<ProvenanceResult> {
  const emit = input.onProgress ?? (() => {});
  const repo = input.repo;
  if (!repo) {
    return {
      spans: new Map(),
      commits: [],
      status: { available: false, complete: false, notes: ['not a git repository: no provenance from history'] },
    };
  }
  const notes: string[] = [];
  if (repo.shallow) {
    notes.push(
      'shallow clone: history is incomplete, so lines older than the shallow boundary are attributed to the ' +
        'boundary commit and AI commits before it are missed; run `git fetch --unshallow` for complete provenance',
    );
  }
  const head = repo.head;
  if (!head) {
    return { spans: new Map(), commits: [], status: { available: true, complete: !repo.shallow, notes } };
  }

  const conventions = [...userConventions(input.conventions), ...BUILTIN_CONVENTIONS];
  const copies = input.copies !== false;
  const ignoreRevs = await ignoreRevsFile(repo.root);
  const settings = [
    conventionsHash(conventions),
    blameSettings({ copies }),
    ignoreRevs ? createHash('sha256').update(ignoreRevs.content).digest('hex').slice(0, 16) : '-',
  ].join(':');
  const useCache = input.useCache !== false;
  const file = cacheFile(repo.commonDir);
  const cache: CacheData = useCache
    ? loadCache(file, settings)
    : { version: CACHE_VERSION, settings, history: null, files: {} };

  // History: reuse the cached walk for this HEAD, extend it when HEAD moved forward, else walk everything.
  let history: HistoryState;
  if (cache.history?.head === head) {
    history = cache.history;
  } else {
    emit({ kind: 'start', stage: 'history', total: 0 });
    const onCommit = (n: number) => {
      if (n % 1000 === 0) emit({ kind: 'tick', stage: 'history', done: n, total: 0 });
    };
    const previous =
      cache.history && (await isAncestor(repo.root, cache.history.head, head)) ? cache.history : undefined;
    history = await walkHistory(repo.root, head, conventions, { copies, onCommit }, previous);
    emit({ kind: 'end', stage: 'history' });
  }

  // Blame the files that can hold AI lines.
  const candidates = new Set(history.candidates);
  const todo = input.files.filter((f) => candidates.has(f.path));
  const spans = new Map<string, ReadonlyArray<AiSpan>>();
  const nextFiles: Record<string, CompactSpan[]> = {};
  let cached = 0;
  const failed: string[] = [];
  const work: SourceFile[] = [];
  for (const f of todo) {
    const compact = f.blob ? cache.files[fileKey(f.path, f.blob)] : undefined;
    const hit = compact ? expandSpans(compact, history.ai) : null;
    if (compact && hit) {
      cached++;
      nextFiles[fileKey(f.path, f.blob!)] = compact;
      if (hit.length > 0) spans.set(f.path, hit);
    } else work.push(f);
  }
  // Files created by a commit that changed no existing file, untouched since: their lines are that commit's.
  const added = await addedFiles(repo.root, head, work, history, ignoreRevs?.content);
  const saver = useCache ? partialSaver(file, { version: CACHE_VERSION, settings, history, files: nextFiles }) : null;
  if (work.length > 0) {
    const toBlame = work.length - added.size;
    if (toBlame >= 200 && !hasCommitGraph(repo.commonDir)) {
      emit({
        kind: 'warning',
        message: `blaming ${toBlame} files; \`git commit-graph write --reachable --changed-paths\` makes git blame several times faster`,
      });
    }
    emit({ kind: 'start', stage: 'blame', total: work.length });
    let done = 0;
    const workers = input.workers ?? Math.min(4, Math.max(2, availableParallelism()));
    const blameOptions = { moves: true, copies, ...(ignoreRevs?.pass ? { ignoreRevsFile: ignoreRevs.path } : {}) };
    await pool(work, workers, async (f) => {
      const bytes = await f.read();
      let groups: BlameGroup[];
      let cacheable = true;
      const creator = added.get(f.path);
      try {
        groups = creator
          ? [{ sha: creator, start: 1, count: lineCount(bytes) }]
          : await blameFile(repo.root, f.path, bytes, blameOptions);
      } catch (err) {
        // A path that is not in HEAD (re-added, staged only) has no history: none of its lines are committed.
        if (!(err instanceof GitError)) throw err;
        if (!/no such path/i.test(err.stderr)) {
          failed.push(`${f.path}: ${err.message}`);
          emit({ kind: 'warning', message: `git blame failed for ${f.path}: ${err.message}` });
        }
        cacheable = false;
        groups = [];
      }
      const fileSpans = spansFromBlame(groups, history.ai);
      if (f.blob && cacheable) nextFiles[fileKey(f.path, f.blob)] = compactSpans(fileSpans);
      if (fileSpans.length > 0) spans.set(f.path, fileSpans);
      done++;
      if (done % 16 === 0 || done === work.length) emit({ kind: 'tick', stage: 'blame', done, total: work.length });
      if (saver?.due() && !saver.save()) {
        emit({ kind: 'warning', message: `could not write the provenance cache ${file}` });
      }
    });
    emit({ kind: 'end', stage: 'blame' });
  }

  if (useCache) {
    const changed = work.length > 0 || cache.history?.head !== head || Object.keys(cache.files).length !== cached;
    if (changed && !saveCache(file, { version: CACHE_VERSION, settings, history, files: nextFiles })) {
      emit({ kind: 'warning', message: `could not write the provenance cache ${file}` });
    }
  }

  const { aiSpans, committedOnly } = withoutCommitOnly(spans, history.ai);
  return {
    spans: aiSpans,
    commits: aiCommitsOf(spans, history.ai),
    status: {
      available: true,
      complete: !repo.shallow && failed.length === 0,
      notes:
        failed.length > 0
          ? [...notes, `git blame failed for ${failed.length} file(s): ${failed.slice(0, 3).join('; ')}`]
          : notes,
    },
    stats: {
      commits: history.commits,
      aiCommits: Object.values(history.ai).filter((c) => !c.verdict.commitOnly).length,
      committedOnly,
      blamed: work.length - added.size,
      added: added.size,
      cached,
    },
  };
}

/**
 * The files of `work` whose lines all belong to the commit that created them (HistoryState.added): the scanned
 * bytes and HEAD both hold the blob that commit created, and the commit is not one blame is told to ignore.
 * Path → that commit.
 */
async function addedFiles(
  root: string,
  head: string,
  work: ReadonlyArray<SourceFile>,
  history: HistoryState,
  ignoreRevs: string | undefined,
): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const maybe = work.filter((f) => {
    const by = history.added[f.path];
    return by && by[1] === f.blob && !ignoreRevs?.includes(by[0]);
  });
  if (maybe.length === 0) return found;
  // A merge lists no changes in the walk, so an edit made while merging is seen only in HEAD's tree.
  const atHead = await treeBlobs(root, head);
  for (const f of maybe) {
    const by = history.added[f.path];
    if (by && atHead.get(f.path) === by[1]) found.set(f.path, by[0]);
  }
  return found;
}

/** Lines as git blame counts them: a last line without a newline counts. */
function lineCount(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
}

/**
 * Writes the cache while a long blame runs, so an interrupted run (a CI timeout) keeps what it finished: at most
 * every 15 s, and never more than a tenth of the time (a large cache takes a while to write).
 */
function partialSaver(file: string, data: CacheData): { due(): boolean; save(): boolean } {
  let last = performance.now();
  let gap = 15_000;
  return {
    due: () => performance.now() - last >= gap,
    save: () => {
      const t0 = performance.now();
      const ok = saveCache(file, data);
      last = performance.now();
      gap = Math.max(15_000, 10 * (last - t0));
      return ok;
    },
  };
}

/** The config's conventions: already-built `Convention`s pass through, raw config entries are validated. */
function userConventions(raw: ReadonlyArray<unknown> | undefined): Convention[] {
  if (!raw || raw.length === 0) return [];
  const built = raw.every(
    (c) => typeof c === 'object' && c !== null && Array.isArray((c as { match?: unknown }).match),
  );
  return built ? (raw as Convention[]) : parseUserConventions(raw, '.provscan.yml');
}

/**
 * The ignore-revs list blame must honour: `blame.ignoreRevsFile` from git config (git applies it itself), else
 * `.git-blame-ignore-revs` at the root (passed explicitly). Its content is part of the cache key.
 */
async function ignoreRevsFile(root: string): Promise<{ path: string; content: string; pass: boolean } | null> {
  const configured = await configValue(root, 'blame.ignoreRevsFile');
  const candidates = configured
    ? [{ path: isAbsolute(configured) ? configured : join(root, configured), pass: false }]
    : [{ path: join(root, '.git-blame-ignore-revs'), pass: true }];
  for (const c of candidates) {
    try {
      return { ...c, content: readFileSync(c.path, 'utf8') };
    } catch {
      // absent: nothing to ignore
    }
  }
  return null;
}

/** Whether git has a commit-graph (ideally with changed-path Bloom filters) to speed up path-limited walks. */
function hasCommitGraph(commonDir: string): boolean {
  const info = join(commonDir, 'objects', 'info');
  return existsSync(join(info, 'commit-graph')) || existsSync(join(info, 'commit-graphs', 'commit-graph-chain'));
}

async function isAncestor(root: string, ancestor: string, head: string): Promise<boolean> {
  try {
    await git(root, ['merge-base', '--is-ancestor', ancestor, head]);
    return true;
  } catch {
    return false; // not an ancestor (history rewritten) or gone
  }
}

async function pool<T>(items: ReadonlyArray<T>, size: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await fn(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * The spans of AI commits only. Lines whose last change is a commit an agent only committed (aider's mark on the
 * user's own edits) are human lines; they went through blame like AI lines so that commit can still be listed.
 */
function withoutCommitOnly(
  spans: ReadonlyMap<string, ReadonlyArray<AiSpan>>,
  ai: Readonly<Record<string, AiCommitInfo>>,
): { aiSpans: Map<string, ReadonlyArray<AiSpan>>; committedOnly: number } {
  const aiSpans = new Map<string, ReadonlyArray<AiSpan>>();
  const owners = new Set<string>();
  for (const [path, list] of spans) {
    const kept = list.filter((s) => {
      if (!s.commit || !ai[s.commit]?.verdict.commitOnly) return true;
      owners.add(s.commit);
      return false;
    });
    if (kept.length > 0) aiSpans.set(path, kept);
  }
  return { aiSpans, committedOnly: owners.size };
}

/**
 * The agent commits that own at least one span, oldest first: AI commits, and commits an agent only committed
 * (`source: 'committer'`, whose lines are not in any AI span).
 */
function aiCommitsOf(
  spans: ReadonlyMap<string, ReadonlyArray<AiSpan>>,
  ai: Readonly<Record<string, AiCommitInfo>>,
): AiCommit[] {
  const owners = new Set<string>();
  for (const list of spans.values()) for (const s of list) if (s.commit) owners.add(s.commit);
  const out: AiCommit[] = [];
  for (const sha of owners) {
    const info = ai[sha];
    if (!info) continue;
    out.push({
      sha,
      author: { name: info.authorName, email: info.authorEmail, time: info.authorTime },
      committer: { name: info.committerName, email: info.committerEmail, time: info.committerTime },
      subject: info.subject,
      trailers: info.trailers,
      agent: info.verdict.agent,
      agentName: info.verdict.agentName,
      model: info.verdict.model,
      source: info.verdict.commitOnly ? 'committer' : info.verdict.source,
      confidence: info.verdict.confidence,
    });
  }
  return out.sort((a, b) =>
    a.author.time < b.author.time ? -1 : a.author.time > b.author.time ? 1 : a.sha < b.sha ? -1 : 1,
  );
}

export { BUILTIN_CONVENTIONS, classifyCommit, conventionsHash, matchCommit, parseAgentModel } from './conventions.js';
export type { AiVerdict, CommitFacts, CommitVerdict } from './conventions.js';
export type { Convention, Matcher } from './convention-types.js';
export { parseUserConventions } from './user-conventions.js';
export { parseTrailers } from './trailers.js';
