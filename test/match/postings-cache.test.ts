import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCorpus } from '../../src/corpus/api.js';
import { type CorpusSet, openCorpora } from '../../src/corpus/index.js';
import { loadPostings } from '../../src/corpus/postings.js';
import { PostingsFile } from '../../src/corpus/postings-cache.js';
import { openRead } from '../../src/corpus/schema.js';
import { isSkipped, prepareFile } from '../../src/fingerprint/index.js';
import type { SnippetMatch } from '../../src/model.js';
import { filler, realCode, renameIdentifiers, slice } from '../corpus/helpers.js';
import { tempDir } from '../helpers/repo.js';

const COMMANDER = ['command.js', 'help.js', 'option.js', 'argument.js'];

function match(set: CorpusSet, lines: ReadonlyArray<string>, only?: { start: number; end: number }): SnippetMatch[] {
  const prepared = prepareFile('src/app.js', Buffer.from(`${lines.join('\n')}\n`));
  if (isSkipped(prepared)) throw new Error(`host skipped: ${prepared.reason}`);
  return set.matchFile(prepared, only ? { lines: [only] } : {});
}

describe('the postings cache (check --staged looks postings up instead of loading the index)', () => {
  const tmp = tempDir('provscan-postings-cache-');
  const db = join(tmp.path, 'corpus.db');
  const cache = join(tmp.path, 'cache');
  const command = realCode('commander/lib/command.js');
  const hosts: string[][] = [];

  beforeAll(async () => {
    const src = join(tmp.path, 'commander');
    mkdirSync(src);
    for (const f of COMMANDER) writeFileSync(join(src, f), realCode(`commander/lib/${f}`));
    await addToCorpus(src, { db, name: 'commander', version: '14.0.0', license: 'MIT' });
    hosts.push(
      [...filler(120), ...slice(command, 1000, 25), ...filler(120, 2)],
      [...filler(40), ...renameIdentifiers(slice(command, 1500, 40)), ...filler(60, 3)],
      [...slice(command, 200, 30), ...filler(30, 4), ...slice(command, 2000, 30)],
      filler(200, 5),
    );
  });
  afterAll(() => tmp.cleanup());

  it('matches exactly as the in-memory index does, written on first use and read afterwards', () => {
    const memory = openCorpora([db]);
    const expected = hosts.map((h) => match(memory, h));
    const expectedLines = hosts.map((h) => match(memory, h, { start: 100, end: 160 }));
    memory.close();
    expect(expected.filter((m) => m.length > 0).length).toBeGreaterThanOrEqual(3);

    const first = openCorpora([db], { postingsCache: cache }); // no cache yet: loads the index, writes the cache
    expect(readdirSync(cache).filter((f) => f.endsWith('.bin'))).toHaveLength(1);
    expect(hosts.map((h) => match(first, h))).toEqual(expected);
    const info = first.info;
    first.close();

    const second = openCorpora([db], { postingsCache: cache }); // from the cache
    expect(second.info).toEqual(info);
    expect(hosts.map((h) => match(second, h))).toEqual(expected);
    expect(hosts.map((h) => match(second, h, { start: 100, end: 160 }))).toEqual(expectedLines);
    second.close();
  });

  it('gives, for any set of hashes, exactly the postings and common hashes of the full index', () => {
    const db0 = openRead(db);
    const full = { exact: loadPostings(db0, 'exact'), abstract: loadPostings(db0, 'abstract') };
    db0.close();
    const dir = join(tmp.path, 'direct');
    expect(PostingsFile.write(dir, db, full, { any: 1 }, PostingsFile.stamp(db))).toBe(true);
    const file = PostingsFile.open<{ any: number }>(dir, db);
    expect(file?.info).toEqual({ any: 1 });
    for (const channel of ['exact', 'abstract'] as const) {
      const ix = full[channel];
      // every third indexed hash, some common ones, some absent ones, duplicates
      const wanted = [...ix.hashes.filter((_, i) => i % 3 === 0), ...ix.common, 1, 2, 0xffffffff, ix.hashes[0] ?? 0];
      const sub = file!.subset(channel, Uint32Array.from(wanted));
      expect([...sub.common]).toEqual([...ix.common]);
      const want = new Set(wanted);
      const keep = [...ix.hashes.keys()].filter((i) => want.has(ix.hashes[i]!));
      expect([...sub.hashes]).toEqual(keep.map((i) => ix.hashes[i]));
      expect([...sub.files]).toEqual(keep.map((i) => ix.files[i]));
      expect([...sub.positions]).toEqual(keep.map((i) => ix.positions[i]));
      expect([...sub.startLines]).toEqual(keep.map((i) => ix.startLines[i]));
      expect([...sub.endLines]).toEqual(keep.map((i) => ix.endLines[i]));
    }
    file!.close();
  });

  it('is not used once the database changed, and is rewritten', async () => {
    const warm = openCorpora([db], { postingsCache: cache });
    warm.close();
    const extra = join(tmp.path, 'extra');
    mkdirSync(extra);
    writeFileSync(join(extra, 'help.js'), realCode('commander/lib/help.js'));
    await addToCorpus(extra, { db, name: 'other', license: 'GPL-3.0-only' });
    const memory = openCorpora([db]);
    const host = [...filler(50), ...slice(realCode('commander/lib/help.js'), 100, 30), ...filler(50, 2)];
    const expected = match(memory, host);
    memory.close();
    const set = openCorpora([db], { postingsCache: cache });
    expect(match(set, host)).toEqual(expected);
    expect(set.info[0]?.sources).toBe(2);
    set.close();
  });

  it('falls back to the database when the cache folder cannot be written', () => {
    const blocked = join(tmp.path, 'not-a-folder');
    writeFileSync(blocked, 'x');
    const memory = openCorpora([db]);
    const expected = match(memory, hosts[0]!);
    memory.close();
    const set = openCorpora([db], { postingsCache: join(blocked, 'cache') });
    expect(match(set, hosts[0]!)).toEqual(expected);
    set.close();
    expect(existsSync(join(blocked, 'cache'))).toBe(false);
  });
});
