import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CatFileSession } from '../../src/git/cat-file.js';
import { stagedChanges, topLevelIndexEntries, topLevelIndexPaths } from '../../src/git/staged-diff.js';
import { TestRepo, lines } from '../helpers/repo.js';

const repos: TestRepo[] = [];
afterEach(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

describe('the staged diff', () => {
  it('gives each staged file its own new-side hunks, whatever its name, with renames and deletions', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('old name.txt', lines('kept line', 30)).write('gone.txt', 'bye\n').write('b.txt', lines('b', 5));
    repo.commit('base');
    repo.git('mv', 'old name.txt', 'new "name".txt');
    repo.write('new "name".txt', lines('kept line', 30).replace('kept line 10\n', 'changed line 10\n'));
    repo.git('rm', '-q', 'gone.txt');
    repo.write('ünïcode\tfile.txt', 'one\ntwo\n');
    repo.write('b.txt', `${lines('b', 5)}b 6\nb 7\n`);
    repo.git('add', '-A');
    const { changes, unmerged } = await stagedChanges(repo.path);
    expect(unmerged).toEqual([]);
    const byPath = Object.fromEntries(changes.map((c) => [c.path, [c.status, c.hunks]]));
    expect(byPath).toEqual({
      'b.txt': ['M', [{ start: 6, end: 7 }]],
      'new "name".txt': ['R', [{ start: 10, end: 10 }]],
      'ünïcode\tfile.txt': ['A', [{ start: 1, end: 2 }]],
    });
  });
});

describe('reading staged objects', () => {
  it('answers rounds of sizes and contents from one cat-file process, missing objects as null', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    const big = 'x'.repeat(3 * 1024 * 1024); // arrives in many chunks
    repo
      .write('a.txt', 'alpha\n')
      .write('sub/b.txt', 'beta\n')
      .write('big.txt', big)
      .write('name with space', 'gamma\n');
    repo.git('add', '-A');
    const { changes } = await stagedChanges(join(repo.path, 'sub')); // from a subfolder: root-relative paths
    const blob = Object.fromEntries(changes.map((c) => [c.path, c.blob]));
    expect(Object.keys(blob).sort()).toEqual(['a.txt', 'big.txt', 'name with space', 'sub/b.txt']);
    const session = new CatFileSession(repo.path);
    try {
      const [sizes, contents, more] = await Promise.all([
        session.info([blob['a.txt']!, blob['big.txt']!, '0'.repeat(40)]),
        session.contents([blob['big.txt']!, ':sub/b.txt', ':missing.txt', ':name with space']),
        session.contents([':a.txt']),
      ]);
      expect(sizes.get(blob['a.txt']!)).toMatchObject({ type: 'blob', size: 6 });
      expect(sizes.get(blob['big.txt']!)?.size).toBe(big.length);
      expect(sizes.get(blob['big.txt']!)?.data).toBeUndefined();
      expect(sizes.get('0'.repeat(40))).toBeNull();
      expect(contents.get(blob['big.txt']!)?.data?.toString('utf8')).toBe(big);
      expect(contents.get(':sub/b.txt')?.data?.toString('utf8')).toBe('beta\n');
      expect(contents.get(':missing.txt')).toBeNull();
      expect(contents.get(':name with space')?.data?.toString('utf8')).toBe('gamma\n');
      expect(more.get(':a.txt')?.data?.toString('utf8')).toBe('alpha\n');
    } finally {
      session.close();
    }
    await expect(session.contents([':a.txt'])).rejects.toThrow(/after close/);
  });

  it('lists the root-level paths from any folder of the repository', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('LICENSE', 'MIT\n').write('package.json', '{}\n').write('src/deep/x.ts', 'x\n');
    repo.git('add', '-A');
    expect((await topLevelIndexPaths(join(repo.path, 'src', 'deep'))).sort()).toEqual(['LICENSE', 'package.json']);
    const entries = await topLevelIndexEntries(join(repo.path, 'src'));
    const blob = repo.git('rev-parse', ':LICENSE').trim();
    expect(entries.find((e) => e.path === 'LICENSE')?.blob).toBe(blob);
  });
});
