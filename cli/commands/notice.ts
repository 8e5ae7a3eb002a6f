import type { Command } from 'commander';
import { renderNotice, scan } from '../../src/index.js';
import { addScanOptions, type CommonScanFlags, toScanOptions } from '../options.js';
import { scanInputs, writeOutput } from '../output.js';
import { makeProgress } from '../progress.js';

export function register(program: Command): void {
  addScanOptions(
    program
      .command('notice')
      .description('write the attribution text (third-party notices) that permissively licensed matches require')
      .argument(
        '[path]',
        'folder to scan: a git work tree (its tracked files; untracked ones are listed as skipped) or a plain folder',
        '.',
      )
      .option(
        '-o, --output <file>',
        'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
      ),
  ).action(async (path: string, flags: CommonScanFlags & { output?: string }) => {
    const progress = makeProgress(flags.quiet === true);
    try {
      const result = await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
      progress.stop();
      writeOutput(flags.output, renderNotice(result), scanInputs(path, flags));
    } finally {
      progress.stop();
    }
  });
}
