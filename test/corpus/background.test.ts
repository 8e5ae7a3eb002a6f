// Loading the postings in a worker thread (src/corpus/background.ts) gives the same matches as loading them in place.
// The worker runs only from the build (dist/), where its script exists: these tests load the built modules, as the
// CLI does (`npm test` builds first).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addToCorpus } from '../../src/corpus/api.js';
import type { CorpusSet, OpenOptions } from '../../src/corpus/index.js';
import type { PreparedFile } from '../../src/fingerprint/prepare.js';
import type { FileFingerprints } from '../../src/fingerprint/types.js';
import { tempDir } from '../helpers/repo.js';
import { filler, realCode, slice } from './helpers.js';

interface Built {
  openCorpora(paths: ReadonlyArray<string>, options?: OpenOptions): CorpusSet;
  prepareFile(path: string, bytes: Uint8Array): PreparedFile;
  fingerprintText(text: string, language: string, options: { simhash: boolean }): FileFingerprints;
}

async function built(): Promise<Built> {
  const dist = new URL('../../dist/src/', import.meta.url);
  const corpus = await import(new URL('corpus/index.js', dist).href);
  const fingerprint = await import(new URL('fingerprint/index.js', dist).href);
  return { ...corpus, ...fingerprint } as Built;
}

describe('postings loaded in a worker thread', () => {
  const tmp = tempDir('provscan-background-');
  const db = join(tmp.path, 'corpus.db');
  let lib: Built;
  let host: PreparedFile;

  beforeAll(async () => {
    const src = join(tmp.path, 'commander');
    mkdirSync(src);
    for (const f of ['command.js', 'help.js', 'option.js']) writeFileSync(join(src, f), realCode(`commander/lib/${f}`));
    await addToCorpus(src, { db, name: 'commander', version: '14.0.0', license: 'MIT' });
    lib = await built();
    const text = [...filler(60), ...slice(realCode('commander/lib/help.js'), 200, 40), ...filler(30, 2)].join('\n');
    host = lib.prepareFile('src/app.js', Buffer.from(`${text}\n`));
  });
  afterAll(() => tmp.cleanup());

  it('matches exactly as the postings loaded in place, also from fingerprints computed while loading', () => {
    const only = { lines: [{ start: 70, end: 75 }] };
    const inPlace = lib.openCorpora([db]);
    const expected = inPlace.matchFile(host);
    const expectedOnly = inPlace.matchFile(host, only);
    const info = inPlace.info;
    inPlace.close();
    expect(expected.length).toBeGreaterThan(0);
    expect(expected[0]?.corpus.path).toBe('help.js');

    const background = lib.openCorpora([db], { background: true });
    // the worker has barely started (a thread, its modules, the database): the load is under way, not done in place
    expect(background.loading()).toBe(true);
    expect(background.info).toEqual(info);
    const ahead = lib.fingerprintText(host.text, host.language, { simhash: false });
    expect(background.matchFile(host, {}, ahead)).toEqual(expected);
    expect(background.loading()).toBe(false);
    expect(background.matchFile(host)).toEqual(expected);
    expect(expectedOnly.length).toBeGreaterThan(0);
    expect(background.matchFile(host, only)).toEqual(expectedOnly);
    background.close();
  });

  it('stops a load nobody waited for when the set is closed', () => {
    const set = lib.openCorpora([db], { background: true });
    set.close();
    // a new set opens normally afterwards
    const again = lib.openCorpora([db], { background: true });
    expect(again.matchFile(host).length).toBeGreaterThan(0);
    again.close();
  });
});
