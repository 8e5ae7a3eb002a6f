// `git blame --incremental` parsed as it streams: which commit last changed each run of lines of one file.
// The contents blamed are given on stdin (`--contents -`), so line numbers are those of the bytes provscan scans
// (working-tree edits or the staged index), while history comes from HEAD; in a bare repository, where the bytes
// scanned are HEAD's, the file at the revision itself is blamed. Every blame argument is chosen in `blameArgs`.
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

/** The git arguments of one blame: the only place they are chosen. */
function blameArgs(path: string, options: BlameOptions, withContents: boolean): string[] {
  const args = ['blame', '--incremental'];
  if (options.moves !== false) args.push('-M');
  if (options.copies) args.push('-C');
  if (options.ignoreRevsFile) args.push('--ignore-revs-file', options.ignoreRevsFile);
  if (withContents) args.push('--contents', '-');
  if (options.rev) args.push(options.rev);
  args.push('--', path);
  return args;
}

/**
 * Whether blame with `options` can give a line to a commit other than the one that last changed it in this file's
 * history only through copies from files that commit changed (at most one -C) and skips no revision: then a file
 * that one commit added, in a commit that changed no existing file, and that nothing touched since, is that
 * commit's, every line (src/provenance/history.ts `soleAiWriter`).
 */
export function blameKeepsWholeFiles(options: BlameOptions): boolean {
  const args = blameArgs('', options, false);
  const copyFlags = args.filter((a) => /^-C\d*$/.test(a)).length;
  return copyFlags <= 1 && !args.includes('--ignore-revs-file');
}

/**
 * Blame groups of `path` with `contents` (or, without, of the file at `options.rev`), in output order.
 * @throws GitError
 */
export async function blameFile(
  root: string,
  path: string,
  contents: Buffer | undefined,
  options: BlameOptions = {},
): Promise<BlameGroup[]> {
  const args = blameArgs(path, options, contents !== undefined);
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
    contents !== undefined ? { input: contents } : {},
  );
  pending += decoder.end();
  if (pending) take(pending);
  return groups;
}
