import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusAdd, runCli, runCliJson } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { claudeSession, writeTranscript } from '../logs/transcripts.js';
import { GPL_UTILS_C, gplCorpus, mitProject, originalCode } from './fixtures.js';

let corpus: { db: string; cleanup(): void };
const cleanups: Array<() => void> = [];
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => {
  corpus.cleanup();
  for (const c of cleanups) c();
});

function project(): TestRepo {
  const repo = mitProject();
  cleanups.push(() => repo.cleanup());
  return repo;
}

interface CheckJson {
  target: string;
  projectLicense: string | null;
  conflicts: Array<{
    path: string;
    start: number;
    end: number;
    license: string;
    ai: boolean;
    severity: string;
    match?: { name: string; path: string };
  }>;
  files: Array<{
    path: string;
    ai: Array<{ start: number; end: number; agent: string; source: string; session?: string }>;
  }>;
  skipped: Array<{ path: string; reason: string; detail?: string }>;
  check: {
    nothingStaged: boolean;
    staged: Array<{ path: string }>;
    stagedLines: number;
    failing: number;
    notes: string[];
  };
}

describe('provscan check --staged', () => {
  it('fails on a staged copy of GPL code in an MIT project, naming the lines, license and source', async () => {
    const repo = project();
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.stderr).toBe('');
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(
      /^src\/utils\.c:\d+-\d+ {2}GPL-3\.0-or-later {2}nano@7\.2 src\/utils\.c:\d+-\d+ {2}\d+%/m,
    );
    expect(res.stdout).toContain('git commit --no-verify');
    expect(res.stdout).toContain('provscan waive');
  });

  it('passes a commit of original code, and says so', async () => {
    const repo = project();
    repo.write('src/mix.c', originalCode(20));
    repo.git('add', 'src/mix.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/1 staged file\(s\), \d+ staged line\(s\); 0 finding\(s\), 0 failing/);
  });

  it('checks the staged content, not the working tree', async () => {
    const repo = project();
    repo.write('src/utils.c', originalCode(8));
    repo.git('add', 'src/utils.c');
    repo.write('src/utils.c', GPL_UTILS_C); // unstaged: not part of the commit
    expect((await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path })).code).toBe(0);
  });

  it('reports only findings that touch staged lines', async () => {
    const repo = project();
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.commit('Vendor utils (already reviewed)');
    repo.write('src/utils.c', `${GPL_UTILS_C}\n${originalCode(3)}`);
    repo.git('add', 'src/utils.c');
    const { code, json } = await runCliJson<CheckJson>(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
      cwd: repo.path,
    });
    expect(json.conflicts).toEqual([]);
    expect(code).toBe(0);
  });

  it('marks staged lines a Claude Code session wrote as AI, without copying any transcript text', async () => {
    const repo = project();
    const home = tempDir('provscan-home-');
    cleanups.push(home.cleanup);
    const root = repo.git('rev-parse', '--show-toplevel').trim();
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/utils.c'), content: GPL_UTILS_C } }], {
        sessionId: 'sess-42',
        prompt: 'TOP-SECRET-PROMPT copy the nano helpers',
      }),
    );
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
      cwd: repo.path,
      env: { HOME: home.path },
    });
    expect(res.code).toBe(1);
    const json = JSON.parse(res.stdout) as CheckJson;
    expect(json.conflicts.length).toBeGreaterThan(0);
    expect(json.conflicts.every((c) => c.ai)).toBe(true);
    expect(json.files[0]?.ai[0]).toMatchObject({ agent: 'claude-code', source: 'claude-code-log', session: 'sess-42' });
    expect(res.stdout).not.toContain('TOP-SECRET-PROMPT');
    expect(res.stdout).not.toContain('I will write it now');
    const text = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path, env: { HOME: home.path } });
    expect(text.stdout).toMatch(/GPL-3\.0-or-later .* error AI$/m);
  });

  it('writes SARIF for code-scanning tools, with the same exit code', async () => {
    const repo = project();
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db, '--format', 'sarif'], { cwd: repo.path });
    expect(res.code).toBe(1);
    const sarif = JSON.parse(res.stdout) as {
      version: string;
      runs: Array<{ results: Array<{ locations: unknown[] }> }>;
    };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(JSON.stringify(sarif.runs[0]?.results[0]?.locations)).toContain('src/utils.c');
  });

  it('warns about a truncated transcript and a transcript of another project, and still checks', async () => {
    const repo = project();
    const home = tempDir('provscan-home-');
    cleanups.push(home.cleanup);
    const root = repo.git('rev-parse', '--show-toplevel').trim();
    const good = claudeSession(root, [
      { name: 'Write', input: { file_path: join(root, 'src/mix.c'), content: originalCode(4) } },
    ]);
    writeTranscript(
      home.path,
      root,
      // the session was cut off while logging a Write of the staged file
      `${good}{"type":"assistant","cwd":"${root}","message":{"content":[{"type":"tool_use","name":"Write","input":{"file_path":"${root}/src/mix.c","content":"uint32_t mi`,
    );
    const other = '/somewhere/else';
    writeTranscript(
      home.path,
      root,
      claudeSession(other, [{ name: 'Write', input: { file_path: `${other}/src/mix.c`, content: originalCode(4) } }]),
    );
    repo.write('src/mix.c', originalCode(4));
    repo.git('add', 'src/mix.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
      cwd: repo.path,
      env: { HOME: home.path },
    });
    expect(res.code).toBe(0);
    expect(res.stderr).toMatch(/provscan: warning: .*skipped 1 malformed or truncated line/);
    const json = JSON.parse(res.stdout) as CheckJson;
    expect(json.files[0]?.ai).toHaveLength(1);
  });

  it('exits 0 with a message when nothing is staged', async () => {
    const repo = project();
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('nothing staged');
  });

  it('skips a binary staged file and says so', async () => {
    const repo = project();
    repo.write('logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
    repo.git('add', 'logo.png');
    const { code, json } = await runCliJson<CheckJson>(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
      cwd: repo.path,
    });
    expect(code).toBe(0);
    expect(json.skipped).toEqual([expect.objectContaining({ path: 'logo.png', reason: 'binary' })]);
  });

  it('skips a staged file over 10 MB and says so', async () => {
    const repo = project();
    const big = `${'x = 1;\n'.repeat(1_600_000)}`;
    writeFileSync(join(repo.path, 'big.js'), big);
    repo.git('add', 'big.js');
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/skipped {2}big\.js {2}too-large \(10\.7 MB staged \(limit 10 MB\)\)/);
  });

  it('refuses to check while merge conflicts are unresolved (exit 2)', async () => {
    const repo = project();
    repo.git('checkout', '-q', '-b', 'other');
    repo.write('src/main.c', 'int main(void) { return 1; }\n');
    repo.commit('other side');
    repo.git('checkout', '-q', 'main');
    repo.write('src/main.c', 'int main(void) { return 2; }\n');
    repo.commit('main side');
    try {
      repo.git('merge', '-q', 'other');
    } catch {
      // conflict expected
    }
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/src\/main\.c: unresolved merge conflict/);
  });

  it('checks what a resolved merge brings in', async () => {
    const repo = project();
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.commit('add utils');
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', 'demo\n');
    repo.commit('docs');
    repo.git('merge', '-q', '--no-commit', '--no-ff', 'feature');
    const res = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(res.stdout).toContain('a merge is in progress');
    expect(res.code).toBe(1);
  });

  it('finds the same matches from a subfolder and with --no-cache, keeping no copy of the corpus', async () => {
    const repo = project();
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/utils.c');
    const cache = tempDir('provscan-check-cache-');
    cleanups.push(cache.cleanup);
    const env = { PROVSCAN_CACHE_DIR: cache.path };
    const args = ['check', '--staged', '--db', corpus.db, '--format', 'json'];
    const none = await runCliJson<CheckJson>([...args, '--no-cache'], { cwd: repo.path, env });
    expect(readdirSync(cache.path)).toEqual([]);
    const first = await runCliJson<CheckJson>(args, { cwd: repo.path, env });
    const second = await runCliJson<CheckJson>(args, { cwd: join(repo.path, 'src'), env });
    expect(none.code).toBe(1);
    expect(none.json.conflicts.length).toBeGreaterThan(0);
    for (const r of [first, second]) {
      expect(r.code).toBe(1);
      expect(r.json.conflicts).toEqual(none.json.conflicts);
      expect(r.json.projectLicense).toBe('MIT');
    }
    // the postings are looked up in the database itself: only the project license is cached
    expect(readdirSync(cache.path).every((f) => f.startsWith('license-'))).toBe(true);
  });

  it('sees a source added to the corpus a moment before', async () => {
    const own = await gplCorpus();
    cleanups.push(own.cleanup);
    const repo = project();
    repo.write('src/mix.c', originalCode(12, 7));
    repo.git('add', 'src/mix.c');
    const check = () => runCli(['check', '--staged', '--db', own.db], { cwd: repo.path });
    expect((await check()).code).toBe(0);
    const src = tempDir('provscan-check-source-');
    cleanups.push(src.cleanup);
    writeFileSync(join(src.path, 'mix.c'), originalCode(12, 7));
    await corpusAdd(src.path, own.db, { name: 'mixer', version: '1.0', license: 'GPL-2.0-only' });
    const after = await check();
    expect(after.code).toBe(1);
    expect(after.stdout).toMatch(/^src\/mix\.c:\d+-\d+ {2}GPL-2\.0-only {2}mixer@1\.0 mix\.c:/m);
  });

  it('keeps the project license in the cache and follows a staged change of the manifest or LICENSE', async () => {
    const repo = project();
    repo.write('src/new.c', originalCode(4));
    repo.git('add', 'src/new.c');
    const cache = tempDir('provscan-check-license-');
    cleanups.push(cache.cleanup);
    const env = { PROVSCAN_CACHE_DIR: cache.path };
    const license = async () =>
      (
        await runCliJson<CheckJson>(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
          cwd: repo.path,
          env,
        })
      ).json.projectLicense;
    expect(await license()).toBe('MIT');
    expect(readdirSync(cache.path).filter((f) => f.startsWith('license-'))).toHaveLength(1);
    expect(await license()).toBe('MIT'); // from the cache
    repo.write('package.json', `${JSON.stringify({ name: 'demo', version: '1.0.0', license: 'Apache-2.0' })}\n`);
    repo.git('add', 'package.json');
    expect(await license()).toBe('Apache-2.0');
    repo.write('package.json', `${JSON.stringify({ name: 'demo', version: '1.0.0' })}\n`);
    repo.write('COPYING', 'not a license anyone knows, but long enough to be looked at as one at all\n');
    repo.git('add', 'package.json', 'COPYING');
    expect(await license()).toBe(null);
    const res = await runCli(
      ['check', '--staged', '--db', corpus.db, '--license', 'BSD-2-Clause', '--format', 'json'],
      {
        cwd: repo.path,
        env,
      },
    );
    expect((JSON.parse(res.stdout) as CheckJson).projectLicense).toBe('BSD-2-Clause');
  });

  it('is a usage error outside a git repository or without --staged', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    expect((await runCli(['check', '--staged'], { cwd: dir.path })).code).toBe(2);
    const repo = project();
    const res = await runCli(['check'], { cwd: repo.path });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--staged');
  });
});
