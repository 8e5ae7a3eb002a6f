// The files a scan looks at: tracked worktree files, the staged index (read through one cat-file process), and
// exclude patterns.
import { afterAll, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/git/repo.js';
import { listSourceFiles } from '../../src/source/files.js';
import { globMatcher } from '../../src/util/glob.js';
import { TestRepo } from '../helpers/repo.js';

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

describe('listing the staged index', () => {
  it('lists added and modified staged files with the staged bytes and blob id', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('same.txt', 'same\n').write('mod.txt', 'v1\n').write('del.txt', 'bye\n').commit('Start');
    repo.write('mod.txt', 'v2 staged\n').write('new file.txt', 'new\n').remove('del.txt');
    repo.git('add', '-A');
    repo.write('mod.txt', 'v3 not staged\n');
    const r = await openRepo(repo.path);
    const listing = await listSourceFiles(repo.path, r, { staged: true });
    expect(listing.files.map((f) => f.path)).toEqual(['mod.txt', 'new file.txt']);
    const mod = listing.files[0]!;
    expect((await mod.read()).toString()).toBe('v2 staged\n');
    expect(mod.blob).toBe(repo.git('rev-parse', ':mod.txt').trim());
    expect(mod.origin).toBe('index');
  });

  it('lists every staged file of a repository without commits', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('a.txt', 'a\n').write('b.txt', 'b\n');
    repo.git('add', '-A');
    const listing = await listSourceFiles(repo.path, await openRepo(repo.path), { staged: true });
    expect(listing.files.map((f) => f.path)).toEqual(['a.txt', 'b.txt']);
  });
});

describe('listing the working tree', () => {
  it('lists untracked files and folders as skipped (not scanned), leaving ignored and excluded ones out', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('src/a.js', 'a\n').write('.gitignore', 'build/\n*.log\n').commit('Start');
    repo
      .write('src/new.js', 'written by an assistant, not added yet\n')
      .write('scratch/deep/x.js', 'x\n')
      .write('scratch/y.js', 'y\n')
      .write('build/out.js', 'ignored\n')
      .write('debug.log', 'ignored\n')
      .write('tmp/cache.js', 'excluded\n');
    const listing = await listSourceFiles(repo.path, await openRepo(repo.path), { exclude: ['tmp/'] });
    expect(listing.files.map((f) => f.path)).toEqual(['.gitignore', 'src/a.js']);
    expect(listing.skipped).toEqual([
      { path: 'scratch/', reason: 'untracked', detail: 'a folder git does not track (git add it to scan it)' },
      { path: 'src/new.js', reason: 'untracked', detail: 'git add it to scan it' },
    ]);
  });
});

describe('exclude patterns', () => {
  it('list excluded tracked files as skipped', async () => {
    const repo = TestRepo.create();
    repos.push(repo);
    repo.write('src/a.js', 'a\n').write('vendor/lib/x.js', 'x\n').write('src/gen/b.min.js', 'b\n').commit('Start');
    const listing = await listSourceFiles(repo.path, await openRepo(repo.path), { exclude: ['vendor/', '*.min.js'] });
    expect(listing.files.map((f) => f.path)).toEqual(['src/a.js']);
    expect(listing.skipped).toEqual([
      { path: 'src/gen/b.min.js', reason: 'excluded' },
      { path: 'vendor/lib/x.js', reason: 'excluded' },
    ]);
  });

  it('read globs like .gitignore: names match at any depth, paths are anchored', () => {
    const m = (p: string[]) => globMatcher(p, 'exclude');
    expect(m(['*.min.js'])('a/b/c.min.js')).toBe(true);
    expect(m(['docs/*.md'])('docs/a.md')).toBe(true);
    expect(m(['docs/*.md'])('x/docs/a.md')).toBe(false);
    expect(m(['docs/*.md'])('docs/sub/a.md')).toBe(false);
    expect(m(['docs/**/*.md'])('docs/sub/a.md')).toBe(true);
    expect(m(['**/fixtures'])('test/fixtures/a.json')).toBe(true);
    expect(m(['{dist,build}/'])('build/x.js')).toBe(true);
    expect(m(['file?.txt'])('file1.txt')).toBe(true);
    expect(m(['file?.txt'])('file10.txt')).toBe(false);
    expect(m([])('anything')).toBe(false);
  });
});
