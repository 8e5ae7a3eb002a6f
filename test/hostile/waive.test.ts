// `provscan waive` with targets a typo or a hostile script would give (issue 13, item 8).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/repo.js';

function project(): TestRepo {
  const repo = TestRepo.create('provscan-hostile-waive-');
  repo
    .write('src/a.js', Array.from({ length: 12 }, (_, i) => `export const v${i} = ${i};`).join('\n'))
    .write('src/b.js', 'export const b = 1;\n')
    .commit('Start');
  return repo;
}

const WAIVE = ['--reason', 'reviewed', '--approver', 'Legal'];

describe('waive targets', () => {
  it('refuses a range that is not one instead of writing a whole-file waiver', async () => {
    const repo = project();
    try {
      const res = await runCli(['waive', 'a.js:abc', ...WAIVE], { cwd: repo.path });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('waive: "a.js:abc": "abc" is not a line range');
      expect(existsSync(join(repo.path, '.provscan.yml'))).toBe(false);
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a path that leads out of the repository', async () => {
    const repo = project();
    try {
      for (const target of ['../../etc/passwd:1-2', 'src/../../x.js', '/etc/passwd']) {
        const res = await runCli(['waive', target, ...WAIVE], { cwd: repo.path });
        expect(res.code, target).toBe(2);
        expect(res.stderr).toMatch(/leads out of the scanned root|must be relative/);
      }
      expect(existsSync(join(repo.path, '.provscan.yml'))).toBe(false);
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a path that names no file, or a range past its end, unless --force', async () => {
    const repo = project();
    try {
      const typo = await runCli(['waive', 'src/aa.js:1-2', ...WAIVE], { cwd: repo.path });
      expect(typo.code).toBe(2);
      expect(typo.stderr).toContain('no such file under the scanned root');
      expect(typo.stderr).toContain('--force');
      const past = await runCli(['waive', 'src/a.js:40-50', ...WAIVE], { cwd: repo.path });
      expect(past.code).toBe(2);
      expect(past.stderr).toContain('the file has 12 lines; line 40 lies past its end');
      const glob = await runCli(['waive', 'lib/**', ...WAIVE], { cwd: repo.path });
      expect(glob.code).toBe(2);
      expect(glob.stderr).toContain('the pattern matches no file');
      expect(existsSync(join(repo.path, '.provscan.yml'))).toBe(false);
      const forced = await runCli(['waive', 'src/later.js:1-2', ...WAIVE, '--force'], { cwd: repo.path });
      expect(forced.code, forced.stderr).toBe(0);
      expect(readFileSync(join(repo.path, '.provscan.yml'), 'utf8')).toContain('path: src/later.js');
    } finally {
      repo.cleanup();
    }
  });

  it('writes a normalised path for a target that exists, and a glob that matches', async () => {
    const repo = project();
    try {
      expect((await runCli(['waive', './src//a.js:3-4', ...WAIVE], { cwd: repo.path })).code).toBe(0);
      expect((await runCli(['waive', 'src/*.js', ...WAIVE], { cwd: repo.path })).code).toBe(0);
      const policy = readFileSync(join(repo.path, '.provscan.yml'), 'utf8');
      expect(policy).toContain('path: src/a.js\n    lines: 3-4');
      expect(policy).toContain('path: src/*.js');
      const scan = await runCli(['scan', repo.path, '-q']);
      expect(scan.code, scan.stderr).toBe(0);
    } finally {
      repo.cleanup();
    }
  });
});
