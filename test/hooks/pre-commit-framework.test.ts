// The pre-commit framework (https://pre-commit.com) installing provscan's hook from a repository, as a project that
// lists it in .pre-commit-config.yaml does: `pre-commit install-hooks` builds the hook's node environment from a
// fresh copy of this checkout (with pre-commit 3.x: npm install, npm pack, npm install -g of the tarball; with 4.x:
// npm install -g git+file://…, which prepares the package with no node_modules at all), then a commit that stages a
// copy of corpus code is blocked, a clean one goes through, and `pre-commit run --all-files` checks every file.
// Slow (native modules are built): runs when PROVSCAN_SLOW_TESTS=1, as .ci/run sets it, with Debian's pre-commit.
// PROVSCAN_PRE_COMMIT names other pre-commit executables to test, comma-separated.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { type FreshCopy, freshCopy, SLOW_TESTS } from '../helpers/fresh-copy.js';
import { tempDir } from '../helpers/repo.js';
import { run } from '../helpers/run.js';

const INSTALL_MS = 40 * 60_000;
const EXECUTABLES = (process.env['PROVSCAN_PRE_COMMIT'] ?? 'pre-commit').split(',').filter(Boolean);
const FINDING = /src\/utils\.c:\d+-\d+ {2}GPL-3\.0-or-later {2}nano@7\.2 src\/utils\.c/;

describe.skipIf(!SLOW_TESTS)('provscan as a pre-commit framework hook', () => {
  let corpus: { db: string; cleanup(): void };
  let hooks: FreshCopy;
  const cleanups: Array<() => void> = [];
  beforeAll(async () => {
    corpus = await gplCorpus();
    hooks = freshCopy('provscan-hooks-');
  });
  afterAll(() => {
    corpus?.cleanup();
    hooks?.cleanup();
    for (const c of cleanups) c();
  });

  it.each(EXECUTABLES)(
    '%s: validates the manifest, installs the hook, blocks a copy of corpus code, lets a clean commit through, and checks all files on run --all-files',
    async (preCommit) => {
      const home = tempDir('provscan-pre-commit-home-');
      cleanups.push(home.cleanup);
      const env = { PRE_COMMIT_HOME: home.path, CI: 'true', NO_COLOR: '1' };
      const version = await run(preCommit, ['--version'], { env });
      expect(version.code, version.output).toBe(0);

      const manifest = await run(preCommit, ['validate-manifest', join(hooks.path, '.pre-commit-hooks.yaml')], { env });
      expect(manifest.code, manifest.output).toBe(0);
      expect(manifest.output).not.toMatch(/deprecated/i);

      const repo = mitProject();
      cleanups.push(() => repo.cleanup());
      writeFileSync(
        join(repo.path, '.pre-commit-config.yaml'),
        [
          'repos:',
          `  - repo: ${hooks.path}`,
          `    rev: ${hooks.commit}`,
          '    hooks:',
          '      - id: provscan-check',
          `        args: [--db, ${JSON.stringify(corpus.db)}]`,
          '',
        ].join('\n'),
      );
      repo.git('add', '.pre-commit-config.yaml');
      repo.git('commit', '-q', '--no-verify', '-m', 'Use pre-commit');

      expect((await run(preCommit, ['install'], { cwd: repo.path, env })).code).toBe(0);
      const install = await run(preCommit, ['install-hooks'], { cwd: repo.path, env, timeoutMs: INSTALL_MS });
      expect(install.code, install.output.slice(-6000)).toBe(0);
      process.stderr.write(`${version.stdout.trim()}: install-hooks took ${(install.ms / 1000).toFixed(0)} s\n`);

      repo.write('src/utils.c', GPL_UTILS_C);
      repo.git('add', 'src/utils.c');
      const blocked = await run('git', ['commit', '-m', 'Add utils'], { cwd: repo.path, env });
      expect(blocked.code, blocked.output).not.toBe(0);
      expect(blocked.output).toMatch(FINDING);
      expect(repo.git('log', '--format=%s', '-1').trim()).toBe('Use pre-commit');

      repo.git('rm', '--cached', '-q', 'src/utils.c');
      repo.remove('src/utils.c');
      repo.write('src/greeting.c', '#include <stdio.h>\n\nvoid greet(void)\n{\n\tputs("hi");\n}\n');
      repo.git('add', 'src/greeting.c');
      const clean = await run('git', ['commit', '-m', 'Add a greeting'], { cwd: repo.path, env });
      expect(clean.code, clean.output).toBe(0);
      expect(repo.git('log', '--format=%s', '-1').trim()).toBe('Add a greeting');

      // the copy arrives without the hook (a merge, --no-verify); the usual CI form finds it, staging nothing
      repo.write('src/utils.c', GPL_UTILS_C);
      repo.git('add', 'src/utils.c');
      repo.git('commit', '-q', '--no-verify', '-m', 'Add utils anyway');
      const all = await run(preCommit, ['run', '--all-files'], { cwd: repo.path, env });
      expect(all.code, all.output).toBe(1);
      expect(all.output).toMatch(FINDING);
      expect(all.output).toContain('without staged changes checked whole');
    },
    INSTALL_MS + 300_000,
  );
});
