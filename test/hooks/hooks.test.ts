import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject, originalCode } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { claudeSession, writeTranscript } from '../logs/transcripts.js';

let corpus: { db: string; cleanup(): void };
const repos: TestRepo[] = [];
const cleanups: Array<() => void> = [];
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => {
  corpus.cleanup();
  for (const r of repos) r.cleanup();
  for (const c of cleanups) c();
});

function project(): TestRepo {
  const repo = mitProject();
  repos.push(repo);
  return repo;
}

/** `git commit` as a user runs it, hooks included; returns exit code and output. */
function gitCommit(repo: TestRepo, message: string, env: NodeJS.ProcessEnv = {}) {
  const res = spawnSync('git', ['commit', '-m', message], {
    cwd: repo.path,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', CI: 'true', ...env },
  });
  return { code: res.status ?? -1, out: `${res.stdout}${res.stderr}` };
}

describe('provscan hook install', () => {
  it('installs an executable pre-commit hook that blocks a staged copy of GPL code in an MIT project', async () => {
    const repo = project();
    const res = await runCli(['hook', 'install', '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('installed pre-commit hook: .git/hooks/pre-commit');
    const hook = join(repo.path, '.git/hooks/pre-commit');
    expect(statSync(hook).mode & 0o111).not.toBe(0);

    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const blocked = gitCommit(repo, 'add utils');
    expect(blocked.code).not.toBe(0);
    expect(blocked.out).toMatch(/src\/utils\.c:\d+-\d+ {2}GPL-3\.0-or-later {2}nano@7\.2 src\/utils\.c/);
    expect(blocked.out).toContain('This commit is blocked');
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('1');

    repo.git('rm', '-q', '--cached', 'src/utils.c');
    repo.write('src/mix.c', originalCode(10));
    repo.git('add', 'src/mix.c');
    const clean = gitCommit(repo, 'add mixers');
    expect(clean.code).toBe(0);
    expect(repo.git('rev-list', '--count', 'HEAD').trim()).toBe('2');
  });

  it('never overwrites a hook it did not write (exit 2 with advice)', async () => {
    const repo = project();
    const hook = join(repo.path, '.git/hooks/pre-commit');
    execFileSync('sh', ['-c', `printf '#!/bin/sh\\necho mine\\n' > '${hook}' && chmod +x '${hook}'`]);
    const res = await runCli(['hook', 'install'], { cwd: repo.path });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/\.git\/hooks\/pre-commit: a pre-commit hook provscan did not write/);
    expect(res.stderr).toContain('hint:');
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
    expect((await runCli(['hook', 'uninstall'], { cwd: repo.path })).code).toBe(0);
    expect(readFileSync(hook, 'utf8')).toBe('#!/bin/sh\necho mine\n');
  });

  it('honours core.hooksPath', async () => {
    const repo = project();
    repo.git('config', 'core.hooksPath', 'githooks');
    const res = await runCli(['hook', 'install'], { cwd: repo.path });
    expect(res.code).toBe(0);
    expect(existsSync(join(repo.path, 'githooks/pre-commit'))).toBe(true);
    expect(existsSync(join(repo.path, '.git/hooks/pre-commit'))).toBe(false);
  });

  it('writes .husky/pre-commit with --husky, and is idempotent', async () => {
    const repo = project();
    expect((await runCli(['hook', 'install', '--husky'], { cwd: repo.path })).code).toBe(0);
    const again = await runCli(['hook', 'install', '--husky'], { cwd: repo.path });
    expect(again.stdout).toContain('unchanged pre-commit hook: .husky/pre-commit');
    expect(readFileSync(join(repo.path, '.husky/pre-commit'), 'utf8')).toContain('check --staged');
    const removed = await runCli(['hook', 'uninstall', '--husky'], { cwd: repo.path });
    expect(removed.stdout).toContain('removed pre-commit hook: .husky/pre-commit');
    expect(existsSync(join(repo.path, '.husky/pre-commit'))).toBe(false);
  });

  it('installs the post-commit record hook with --record, and uninstall removes both', async () => {
    const repo = project();
    expect((await runCli(['hook', 'install', '--record'], { cwd: repo.path })).code).toBe(0);
    expect(readFileSync(join(repo.path, '.git/hooks/post-commit'), 'utf8')).toContain('record --head --quiet');
    const res = await runCli(['hook', 'uninstall'], { cwd: repo.path });
    expect(res.stdout).toContain('removed pre-commit hook');
    expect(res.stdout).toContain('removed post-commit hook');
  });

  it('records the AI lines of each commit through the post-commit hook', async () => {
    const repo = project();
    const home = tempDir('provscan-home-');
    cleanups.push(home.cleanup);
    const root = repo.git('rev-parse', '--show-toplevel').trim();
    expect((await runCli(['hook', 'install', '--record', '--db', corpus.db], { cwd: root })).code).toBe(0);
    const code = originalCode(6, 3);
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/ai.c'), content: code } }]),
    );
    repo.write('src/ai.c', code);
    repo.git('add', 'src/ai.c');
    const res = gitCommit(repo, 'add ai code', { HOME: home.path });
    expect(res.code).toBe(0);
    const dir = join(root, '.git', 'provscan', 'records');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const record = JSON.parse(readFileSync(join(dir, files[0] as string), 'utf8')) as {
      commit: string;
      entries: Array<{ path: string }>;
    };
    expect(record.commit).toBe(repo.git('rev-parse', 'HEAD').trim());
    expect(record.entries[0]?.path).toBe('src/ai.c');
  });

  it('is a usage error outside a git repository', async () => {
    const res = await runCli(['hook', 'install'], { cwd: '/' });
    expect(res.code).toBe(2);
  });
});
