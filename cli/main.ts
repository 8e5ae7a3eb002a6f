// provscan's command line: parse, run, render, set the exit code. Each command lives in cli/commands/<name>.ts.
import type { Command as CommandType } from 'commander';

// A reader that stops early (`provscan corpus list | head`) closes the pipe: the output it wanted is written, so
// stop quietly with the exit code decided so far instead of a stack trace. Any other output error is reported.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  process.stderr.write(`provscan: cannot write to standard output: ${err.message}\n`);
  process.exit(3);
});

const requested = process.argv.slice(2).find((a) => !a.startsWith('-'));
// The pre-commit check's first git processes start before the parser loads, so git runs meanwhile (only for the
// current folder, the usual hook invocation; the check starts its own for another folder).
if (requested === 'check' && process.argv.includes('--staged')) {
  (await import('../src/check/prefetch.js')).prefetchStaged(process.cwd());
}
const { Command, CommanderError } = await import('commander');

const program = new Command()
  .name('provscan')
  .description(
    'Which lines came from an AI, does any of it reproduce known licensed code, and what that means for your license.',
  )
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  // Root options (--version) only before the subcommand, so `corpus add --version V` reaches its command.
  .enablePositionalOptions()
  .addHelpText(
    'after',
    '\nExit codes: 0 clean, 1 policy failure (a finding at or above --fail-on), 2 usage or input error, 3 internal error.\n',
  );

// Each command's module is imported only when that command runs (the pre-commit `check --staged` must start
// fast); `--help` and unknown commands load them all. To add a command: one line here, named as the command.
type CommandModule = { register(program: CommandType): void };
const COMMANDS: Record<string, () => Promise<CommandModule>> = {
  blame: () => import('./commands/blame.js'),
  check: () => import('./commands/check.js'),
  corpus: () => import('./commands/corpus.js'),
  hook: () => import('./commands/hook.js'),
  license: () => import('./commands/license.js'),
  notice: () => import('./commands/notice.js'),
  record: () => import('./commands/record.js'),
  report: () => import('./commands/report.js'),
  sbom: () => import('./commands/sbom.js'),
  scan: () => import('./commands/scan.js'),
  stats: () => import('./commands/stats.js'),
  waive: () => import('./commands/waive.js'),
  wfp: () => import('./commands/wfp.js'),
};
const only = requested === undefined ? undefined : COMMANDS[requested];
// Nothing here loads the library up front: a command loads what it needs (the pre-commit check loads a light
// entry). The version is read only when no command runs (`--version`, top-level help).
if (!only) program.version((await import('../src/index.js')).toolVersion());

try {
  for (const load of only ? [only] : Object.values(COMMANDS)) (await load()).register(program);
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof CommanderError) {
    process.exitCode = err.exitCode === 0 ? 0 : 2;
  } else {
    process.exitCode = (await import('./run.js')).reportError(err);
  }
}
