// `provscan check --staged [PATH]`: the pre-commit check. It runs in a git hook on every commit, so it starts fast:
// this module imports no library code up front, and at run time it loads the library's light pre-commit entry
// (src/check/index.ts, also part of src/index.ts) rather than the whole surface — a measured exception to "the CLI
// imports only src/index.ts" (bench/check.bench.mjs). Exit codes: 0 clean, 1 a finding fails the policy, 2 bad input.
import type { Command } from 'commander';
import type { CheckResult, LogSourceName, ScanResult } from '../../src/index.js';
import { scanDbs } from '../db.js';
import { LOG_FOLDERS_HELP } from '../log-folders.js';
import {
  cacheOption,
  corpusGroup,
  type GroupFlags,
  logsGroup,
  onlyAiOption,
  outputGroup,
  policyGroup,
} from '../option-groups.js';

interface CheckFlags extends GroupFlags {
  staged?: boolean;
  format: string;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export function register(program: Command): void {
  const command = program
    .command('check')
    .description(
      'check what a commit would add: staged lines that match licensed code your policy rejects (pre-commit)',
    )
    .argument(
      '[paths...]',
      'a folder inside the repository (default: the current one), or files to check: their staged lines, or the whole file as staged when it has no staged change (how the pre-commit framework passes files)',
    )
    .option('--staged', 'check the staged changes (index blobs, not the working tree)');
  outputGroup(command, FORMATS);
  logsGroup(command, { off: true });
  // the option groups every scanning command shares, from a module that loads no library code
  cacheOption(onlyAiOption(policyGroup(corpusGroup(command))))
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
      const sources =
        flags.logs === false ? undefined : parseSources(flags.logs ?? 'auto', lib.LOG_SOURCES, lib.UsageError);
      let failOn: ReturnType<typeof lib.parseFailOn>;
      if (flags.failOn !== undefined) {
        failOn = lib.parseFailOn(flags.failOn);
        if (failOn === undefined) {
          throw new lib.UsageError(`--fail-on: expected error, warning, notice or never, got "${flags.failOn}"`);
        }
      }
      const warnings: string[] = [];
      const dbs = scanDbs(flags.db);
      const check: CheckResult = await lib.checkStaged({
        ...target,
        ...(dbs ? { dbs } : {}),
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
      throw new UsageErrorCtor(`--logs: unknown log source "${n}" (use ${all.join(', ')} or auto)`);
    }
  }
  return names as LogSourceName[];
}

/** SARIF through the report module's renderer (the library is loaded only for this format). */
async function renderSarif(result: ScanResult): Promise<string> {
  const { renderSarif: render } = await import('../../src/index.js');
  const out = render(result);
  return out.endsWith('\n') ? out : `${out}\n`;
}
