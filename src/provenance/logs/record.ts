// `provscan record`: reads the agent logs now, while they still describe the uncommitted work, and stores the AI
// spans found (as line hashes, never text) under `.git/provscan/records/`, so they outlive the transcripts and
// reach the commit. With `head`, it records the lines of the commit just made (the post-commit hook's job) and
// stamps the record with that commit.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { UsageError } from '../../errors.js';
import { catFileBatch } from '../../git/batch.js';
import { openRepo } from '../../git/repo.js';
import { commitPaths, uncommittedPaths } from '../../git/staged-diff.js';
import type { ProgressListener } from '../../model.js';
import { isoSeconds, outputDate } from '../../util/time.js';
import { hashedKey, splitLines } from './align.js';
import { collectLogSpans } from './index.js';
import { type RecordEntry, writeRecord } from './record-store.js';
import { LOG_SOURCES, type LogSourceName } from './types.js';

export interface RecordOptions {
  readonly path: string;
  /** Log sources to read (provscan's own records are never re-recorded). */
  readonly from?: ReadonlyArray<LogSourceName>;
  /** Record the lines of the HEAD commit instead of uncommitted work. */
  readonly head?: boolean;
  readonly claudeDir?: string;
  /** Cache folder for log indexes (see collectLogSpans), or false for none. */
  readonly cache?: string | false;
  readonly onProgress?: ProgressListener;
}

export interface RecordResult {
  /** Record file written, or null when no AI lines were found. */
  readonly file: string | null;
  readonly files: number;
  readonly lines: number;
  readonly found: Readonly<Record<LogSourceName, number>>;
  readonly commit: string | null;
}

/** @throws UsageError outside a repository, or with `head` in a repository without commits. */
export async function recordLogSpans(options: RecordOptions): Promise<RecordResult> {
  const repo = await openRepo(resolve(options.path));
  if (!repo) throw new UsageError(`${options.path}: not inside a git repository (records are kept under .git/)`);
  if (options.head && !repo.head) throw new UsageError('--head: the repository has no commits yet');
  const from = (options.from ?? LOG_SOURCES).filter((s) => s !== 'provscan-record');
  const paths = options.head && repo.head ? await commitPaths(repo.root, repo.head) : await uncommittedPaths(repo.root);

  let read: (p: string) => Promise<string | undefined>;
  if (options.head && repo.head) {
    const head = repo.head;
    const blobs = await catFileBatch(
      repo.root,
      paths.map((p) => `${head}:${p}`),
    );
    read = async (p) => blobs.get(`${head}:${p}`)?.data?.toString('utf8');
  } else {
    read = async (p) => {
      try {
        return await readFile(join(repo.root, p), 'utf8');
      } catch {
        return undefined;
      }
    };
  }

  const logs = await collectLogSpans({
    root: repo.root,
    repo,
    paths,
    read,
    from,
    ...(options.claudeDir ? { claudeDir: options.claudeDir } : {}),
    ...(options.cache !== undefined ? { cache: options.cache } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });

  const entries: RecordEntry[] = [];
  let lines = 0;
  for (const [path, spans] of logs.spans) {
    const text = await read(path);
    if (text === undefined) continue;
    const all = splitLines(text);
    for (const s of spans) {
      const keys = all.slice(s.start - 1, s.end).map(hashedKey);
      lines += keys.length;
      entries.push({
        path,
        keys,
        source: s.source,
        agent: s.agent,
        model: s.model,
        confidence: s.confidence,
        ...(s.session !== undefined ? { session: s.session } : {}),
        ...(s.time !== undefined ? { time: s.time } : {}),
      });
    }
  }
  const commit = options.head ? repo.head : null;
  if (entries.length === 0) return { file: null, files: 0, lines: 0, found: logs.found, commit };
  const file = writeRecord(repo.commonDir, {
    schema: 1,
    createdAt: isoSeconds(outputDate()),
    head: repo.head,
    ...(commit ? { commit } : {}),
    entries,
  });
  return { file, files: logs.spans.size, lines, found: logs.found, commit };
}
