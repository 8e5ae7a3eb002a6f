// `provscan check --staged FILE…`: how the pre-commit framework calls the hook. A given file with staged changes is
// checked on its staged lines, one without any (what `pre-commit run --all-files` passes in CI) whole, as it is in
// the index; paths the index does not hold are ignored.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { TestRepo } from '../helpers/repo.js';
import { GPL_UTILS_C, gplCorpus, mitProject, originalCode } from './fixtures.js';

const FINDING = /src\/utils\.c:\d+-\d+ {2}GPL-3\.0-or-later {2}nano@7\.2 src\/utils\.c/;
let corpus: { db: string; cleanup(): void };
const repos: TestRepo[] = [];
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => {
  corpus.cleanup();
  for (const r of repos) r.cleanup();
});

/** An MIT project whose last commit holds a copy of the corpus code: nothing is staged. */
function committedCopy(): TestRepo {
  const repo = mitProject();
  repos.push(repo);
  repo.write('src/utils.c', GPL_UTILS_C).write('src/mix.c', originalCode(3)).commit('Add utils');
  return repo;
}

describe('provscan check --staged FILE…', () => {
  it('checks a given file without staged changes whole, as pre-commit run --all-files needs', async () => {
    const repo = committedCopy();
    const nothing = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
    expect(nothing.code).toBe(0);
    expect(nothing.stdout).toContain('nothing staged to check');

    const res = await runCli(['check', '--staged', '--db', corpus.db, 'src/utils.c', 'src/mix.c', 'package.json'], {
      cwd: repo.path,
    });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(FINDING);
    expect(res.stdout).toContain('3 file(s) without staged changes checked whole');
  });

  it('checks only the staged lines of a given file with staged changes', async () => {
    const repo = committedCopy();
    repo.write('src/utils.c', `${GPL_UTILS_C}${originalCode(2, 5)}`);
    repo.git('add', 'src/utils.c');
    const res = await runCli(['check', '--staged', '--db', corpus.db, 'src/utils.c'], { cwd: repo.path });
    expect(res.code, res.stdout).toBe(0); // the copy was committed before; the staged lines are original
    expect(res.stdout).not.toMatch(FINDING);
  });

  it('ignores paths the index does not hold, such as the commit message file at commit-msg', async () => {
    const repo = committedCopy();
    repo.write('notes.txt', 'not added\n');
    const res = await runCli(['check', '--staged', '--db', corpus.db, '.git/COMMIT_EDITMSG', 'notes.txt'], {
      cwd: repo.path,
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('2 given file(s) not in the index, not checked');
  });

  it('takes the files relative to the current folder', async () => {
    const repo = committedCopy();
    const res = await runCli(['check', '--staged', '--db', corpus.db, 'utils.c'], { cwd: `${repo.path}/src` });
    expect(res.code, res.stderr).toBe(1);
    expect(res.stdout).toMatch(FINDING);
  });

  it('refuses a folder among files (exit 2)', async () => {
    const repo = committedCopy();
    const res = await runCli(['check', '--staged', 'src', 'package.json'], { cwd: repo.path });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('src: a folder among files');
  });
});
