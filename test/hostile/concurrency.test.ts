// Hangs are defects: many provscan commands at once on one repository, on a machine kept busy by CPU hogs, with
// outputs far larger than a pipe holds. Each run must end by itself (runCli fails a run that does not, with the
// process's diagnostic report and its child processes), exit 0, and agree with the others: concurrent runs share
// the provenance cache and its journal.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo, lines, tempDir } from '../helpers/repo.js';

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

describe('many commands at once on a busy machine', { timeout: 400_000 }, () => {
  let repo: TestRepo;
  const out = tempDir('provscan-concurrency-');
  const hogs: ChildProcess[] = [];

  beforeAll(() => {
    repo = TestRepo.create();
    repo.write('LICENSE', 'MIT License\n').write('base.js', lines('const base =', 3)).commit('Start');
    // 3,000 files from an AI commit that only adds them (attributed whole), then 60 from one that also edits
    // base.js (each blamed), one of them 2,000 lines long: several MB of scan JSON
    for (let i = 0; i < 3000; i++) repo.write(`gen/m${i % 30}/f${i}.js`, `export const g${i} = ${i};\n`);
    repo.commit(`Generate\n\n${CLAUDE}`);
    for (let i = 0; i < 60; i++) repo.write(`src/m${i % 10}/f${i}.js`, lines(`export const v${i}_`, 5));
    repo.write('src/big.js', lines('export const bigValueWithALongName_', 2000));
    repo.write('base.js', lines('const base =', 4));
    repo.commit(`Add modules\n\n${CLAUDE}`);
    repo.write('src/m1/f1.js', lines('export const v1_', 6)).commit('Human edit');
    repo.write('staged.js', lines('const staged =', 5));
    repo.git('add', 'staged.js');
    // two processes that keep both cores busy while the commands run
    for (let i = 0; i < 2; i++) hogs.push(spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }));
  });

  afterAll(() => {
    for (const h of hogs) h.kill('SIGKILL');
    repo.cleanup();
    out.cleanup();
  });

  it('every command ends by itself, exits 0, and concurrent scans agree', async () => {
    const runs: Array<ReadonlyArray<string>> = [
      ['scan', '.', '--format', 'json'], // several MB on stdout
      ['scan', '.', '--format', 'json'],
      ['scan', '.', '--format', 'sarif', '-o', join(out.path, 'scan.sarif')],
      ['sbom', '.', '-o', join(out.path, 'bom.json')],
      ['stats', '.', '--format', 'json'],
      ['blame', 'src/big.js'],
      ['check', '--staged', '.'],
      ['report', '.', '--format', 'md', '-o', join(out.path, 'report.md')],
    ];
    const results = await Promise.all(runs.map((args) => runCli(args, { cwd: repo.path, timeoutMs: 180_000 })));
    results.forEach((r, i) => {
      expect(r.code, `${runs[i]!.join(' ')}: ${r.stderr}`).toBe(0);
    });
    expect(results[0]!.stdout.length).toBeGreaterThan(1 << 20); // far more than a pipe holds
    const ai = (stdout: string) =>
      (JSON.parse(stdout) as { files: { path: string; ai: unknown[] }[] }).files.map((f) => [f.path, f.ai]);
    expect(ai(results[0]!.stdout)).toEqual(ai(results[1]!.stdout));
    // and once more, from the cache the concurrent runs left
    const again = await runCli(['scan', '.', '--format', 'json'], { cwd: repo.path, timeoutMs: 180_000 });
    expect(again.code, again.stderr).toBe(0);
    expect(ai(again.stdout)).toEqual(ai(results[0]!.stdout));
  });
});
