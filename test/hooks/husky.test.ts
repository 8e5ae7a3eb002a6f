// husky 9 as a project sets it up: `npx husky init` writes .husky/pre-commit (`npm test`) and points
// core.hooksPath at .husky/_; `provscan hook install --husky` then adds its one line beside the project's own, the
// commits run through husky's real hook scripts, and uninstall takes away that line only.
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { BIN, runCli } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { run } from '../helpers/run.js';

// husky's own command, as `npx husky` runs it from the project's devDependencies (husky exports no package.json)
const HUSKY_BIN = join(dirname(createRequire(import.meta.url).resolve('husky')), 'bin.js');

let corpus: { db: string; cleanup(): void };
const cleanups: Array<() => void> = [];
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => {
  corpus.cleanup();
  for (const c of cleanups) c();
});

/** An MIT project with husky 9 initialised, as `npx husky init` leaves it. */
async function huskyProject(): Promise<TestRepo> {
  const repo = mitProject();
  cleanups.push(() => repo.cleanup());
  const pkg = JSON.parse(readFileSync(join(repo.path, 'package.json'), 'utf8')) as Record<string, unknown>;
  writeFileSync(
    join(repo.path, 'package.json'),
    `${JSON.stringify({ ...pkg, scripts: { test: 'echo project tests pass' } }, null, 2)}\n`,
  );
  const init = await run(process.execPath, [HUSKY_BIN, 'init'], { cwd: repo.path });
  expect(init.code, init.output).toBe(0);
  expect(readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8')).toBe('npm test\n');
  expect(repo.git('config', 'core.hooksPath').trim()).toBe('.husky/_');
  repo.commit('Set up husky');
  return repo;
}

/** A folder with a `provscan` command on it, standing for a global or devDependency install of this build. */
function provscanOnPath(): string {
  const dir = tempDir('provscan-path-');
  cleanups.push(dir.cleanup);
  const shim = join(dir.path, 'provscan');
  writeFileSync(shim, `#!/bin/sh\nexec '${process.execPath}' '${BIN}' "$@"\n`);
  chmodSync(shim, 0o755);
  return dir.path;
}

describe('provscan hook install --husky (husky 9)', () => {
  it('adds one line to the pre-commit file husky init wrote, blocks a copy of corpus code, and uninstall removes only that line', async () => {
    const repo = await huskyProject();
    // a team corpus kept in the repository: the hook names it relative to the root
    mkdirSync(join(repo.path, 'corpus'));
    copyFileSync(corpus.db, join(repo.path, 'corpus/team.db'));

    const installed = await runCli(['hook', 'install', '--husky', '--db', 'corpus/team.db'], { cwd: repo.path });
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain('installed pre-commit hook: .husky/pre-commit');
    const hook = readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8');
    const lines = hook.trimEnd().split('\n');
    expect(lines[0]).toBe('npm test');
    expect(lines[1]).toMatch(/^provscan check --staged --db corpus\/team\.db # provscan-hook/);
    expect(lines).toHaveLength(2);
    // nothing of this machine in a file the project commits
    expect(hook).not.toContain(process.execPath);
    expect(hook).not.toContain(repo.path);
    expect(hook).not.toContain(BIN);
    expect(hook).not.toMatch(/PROVSCAN_(BIN|NODE)/);

    const again = await runCli(['hook', 'install', '--husky', '--db', 'corpus/team.db'], { cwd: repo.path });
    expect(again.stdout).toContain('unchanged pre-commit hook: .husky/pre-commit');
    repo.git('add', '.husky/pre-commit', 'corpus/team.db');
    repo.git('commit', '-q', '--no-verify', '-m', 'Check licenses before each commit');

    const env = { PATH: `${provscanOnPath()}:${process.env['PATH'] ?? ''}`, CI: 'true', NO_COLOR: '1' };
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const blocked = await run('git', ['commit', '-m', 'Add utils'], { cwd: repo.path, env });
    expect(blocked.code, blocked.output).not.toBe(0);
    expect(blocked.output).toContain('project tests pass'); // the project's own line ran first
    expect(blocked.output).toMatch(/src\/utils\.c:\d+-\d+ {2}GPL-3\.0-or-later {2}nano@7\.2 src\/utils\.c/);
    expect(repo.git('log', '--format=%s', '-1').trim()).toBe('Check licenses before each commit');

    repo.git('rm', '--cached', '-q', 'src/utils.c');
    repo.remove('src/utils.c');
    repo.write('src/greeting.c', '#include <stdio.h>\n\nvoid greet(void)\n{\n\tputs("hi");\n}\n');
    repo.git('add', 'src/greeting.c');
    const clean = await run('git', ['commit', '-m', 'Add a greeting'], { cwd: repo.path, env });
    expect(clean.code, clean.output).toBe(0);
    expect(repo.git('log', '--format=%s', '-1').trim()).toBe('Add a greeting');

    const removed = await runCli(['hook', 'uninstall', '--husky'], { cwd: repo.path });
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('removed pre-commit hook: .husky/pre-commit');
    expect(readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8')).toBe('npm test\n');
  });

  it('puts its line before a top-level exit, and replaces a whole-file hook an earlier provscan wrote', async () => {
    const repo = await huskyProject();
    writeFileSync(join(repo.path, '.husky/pre-commit'), 'npm test\nexit 0\n');
    expect((await runCli(['hook', 'install', '--husky'], { cwd: repo.path })).code).toBe(0);
    expect(readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8')).toMatch(
      /^npm test\nprovscan check --staged # provscan-hook[^\n]*\nexit 0\n$/,
    );

    writeFileSync(
      join(repo.path, '.husky/pre-commit'),
      "#!/bin/sh\n# provscan-hook: written by `provscan hook install`; `provscan hook uninstall` removes it\nPROVSCAN_BIN='/tmp/x/bin/provscan.js'\nexec npx --no-install provscan check --staged\n",
    );
    const updated = await runCli(['hook', 'install', '--husky'], { cwd: repo.path });
    expect(updated.stdout).toContain('updated pre-commit hook: .husky/pre-commit');
    expect(readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8')).toMatch(
      /^provscan check --staged # provscan-hook[^\n]*\n$/,
    );
  });
});
