// A scanned repository writes its own `.provscan.yml` (issue 13, items 3, 5 and 7, and the policy-file sweep): a
// regex that backtracks, a file of megabytes, an alias bomb, a FIFO or a folder in its place. Each must end fast in
// exit 2 with one line naming the file, or in a normal scan.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/repo.js';

/** A repository with one committed file and the given policy text (written after the commit, untracked). */
function repoWithPolicy(policy: string): TestRepo {
  const repo = TestRepo.create('provscan-hostile-policy-');
  repo.write('a.js', 'export const a = 1;\n').commit('Start');
  repo.write('.provscan.yml', policy);
  return repo;
}

const BOMB = [
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  '',
].join('\n');

/** The one stderr line, checked to name the file with exit 2. */
function expectInputError(res: { code: number; stderr: string }, file: string, problem: string): void {
  expect(res.code, res.stderr).toBe(2);
  const lines = res.stderr.trim().split('\n');
  expect(lines[0]).toContain(file);
  expect(lines[0]).toContain(problem);
  expect(res.stderr).not.toContain('internal error');
}

describe('a hostile policy file', () => {
  it('does not hang the scan on a backtracking convention regex and a crafted trailer', async () => {
    const repo = repoWithPolicy('conventions:\n  - agent: evil-bot\n    trailer: X-Tool\n    value: "(a+)+$"\n');
    try {
      repo.write('b.js', 'export const b = 2;\n');
      repo.git('add', 'b.js');
      repo.commit(`Add b\n\nX-Tool: ${'a'.repeat(5000)}b\n`, { all: false });
      const res = await runCli(['scan', repo.path, '--format', 'json', '-q'], { timeoutMs: 60_000 });
      expect(res.code, res.stderr).toBe(0);
      const json = JSON.parse(res.stdout) as { files: Array<{ path: string; ai: unknown[] }> };
      // `(a+)+$` does not match "aaa…ab": the commit is human
      expect(json.files.find((f) => f.path === 'b.js')?.ai).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });

  it('still matches a user regex, named groups included, with the linear-time engine', async () => {
    const repo = repoWithPolicy(
      'conventions:\n  - agent: acme-bot\n    trailer: X-Tool\n    value: "^acme (?<model>[a-z0-9-]+)$"\n',
    );
    try {
      repo.write('b.js', 'export const b = 2;\n');
      repo.git('add', 'b.js');
      repo.commit('Add b\n\nX-Tool: ACME gen-2\n', { all: false });
      const res = await runCli(['scan', repo.path, '--format', 'json', '-q']);
      expect(res.code, res.stderr).toBe(0);
      const json = JSON.parse(res.stdout) as {
        files: Array<{ path: string; ai: Array<{ agent: string; model: string }> }>;
      };
      expect(json.files.find((f) => f.path === 'b.js')?.ai[0]).toMatchObject({ agent: 'acme-bot', model: 'gen-2' });
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a regex the linear-time engine cannot run, naming the file and the key', async () => {
    const repo = repoWithPolicy('conventions:\n  - agent: evil-bot\n    message: "(?=x)(a)\\\\1"\n');
    try {
      const res = await runCli(['scan', repo.path]);
      expectInputError(res, '.provscan.yml', 'conventions[0].message: invalid regular expression');
      expect(res.stderr).toContain('linear time');
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a policy file of megabytes before parsing it, naming the size and the limit', async () => {
    const excludes = Array.from({ length: 100_000 }, (_, i) => `  - "generated/part-${i}/**"`).join('\n');
    const repo = repoWithPolicy(`exclude:\n${excludes}\n`);
    try {
      const res = await runCli(['scan', repo.path], { timeoutMs: 30_000 });
      expectInputError(res, '.provscan.yml', 'the policy file is 2.9 MB');
      expect(res.stderr).toContain('the limit is 1 MB');
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a list longer than its limit, naming the key', async () => {
    const excludes = Array.from({ length: 1500 }, (_, i) => `  - "g${i}/"`).join('\n');
    const repo = repoWithPolicy(`exclude:\n${excludes}\n`);
    try {
      expectInputError(
        await runCli(['scan', repo.path]),
        '.provscan.yml',
        'exclude: has 1,500 entries; the limit is 1,000',
      );
    } finally {
      repo.cleanup();
    }
  });

  it('refuses an exclude glob longer than the glob limit, naming the entry', async () => {
    const repo = repoWithPolicy(`exclude:\n  - "${'*?'.repeat(3000)}"\n`);
    try {
      expectInputError(
        await runCli(['scan', repo.path]),
        '.provscan.yml',
        'exclude[0]: the pattern is 6,000 characters',
      );
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a YAML alias bomb with exit 2 naming the file, in scan and in waive', async () => {
    const repo = repoWithPolicy(BOMB);
    try {
      expectInputError(await runCli(['scan', repo.path]), '.provscan.yml', 'aliases expand too far');
      const waive = await runCli(['waive', 'a.js', '--reason', 'r', '--approver', 'a'], { cwd: repo.path });
      expectInputError(waive, '.provscan.yml', 'aliases expand too far');
    } finally {
      repo.cleanup();
    }
  });

  it('makes waive report a policy with a syntax error as the scan does (exit 2, the file and the line)', async () => {
    const repo = repoWithPolicy('waivers: [\n  - a\n');
    try {
      const res = await runCli(['waive', 'a.js', '--reason', 'r', '--approver', 'a'], { cwd: repo.path });
      expectInputError(res, '.provscan.yml', 'not valid YAML');
      expect(res.stderr).not.toContain('cannot be stringified');
    } finally {
      repo.cleanup();
    }
  });

  it('never reads a FIFO in place of the policy file (the read would block forever)', async () => {
    const repo = TestRepo.create('provscan-hostile-policy-');
    try {
      repo.write('a.js', 'export const a = 1;\n').commit('Start');
      execFileSync('mkfifo', [join(repo.path, '.provscan.yml')]);
      const res = await runCli(['scan', repo.path], { timeoutMs: 30_000 });
      expectInputError(res, '.provscan.yml', 'is a FIFO (named pipe), not a regular file');
    } finally {
      repo.cleanup();
    }
  });

  it('names a folder in place of the policy file', async () => {
    const repo = TestRepo.create('provscan-hostile-policy-');
    try {
      repo.write('a.js', 'export const a = 1;\n').commit('Start');
      mkdirSync(join(repo.path, '.provscan.yml'));
      expectInputError(await runCli(['scan', repo.path]), '.provscan.yml', 'the policy file is a folder');
      const other = join(repo.path, 'conf');
      mkdirSync(other);
      writeFileSync(join(other, 'x'), '');
      expectInputError(await runCli(['scan', repo.path, '--config', other]), 'conf', 'the policy file is a folder');
    } finally {
      repo.cleanup();
    }
  });

  it('matches excludes and REUSE.toml paths shaped to backtrack in linear time, and ignores an over-long one', async () => {
    const repo = TestRepo.create('provscan-hostile-policy-');
    try {
      const name = `src/${'a'.repeat(240)}.js`;
      const hostile = `${'*a'.repeat(60)}*b`;
      repo
        .write(name, 'export const a = 1;\n')
        .write('src/keep.js', 'export const k = 1;\n')
        .write(
          'REUSE.toml',
          `version = 1\n\n[[annotations]]\npath = "${hostile}"\nSPDX-License-Identifier = "MIT"\n\n[[annotations]]\npath = "${'*x'.repeat(600)}"\nSPDX-License-Identifier = "MIT"\n`,
        )
        .write('.provscan.yml', `exclude:\n  - "${hostile}"\n  - "src/a*a*a*a*a*a*a*a*a*a*a*.js"\n`)
        .commit('Start');
      const res = await runCli(['scan', repo.path, '--format', 'json', '-q'], { timeoutMs: 60_000 });
      expect(res.code, res.stderr).toBe(0);
      const json = JSON.parse(res.stdout) as {
        files: Array<{ path: string }>;
        skipped: Array<{ path: string; reason: string }>;
        projectLicenseEvidence: Array<{ note?: string }>;
      };
      expect(json.skipped).toContainEqual({ path: name, reason: 'excluded' });
      expect(json.files.map((f) => f.path)).toContain('src/keep.js');
      expect(json.projectLicenseEvidence.map((e) => e.note ?? '').join('\n')).toContain(
        'path pattern ignored: the pattern is 1,200 characters long',
      );
    } finally {
      repo.cleanup();
    }
  });

  it('does not follow a .provscan.yml that links out of the repository (its content would reach the log)', async () => {
    const repo = TestRepo.create('provscan-hostile-policy-');
    const secret = join(repo.path, '..', `provscan-secret-${process.pid}.txt`);
    try {
      writeFileSync(secret, 'root:$6$s3cr3t-hash-never-printed:19000:0:99999:7:::\n');
      repo.write('a.js', 'export const a = 1;\n').commit('Start');
      symlinkSync(secret, join(repo.path, '.provscan.yml'));
      const res = await runCli(['scan', repo.path]);
      expectInputError(res, '.provscan.yml', 'a symbolic link to a file outside the scanned tree');
      expect(res.stderr).not.toContain('s3cr3t');
      const waive = await runCli(['waive', 'a.js', '--reason', 'r', '--approver', 'a'], { cwd: repo.path });
      expectInputError(waive, '.provscan.yml', 'outside the scanned tree');
      expect(readFileSync(secret, 'utf8')).toContain('s3cr3t');
      expect(readFileSync(secret, 'utf8')).not.toContain('waivers');
    } finally {
      repo.cleanup();
      rmSync(secret, { force: true });
    }
  });
});
