// `provscan hook install|uninstall [--husky] [--record]`: plain git hooks (honouring core.hooksPath) or husky.
// Never touches a hook provscan did not write: a foreign hook is reported with advice (exit 2).
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { HookName } from '../../src/index.js';

interface HookFlags {
  husky?: boolean;
  db?: string[];
  config?: string;
  record?: boolean;
  quiet?: boolean;
}

/** This installation's launcher: hooks run the same provscan that installed them. */
function launcher(packageRoot: string): { node: string; bin: string } {
  return { node: process.execPath, bin: join(packageRoot, 'bin', 'provscan.js') };
}

export function register(program: Command): void {
  const hook = program
    .command('hook')
    .description('install or remove the git hooks that run provscan (pre-commit check, post-commit record)');
  hook
    .command('install')
    .description(
      'install the pre-commit hook (`provscan check --staged`); --record adds a post-commit `provscan record --head`',
    )
    .argument('[path]', 'any folder inside the repository', '.')
    .option(
      '--husky',
      'add one line running provscan to .husky/<hook> (created when missing), beside the commands already there',
    )
    .option('--record', 'also install the post-commit hook that records AI spans from agent logs')
    .option(
      '--db <file>',
      'corpus database the hook checks against (repeatable; with --husky a path inside the repository is written relative to its root)',
      (v: string, prev: string[] | undefined) => [...(prev ?? []), v],
    )
    .option('--config <file>', 'policy file the hook uses (default: .provscan.yml at the repository root)')
    .option('-q, --quiet', 'print nothing unless something goes wrong')
    .action(async (path: string, flags: HookFlags) => {
      const { installHooks, PACKAGE_ROOT } = await import('../../src/index.js');
      const hooks: HookName[] = flags.record ? ['pre-commit', 'post-commit'] : ['pre-commit'];
      const checkArgs = [
        ...(flags.db ?? []).flatMap((d) => ['--db', resolve(d)]),
        ...(flags.config ? ['--config', flags.config] : []),
      ];
      const changes = await installHooks({
        path,
        husky: flags.husky === true,
        hooks,
        launcher: launcher(PACKAGE_ROOT),
        checkArgs,
      });
      if (!flags.quiet) for (const c of changes) process.stdout.write(`${c.action} ${c.hook} hook: ${c.file}\n`);
      process.exitCode = 0;
    });
  hook
    .command('uninstall')
    .description('remove the hooks provscan installed (hooks it did not write are left alone)')
    .argument('[path]', 'any folder inside the repository', '.')
    .option('--husky', "remove provscan's line from .husky/<hook> (and the file, when nothing else is left in it)")
    .option('-q, --quiet', 'print nothing unless something goes wrong')
    .action(async (path: string, flags: HookFlags) => {
      const { uninstallHooks, PACKAGE_ROOT } = await import('../../src/index.js');
      const changes = await uninstallHooks({ path, husky: flags.husky === true, launcher: launcher(PACKAGE_ROOT) });
      if (!flags.quiet)
        for (const c of changes)
          if (c.action === 'removed') process.stdout.write(`removed ${c.hook} hook: ${c.file}\n`);
      if (!flags.quiet && !changes.some((c) => c.action === 'removed'))
        process.stdout.write('no provscan hook installed\n');
      process.exitCode = 0;
    });
}
