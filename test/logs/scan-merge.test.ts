import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gplCorpus } from '../check/fixtures.js';
import { runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { claudeSession, writeTranscript } from './transcripts.js';

const FN = `export function clamp(value: number, low: number, high: number): number {
  if (value < low) return low;
  if (value > high) return high;
  return value;
}
`;

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups) c();
});

interface ScanJson {
  files: Array<{
    path: string;
    ai: Array<{ start: number; end: number; source: string; sources?: string[]; commit?: string }>;
  }>;
}

describe('provscan scan with agent logs', () => {
  it('reports lines found by a commit trailer and by a transcript once, with both sources', async () => {
    const repo = TestRepo.create();
    const home = tempDir('provscan-home-');
    const corpus = await gplCorpus();
    cleanups.push(() => repo.cleanup(), home.cleanup, corpus.cleanup);
    repo.write('README.md', 'demo\n').commit('Initial commit');
    const root = repo.git('rev-parse', '--show-toplevel').trim();
    repo.write('src/clamp.ts', FN);
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/clamp.ts'), content: FN } }]),
    );
    repo.commit('Add clamp\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
    const { json } = await runCliJson<ScanJson>(['scan', '--format', 'json', '--db', corpus.db, '--quiet'], {
      cwd: root,
      env: { HOME: home.path },
    });
    const spans = json.files.find((f) => f.path === 'src/clamp.ts')?.ai ?? [];
    expect(spans).toHaveLength(1);
    expect(spans[0]).toMatchObject({ start: 1, end: 5, source: 'trailer' });
    expect(spans[0]?.sources).toEqual(expect.arrayContaining(['trailer', 'claude-code-log']));
  });
});
