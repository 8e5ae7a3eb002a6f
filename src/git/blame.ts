// `git blame --incremental` parsed as it streams: which commit last changed each run of lines of one file.
// The contents blamed are given on stdin (`--contents -`), so line numbers are those of the bytes provscan scans
// (working-tree edits or the staged index), while history comes from HEAD.
import { StringDecoder } from 'node:string_decoder';
import { gitStream } from './exec.js';

export interface BlameGroup {
  readonly sha: string;
  /** First line (1-based) in the blamed contents. */
  readonly start: number;
  readonly count: number;
}

export interface BlameOptions {
  /** Copy/move detection: `-M` within the file, `-C` also from files changed in the same commit. */
  readonly moves?: boolean;
  readonly copies?: boolean;
  /** A file of revisions to skip (`--ignore-revs-file`). */
  readonly ignoreRevsFile?: string;
  /** Revision to start from (HEAD when absent). */
  readonly rev?: string;
}

const GROUP = /^([0-9a-f]{40,64}) (\d+) (\d+) (\d+)$/;

/** Blame groups of `path` with `contents`, in output order. @throws GitError */
export async function blameFile(
  root: string,
  path: string,
  contents: Buffer,
  options: BlameOptions = {},
): Promise<BlameGroup[]> {
  const args = ['blame', '--incremental'];
  if (options.moves !== false) args.push('-M');
  if (options.copies) args.push('-C');
  if (options.ignoreRevsFile) args.push('--ignore-revs-file', options.ignoreRevsFile);
  args.push('--contents', '-');
  if (options.rev) args.push(options.rev);
  args.push('--', path);
  const groups: BlameGroup[] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (line: string) => {
    const m = GROUP.exec(line);
    if (m) groups.push({ sha: m[1]!, start: Number(m[3]), count: Number(m[4]) });
  };
  await gitStream(
    root,
    args,
    (chunk) => {
      pending += decoder.write(chunk);
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) take(line);
    },
    { input: contents },
  );
  pending += decoder.end();
  if (pending) take(pending);
  return groups;
}
