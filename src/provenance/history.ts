// One pass over history: which commits are AI commits (by the conventions), and which paths at HEAD can hold
// lines from them — the only files worth blaming. Paths follow renames and copies forward in time.
import { type LogCommit, walkLog } from '../git/log.js';
import type { Trailer } from '../model.js';
import { type CommitVerdict, type Convention, matchCommit } from './conventions.js';
import { parseTrailers, subjectOf } from './trailers.js';

export interface AiCommitInfo {
  readonly sha: string;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorTime: string;
  readonly committerName: string;
  readonly committerEmail: string;
  readonly committerTime: string;
  readonly subject: string;
  readonly trailers: ReadonlyArray<Trailer>;
  readonly verdict: CommitVerdict;
}

/** What the history walk learnt; plain data so it can be cached as JSON. */
export interface HistoryState {
  /** Last commit walked (the HEAD of that run). */
  readonly head: string;
  readonly commits: number;
  /**
   * Commits an agent convention matched: AI commits, and commits an agent only committed (`verdict.commitOnly`),
   * kept so the lines they own can be shown as human lines with the agent that committed them.
   */
  readonly ai: Record<string, AiCommitInfo>;
  /** Paths (at the walked HEAD, possibly stale) that may hold AI lines. */
  readonly candidates: string[];
  /**
   * Every path any walked commit changed → `"<commit> <blob>"` while exactly one commit ever changed it, that commit
   * is one of `ai` that only added files, and it wrote that blob; `""` once anything else touched the path. A file
   * whose bytes and HEAD's blob are still that blob is that commit's, every line, without running blame (see
   * `soleAiWriter`; a merge lists no changes in the walk, so an edit made while merging shows only in HEAD's tree).
   */
  readonly writers?: Record<string, string>;
}

interface WalkOptions {
  /** Blame will detect copies from files changed in the same commit: follow those too. */
  readonly copies: boolean;
  readonly onCommit?: (count: number) => void;
}

/**
 * Walks `from..head` (all of history when `from` is null), extending `previous` when given.
 * @throws GitError
 */
export async function walkHistory(
  root: string,
  head: string,
  conventions: ReadonlyArray<Convention>,
  options: WalkOptions,
  previous?: HistoryState,
): Promise<HistoryState> {
  const ai: Record<string, AiCommitInfo> = { ...(previous?.ai ?? {}) };
  const candidates = new Set(previous?.candidates ?? []);
  // a cache written before `writers` existed knows nothing of the paths walked then: none may take the shortcut
  const writers: Record<string, string> | undefined =
    previous && !previous.writers ? undefined : { ...previous?.writers };
  let count = previous?.commits ?? 0;
  const range = previous ? `${previous.head}..${head}` : head;
  await walkLog(root, range, (commit) => {
    count++;
    options.onCommit?.(count);
    const trailers = parseTrailers(commit.message);
    const verdict = matchCommit(
      {
        authorName: commit.authorName,
        authorEmail: commit.authorEmail,
        committerName: commit.committerName,
        committerEmail: commit.committerEmail,
        message: commit.message,
        trailers,
      },
      conventions,
    );
    if (verdict) ai[commit.sha] = infoOf(commit, trailers, verdict);
    follow(commit, verdict !== null, candidates, options.copies);
    if (writers) record(commit, verdict !== null, writers);
  });
  return { head, commits: count, ai, candidates: [...candidates], ...(writers ? { writers } : {}) };
}

/**
 * Updates `writers` for one commit. Only a commit that adds files and changes nothing else can own a file whole: blame
 * with -M and one -C looks for moved or copied lines only in files the commit changed, and such a commit changed
 * none that existed before it.
 */
function record(commit: LogCommit, isAi: boolean, writers: Record<string, string>): void {
  const onlyAdds = isAi && commit.changes.every((c) => c.status === 'A');
  for (const c of commit.changes) {
    for (const path of c.from === c.to ? [c.to] : [c.from, c.to]) {
      writers[path] = onlyAdds && writers[path] === undefined ? `${commit.sha} ${c.blob}` : '';
    }
  }
}

/**
 * The commit of `ai` that wrote every line of `path` when its content is `blob`, or null when blame must decide. Holds
 * for the scanned bytes only when HEAD's blob of `path` passes too. Needs a blame that looks for copies only in
 * files a commit changed (at most one -C) and no ignored revisions.
 */
export function soleAiWriter(history: HistoryState, path: string, blob: string | undefined): string | null {
  const entry = history.writers?.[path];
  if (!entry || blob === undefined) return null;
  const [commit, written] = entry.split(' ');
  return written === blob && commit !== undefined && history.ai[commit] !== undefined ? commit : null;
}

/** Moves the candidate set forward over one commit. */
function follow(commit: LogCommit, isAi: boolean, candidates: Set<string>, copies: boolean): void {
  if (isAi) {
    for (const c of commit.changes) if (c.status !== 'D') candidates.add(c.to);
    return;
  }
  const touchesCandidate = commit.changes.some((c) => candidates.has(c.from));
  if (!touchesCandidate) return;
  for (const c of commit.changes) {
    if (c.status === 'D') continue;
    // A rename or copy of a candidate carries its lines; with -C, blame also finds lines moved from a candidate
    // into any file changed in the same commit.
    if (candidates.has(c.from) || copies) candidates.add(c.to);
  }
}

function infoOf(commit: LogCommit, trailers: ReadonlyArray<Trailer>, verdict: CommitVerdict): AiCommitInfo {
  return {
    sha: commit.sha,
    authorName: commit.authorName,
    authorEmail: commit.authorEmail,
    authorTime: commit.authorTime,
    committerName: commit.committerName,
    committerEmail: commit.committerEmail,
    committerTime: commit.committerTime,
    subject: subjectOf(commit.message),
    trailers,
    verdict,
  };
}
