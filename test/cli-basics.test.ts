import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './helpers/cli.js';
import { TestRepo } from './helpers/repo.js';

describe('provscan command line', () => {
  const repo = TestRepo.create();
  repo.write('src/app.js', 'export const answer = 42;\n').commit('Initial commit');
  afterAll(() => repo.cleanup());

  it('prints help with the exit codes', () => {
    const res = runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Exit codes: 0 clean, 1 policy failure');
  });

  it('rejects an unknown command with exit code 2', () => {
    const res = runCli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
  });

  it('rejects an unknown output format with exit code 2 and names it', () => {
    const res = runCli(['scan', repo.path, '--format', 'bogus']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown format "bogus"');
  });

  it('writes the scan JSON contract for a repository', () => {
    const res = runCliJson<{ schema: number; tool: { name: string }; files: { path: string }[] }>([
      'scan',
      repo.path,
      '--format',
      'json',
    ]);
    expect(res.code).toBe(0);
    expect(res.json.schema).toBe(1);
    expect(res.json.tool.name).toBe('provscan');
    expect(res.json.files.map((f) => f.path)).toContain('src/app.js');
  });

  it('says which folder is missing, with exit code 2', () => {
    const res = runCli(['scan', '/nonexistent/provscan-folder']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/nonexistent/provscan-folder: not a folder');
  });
});
