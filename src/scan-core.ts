// The one step that turns files into findings, shared by `provscan scan` (work tree or folder) and `provscan check
// --staged` (index blobs): each file is prepared, matched (only the given lines, when asked), and judged under its own
// license — its SPDX header, else a REUSE annotation for its path, else the project's — and then the policy is
// evaluated over all files. Where the files come from, and how fast, stays with each caller.
import { createHash } from 'node:crypto';
import type { ProvscanConfig } from './config/load-config.js';
import { isSkipped, type PreparedFile, prepareFile } from './fingerprint/prepare.js';
import {
  describeInvalid,
  evaluateConflicts,
  licenseForPath,
  type ProjectLicense,
  readFileLicenseHeader,
} from './license/index.js';
import type { AiSpan, FileResult, LineSpan, ScanResult, SkippedFile, SnippetMatch } from './model.js';
import { type ByteRange, lineByteRanges } from './util/line-bytes.js';
import { coveredLines, touchesAny } from './util/spans.js';

/** How a file is matched against the corpora: only around `lines` when given (the corpus module's matchFile). */
export type MatchFile = (
  file: PreparedFile,
  options: { readonly lines?: ReadonlyArray<LineSpan>; readonly minLines?: number; readonly minTokens?: number },
) => ReadonlyArray<SnippetMatch> | Promise<ReadonlyArray<SnippetMatch>>;

/** One file as a pipeline hands it over. */
export interface FileInput {
  readonly path: string;
  readonly bytes: Buffer;
  /** The git blob id, when the file is in git. */
  readonly blob?: string;
  /** Its AI-written lines. */
  readonly ai: ReadonlyArray<AiSpan>;
  /** Match only matches touching these lines (staged hunks, AI lines with --only-ai); every line when absent. */
  readonly lines?: ReadonlyArray<LineSpan>;
  /** The file already prepared from `bytes` (a caller that prefetches a batch's postings prepared it). */
  readonly prepared?: PreparedFile;
}

export interface JudgeContext {
  readonly project: Pick<ProjectLicense, 'pathLicenses'>;
  readonly config: Pick<ProvscanConfig, 'minMatch'>;
  readonly match: MatchFile;
  /** Problems worth a warning (an invalid SPDX header). */
  readonly warn: (message: string) => void;
}

/**
 * The finding-ready result of one file, why it was skipped (binary, minified, generated, …), or undefined when
 * `input.lines` leaves nothing of it to look at.
 */
export async function judgeFile(input: FileInput, ctx: JudgeContext): Promise<FileResult | SkippedFile | undefined> {
  const prepared = input.prepared ?? prepareFile(input.path, input.bytes);
  if (isSkipped(prepared)) return prepared;
  if (input.lines?.length === 0) return undefined;
  const { minMatch } = ctx.config;
  const found = await ctx.match(prepared, {
    ...(input.lines ? { lines: input.lines } : {}),
    ...(minMatch?.lines !== undefined ? { minLines: minMatch.lines } : {}),
    ...(minMatch?.tokens !== undefined ? { minTokens: minMatch.tokens } : {}),
  });
  const lines = input.lines;
  const matches = lines ? found.filter((m) => touchesAny(m, lines)) : found;
  // The file's own SPDX header wins over REUSE path annotations, which win over the project license.
  const header = readFileLicenseHeader(prepared.text);
  if (header && !header.ok)
    ctx.warn(
      `${input.path}: SPDX-License-Identifier ${describeInvalid(header.text, header)}; the file is judged under the project license`,
    );
  const license = (header?.ok ? header.expression : undefined) ?? licenseForPath(ctx.project, input.path);
  const byteRange = matches.length > 0 ? lineByteRanges(input.bytes) : undefined;
  return {
    path: input.path,
    language: prepared.language,
    lines: prepared.lines,
    sha256: createHash('sha256').update(input.bytes).digest('hex'),
    sha1: createHash('sha1').update(input.bytes).digest('hex'),
    ...(input.blob !== undefined ? { blob: input.blob } : {}),
    ...(license !== undefined ? { license } : {}),
    ai: input.ai,
    matches: byteRange ? matches.map((m) => withBytes(m, byteRange(m))) : [...matches],
  };
}

export function isFileResult(r: FileResult | SkippedFile | undefined): r is FileResult {
  return r !== undefined && 'sha256' in r;
}

/** The parts of a result that say what was scanned and how, filled in by each pipeline. */
export type Envelope = Omit<
  ScanResult,
  'projectLicense' | 'projectLicenseEvidence' | 'project' | 'files' | 'conflicts' | 'skipped' | 'waivers' | 'totals'
>;

export interface AssembleInput {
  readonly envelope: Envelope;
  readonly project: ProjectLicense;
  readonly files: ReadonlyArray<FileResult>;
  readonly skipped: ReadonlyArray<SkippedFile>;
  readonly config: ProvscanConfig;
  readonly now: Date;
  /** Keep only findings touching these lines of each file (a staged check: the staged hunks). */
  readonly onlyLines?: ReadonlyMap<string, ReadonlyArray<LineSpan>>;
  /** `totals.lines` when it is not the files' line count (a staged check counts the staged lines it looked at). */
  readonly linesLookedAt?: number;
}

/** The result every output is rendered from: the policy evaluated over the judged files. */
export function assembleResult(input: AssembleInput): ScanResult {
  const { project, files, config, now, onlyLines } = input;
  const evaluated = evaluateConflicts({ files, projectLicense: project.expression, config, now });
  const conflicts = onlyLines
    ? evaluated.conflicts.filter((c) => touchesAny(c, onlyLines.get(c.path) ?? []))
    : evaluated.conflicts;
  return {
    ...input.envelope,
    projectLicense: project.expression,
    projectLicenseEvidence: project.evidence,
    ...(project.project ? { project: project.project } : {}),
    files: [...files],
    conflicts,
    skipped: [...input.skipped].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    waivers: evaluated.waivers,
    totals: totalsOf(files, input.linesLookedAt),
  };
}

/** Lines looked at (every line of each file unless given), and the AI-written and matched ones. */
function totalsOf(files: ReadonlyArray<FileResult>, linesLookedAt: number | undefined): ScanResult['totals'] {
  let lines = 0;
  let aiLines = 0;
  let matchedLines = 0;
  for (const f of files) {
    lines += f.lines;
    aiLines += coveredLines(f.ai);
    matchedLines += coveredLines(f.matches);
  }
  return { files: files.length, lines: linesLookedAt ?? lines, aiLines, matchedLines };
}

function withBytes(m: SnippetMatch, bytes: ByteRange | undefined): SnippetMatch {
  return bytes ? { ...m, bytes } : m;
}
