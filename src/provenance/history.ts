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
}

export interface WalkOptions {
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
  });
  return { head, commits: count, ai, candidates: [...candidates] };
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
