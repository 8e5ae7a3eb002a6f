import type { Command } from 'commander';
import { type ScanResult, UsageError, failingConflicts, renderSarif, renderText, scan } from '../../src/index.js';
import { addScanOptions, type CommonScanFlags, toScanOptions } from '../options.js';
import { writeOutput } from '../output.js';
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
        'folder to scan: a git work tree (its tracked files; untracked ones and those a sparse checkout leaves out are listed as skipped), a bare repository (the tree of HEAD), or a plain folder',
        '.',
      )
      .option('-f, --format <format>', `output format: ${Object.keys(SCAN_FORMATS).join('|')}`, 'text')
      .option('-o, --output <file>', 'write to FILE instead of stdout (written atomically)')
      .addHelpText(
        'after',
        '\nJSON fields: docs/scan-json.md; JSON schema: schemas/provscan-scan.schema.json. SARIF 2.1.0 is what GitHub code scanning reads.',
      ),
  ).action(async (path: string, flags: CommonScanFlags & { format: string; output?: string }) => {
    const render = SCAN_FORMATS[flags.format];
    if (!render)
      throw new UsageError(`--format: unknown format "${flags.format}" (use ${Object.keys(SCAN_FORMATS).join(', ')})`);
    const progress = makeProgress(flags.quiet === true);
    try {
      const result = await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
      progress.stop();
      writeOutput(flags.output, await render(result));
      if (failingConflicts(result, result.settings.failOn).length > 0) process.exitCode = 1;
    } finally {
      progress.stop();
    }
  });
}
