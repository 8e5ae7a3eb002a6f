// `provscan hook uninstall` and `install` on a hook a user has added lines to (issue 13, item 14).
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/repo.js';

function project(): TestRepo {
  const repo = TestRepo.create('provscan-hostile-hook-');
  repo.write('src/a.js', 'export const a = 1;\n').commit('Start');
  return repo;
}

describe('hook uninstall', () => {
  it("removes only provscan's lines from a hook the user added lines to", async () => {
    const repo = project();
    try {
      expect((await runCli(['hook', 'install'], { cwd: repo.path })).code).toBe(0);
      const hook = join(repo.path, '.git/hooks/pre-commit');
      const ours = readFileSync(hook, 'utf8');
      writeFileSync(hook, ours.replace('#!/bin/sh\n', '#!/bin/sh\nnpx lint-staged\n'));
      const res = await runCli(['hook', 'uninstall'], { cwd: repo.path });
      expect(res.code, res.stderr).toBe(0);
      expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\nnpx lint-staged\n');
      expect(statSync(hook).mode & 0o111).not.toBe(0);
    } finally {
      repo.cleanup();
    }
  });

  it('keeps lines a user added to a hook written before the end marker existed, and reinstall keeps them too', async () => {
    const repo = project();
    try {
      const hook = join(repo.path, '.git/hooks/pre-commit');
      // the hook `provscan hook install` wrote before its end line, with a user's line before and inside it
      writeFileSync(
        hook,
        [
          '#!/bin/sh',
          'echo "user: before"',
          '# provscan-hook: written by `provscan hook install`; `provscan hook uninstall` removes it',
          '# pre-commit: blocks commits that stage code matching licensed code the policy rejects.',
          "PROVSCAN_BIN='/opt/provscan/bin/provscan.js'",
          "PROVSCAN_NODE='/usr/bin/node'",
          'echo "user: inside"',
          'if [ -f "$PROVSCAN_BIN" ]; then',
          '  if [ -x "$PROVSCAN_NODE" ]; then NODE="$PROVSCAN_NODE"; else NODE=node; fi',
          '  exec "$NODE" "$PROVSCAN_BIN" check --staged',
          'fi',
          'if command -v provscan >/dev/null 2>&1; then exec provscan check --staged; fi',
          'exec npx --no-install provscan check --staged',
          '',
        ].join('\n'),
        { mode: 0o755 },
      );
      expect((await runCli(['hook', 'install'], { cwd: repo.path })).code).toBe(0);
      const reinstalled = readFileSync(hook, 'utf8');
      expect(reinstalled).toContain('echo "user: before"');
      expect(reinstalled).toContain('echo "user: inside"');
      expect(reinstalled).toContain('# provscan-hook: end');
      expect((await runCli(['hook', 'uninstall'], { cwd: repo.path })).code).toBe(0);
      expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho "user: before"\necho "user: inside"\n');
    } finally {
      repo.cleanup();
    }
  });

  it('deletes the hook file when nothing of the user is left in it', async () => {
    const repo = project();
    try {
      expect((await runCli(['hook', 'install'], { cwd: repo.path })).code).toBe(0);
      expect((await runCli(['hook', 'uninstall'], { cwd: repo.path })).code).toBe(0);
      expect(existsSync(join(repo.path, '.git/hooks/pre-commit'))).toBe(false);
    } finally {
      repo.cleanup();
    }
  });
});
