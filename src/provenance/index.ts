// Which lines at HEAD an AI wrote, from git history: classify commits by the conventions (one streamed git log),
// blame only the files that can hold AI lines (a few git processes in parallel), and cache the answers under the
// common git dir so an unchanged repository is answered without running git log or blame again.
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { type BlameOptions, blameFile, blameKeepsWholeFiles, blameSettings } from '../git/blame.js';
import { GitError } from '../errors.js';
import { readObjects } from '../git/cat-file.js';
import { git } from '../git/exec.js';
import { treeBlobs } from '../git/index-entries.js';
import { type Repo, configValue } from '../git/repo.js';
import type { AiCommit, AiSpan, ProgressListener, ProvenanceStatus } from '../model.js';
import type { SourceFile } from '../source/files.js';
import { CACHE_VERSION, type CacheData, CacheWriter, cacheFile, fileKey, loadCache } from './cache.js';
import type { Convention } from './convention-types.js';
import { BUILTIN_CONVENTIONS, conventionsHash } from './conventions.js';
import { type AiCommitInfo, type HistoryState, soleAiWriter, walkHistory } from './history.js';
import { type CompactSpan, compactSpans, expandSpans, spansFromBlame } from './spans.js';
import { parseUserConventions } from './user-conventions.js';
import { writeFileAtomic } from '../util/atomic-write.js';

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
    /** Files blamed with git blame. */
    readonly blamed: number;
    /** Files one agent commit wrote whole, attributed without blame. */
    readonly whole: number;
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
  const ignoreRevs = await ignoreRevsFile(repo, head);
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

  // Blame the files that can hold AI lines, unless the cache knows them or one AI commit wrote them whole.
  const candidates = new Set(history.candidates);
  const todo = input.files.filter((f) => candidates.has(f.path));
  const spans = new Map<string, ReadonlyArray<AiSpan>>();
  const nextFiles: Record<string, CompactSpan[]> = {};
  let cached = 0;
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
  const blameOptions: BlameOptions = {
    moves: true,
    copies,
    ...(ignoreRevs?.pass ? { ignoreRevsFile: ignoreRevs.path } : {}),
    ...(repo.bare ? { rev: head } : {}),
  };
  const wholeFiles = ignoreRevs === null && blameKeepsWholeFiles(blameOptions);
  // a merge lists no changes in the walk: an edit made while merging shows only in HEAD's tree
  const headBlobs =
    wholeFiles && work.some((f) => soleAiWriter(history, f.path, f.blob) !== null)
      ? await treeBlobs(repo.root, head)
      : null;
  const owner = (f: SourceFile): string | null => {
    const sole = headBlobs ? soleAiWriter(history, f.path, f.blob) : null;
    return sole !== null && soleAiWriter(history, f.path, headBlobs?.get(f.path)) === sole ? sole : null;
  };
  const run = { blamed: 0, whole: 0 };
  const failures: Array<{ path: string; error: GitError }> = [];
  /** One file's AI spans: whole-file from its sole AI writer, else from blame; null when its bytes cannot be read. */
  const attribute = async (
    f: SourceFile,
    sole: string | null,
  ): Promise<{ spans: AiSpan[]; cacheable: boolean } | null> => {
    // in a bare repository blame reads the file from HEAD itself: the bytes are needed to count lines and to find
    // the repeated ones
    let bytes: Buffer;
    try {
      bytes = await f.read();
    } catch {
      return null; // gone since it was listed: the scan reports it as unreadable
    }
    if (sole !== null) {
      run.whole++;
      const count = lineCount(bytes);
      return { spans: spansFromBlame(count > 0 ? [{ sha: sole, start: 1, count }] : [], history.ai), cacheable: true };
    }
    run.blamed++;
    try {
      return {
        spans: spansFromBlame(
          await blameFile(repo.root, f.path, repo.bare ? undefined : bytes, blameOptions, bytes),
          history.ai,
        ),
        cacheable: true,
      };
    } catch (err) {
      // A path that is not in HEAD (re-added, staged only) has no history: none of its lines are committed.
      if (!(err instanceof GitError)) throw err;
      if (!/no such path/i.test(err.stderr)) {
        failures.push({ path: f.path, error: err });
        if (failures.length <= MAX_BLAME_WARNINGS)
          emit({ kind: 'warning', message: `git blame failed for ${f.path}: ${err.message}` });
      }
      return { spans: [], cacheable: false };
    }
  };
  const writer = new CacheWriter(file);
  try {
    if (work.length > 0) {
      const toBlame = work.filter((f) => owner(f) === null).length;
      if (toBlame >= 200 && !hasCommitGraph(repo.commonDir)) {
        emit({
          kind: 'warning',
          message: `blaming ${toBlame} files; \`git commit-graph write --reachable --changed-paths\` makes git blame several times faster`,
        });
      }
      // the new history and the entries still valid are saved before blame starts, and each file's answer is
      // journalled as it comes: a run killed half-way leaves its work to the next one
      const journal = useCache && writer.begin({ version: CACHE_VERSION, settings, history, files: nextFiles });
      emit({ kind: 'start', stage: 'blame', total: work.length });
      let done = 0;
      const workers = input.workers ?? Math.min(4, Math.max(2, availableParallelism()));
      await pool(work, workers, async (f) => {
        const result = await attribute(f, owner(f));
        if (result) {
          if (f.blob && result.cacheable) {
            const compact = compactSpans(result.spans);
            nextFiles[fileKey(f.path, f.blob)] = compact;
            if (journal) writer.add(fileKey(f.path, f.blob), compact);
          }
          if (result.spans.length > 0) spans.set(f.path, result.spans);
        }
        done++;
        if (done % 16 === 0 || done === work.length) emit({ kind: 'tick', stage: 'blame', done, total: work.length });
      });
      emit({ kind: 'end', stage: 'blame' });
    }
    if (useCache) {
      const changed = work.length > 0 || cache.history?.head !== head || Object.keys(cache.files).length !== cached;
      if (changed && !writer.finish({ version: CACHE_VERSION, settings, history, files: nextFiles })) {
        emit({ kind: 'warning', message: `could not write the provenance cache ${file}` });
      }
    }
  } finally {
    writer.close();
  }

  if (failures.length > MAX_BLAME_WARNINGS) {
    emit({ kind: 'warning', message: `git blame failed for ${failures.length - MAX_BLAME_WARNINGS} more file(s)` });
  }
  if (failures.length > 0) {
    notes.push(
      `git blame failed for ${failures.length} file(s): ${failures
        .slice(0, 3)
        .map((x) => `${x.path}: ${x.error.message}`)
        .join('; ')}`,
    );
    if (failures.some((x) => /transport '[^']*' not allowed/.test(x.error.stderr))) {
      notes.push(
        'objects missing from this clone (a partial clone) are not fetched: provscan lets git contact no remote; ' +
          'clone without --filter for complete provenance',
      );
    }
  }

  const { aiSpans, committedOnly } = withoutCommitOnly(spans, history.ai);
  return {
    spans: aiSpans,
    commits: aiCommitsOf(spans, history.ai),
    status: { available: true, complete: !repo.shallow && failures.length === 0, notes },
    stats: {
      commits: history.commits,
      aiCommits: Object.values(history.ai).filter((c) => !c.verdict.commitOnly).length,
      committedOnly,
      blamed: run.blamed,
      whole: run.whole,
      cached,
    },
  };
}

