// provscan's command line: parse, run, render, set the exit code. Each command lives in cli/commands/<name>.ts.
import { Command, CommanderError } from 'commander';
import { toolVersion } from '../src/index.js';
import { register as registerCorpus } from './commands/corpus.js';
import { register as registerBlame } from './commands/blame.js';
import { register as registerScan } from './commands/scan.js';
import { register as registerStats } from './commands/stats.js';
import { reportError } from './run.js';

const program = new Command()
  .name('provscan')
  .description(
    'Which lines came from an AI, does any of it reproduce known licensed code, and what that means for your license.',
  )
  .version(toolVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .addHelpText(
    'after',
    '\nExit codes: 0 clean, 1 policy failure (a finding at or above --fail-on), 2 usage or input error, 3 internal error.\n',
  );

for (const register of [registerScan, registerCorpus, registerBlame, registerStats]) register(program);

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = reportError(err);
  }
}
