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
   * Per path ever changed: `[commit, blob]` while the only change to it in all history is its creation by a commit
   * that changed no existing file, `0` once anything else touched it. Such a file needs no blame: git finds no
   * older source for any of its lines (`-M`/`-C` look only at files the commit renamed, changed or deleted), so all
   * its lines are that commit's as long as HEAD still holds that blob.
   */
  readonly added: Record<string, AddedBy | 0>;
}

/** The commit that created a file untouched since, and the blob it created. */
export type AddedBy = [commit: string, blob: string];

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
  const added: Record<string, AddedBy | 0> = { ...(previous?.added ?? {}) };
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
    noteAdded(commit, added);
  });
  return { head, commits: count, ai, candidates: [...candidates], added };
}

/** Keeps `added` (see HistoryState) up to date over one commit. Merges list no changes: see the blob check. */
function noteAdded(commit: LogCommit, added: Record<string, AddedBy | 0>): void {
  const onlyAdds = commit.changes.every((c) => c.status === 'A');
  for (const c of commit.changes) {
    // A second creation of the same path (another branch, or after a deletion) is a second change: no shortcut.
    const fresh = onlyAdds && added[c.to] === undefined;
    added[c.to] = fresh ? [commit.sha, c.blob] : 0;
    if (c.from !== c.to) added[c.from] = 0;
  }
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
