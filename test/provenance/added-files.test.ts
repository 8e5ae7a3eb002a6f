// Files that an AI commit created and nobody touched since are answered from the history walk, without git blame
// (what lets 100,000 generated files finish). The answer must be blame's own: this history sets the traps where it
// would not be — lines moved into a new file by a commit that also changed another, an edit made while merging,
// a later edit, a rename, an uncommitted edit — and every file's AI lines are held against `git blame -M -C`.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/cli.js';
import { type Person, TestRepo, lines } from '../helpers/repo.js';

interface Scan {
  files: { path: string; ai: { start: number; end: number; commit?: string }[] }[];
  totals: { aiLines: number };
}

const CLAUDE = '\n\nCo-Authored-By: Claude <noreply@anthropic.com>';
const BOB: Person = { name: 'Bob Human', email: 'bob@example.com' };

/** Line → commit, as `git blame -M -C` gives it for the working-tree file (uncommitted lines: null). */
function blameOwners(repo: TestRepo, path: string): (string | null)[] {
  const out = repo.git('blame', '--incremental', '-M', '-C', '--contents', join(repo.path, path), '--', path);
  const owners: (string | null)[] = [];
  for (const line of out.split('\n')) {
    const m = /^([0-9a-f]{40}) \d+ (\d+) (\d+)$/.exec(line);
    if (!m) continue;
    for (let i = 0; i < Number(m[3]); i++) owners[Number(m[2]) - 1 + i] = /^0+$/.test(m[1]!) ? null : m[1]!;
  }
  return owners;
}

function aiLinesOf(scan: Scan, path: string): number[] {
  const out: number[] = [];
  for (const s of scan.files.find((f) => f.path === path)?.ai ?? []) for (let l = s.start; l <= s.end; l++) out.push(l);
  return out;
}

describe('files an AI commit created and nobody touched since', () => {
  let repo: TestRepo;
  const ai = new Set<string>();
  const sha: Record<string, string> = {};
  let first: Scan;
  let second: Scan;
  let paths: string[];

  beforeAll(async () => {
    repo = TestRepo.create('provscan-added-');
    repo.write('lib/old.js', lines('const human =', 8)).write('README.md', 'readme\n');
    sha['base'] = repo.commit('Initial');
    // One AI commit that only creates files: the shortcut's case.
    for (let i = 0; i < 60; i++) repo.write(`gen/f${i}.txt`, `generated line ${i}\n`);
    repo.write('src/a.js', lines('const a =', 5)).write('src/b.js', lines('const b =', 4));
    repo.write('wt.txt', lines('tracked', 3)).write('noeol.txt', 'one\ntwo');
    sha['gen'] = repo.commit(`Generate files${CLAUDE}`);
    ai.add(sha['gen']);
    // A human commit that only creates files: no AI line.
    repo.write('human/h.txt', lines('human', 3));
    sha['human'] = repo.commit('Human files', { author: BOB });
    // An AI commit that moves lines out of a file it changes into a new file: -C gives them to their author.
    repo.write('lib/old.js', lines('const human =', 2));
    repo.write('lib/new.js', `${lines('const human =', 6, 3)}${lines('const fresh =', 2)}`);
    sha['move'] = repo.commit(`Split old.js${CLAUDE}`);
    ai.add(sha['move']);
    // Later human edit, and a human rename, of files the AI commit created.
    repo.write('src/a.js', lines('const a =', 5).replace('const a = 3', 'const a = 33'));
    repo.git('mv', 'src/b.js', 'src/c.js');
    sha['edit'] = repo.commit('Edit and rename', { author: BOB });
    // A branch whose AI commit only creates a file, merged with an edit made during the merge.
    repo.git('checkout', '-q', '-b', 'feature');
    repo.write('evil.txt', lines('evil', 4));
    sha['branch'] = repo.commit(`Add evil.txt${CLAUDE}`);
    ai.add(sha['branch']);
    repo.git('checkout', '-q', 'main');
    repo.write('README.md', 'readme, edited\n');
    repo.commit('Edit README', { author: BOB });
    repo.git('merge', '-q', '--no-ff', '--no-commit', 'feature');
    repo.write('evil.txt', lines('evil', 4).replace('evil 2', 'merged 2'));
    sha['merge'] = repo.commit('Merge feature', { author: BOB });
    // An uncommitted edit of a created file.
    repo.write('wt.txt', lines('tracked', 3).replace('tracked 1', 'edited 1'));

    paths = repo.git('ls-files').trim().split('\n');
    const a = await runCliJson<Scan>(['scan', repo.path, '--format', 'json', '--quiet']);
    expect(a.code, a.stderr).toBe(0);
    first = a.json;
    // The cache now holds the walk (with the created files) and every file's answer.
    expect(existsSync(join(repo.path, '.git', 'provscan', 'provenance-cache.json'))).toBe(true);
    const b = await runCliJson<Scan>(['scan', repo.path, '--format', 'json', '--quiet']);
    expect(b.code, b.stderr).toBe(0);
    second = b.json;
  });
  afterAll(() => repo?.cleanup());

  it('sets traps git blame really springs', () => {
    expect(blameOwners(repo, 'lib/new.js').slice(0, 6)).toEqual(Array(6).fill(sha['base']));
    expect(blameOwners(repo, 'evil.txt')[1]).toBe(sha['merge']);
    expect(blameOwners(repo, 'src/c.js')).toEqual(Array(4).fill(sha['gen']));
    expect(blameOwners(repo, 'wt.txt')[0]).toBeNull();
  });

  it('finds in every file the AI lines git blame finds, with and without the cache', () => {
    let total = 0;
    for (const path of paths) {
      const expected = blameOwners(repo, path)
        .map((c, i) => (c && ai.has(c) ? i + 1 : 0))
        .filter((l) => l > 0);
      total += expected.length;
      expect(aiLinesOf(first, path), path).toEqual(expected);
      expect(aiLinesOf(second, path), path).toEqual(expected);
    }
    expect(first.totals.aiLines).toBe(total);
    // 60 generated lines, src/a.js 4, src/c.js 4, wt.txt 2, noeol.txt 2, lib/new.js 2, evil.txt 3.
    expect(total).toBe(77);
  });

  it('names the creating commit on the lines of an untouched created file', () => {
    const f = first.files.find((x) => x.path === 'gen/f7.txt');
    expect(f?.ai).toMatchObject([{ start: 1, end: 1, commit: sha['gen'] }]);
    expect(readFileSync(join(repo.path, 'gen/f7.txt'), 'utf8')).toBe('generated line 7\n');
  });
});
