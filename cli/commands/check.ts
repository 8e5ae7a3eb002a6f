// `provscan check --staged [PATH]`: the pre-commit check. It runs in a git hook on every commit, so it starts fast:
// this module imports no library code up front, and at run time it loads the library's light pre-commit entry
// (src/check/index.ts, also part of src/index.ts) rather than the whole surface — a measured exception to "the CLI
// imports only src/index.ts" (bench/check.bench.mjs). Exit codes: 0 clean, 1 a finding fails the policy, 2 bad input.
import { type Command, Option } from 'commander';
import type { CheckResult, LogSourceName, ScanResult } from '../../src/index.js';
import { LOG_FOLDERS_HELP } from '../log-folders.js';

interface CheckFlags {
  db?: string[];
  license?: string;
  config?: string;
  onlyAi?: boolean;
  quiet?: boolean;
  failOn?: string;
  cache?: boolean;
  staged?: boolean;
  format: string;
  output?: string;
  logs?: boolean;
  from?: string;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export function register(program: Command): void {
  program
    .command('check')
    .description(
      'check what a commit would add: staged lines that match licensed code your policy rejects (pre-commit)',
    )
    .argument(
      '[paths...]',
      'a folder inside the repository (default: the current one), or files to check: their staged lines, or the whole file as staged when it has no staged change (how the pre-commit framework passes files)',
    )
    .option('--staged', 'check the staged changes (index blobs, not the working tree)')
    .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'text')
    .option(
      '-o, --output <file>',
      'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
    )
    .option(
      '--from <sources>',
      'agent logs that mark AI-written lines, comma-separated: claude-code,codex,gemini,cursor,copilot,cline,roo-code,kilo-code,continue,opencode,aider,agent-trace,git-ai,whogitit,agentdiff,provscan-record, or auto (all)',
      'auto',
    )
    .option('--no-logs', 'do not read agent logs')
    // The shared scan options (cli/options.ts addScanOptions), declared here without importing that module, which
    // loads the whole library; test/check/cli-options.test.ts keeps the two lists in step.
    .addOption(
      new Option(
        '--db <file>',
        'corpus database to match against (repeatable; the bundled corpus when none is given)',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--license <expr>', 'SPDX expression overriding the detected project license')
    .option('--config <file>', 'policy file (default: .provscan.yml at the scanned root, when present)')
    .option('--only-ai', 'match only AI-written lines against the corpora (fast path)')
    .option('--fail-on <level>', 'lowest finding severity that fails the run: error|warning|notice|never')
    .option('--no-cache', 'do not read or write caches (corpus postings, parsed policy): load and parse instead')
    .option('-q, --quiet', 'no progress bars or warnings')
    .addHelpText('after', LOG_FOLDERS_HELP)
    .action(async (paths: string[], flags: CheckFlags) => {
      const lib = await import('../../src/check/index.js');
      const target = await checkTarget(paths, lib.UsageError);
      if (flags.staged !== true) {
        throw new lib.UsageError(
          'check: --staged is required (provscan check --staged checks what the next commit adds)',
          'for the whole tree use `provscan scan`',
        );
      }
      if (!(FORMATS as ReadonlyArray<string>).includes(flags.format)) {
        throw new lib.UsageError(`--format: unknown format "${flags.format}" (use ${FORMATS.join(', ')})`);
      }
      const sources = parseSources(flags.from ?? 'auto', lib.LOG_SOURCES, lib.UsageError);
      let failOn: ReturnType<typeof lib.parseFailOn>;
      if (flags.failOn !== undefined) {
        failOn = lib.parseFailOn(flags.failOn);
        if (failOn === undefined) {
          throw new lib.UsageError(`--fail-on: expected error, warning, notice or never, got "${flags.failOn}"`);
        }
      }
      const warnings: string[] = [];
      const check: CheckResult = await lib.checkStaged({
        ...target,
        ...(flags.db ? { dbs: flags.db } : {}),
        ...(flags.license !== undefined ? { license: flags.license } : {}),
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        onlyAi: flags.onlyAi === true,
        ...(failOn !== undefined ? { failOn } : {}),
        logs: flags.logs !== false,
        ...(flags.cache === false ? { cache: false as const } : {}),
        ...(sources ? { logSources: sources } : {}),
        // no progress bars: a hook's output is read after the fact; warnings go to stderr
        onProgress: (e) => {
          if (e.kind === 'warning') warnings.push(e.message);
        },
      });
      if (flags.quiet !== true) for (const w of warnings) process.stderr.write(`provscan: warning: ${w}\n`);
      const effectiveFailOn = check.result.settings.failOn;
      const failing = lib.failingConflicts(check.result, effectiveFailOn);
      let text: string;
      if (flags.format === 'json') text = lib.renderCheckJson(check, failing);
      else if (flags.format === 'sarif') text = await renderSarif(check.result);
      else text = lib.renderCheckText(check, failing, effectiveFailOn);
      if (flags.output === undefined || flags.output === '-') process.stdout.write(text);
      else {
        const { scanInputs, writeOutput } = await import('../output.js');
        writeOutput(flags.output, text, scanInputs(target.path, flags));
      }
      process.exitCode = failing.length > 0 ? 1 : 0;
      // with the output in a file, the hook's or CI's log still says why the commit was blocked
      if (failing.length > 0 && flags.output !== undefined && flags.output !== '-') {
        (await import('../policy-summary.js')).finishWithPolicy(failing, effectiveFailOn, flags);
      }
    });
}

/** One folder (or none): the staged change of its repository; otherwise files, relative to the current folder. */
async function checkTarget(
  paths: ReadonlyArray<string>,
  UsageErrorCtor: new (m: string, h?: string) => Error,
): Promise<{ path: string; files?: string[] }> {
  const { statSync } = await import('node:fs');
  const isDir = (p: string) => {
    try {
      return statSync(p).isDirectory();
    } catch {
      return false;
    }
  };
  if (paths.length === 0) return { path: '.' };
  if (paths.length === 1 && isDir(paths[0] as string)) return { path: paths[0] as string };
  const dir = paths.find(isDir);
  if (dir !== undefined) throw new UsageErrorCtor(`${dir}: a folder among files; pass files, or one folder`);
  return { path: '.', files: [...paths] };
}

function parseSources(
  value: string,
  all: ReadonlyArray<LogSourceName>,
  UsageErrorCtor: new (m: string, h?: string) => Error,
): LogSourceName[] | undefined {
  if (value === 'auto') return undefined;
  const names = value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const n of names) {
    if (!(all as ReadonlyArray<string>).includes(n)) {
      throw new UsageErrorCtor(`--from: unknown log source "${n}" (use ${all.join(', ')} or auto)`);
    }
  }
  return names as LogSourceName[];
}

/** SARIF through the report module's renderer (loaded only for this format). */
async function renderSarif(result: ScanResult): Promise<string> {
  const lib = await import('../../src/index.js');
  const render = (lib as unknown as Record<string, unknown>)['renderSarif'];
  if (typeof render !== 'function') {
    throw new lib.UsageError('--format sarif: this build of provscan has no SARIF renderer yet', 'use --format json');
  }
  const out = await (render as (r: ScanResult) => string | Promise<string>)(result);
  return out.endsWith('\n') ? out : `${out}\n`;
}
