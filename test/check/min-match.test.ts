import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { GPL_UTILS_C, gplCorpus, mitProject } from './fixtures.js';

let corpus: { db: string; cleanup(): void };
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => corpus.cleanup());

describe('provscan check --staged and the policy minimum match size', () => {
  it('drops matches smaller than min-match from .provscan.yml, as provscan scan does', async () => {
    const repo = mitProject();
    try {
      repo.write('src/utils.c', GPL_UTILS_C);
      repo.git('add', 'src/utils.c');
      const before = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
      expect(before.code).toBe(1);

      // Larger than the whole copied file: no match can reach it.
      repo.write('.provscan.yml', 'min-match: {lines: 5000, tokens: 100000}\n');
      const after = await runCli(['check', '--staged', '--db', corpus.db], { cwd: repo.path });
      expect(after.stderr).toBe('');
      expect(after.code).toBe(0);
      expect(after.stdout).toMatch(/0 finding\(s\), 0 failing/);

      const scan = await runCli(['scan', '--db', corpus.db, '--format', 'json'], { cwd: repo.path });
      expect(scan.code).toBe(0);
      const result = JSON.parse(scan.stdout) as { files: Array<{ matches: unknown[] }> };
      expect(result.files.flatMap((f) => f.matches)).toEqual([]);
    } finally {
      repo.cleanup();
    }
  });
});
