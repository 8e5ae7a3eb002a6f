import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCorpus } from '../../src/corpus/api.js';
import { type CorpusSet, openCorpora } from '../../src/corpus/index.js';
import { isSkipped, lex, prepareFile } from '../../src/fingerprint/index.js';
import type { SnippetMatch } from '../../src/model.js';
import { filler, realCode, reformat, renameIdentifiers, slice } from '../corpus/helpers.js';
import { tempDir } from '../helpers/repo.js';

const COMMANDER = ['command.js', 'help.js', 'option.js', 'argument.js', 'error.js', 'suggestSimilar.js'];

async function match(
  set: CorpusSet,
  path: string,
  lines: ReadonlyArray<string>,
  options = {},
): Promise<SnippetMatch[]> {
  const prepared = prepareFile(path, Buffer.from(`${lines.join('\n')}\n`));
  if (isSkipped(prepared)) throw new Error(`host skipped: ${prepared.reason}`);
  return set.matchFile(prepared, options);
}

describe('matching host files against a corpus', () => {
  const tmp = tempDir('provscan-match-');
  const db = join(tmp.path, 'corpus.db');
  let set: CorpusSet;
  const command = realCode('commander/lib/command.js');

  beforeAll(async () => {
    const src = join(tmp.path, 'commander');
    const vendored = join(tmp.path, 'vendored');
    mkdirSync(src);
    mkdirSync(vendored);
    for (const f of COMMANDER) writeFileSync(join(src, f), realCode(`commander/lib/${f}`));
    // The same help.js vendored into another project: stored once, reported as an alternative.
    writeFileSync(join(vendored, 'third_party_help.js'), realCode('commander/lib/help.js'));
    await addToCorpus(src, {
      db,
      name: 'commander',
      version: '14.0.0',
      license: 'MIT',
      purl: 'pkg:npm/commander@14.0.0',
    });
    await addToCorpus(vendored, { db, name: 'vendoring-app', license: 'GPL-3.0-or-later' });
    set = await openCorpora([db]);
  });
  afterAll(async () => {
    await set?.close();
    tmp.cleanup();
  });

  it('finds a verbatim 20-line copy with its corpus location, license and purl', async () => {
    const host = [...filler(200), ...slice(command, 1000, 20), ...filler(200, 2)];
    const ms = await match(set, 'src/app.js', host);
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    expect(m.kind).toBe('snippet');
    expect(m.channel).toBe('exact');
    expect(m.start).toBeGreaterThanOrEqual(201);
    expect(m.end).toBeLessThanOrEqual(220);
    expect(m.end - m.start).toBeGreaterThanOrEqual(12);
    expect(m.similarity).toBeGreaterThan(0.9);
    expect(m.corpus).toMatchObject({
      name: 'commander',
      version: '14.0.0',
      purl: 'pkg:npm/commander@14.0.0',
      path: 'command.js',
      license: 'MIT',
    });
    expect(m.corpus.start).toBeGreaterThanOrEqual(1000);
    expect(m.corpus.end).toBeLessThanOrEqual(1019);
    expect(m.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(m.tokens).toBeGreaterThanOrEqual(50);
  });

  it('finds a copy that was reformatted and had its comments stripped, on the exact channel', async () => {
    const host = [...filler(100), ...reformat(slice(command, 1200, 30)), ...filler(100, 3)];
    const ms = await match(set, 'src/app.js', host);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.channel).toBe('exact');
    expect(ms[0]!.corpus.path).toBe('command.js');
  });

  it('finds a copy with every identifier renamed, on the abstract channel', async () => {
    const host = [...filler(100), ...renameIdentifiers(slice(command, 1500, 30)), ...filler(100, 4)];
    const ms = await match(set, 'src/app.js', host);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.channel).toBe('abstract');
    expect(ms[0]!.corpus.path).toBe('command.js');
    expect(ms[0]!.start).toBeGreaterThan(100);
  });

  it('finds a 12-line copy inside a 3,000-line file just like in a small file', async () => {
    const fragment = slice(command, 2000, 12);
    const small = await match(set, 'small.js', [...filler(10), ...fragment]);
    const large = await match(set, 'large.js', [...filler(1500), ...fragment, ...filler(1488, 5)]);
    expect(small).toHaveLength(1);
    expect(large).toHaveLength(1);
    expect(large[0]!.start).toBeGreaterThan(1500);
    expect(large[0]!.corpus.start).toBe(small[0]!.corpus.start);
  });

  it('finds a dense 6-line copy inside a 3,000-line file', async () => {
    // The first 6-line window of real code (no comment lines) with at least 60 significant tokens.
    const all = command.split('\n');
    let start = 400;
    for (; start < all.length - 6; start++) {
      const w = all.slice(start - 1, start + 5);
      if (w.some((l) => /^\s*(\/\/|\/\*|\*)/.test(l) || l.trim() === '')) continue;
      if (!/^\s*(const|let|if|this|return)\b/.test(w[0]!)) continue;
      if (lex(w.join('\n'), 'javascript').count >= 60) break;
    }
    const fragment = slice(command, start, 6);
    const ms = await match(set, 'large.js', [...filler(1500), ...fragment, ...filler(1494, 8)]);
    expect(ms).toHaveLength(1);
    expect(ms[0]!.start).toBeGreaterThanOrEqual(1501);
    expect(ms[0]!.end).toBeLessThanOrEqual(1506);
    expect(ms[0]!.corpus.path).toBe('command.js');
  });

  it('reports a verbatim copy that goes on in renamed form as one match over both parts', async () => {
    // 60 lines verbatim, then the next 30 lines of the same code with every identifier renamed (a stretch dense in
    // code, not comments): the exact run covers the first part, and the abstract channel, looked up only around it,
    // carries the match on through the second.
    let at = 1000;
    while (lex(slice(command, at + 60, 30).join('\n'), 'javascript').count < 250) at += 10;
    const host = [
      ...filler(100),
      ...slice(command, at, 60),
      ...renameIdentifiers(slice(command, at + 60, 30)),
      ...filler(100, 9),
    ];
    const ms = await match(set, 'src/app.js', host);
    expect(ms).toHaveLength(1);
    const m = ms[0]!;
    expect(m.channel).toBe('exact');
    expect(m.corpus.path).toBe('command.js');
    expect(m.start).toBeLessThanOrEqual(110);
    expect(m.end).toBeGreaterThanOrEqual(180);
    expect(m.corpus.end).toBeGreaterThanOrEqual(at + 80);
  });

  it('reports a whole copied file as kind file', async () => {
    const ms = await match(set, 'vendor/suggest.js', realCode('commander/lib/suggestSimilar.js').split('\n'));
    expect(ms).toHaveLength(1);
    expect(ms[0]!.kind).toBe('file');
  });

  it('does not match unrelated real code', async () => {
    for (const path of [
      'tar-stream/extract.js',
      'tar-stream/pack.js',
      'cli-progress/lib/generic-bar.js',
      'yaml/dist/compose/composer.js',
    ]) {
      expect(await match(set, path, realCode(path).split('\n'))).toEqual([]);
    }
  });

  it('lists identical vendored copies as alternatives', async () => {
    const help = realCode('commander/lib/help.js');
    const ms = await match(set, 'src/help.js', [...filler(50), ...slice(help, 100, 40)]);
    expect(ms).toHaveLength(1);
    const all = [ms[0]!.corpus, ...(ms[0]!.alternatives ?? [])].map((r) => `${r.name}:${r.path}:${r.license}`).sort();
    expect(all).toEqual(['commander:help.js:MIT', 'vendoring-app:third_party_help.js:GPL-3.0-or-later']);
  });

  it('reports only matches touching the requested lines', async () => {
    const host = [
      ...filler(100),
      ...slice(command, 1000, 20),
      ...filler(300, 6),
      ...slice(command, 1800, 20),
      ...filler(50, 7),
    ];
    const all = await match(set, 'src/app.js', host);
    expect(all).toHaveLength(2);
    const only = await match(set, 'src/app.js', host, { lines: [{ start: 425, end: 430 }] });
    expect(only).toHaveLength(1);
    expect(only[0]!.start).toBeGreaterThan(420);
    expect(only[0]!.corpus.start).toBeGreaterThanOrEqual(1800);
    expect(await match(set, 'src/app.js', host, { lines: [{ start: 10, end: 20 }] })).toEqual([]);
  });

  it('consults several corpora at once and names the database of each match', async () => {
    const second = join(tmp.path, 'second.db');
    const dir = join(tmp.path, 'tarstream');
    mkdirSync(dir);
    writeFileSync(join(dir, 'extract.js'), realCode('tar-stream/extract.js'));
    await addToCorpus(dir, { db: second, name: 'tar-stream', license: 'MIT' });
    const both = await openCorpora([db, second]);
    try {
      expect(both.info.map((i) => [i.label, i.sources])).toEqual([
        ['corpus.db', 2],
        ['second.db', 1],
      ]);
      const host = [...slice(command, 1000, 20), ...filler(50), ...slice(realCode('tar-stream/extract.js'), 100, 30)];
      const ms = await match(both, 'src/app.js', host);
      expect(ms.map((m) => [m.corpus.name, m.corpus.db])).toEqual([
        ['commander', 'corpus.db'],
        ['tar-stream', 'second.db'],
      ]);
    } finally {
      await both.close();
    }
  });

  it('reports nothing without corpora', async () => {
    const empty = await openCorpora([]);
    expect(await match(empty, 'a.js', slice(command, 1000, 20))).toEqual([]);
    await empty.close();
  });
});
