import { afterEach, describe, expect, it } from 'vitest';
import { stagedChanges } from '../../src/git/staged-diff.js';
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
