import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from './helpers/cli.js';
import { TestRepo } from './helpers/repo.js';

describe('provscan command line', () => {
  const repo = TestRepo.create();
  repo.write('src/app.js', 'export const answer = 42;\n').commit('Initial commit');
  afterAll(() => repo.cleanup());

  it('prints help with the exit codes', async () => {
    const res = await runCli(['--help']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('Exit codes: 0 clean, 1 policy failure');
  });

  it('rejects an unknown command with exit code 2', async () => {
    const res = await runCli(['frobnicate']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("unknown command 'frobnicate'");
  });

  it('rejects an unknown output format with exit code 2 and names it', async () => {
    const res = await runCli(['scan', repo.path, '--format', 'bogus']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown format "bogus"');
  });

  it('writes the scan JSON contract for a repository', async () => {
    const res = await runCliJson<{ schema: number; tool: { name: string }; files: { path: string }[] }>([
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

  it('says which folder is missing, with exit code 2', async () => {
    const res = await runCli(['scan', '/nonexistent/provscan-folder']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/nonexistent/provscan-folder: not a folder');
  });

  it('refuses an output it cannot write with exit code 2, naming the file, and leaves nothing behind', async () => {
    // a folder as the output, and a path through a file
    const intoFolder = await runCli(['scan', repo.path, '-o', repo.path]);
    expect(intoFolder.code).toBe(2);
    expect(intoFolder.stderr).toContain(`${repo.path}: cannot write the output: it is a folder`);
    const throughFile = join(repo.path, 'src/app.js', 'out.json');
    const res = await runCli(['sbom', repo.path, '-o', throughFile]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${throughFile}: cannot write the output: a part of the path is a file`);
    expect(res.stderr).not.toContain('internal error');
    expect(readdirSync(repo.path).filter((n) => n.startsWith('.provscan-tmp'))).toEqual([]);
  });

  // Node 20's recursive mkdir never returns for a missing folder under /proc (ENOENT although /proc exists): an
  // `-o` path or a cache folder there hung provscan. The runner kills a hung command after 50 s; these must end.
  it.runIf(existsSync('/proc/self'))(
    'ends with an error for an output path under /proc instead of hanging',
    async () => {
      const res = await runCli(['scan', repo.path, '-o', '/proc/provscan-nope/out.json']);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('/proc/provscan-nope/out.json: cannot write the output');
    },
  );

  it.runIf(existsSync('/proc/self'))(
    'checks the staged change with the cache folder under /proc (no cache)',
    async () => {
      repo.write('src/more.js', 'export const more = 1;\n');
      repo.git('add', 'src/more.js');
      const res = await runCli(['check', '--staged'], {
        cwd: repo.path,
        env: { PROVSCAN_CACHE_DIR: '/proc/provscan-nope' },
      });
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('1 staged file(s)');
    },
  );
});
