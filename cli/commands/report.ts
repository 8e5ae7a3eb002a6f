// `provscan report`: the legal review report (HTML, Markdown, CSV, PDF), from a fresh scan or a saved scan JSON.
// The renderers are pure; this command does the I/O around them: reading the saved scan, reading the matched
// lines from the scanned folder (the scan JSON carries no file content), and writing the output atomically.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import {
  type Excerpts,
  type FileExcerpt,
  type LineSpan,
  type ScanResult,
  UsageError,
  decodeSource,
  excerptWindows,
  failingConflicts,
  htmlToPdf,
  renderCsv,
  renderHtml,
  renderMarkdown,
  requireChromium,
  readScanJson,
  scan,
} from '../../src/index.js';
import { type CommonScanFlags, addScanOptions, failOnFlag, toScanOptions } from '../options.js';
import { type NamedInput, scanInputs, writeOutput } from '../output.js';
import { finishWithPolicy } from '../policy-summary.js';
import { makeProgress } from '../progress.js';

export const REPORT_FORMATS = ['html', 'md', 'csv', 'pdf'] as const;
type ReportFormat = (typeof REPORT_FORMATS)[number];

interface ReportFlags extends CommonScanFlags {
  format: string;
  output?: string;
  from?: string;
  root?: string;
}

/** Largest file whose lines are read for excerpts (bigger ones are skipped by the scan anyway). */
const MAX_EXCERPT_FILE = 16 * 1024 * 1024;

export function register(program: Command): void {
  addScanOptions(
    program
      .command('report')
      .description('legal review report of a scan: self-contained HTML, Markdown for PR comments, CSV, or PDF')
      .argument('[path]', 'folder to scan (or, with --from, the scanned folder to read code excerpts from)')
      .option('-f, --format <format>', `report format: ${REPORT_FORMATS.join('|')}`, 'html')
      .option(
        '-o, --output <file>',
        'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place; required for pdf)',
      )
      .option('--from <scan.json>', 'render a saved scan JSON (`provscan scan --format json`) instead of scanning')
      .option('--root <dir>', 'folder the scanned paths are relative to, for code excerpts (default: PATH)'),
  ).action(async (path: string | undefined, flags: ReportFlags) => {
    const format = parseFormat(flags.format);
    if (format === 'pdf') {
      if (flags.output === undefined || flags.output === '-') {
        throw new UsageError('--format pdf writes a file: give --output FILE');
      }
      requireChromium();
    }
    let result = flags.from !== undefined ? readScanJson(flags.from) : await runScan(path, flags);
    const failOn = failOnFlag(flags.failOn);
    if (failOn !== undefined) result = { ...result, settings: { ...result.settings, failOn } };
    await writeReport(result, format, flags, excerptRoot(path, flags), [
      ...scanInputs(path, flags),
      { option: '--from', file: flags.from },
    ]);
    finishWithPolicy(failingConflicts(result, result.settings.failOn), result.settings.failOn, flags);
  });
}

function parseFormat(value: string): ReportFormat {
  const found = REPORT_FORMATS.find((f) => f === value || (f === 'md' && value === 'markdown'));
  if (!found) throw new UsageError(`--format: unknown report format "${value}" (use ${REPORT_FORMATS.join(', ')})`);
  return found;
}

async function runScan(path: string | undefined, flags: ReportFlags): Promise<ScanResult> {
  const progress = makeProgress(flags.quiet === true);
  try {
    return await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
  } finally {
    progress.stop();
  }
}

async function writeReport(
  result: ScanResult,
  format: ReportFormat,
  flags: ReportFlags,
  root: string,
  inputs: ReadonlyArray<NamedInput>,
): Promise<void> {
  switch (format) {
    case 'md':
      writeOutput(flags.output, renderMarkdown(result), inputs);
      return;
    case 'csv':
      writeOutput(flags.output, renderCsv(result), inputs);
      return;
    case 'html':
      writeOutput(flags.output, renderHtml(result, readExcerpts(result, root)), inputs);
      return;
    case 'pdf': {
      const pdf = await htmlToPdf(renderHtml(result, readExcerpts(result, root), { print: true }));
      writeOutput(flags.output ?? 'report.pdf', pdf, inputs);
      return;
    }
  }
}

/** The folder scanned paths are relative to: --root, else the git work tree containing PATH, else PATH. */
function excerptRoot(path: string | undefined, flags: ReportFlags): string {
  if (flags.root !== undefined) {
    const root = resolve(flags.root);
    if (!existsSync(root) || !statSync(root).isDirectory())
      throw new UsageError(`--root: ${flags.root} is not a folder`);
    return root;
  }
  const start = resolve(path ?? '.');
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, '.git'))) return dir;
    if (dirname(dir) === dir) return start;
  }
}

/**
 * Reads the lines the HTML report shows. A path from a scan JSON is untrusted: it must stay inside the root
 * (no `..`, no absolute path, no symlink out), and a file whose content hash differs from the scan's is not shown.
 */
export function readExcerpts(result: ScanResult, root: string): Excerpts {
  const out = new Map<string, FileExcerpt>();
  let realRoot: string;
  try {
    realRoot = realpathSync(root);
  } catch {
    return out;
  }
  const files = new Map(result.files.map((f) => [f.path, f] as const));
  for (const [path, windows] of excerptWindows(result)) {
    out.set(path, readOne(realRoot, path, windows, files.get(path)?.sha256));
  }
  return out;
}

function readOne(
  root: string,
  path: string,
  windows: ReadonlyArray<LineSpan>,
  sha256: string | undefined,
): FileExcerpt {
  const unavailable = (problem: string): FileExcerpt => ({ kind: 'unavailable', problem });
  if (isAbsolute(path) || path.split('/').includes('..')) return unavailable('the path leaves the scanned folder');
  let full: string;
  try {
    full = realpathSync(join(root, path));
  } catch {
    return unavailable('the file does not exist');
  }
  const rel = relative(root, full);
  if (rel.startsWith(`..${sep}`) || rel === '..' || isAbsolute(rel))
    return unavailable('the path leaves the scanned folder');
  let bytes: Buffer;
  try {
    if (statSync(full).size > MAX_EXCERPT_FILE) return unavailable('the file is too large to quote');
    bytes = readFileSync(full);
  } catch (err) {
    return unavailable(`the file is not readable (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if (sha256 !== undefined && createHash('sha256').update(bytes).digest('hex') !== sha256) {
    return unavailable('the file changed since the scan (its content hash differs), so its lines may not correspond');
  }
  // the text as the scan read it (UTF-16 decoded, a byte order mark dropped)
  const all = (decodeSource(bytes) ?? bytes.toString('utf8')).split(/\r?\n/);
  const lines = new Map<number, string>();
  for (const w of windows) {
    for (let n = w.start; n <= w.end && n <= all.length; n++) lines.set(n, all[n - 1] ?? '');
  }
  return { kind: 'lines', lines };
}
