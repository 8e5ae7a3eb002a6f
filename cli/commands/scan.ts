import type { Command } from 'commander';
import {
  type ScanResult,
  UsageError,
  failingConflicts,
  readScanJson,
  renderSarif,
  renderText,
  scan,
} from '../../src/index.js';
import { addScanOptions, type CommonScanFlags, failOnFlag, toScanOptions } from '../options.js';
import { scanInputs, writeOutput } from '../output.js';
import { finishWithPolicy } from '../policy-summary.js';
import { makeProgress } from '../progress.js';

type Renderer = (result: ScanResult) => string | Promise<string>;

/** Output formats of `provscan scan`, by name. */
export const SCAN_FORMATS: Record<string, Renderer> = {
  json: (r) => `${JSON.stringify(r, null, 2)}\n`,
  text: renderText,
  sarif: renderSarif,
};

export function register(program: Command): void {
  addScanOptions(
    program
      .command('scan')
      .description('scan a repository: AI-written lines, snippet matches against licensed code, license conflicts')
      .argument(
        '[path]',
        'folder to scan: a git work tree (its tracked files; untracked ones are listed as skipped) or a plain folder',
        '.',
      )
      .option('-f, --format <format>', `output format: ${Object.keys(SCAN_FORMATS).join('|')}`, 'text')
      .option(
        '-o, --output <file>',
        'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
      )
      .option(
        '--from <scan.json>',
        'render a saved `provscan scan --format json` result in another format (e.g. SARIF) instead of scanning',
      )
      .addHelpText(
        'after',
        '\nJSON fields: docs/scan-json.md; JSON schema: schemas/provscan-scan.schema.json. SARIF 2.1.0 is what GitHub code scanning reads.',
      ),
  ).action(async (path: string, flags: CommonScanFlags & { format: string; output?: string; from?: string }) => {
    const render = SCAN_FORMATS[flags.format];
    if (!render)
      throw new UsageError(`--format: unknown format "${flags.format}" (use ${Object.keys(SCAN_FORMATS).join(', ')})`);
    if (flags.from !== undefined) {
      let result = readScanJson(flags.from);
      const failOn = failOnFlag(flags.failOn);
      if (failOn !== undefined) result = { ...result, settings: { ...result.settings, failOn } };
      writeOutput(flags.output, await render(result), [
        ...scanInputs(path, flags),
        { option: '--from', file: flags.from },
      ]);
      finishWithPolicy(failingConflicts(result, result.settings.failOn), result.settings.failOn, flags);
      return;
    }
    const progress = makeProgress(flags.quiet === true);
    try {
      const result = await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
      progress.stop();
      writeOutput(flags.output, await render(result), scanInputs(path, flags));
      finishWithPolicy(failingConflicts(result, result.settings.failOn), result.settings.failOn, flags);
    } finally {
      progress.stop();
    }
  });
}
