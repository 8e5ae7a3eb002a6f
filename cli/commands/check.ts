// `provscan check --staged [PATH]`: the pre-commit check. Loads the library only when it runs (a hook must start
// fast), prints one line per finding, and exits 0 clean, 1 when a finding fails the policy, 2 on bad input.
import type { Command } from 'commander';
import type { CheckResult, LogSourceName, ScanResult } from '../../src/index.js';
import { addScanOptions, type CommonScanFlags } from '../options.js';

interface CheckFlags extends CommonScanFlags {
  staged?: boolean;
  format: string;
  output?: string;
  logs?: boolean;
  from?: string;
}

const FORMATS = ['text', 'json', 'sarif'] as const;

export function register(program: Command): void {
  addScanOptions(
    program
      .command('check')
      .description(
        'check what a commit would add: staged lines that match licensed code your policy rejects (pre-commit)',
      )
      .argument('[path]', 'any folder inside the repository', '.')
      .option('--staged', 'check the staged changes (index blobs, not the working tree)')
      .option('-f, --format <format>', `output format: ${FORMATS.join('|')}`, 'text')
      .option('-o, --output <file>', 'write to FILE instead of stdout (written atomically)')
      .option(
        '--from <sources>',
        'agent logs that mark AI-written lines: comma-separated claude-code,aider,agent-trace,git-ai,provscan-record, or auto',
        'auto',
      )
      .option('--no-logs', 'do not read agent logs'),
  ).action(async (path: string, flags: CheckFlags) => {
    const lib = await import('../../src/index.js');
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
    const { failOnFlag } = await import('../options.js');
    const failOn = failOnFlag(flags.failOn);
    const { makeProgress } = await import('../progress.js');
    const progress = makeProgress(flags.quiet === true);
    let check: CheckResult;
    try {
      check = await lib.checkStaged({
        path,
        ...(flags.db ? { dbs: flags.db } : {}),
        ...(flags.license !== undefined ? { license: flags.license } : {}),
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        onlyAi: flags.onlyAi === true,
        ...(failOn !== undefined ? { failOn } : {}),
        logs: flags.logs !== false,
        ...(sources ? { logSources: sources } : {}),
        onProgress: progress.listener,
      });
    } finally {
      progress.stop();
    }
    const effectiveFailOn = check.result.settings.failOn;
    const failing = lib.failingConflicts(check.result, effectiveFailOn);
    let text: string;
    if (flags.format === 'json') text = lib.renderCheckJson(check, failing);
    else if (flags.format === 'sarif') text = await renderSarif(lib, check.result);
    else text = lib.renderCheckText(check, failing, effectiveFailOn);
    const { writeOutput } = await import('../output.js');
    writeOutput(flags.output, text);
    process.exitCode = failing.length > 0 ? 1 : 0;
  });
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

/** SARIF through the SBOM/report engineer's renderer when the library has one. */
async function renderSarif(lib: typeof import('../../src/index.js'), result: ScanResult): Promise<string> {
  const render = (lib as unknown as Record<string, unknown>)['renderSarif'];
  if (typeof render !== 'function') {
    throw new lib.UsageError('--format sarif: this build of provscan has no SARIF renderer yet', 'use --format json');
  }
  const out = await (render as (r: ScanResult) => string | Promise<string>)(result);
  return out.endsWith('\n') ? out : `${out}\n`;
}
