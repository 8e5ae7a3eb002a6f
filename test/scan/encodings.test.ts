// Files in other encodings than UTF-8 through the real CLI: UTF-16 source (as Windows tools write it) is scanned
// like any other text, so copied code in it is found; a Latin-1 file is skipped with its reason.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';

describe('scanning files that are not UTF-8', () => {
  let corpus: { db: string; cleanup(): void };
  let repo: TestRepo;
  const tmp = tempDir('provscan-encodings-');

  beforeAll(async () => {
    corpus = await gplCorpus();
    repo = mitProject();
    const crlf = GPL_UTILS_C.replace(/\n/g, '\r\n');
    repo.write('win/utils.c', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(crlf, 'utf16le')]));
    repo.write('old/latin1.c', Buffer.from('/* Fran\xe7ois */\nint x;\n', 'latin1'));
    repo.commit('Add Windows sources');
  });
  afterAll(() => {
    corpus.cleanup();
    repo.cleanup();
    tmp.cleanup();
  });

  it('finds copied code in a UTF-16 file and skips a Latin-1 one as invalid-utf8', async () => {
    const res = await runCli(['scan', repo.path, '--db', corpus.db, '--format', 'json', '-q']);
    expect(res.code).toBe(1);
    const doc = JSON.parse(res.stdout) as ScanResult;
    const win = doc.files.find((f) => f.path === 'win/utils.c');
    expect(win?.language).toBe('c');
    expect(win?.lines).toBe(GPL_UTILS_C.split('\n').length - (GPL_UTILS_C.endsWith('\n') ? 1 : 0));
    expect(win?.matches[0]?.corpus.license).toBe('GPL-3.0-or-later');
    expect(win?.matches[0]?.similarity).toBeGreaterThan(0.9);
    expect(doc.conflicts.some((c) => c.path === 'win/utils.c')).toBe(true);
    expect(doc.skipped).toContainEqual({ path: 'old/latin1.c', reason: 'invalid-utf8' });
  });

  it('quotes the lines of the UTF-16 file, decoded, in the report', async () => {
    const out = join(tmp.path, 'report.html');
    const res = await runCli(['report', repo.path, '--db', corpus.db, '--format', 'html', '-o', out, '-q']);
    expect(res.code).toBe(1);
    const html = readFileSync(out, 'utf8');
    expect(html).toContain('size_t column_span(const char *text, size_t len, size_t tabsize)');
    expect(html).not.toContain('\u0000');
  });
});