/** Blame failures warned about one by one; the rest are counted. */
const MAX_BLAME_WARNINGS = 5;

/** Lines as git counts them: a last line without a newline counts. */
function lineCount(bytes: Buffer): number {
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes.length > 0 && bytes[bytes.length - 1] !== 10 ? n + 1 : n;
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
 * `.git-blame-ignore-revs` at the root (passed explicitly; in a bare repository, the one committed at `head`, copied
 * beside the cache for blame to read). Its content is part of the cache key.
 */
async function ignoreRevsFile(
  repo: Repo,
  head: string,
): Promise<{ path: string; content: string; pass: boolean } | null> {
  const root = repo.root;
  const configured = await configValue(root, 'blame.ignoreRevsFile');
  if (repo.bare && !configured) {
    const spec = `${head}:.git-blame-ignore-revs`;
    const data = (await readObjects(root, [spec])).get(spec)?.data;
    if (!data) return null;
    const path = join(repo.commonDir, 'provscan', 'ignore-revs');
    try {
      writeFileAtomic(path, data);
    } catch {
      return null; // a read-only mirror: blame without it
    }
    return { path, content: data.toString('utf8'), pass: true };
  }
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

export { BUILTIN_CONVENTIONS, classifyCommit, parseAgentModel } from './conventions.js';
export type { AiVerdict, CommitFacts } from './conventions.js';
export type { Convention, Matcher } from './convention-types.js';
export { parseUserConventions } from './user-conventions.js';
export { parseTrailers } from './trailers.js';
