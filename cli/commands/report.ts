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
  InputError,
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
  scan,
} from '../../src/index.js';
import { type CommonScanFlags, addScanOptions, failOnFlag, toScanOptions } from '../options.js';
import { writeOutput } from '../output.js';
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
      .option('-o, --output <file>', 'write to FILE instead of stdout (written atomically; required for pdf)')
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
    let result = flags.from !== undefined ? loadScanJson(flags.from) : await runScan(path, flags);
    const failOn = failOnFlag(flags.failOn);
    if (failOn !== undefined) result = { ...result, settings: { ...result.settings, failOn } };
    await writeReport(result, format, flags, excerptRoot(path, flags));
    if (failingConflicts(result, result.settings.failOn).length > 0) process.exitCode = 1;
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

async function writeReport(result: ScanResult, format: ReportFormat, flags: ReportFlags, root: string): Promise<void> {
  switch (format) {
    case 'md':
      writeOutput(flags.output, renderMarkdown(result));
      return;
    case 'csv':
      writeOutput(flags.output, renderCsv(result));
      return;
    case 'html':
      writeOutput(flags.output, renderHtml(result, readExcerpts(result, root)));
      return;
    case 'pdf': {
      const pdf = await htmlToPdf(renderHtml(result, readExcerpts(result, root), { print: true }));
      writeOutput(flags.output ?? 'report.pdf', pdf);
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

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a saved scan JSON and checks it is one (schema 1) before anything renders it; optional lists missing from
 * an older or hand-made file default to empty.
 * @throws InputError naming the file and what is wrong with it.
 */
export function loadScanJson(file: string): ScanResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read the scan JSON (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `not valid JSON (${(err as Error).message})`);
  }
  const bad = (problem: string) =>
    new InputError(
      file,
      `not a provscan scan JSON of schema 1: ${problem}`,
      'write one with `provscan scan --format json --output FILE`',
    );
  if (!isObject(data)) throw bad('the top level is not an object');
  if (data['schema'] !== 1) throw bad(`"schema" is ${JSON.stringify(data['schema']) ?? 'missing'}, expected 1`);
  if (!isObject(data['tool']) || data['tool']['name'] !== 'provscan') throw bad('"tool.name" is not "provscan"');
  const files = data['files'];
  if (!Array.isArray(files)) throw bad('"files" is not a list');
  files.forEach((f: unknown, i) => {
    if (!isObject(f) || typeof f['path'] !== 'string' || typeof f['lines'] !== 'number') {
      throw bad(`files[${i}] lacks a "path" or "lines"`);
    }
    if (!Array.isArray(f['ai']) || !Array.isArray(f['matches']))
      throw bad(`files[${i}] lacks the "ai" or "matches" list`);
    f['ai'].forEach((a: unknown, j) => {
      if (
        !isObject(a) ||
        typeof a['start'] !== 'number' ||
        typeof a['end'] !== 'number' ||
        typeof a['agent'] !== 'string'
      ) {
        throw bad(`files[${i}].ai[${j}] lacks "start", "end" or "agent"`);
      }
    });
    f['matches'].forEach((m: unknown, j) => {
      if (!isObject(m) || typeof m['start'] !== 'number' || typeof m['end'] !== 'number' || !isObject(m['corpus'])) {
        throw bad(`files[${i}].matches[${j}] lacks "start", "end" or "corpus"`);
      }
    });
  });
  const conflicts = data['conflicts'];
  if (!Array.isArray(conflicts)) throw bad('"conflicts" is not a list');
  conflicts.forEach((c: unknown, i) => {
    if (
      !isObject(c) ||
      typeof c['path'] !== 'string' ||
      typeof c['start'] !== 'number' ||
      typeof c['end'] !== 'number'
    ) {
      throw bad(`conflicts[${i}] lacks "path", "start" or "end"`);
    }
    if (c['severity'] !== 'error' && c['severity'] !== 'warning' && c['severity'] !== 'notice') {
      throw bad(`conflicts[${i}].severity is ${JSON.stringify(c['severity'])}`);
    }
  });
  const list = (key: string) => (Array.isArray(data[key]) ? data[key] : []);
  list('commits').forEach((c: unknown, i) => {
    if (!isObject(c) || typeof c['sha'] !== 'string' || !isObject(c['author']))
      throw bad(`commits[${i}] lacks "sha" or "author"`);
  });
  list('waivers').forEach((w: unknown, i) => {
    if (!isObject(w) || !['active', 'stale', 'expired'].includes(w['state'] as string)) {
      throw bad(`waivers[${i}].state is not active, stale or expired`);
    }
  });
  const settings = isObject(data['settings']) ? data['settings'] : {};
  return {
    ...(data as object),
    root: typeof data['root'] === 'string' ? data['root'] : 'scan',
    commit: typeof data['commit'] === 'string' ? data['commit'] : null,
    target:
      data['target'] === 'staged' || data['target'] === 'commit' || data['target'] === 'folder'
        ? data['target']
        : 'worktree',
    generatedAt: typeof data['generatedAt'] === 'string' ? data['generatedAt'] : '',
    projectLicense: typeof data['projectLicense'] === 'string' ? data['projectLicense'] : null,
    provenance: isObject(data['provenance']) ? data['provenance'] : { available: false, complete: false, notes: [] },
    corpora: list('corpora'),
    commits: list('commits'),
    skipped: list('skipped'),
    waivers: list('waivers'),
    settings: {
      onlyAi: settings['onlyAi'] === true,
      failOn: ['error', 'warning', 'notice', 'never'].includes(settings['failOn'] as string)
        ? (settings['failOn'] as ScanResult['settings']['failOn'])
        : 'error',
      minMatchLines: typeof settings['minMatchLines'] === 'number' ? settings['minMatchLines'] : 0,
      minMatchTokens: typeof settings['minMatchTokens'] === 'number' ? settings['minMatchTokens'] : 0,
    },
  } as unknown as ScanResult;
}
