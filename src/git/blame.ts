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

/**
 * Move and copy detection gives a line to an older commit when the same text sits in an older version: evidence for
 * a line whose text is unique in the file, none for a repeated one (test boilerplate, the keys of a YAML settings
 * block). So each file is blamed with git's thresholds (a block of 20 alphanumeric characters for a move within the
 * file, 40 for a copy), and, when it has repeated lines, again with a block of 100 for both (aider's
 * scripts/blame.py): repeated lines take the second answer. The measurements behind this are in docs/provenance.md.
 */
const STRICT_SCORE = 100;

/** The blame settings, as part of cache keys (other settings, other answers). */
export function blameSettings(options: Pick<BlameOptions, 'moves' | 'copies'>): string {
  return `${detectionArgs(options).join('')}|repeated=${detectionArgs(options, STRICT_SCORE).join('')}`;
}

function detectionArgs(options: Pick<BlameOptions, 'moves' | 'copies'>, score?: number): string[] {
  const args: string[] = [];
  if (options.moves !== false) args.push(`-M${score ?? ''}`);
  if (options.copies) args.push(`-C${score ?? ''}`);
  return args;
}

/** The git arguments of one blame: the only place they are chosen. */
function blameArgs(path: string, options: BlameOptions, withContents: boolean, score?: number): string[] {
  const args = ['blame', '--incremental', ...detectionArgs(options, score)];
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
  return [undefined, STRICT_SCORE].every((score) => {
    const args = blameArgs('', options, false, score);
    const copyFlags = args.filter((a) => /^-C\d*$/.test(a)).length;
    return copyFlags <= 1 && !args.includes('--ignore-revs-file');
  });
}

/**
 * Blame groups of `path` with `contents` (or, without, of the file at `options.rev`), in line order. `text` is the
 * file's bytes when `contents` is not given (a bare repository): its repeated lines get the strict answer.
 * @throws GitError
 */
export async function blameFile(
  root: string,
  path: string,
  contents: Buffer | undefined,
  options: BlameOptions = {},
  text: Buffer | undefined = contents,
): Promise<BlameGroup[]> {
  const groups = await runBlame(root, contents, blameArgs(path, options, contents !== undefined));
  const repeated = options.moves === false || text === undefined ? new Set<number>() : repeatedLines(text);
  if (repeated.size === 0) return groups;
  const strict = await runBlame(root, contents, blameArgs(path, options, contents !== undefined, STRICT_SCORE));
  return mergeRepeated(groups, strict, repeated);
}

/** Line numbers (1-based) whose exact text, holding at least one ASCII letter or digit, occurs more than once. */
export function repeatedLines(contents: Buffer): Set<number> {
  const lines = contents.toString('utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const first = new Map<string, number>();
  const repeated = new Set<number>();
  lines.forEach((line, i) => {
    if (!/[A-Za-z0-9]/.test(line)) return;
    const seen = first.get(line);
    if (seen === undefined) first.set(line, i + 1);
    else repeated.add(seen).add(i + 1);
  });
  return repeated;
}

/** `groups`, with the lines in `repeated` owned as `strict` says; adjacent lines of one commit form one group. */
export function mergeRepeated(
  groups: ReadonlyArray<BlameGroup>,
  strict: ReadonlyArray<BlameGroup>,
  repeated: ReadonlySet<number>,
): BlameGroup[] {
  const owner: string[] = [];
  for (const g of groups) for (let l = g.start; l < g.start + g.count; l++) owner[l] = g.sha;
  for (const g of strict) for (let l = g.start; l < g.start + g.count; l++) if (repeated.has(l)) owner[l] = g.sha;
  const merged: BlameGroup[] = [];
  for (let l = 1; l < owner.length; l++) {
    const sha = owner[l];
    if (sha === undefined) continue;
    const last = merged[merged.length - 1];
    if (last && last.sha === sha && last.start + last.count === l)
      merged[merged.length - 1] = { ...last, count: last.count + 1 };
    else merged.push({ sha, start: l, count: 1 });
  }
  return merged;
}

/** One `git blame --incremental` run, parsed as it streams. */
async function runBlame(
  root: string,
  contents: Buffer | undefined,
  args: ReadonlyArray<string>,
): Promise<BlameGroup[]> {
  const groups: BlameGroup[] = [];
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const take = (line: string) => {
    const m = GROUP.exec(line);
    if (m) groups.push({ sha: m[1]!, start: Number(m[3]), count: Number(m[4]) });
  };
  await gitStream(
    root,
    [...args],
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
