// The git layer on the repositories users really have: worktrees, detached HEAD, odd file names, submodules,
// shallow clones, symlinks, unborn branches and plain folders. Every case runs the built CLI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/cli.js';
import { TestRepo, lines, tempDir } from '../helpers/repo.js';

interface Scan {
  target: string;
  commit: string | null;
  files: { path: string; blob?: string; ai: { start: number; end: number; agent: string; commit?: string }[] }[];
  skipped: { path: string; reason: string }[];
  provenance: { available: boolean; complete: boolean; notes: string[] };
}

const CURSOR = 'Co-authored-by: Cursor Agent <cursoragent@cursor.com>';
const cleanups: (() => void)[] = [];
afterAll(() => {
  for (const c of cleanups) c();
});

function newRepo(): TestRepo {
  const repo = TestRepo.create();
  cleanups.push(() => repo.cleanup());
  return repo;
}

async function scan(path: string): Promise<Scan> {
  const res = await runCliJson<Scan>(['scan', path, '--format', 'json', '--quiet']);
  expect(res.code, res.stderr).toBe(0);
  return res.json;
}

const aiOf = (s: Scan, path: string) => s.files.find((f) => f.path === path)?.ai.map((a) => [a.start, a.end, a.agent]);

describe('provenance in awkward repositories', () => {
  it('works in a linked worktree and keeps its cache in the common git dir', async () => {
    const repo = newRepo();
    repo.write('a.txt', lines('h', 2)).commit('Start');
    repo.write('a.txt', lines('h', 2) + lines('ai', 2)).commit(`AI lines\n\n${CURSOR}`);
    const wt = tempDir();
    cleanups.push(wt.cleanup);
    const wtPath = join(wt.path, 'linked tree');
    repo.git('worktree', 'add', '-q', '--detach', wtPath);
    const s = await scan(wtPath);
    expect(aiOf(s, 'a.txt')).toEqual([[3, 4, 'cursor']]);
    expect(existsSync(join(repo.path, '.git', 'provscan', 'provenance-cache.json'))).toBe(true);
  });

  it('works on a detached HEAD', async () => {
    const repo = newRepo();
    repo.write('a.txt', lines('h', 2)).commit('Start');
    const ai = repo.write('a.txt', lines('h', 2) + lines('ai', 1)).commit(`AI line\n\n${CURSOR}`);
    repo.write('a.txt', lines('x', 5)).commit('Human rewrite');
    repo.git('checkout', '-q', '--detach', ai);
    const s = await scan(repo.path);
    expect(s.commit).toBe(ai);
    expect(aiOf(s, 'a.txt')).toEqual([[3, 3, 'cursor']]);
  });

  it('handles file names with spaces, a newline, unicode and a leading dash', async () => {
    const repo = newRepo();
    const names = ['dir with space/my file.js', 'new\nline.txt', 'ünïcødé/π.py', '-leading-dash.js', '--help'];
    for (const n of names) repo.write(n, lines('h', 1));
    repo.commit('Start');
    for (const n of names) repo.write(n, lines('h', 1) + lines('ai', 2));
    repo.commit(`AI lines\n\n${CURSOR}`);
    const s = await scan(repo.path);
    for (const n of names) expect(aiOf(s, n), n).toEqual([[2, 3, 'cursor']]);
  });

  it('lists a submodule as skipped and does not enter it', async () => {
    const sub = newRepo();
    sub.write('inner.js', lines('inner', 3)).commit(`Inner\n\n${CURSOR}`);
    const repo = newRepo();
    repo.write('a.txt', 'x\n').commit('Start');
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.path, 'vendor/sub');
    repo.commit('Add submodule');
    const s = await scan(repo.path);
    expect(s.skipped).toContainEqual({ path: 'vendor/sub', reason: 'submodule' });
    expect(s.files.map((f) => f.path)).not.toContain('vendor/sub/inner.js');
  });

  it('marks provenance incomplete in a shallow clone and says how to fix it', async () => {
    const repo = newRepo();
    repo.write('a.txt', lines('h', 2)).commit('Start');
    repo.write('a.txt', lines('h', 2) + lines('ai', 2)).commit(`AI lines\n\n${CURSOR}`);
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const clone = join(dir.path, 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${repo.path}`, clone]);
    const s = await scan(clone);
    expect(s.provenance.available).toBe(true);
    expect(s.provenance.complete).toBe(false);
    expect(s.provenance.notes.join(' ')).toContain('git fetch --unshallow');
    // The one commit we have is the AI commit, so every line is attributed to it.
    expect(aiOf(s, 'a.txt')).toEqual([[1, 4, 'cursor']]);
  });

  it('never follows a symlink, tracked or in a plain folder', async () => {
    const repo = newRepo();
    repo.write('real.txt', 'x\n');
    symlinkSync('real.txt', join(repo.path, 'link.txt'));
    repo.commit('Start');
    const s = await scan(repo.path);
    expect(s.skipped).toContainEqual({ path: 'link.txt', reason: 'symlink' });
    expect(s.files.map((f) => f.path)).toEqual(['real.txt']);
  });

  it('scans a plain folder without provenance, skipping node_modules and symlinks', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    mkdirSync(join(dir.path, 'src'));
    mkdirSync(join(dir.path, 'node_modules', 'x'), { recursive: true });
    writeFileSync(join(dir.path, 'src', 'a.js'), 'const a = 1;\n');
    writeFileSync(join(dir.path, 'node_modules', 'x', 'i.js'), 'x\n');
    symlinkSync('src/a.js', join(dir.path, 'alias.js'));
    const s = await scan(dir.path);
    expect(s.target).toBe('folder');
    expect(s.provenance.available).toBe(false);
    expect(s.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(s.skipped).toContainEqual({ path: 'alias.js', reason: 'symlink' });
  });

  it('scans a repository without commits', async () => {
    const repo = newRepo();
    repo.write('a.txt', 'x\n');
    repo.git('add', 'a.txt');
    const s = await scan(repo.path);
    expect(s.commit).toBeNull();
    expect(s.provenance).toEqual({ available: true, complete: true, notes: [] });
    expect(s.files.map((f) => [f.path, f.ai])).toEqual([['a.txt', []]]);
  });

  it('leaves out files deleted in the working tree and blames edited ones as they are now', async () => {
    const repo = newRepo();
    repo.write('gone.txt', 'x\n').write('a.txt', lines('h', 2)).commit('Start');
    repo.write('a.txt', lines('h', 2) + lines('ai', 2)).commit(`AI\n\n${CURSOR}`);
    repo.remove('gone.txt');
    repo.write('a.txt', `new first line\n${lines('h', 2)}${lines('ai', 2)}`);
    const s = await scan(repo.path);
    expect(s.files.map((f) => f.path)).toEqual(['a.txt']);
    expect(aiOf(s, 'a.txt')).toEqual([[4, 5, 'cursor']]);
    const blob = execFileSync('git', ['hash-object', 'a.txt'], { cwd: repo.path, encoding: 'utf8' }).trim();
    expect(s.files[0]?.blob).toBe(blob);
  });
});
