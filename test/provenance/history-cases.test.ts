// Blame semantics on real histories: later human edits, moves and copies, ignore-revs sweeps, squash commits,
// the cache, and the blame/stats commands.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, lines } from '../helpers/repo.js';

interface Scan {
  files: { path: string; ai: { start: number; end: number; agent: string; commit?: string }[] }[];
  commits: { sha: string; agent: string }[];
}

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';
const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});
function newRepo(): TestRepo {
  const r = TestRepo.create();
  repos.push(r);
  return r;
}
async function scan(path: string, extra: string[] = []): Promise<Scan> {
  const res = await runCliJson<Scan>(['scan', path, '--format', 'json', '--quiet', ...extra]);
  expect(res.code, res.stderr).toBe(0);
  return res.json;
}
const aiOf = (s: Scan, path: string) => s.files.find((f) => f.path === path)?.ai.map((a) => [a.start, a.end]) ?? [];

describe('which lines are AI lines', () => {
  it('makes a line human when a human edits it after the AI wrote it', async () => {
    const repo = newRepo();
    repo.write('a.js', lines('ai', 6)).commit(`Add\n\n${CLAUDE}`);
    const text = lines('ai', 6).replace('ai 3\n', 'human fix 3\n');
    repo.write('a.js', text).commit('Fix line 3');
    expect(aiOf(await scan(repo.path), 'a.js')).toEqual([
      [1, 2],
      [4, 6],
    ]);
  });

  it('follows AI lines through a rename', async () => {
    const repo = newRepo();
    repo.write('old/name.js', lines('ai', 4)).commit(`Add\n\n${CLAUDE}`);
    repo.git('mv', 'old/name.js', 'new-name.js');
    repo.commit('Rename');
    expect(aiOf(await scan(repo.path), 'new-name.js')).toEqual([[1, 4]]);
  });

  it('follows AI lines a human moved into another file in the same commit (-C)', async () => {
    const repo = newRepo();
    const block = Array.from(
      { length: 8 },
      (_, i) => `  const value${i} = computeSomethingLong(${i}, "argument");`,
    ).join('\n');
    repo.write('util.js', `// util\n${block}\n// end\n`).write('main.js', '// main\n').commit('Start');
    repo.write('util.js', `// util\n${block}\n// end\n`).commit('noop');
    // The AI rewrites the block; then a human moves it to main.js.
    const aiBlock = block.replaceAll('computeSomethingLong', 'computeWithAi');
    repo.write('util.js', `// util\n${aiBlock}\n// end\n`).commit(`Rewrite\n\n${CLAUDE}`);
    repo
      .write('util.js', '// util\n// end\n')
      .write('main.js', `// main\n${aiBlock}\n`)
      .commit('Move the block to main');
    const s = await scan(repo.path);
    expect(aiOf(s, 'main.js')).toEqual([[2, 9]]);
    expect(aiOf(s, 'util.js')).toEqual([]);
  });

  it('keeps a single AI line an AI line when a human moves it within the file', async () => {
    const repo = newRepo();
    const base = Array.from({ length: 8 }, (_, i) => `const human${i} = start(${i});`);
    repo.write('a.js', `${base.join('\n')}\n`).commit('Start');
    const withAi = [...base.slice(0, 3), 'const limit = computeTheLimit(config);', ...base.slice(3)];
    repo.write('a.js', `${withAi.join('\n')}\n`).commit(`Add a limit\n\n${CLAUDE}`);
    // The human moves that one line (fewer than 100 letters and digits) to the end of the file.
    const moved = [...base, 'const limit = computeTheLimit(config);'];
    repo.write('a.js', `${moved.join('\n')}\n`).commit('Move the limit down');
    expect(aiOf(await scan(repo.path), 'a.js')).toEqual([[9, 9]]);
  });

  it('gives a repeated line to the commit that added it, not to an older copy of its text', async () => {
    const repo = newRepo();
    const test = (name: string) => [
      `def test_${name}():`,
      '    io = InputOutput(pretty=False, yes=True)',
      '    coder = Coder.create(MODEL, None, io)',
      `    assert coder.run("${name}")`,
      '',
    ];
    repo.write('test_cmds.py', test('add').join('\n')).commit('Start');
    repo.write('test_cmds.py', [...test('add'), ...test('drop')].join('\n')).commit(`Test drop\n\n${CLAUDE}`);
    // The blank separator and all four lines of the AI's test are its own, the two boilerplate lines included.
    expect(aiOf(await scan(repo.path), 'test_cmds.py')).toEqual([[5, 9]]);
  });

  it('keeps AI authorship across a formatting sweep listed in .git-blame-ignore-revs', async () => {
    const repo = newRepo();
    repo.write('a.js', 'x\ny\n').commit('Start');
    repo.write('a.js', 'x\ny\nfoo( 1 )\nbar( 2 )\n').commit(`Add calls\n\n${CLAUDE}`);
    const sweep = repo.write('a.js', 'x\ny\nfoo(1)\nbar(2)\n').commit('Format everything');
    expect(aiOf(await scan(repo.path, ['--no-cache']), 'a.js')).toEqual([]);
    repo.write('.git-blame-ignore-revs', `# formatting\n${sweep}\n`).commit('Ignore the sweep in blame');
    expect(aiOf(await scan(repo.path), 'a.js')).toEqual([[3, 4]]);
  });

  it('counts a squash commit whose body carries the squashed commits’ trailers', async () => {
    const repo = newRepo();
    repo.write('a.js', 'x\n').commit('Start');
    const squash = repo
      .write('a.js', 'x\nnew 1\nnew 2\n')
      .commit(
        'Add feature (#7)\n\n* Add the feature\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n\n* Polish\n\n---------\n\nCo-authored-by: Bob <bob@example.com>',
      );
    const s = await scan(repo.path);
    expect(s.files.find((f) => f.path === 'a.js')?.ai).toEqual([
      expect.objectContaining({ start: 2, end: 3, agent: 'cursor', commit: squash }),
    ]);
  });

  it('treats a file re-added but not yet committed as having no AI lines', async () => {
    const repo = newRepo();
    repo.write('a.js', lines('ai', 3)).write('keep.js', 'k\n').commit(`Add\n\n${CLAUDE}`);
    repo.remove('a.js').commit('Remove a.js');
    repo.write('a.js', lines('human', 2));
    repo.git('add', 'a.js');
    const res = await runCliJson<Scan & { provenance: { complete: boolean } }>(['scan', repo.path, '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    expect(aiOf(res.json, 'a.js')).toEqual([]);
    expect(res.json.provenance.complete).toBe(true);
    expect(res.stderr).toBe('');
  });

  it('recognises a user convention from .provscan.yml and names a bad one with exit code 2', async () => {
    const repo = newRepo();
    repo.write(
      '.provscan.yml',
      'conventions:\n  - agent: acme-bot\n    trailer: X-Acme-AI\n    value: "^on (?<model>\\\\S+)"\n',
    );
    repo.write('a.js', 'h\n').commit('Start');
    const sha = repo.write('a.js', 'h\nacme 1\nacme 2\n').commit('Acme\n\nX-Acme-AI: on acme-7');
    const s = await runCliJson<{
      files: { path: string; ai: { start: number; end: number; agent: string; model: string; commit: string }[] }[];
    }>(['scan', repo.path, '--format', 'json', '--quiet']);
    expect(s.code, s.stderr).toBe(0);
    expect(s.json.files.find((f) => f.path === 'a.js')?.ai).toEqual([
      expect.objectContaining({ start: 2, end: 3, agent: 'acme-bot', model: 'acme-7', commit: sha }),
    ]);
    repo.write('.provscan.yml', 'conventions:\n  - agent: 5\n');
    const bad = await runCli(['stats', repo.path, '--quiet']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('.provscan.yml: conventions[0].agent: expected a non-empty string, got number 5');
  });

  it('answers a second run from the cache with the same result', async () => {
    const repo = newRepo();
    repo.write('a.js', lines('ai', 3)).commit(`Add\n\n${CLAUDE}`);
    const first = await scan(repo.path);
    const cache = join(repo.path, '.git', 'provscan', 'provenance-cache.json');
    expect(existsSync(cache)).toBe(true);
    expect(readFileSync(cache, 'utf8')).toContain('a.js');
    const second = await scan(repo.path);
    expect(second.files).toEqual(first.files);
    expect(second.commits).toEqual(first.commits);
    expect((await scan(repo.path, ['--no-cache'])).files).toEqual(first.files);
  });

  it('updates the answer when HEAD moves on', async () => {
    const repo = newRepo();
    repo.write('a.js', lines('ai', 3)).commit(`Add\n\n${CLAUDE}`);
    await scan(repo.path);
    repo.write('b.js', lines('more', 2)).commit(`More\n\n${CLAUDE}`);
    repo.write('a.js', `top\n${lines('ai', 3)}`).commit('Human top line');
    const s = await scan(repo.path);
    expect(aiOf(s, 'a.js')).toEqual([[2, 4]]);
    expect(aiOf(s, 'b.js')).toEqual([[1, 2]]);
  });
});

describe('provscan blame and provscan stats', () => {
  const repo = newRepo();
  repo.write('src/a.js', lines('h', 2)).write('docs/x.md', lines('d', 4)).commit('Start');
  const ai = repo
    .write('src/a.js', lines('h', 2) + lines('ai', 2))
    .commit(`Add\n\n${CLAUDE.replace('Claude', 'Claude Sonnet 4')}`);

  it('marks the AI lines of a file like git blame', async () => {
    const res = await runCli(['blame', join(repo.path, 'src/a.js'), '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    const out = res.stdout.split('\n');
    expect(out[0]).toMatch(/^ {10}\s+1\) h 1$/);
    expect(out[2]).toBe(`* ${ai.slice(0, 8)} claude-code/claude-sonnet-4 3) ai 1`);
    expect(out[3]).toBe(`* ${ai.slice(0, 8)} claude-code/claude-sonnet-4 4) ai 2`);
  });

  it('gives the AI lines of a file as JSON', async () => {
    const res = await runCliJson<{
      path: string;
      lines: { line: number; ai: { agent: string; commit: string } | null }[];
    }>(['blame', join(repo.path, 'src/a.js'), '--format', 'json']);
    expect(res.json.path).toBe('src/a.js');
    expect(res.json.lines.map((l) => l.ai?.agent ?? null)).toEqual([null, null, 'claude-code', 'claude-code']);
    expect(res.json.lines[2]?.ai?.commit).toBe(ai);
  });

  it('refuses a file git does not track, naming it', async () => {
    repo.write('untracked.js', 'x\n');
    const res = await runCli(['blame', join(repo.path, 'untracked.js')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('untracked.js: not tracked by git');
  });

  it('reports the AI share per directory, agent and model', async () => {
    const res = await runCliJson<{
      totals: { lines: number; aiLines: number };
      directories: { key: string; lines: number; aiLines: number }[];
      agents: { key: string; aiLines: number }[];
      models: { key: string; aiLines: number }[];
    }>(['stats', repo.path, '--format', 'json', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.totals).toMatchObject({ lines: 8, aiLines: 2 });
    expect(res.json.directories.map((d) => [d.key, d.lines, d.aiLines])).toEqual([
      ['.', 8, 2],
      ['docs', 4, 0],
      ['src', 4, 2],
    ]);
    expect(res.json.agents).toEqual([expect.objectContaining({ key: 'claude-code', aiLines: 2 })]);
    expect(res.json.models).toEqual([expect.objectContaining({ key: 'claude-sonnet-4', aiLines: 2 })]);
  });

  it('prints the stats as a table', async () => {
    const res = await runCli(['stats', repo.path, '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('AI-written lines: 2 of 8 (25.0%)');
    expect(res.stdout).toMatch(/src\s+4\s+2\s+50\.0%/);
  });
});
