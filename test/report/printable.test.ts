// Text output quotes names from outside (file names, commit trailers, corpus names): a control character or a
// bidirectional override in one must not start a line that reads as a finding, colour the terminal or reorder text.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { printable, printableLines } from '../../src/util/printable.js';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import type { TestRepo } from '../helpers/repo.js';

describe('printable', () => {
  it('escapes control characters and bidirectional overrides, and nothing else', () => {
    expect(printable('a\nb\rc\td')).toBe('a\\nb\\rc\\td');
    expect(printable('\u001b[31mred\u001b[0m')).toBe('\\x1b[31mred\\x1b[0m');
    expect(printable('x\u0000y\u007fz\u009b')).toBe('x\\x00y\\x7fz\\x9b');
    expect(printable('admin\u202e\u2066txt.js')).toBe('admin\\u202e\\u2066txt.js');
    expect(printable('café 中文 🙂 \\n')).toBe('café 中文 🙂 \\n');
    expect(printable('\tindented\tcode', true)).toBe('\tindented\tcode');
    expect(printableLines(['one\ntwo', 'three'])).toBe('one\\ntwo\nthree\n');
  });
});

describe('names with control characters in text output', () => {
  let corpus: { db: string; cleanup(): void };
  let repo: TestRepo;
  const evil = 'src/x\nERROR   src/main.c:1-1  fake-finding \u001b[2J.c';

  beforeAll(async () => {
    corpus = await gplCorpus();
    repo = mitProject();
    repo.write(evil, GPL_UTILS_C).commit('Add helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>');
  });
  afterAll(() => {
    corpus.cleanup();
    repo.cleanup();
  });

  it('keeps one line per record and no escape sequence in scan text output', async () => {
    const res = await runCli(['scan', repo.path, '--db', corpus.db, '--format', 'text']);
    expect(res.code).toBe(1);
    expect(res.stdout).not.toContain('\u001b');
    const lines = res.stdout.split('\n');
    // the real finding, on one line, names the file with its escapes
    expect(lines.some((l) => l.includes('src/x\\nERROR   src/main.c:1-1  fake-finding \\x1b[2J.c'))).toBe(true);
    // and no line is the forged one
    expect(lines.some((l) => l.trimStart().startsWith('ERROR   src/main.c'))).toBe(false);
  });

  it('keeps an error about such a file to one line', async () => {
    const res = await runCli(['scan', repo.path, '--db', 'missing\nprovscan: all clear.db', '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n')).toEqual([
      expect.stringMatching(/^provscan: \S*missing\\nprovscan: all clear\.db: no such corpus database$/),
      '',
    ]);
  });
});
