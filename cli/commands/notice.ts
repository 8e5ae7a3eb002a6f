import type { Command } from 'commander';
import { renderNotice, scan } from '../../src/index.js';
import { outputGroup } from '../option-groups.js';
import { addScanOptions, type CommonScanFlags, toScanOptions } from '../options.js';
import { scanInputs, writeOutput } from '../output.js';
import { makeProgress } from '../progress.js';

export function register(program: Command): void {
  const command = program
    .command('notice')
    .description('write the attribution text (third-party notices) that permissively licensed matches require')
    .argument(
      '[path]',
      'folder to scan: a git work tree (its tracked files; untracked ones and those a sparse checkout leaves out are listed as skipped), a bare repository (the tree of HEAD), or a plain folder',
      '.',
    );
  outputGroup(command);
  // a notice is information, never a verdict: no --fail-on
  addScanOptions(command, { failOn: false }).action(
    async (path: string, flags: CommonScanFlags & { output?: string }) => {
      const progress = makeProgress(flags.quiet === true);
      try {
        const result = await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
        progress.stop();
        writeOutput(flags.output, renderNotice(result), scanInputs(path, flags));
      } finally {
        progress.stop();
      }
    },
  );
}
