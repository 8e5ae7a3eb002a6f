// The git processes `check --staged` starts first, started as early as possible: cli/main.ts calls
// `prefetchStaged` before it loads the command-line parser, so git runs while Node loads and parses (on a 2-core
// machine the two overlap; the check waits for git otherwise). checkStaged takes them over when they were started
// for its folder, and starts its own otherwise.
import { locateRepo, stagedChanges, topLevelIndexEntries } from '../git/staged-diff.js';

export interface StagedPrefetch {
  readonly locating: ReturnType<typeof locateRepo>;
  readonly diffing: ReturnType<typeof stagedChanges>;
  readonly topLevel: ReturnType<typeof topLevelIndexEntries>;
}

const started = new Map<string, StagedPrefetch>();

/** Starts rev-parse, the staged diff and the root listing for the repository containing the absolute `folder`. */
export function startStaged(folder: string): StagedPrefetch {
  const p: StagedPrefetch = {
    locating: locateRepo(folder),
    diffing: stagedChanges(folder),
    topLevel: topLevelIndexEntries(folder),
  };
  // awaited by the check (or never, when it does not run): no unhandled rejections meanwhile
  p.diffing.catch(() => {});
  p.topLevel.catch(() => {});
  return p;
}

/** Starts the check's first git processes for the absolute `folder` ahead of the check itself. */
export function prefetchStaged(folder: string): void {
  if (!started.has(folder)) started.set(folder, startStaged(folder));
}

/** The processes prefetched for `folder` (each handed out once), or undefined. */
export function takePrefetched(folder: string): StagedPrefetch | undefined {
  const p = started.get(folder);
  started.delete(folder);
  return p;
}
