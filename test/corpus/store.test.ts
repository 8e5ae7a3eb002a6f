import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addToCorpus, corpusStats, listCorpus, removeFromCorpus } from '../../src/corpus/api.js';
import { openCorpora } from '../../src/corpus/index.js';
import { SCHEMA_VERSION, openRead } from '../../src/corpus/schema.js';
import { ingestSources } from '../../src/corpus/store.js';
import { CorpusError } from '../../src/errors.js';
import { tempDir } from '../helpers/repo.js';
import { realCode } from './helpers.js';

const tmp = tempDir('provscan-store-');
afterAll(() => tmp.cleanup());
let n = 0;
const fresh = () => join(tmp.path, `c${++n}.db`);

function folder(files: Record<string, string>): string {
  const dir = join(tmp.path, `src${++n}`);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(dir, p, '..'), { recursive: true });
    writeFileSync(join(dir, p), text);
  }
  return dir;
}

describe('the corpus store', () => {
  it('creates a WAL database at the current schema version with the fingerprint parameters recorded', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db, name: 'a', license: 'MIT' });
    const conn = new Database(db, { readonly: true });
    expect(conn.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(conn.pragma('journal_mode', { simple: true })).toBe('wal');
    const meta = Object.fromEntries(
      (conn.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [
        r.key,
        r.value,
      ]),
    );
    conn.close();
    expect(meta).toMatchObject({
      format: 'provscan-corpus',
      exact_k: expect.any(String),
      abstract_w: expect.any(String),
      fingerprint_version: expect.any(String),
    });
  });

  it('refuses a corpus built with other fingerprint parameters, with a hint to rebuild', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db, name: 'a', license: 'MIT' });
    const conn = new Database(db);
    conn.prepare(`UPDATE meta SET value = '999' WHERE key = 'exact_k'`).run();
    conn.close();
    expect(() => openRead(db)).toThrow(CorpusError);
    try {
      openRead(db);
    } catch (err) {
      expect((err as CorpusError).message).toContain('other fingerprint parameters');
      expect((err as CorpusError).hint).toContain('rebuild');
    }
  });

  it('refuses a corpus from a newer provscan', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db, name: 'a', license: 'MIT' });
    const conn = new Database(db);
    conn.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    conn.close();
    expect(() => openRead(db)).toThrow(/newer than this provscan supports/);
  });

  it('stores identical files of several sources once', async () => {
    const db = fresh();
    const help = realCode('commander/lib/help.js');
    await addToCorpus(folder({ 'lib/help.js': help, 'lib/option.js': realCode('commander/lib/option.js') }), {
      db,
      name: 'one',
      license: 'MIT',
    });
    await addToCorpus(folder({ 'vendor/help.js': help }), { db, name: 'two', license: 'GPL-2.0-only' });
    const s = await corpusStats(db);
    expect(s.sources).toBe(2);
    expect(s.files).toBe(2);
    expect(s.paths).toBe(3);
  });

  it('replaces a source added again under the same name and version, and removes sources', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), {
      db,
      name: 'a',
      version: '1',
      license: 'MIT',
    });
    await addToCorpus(folder({ 'b.js': realCode('commander/lib/option.js') }), {
      db,
      name: 'a',
      version: '1',
      license: 'MIT',
    });
    await addToCorpus(folder({ 'c.js': realCode('commander/lib/argument.js') }), { db, name: 'b', license: 'MIT' });
    expect((await listCorpus(db)).map((r) => `${r.name}@${r.version}:${r.files}`)).toEqual(['a@1:1', 'b@null:1']);
    expect((await corpusStats(db)).files).toBe(2);
    expect(await removeFromCorpus(db, 'a@1')).toBe(1);
    expect((await listCorpus(db)).map((r) => r.name)).toEqual(['b']);
    expect((await corpusStats(db)).files).toBe(1);
  });

  it('marks fingerprints held at very many paths as common, and they start no match', async () => {
    const db = fresh();
    // 40 files at 40 paths, of two projects, that all carry the same 25-line block: the block's hashes become common.
    const boilerplate = realCode('commander/lib/argument.js').split('\n').slice(0, 60).join('\n');
    const files = (from: number): Record<string, string> => {
      const out: Record<string, string> = {};
      for (let i = from; i < from + 20; i++)
        out[`f${i}.js`] =
          `${boilerplate}\nexport const unique${i} = compute(${i * 7919}, "tag${i}", ${i * 31}, [${i}, ${i + 1}]);\n`;
      return out;
    };
    await addToCorpus(folder(files(0)), { db, name: 'one', license: 'MIT' });
    await addToCorpus(folder(files(20)), { db, name: 'two', license: 'MIT' });
    expect((await corpusStats(db)).commonThreshold).toBe(32);
    const set = await openCorpora([db]);
    try {
      const { prepareFile } = await import('../../src/fingerprint/index.js');
      const host = prepareFile('host.js', Buffer.from(`${boilerplate}\n`));
      if ('reason' in host) throw new Error('skipped');
      expect(await set.matchFile(host)).toEqual([]);
    } finally {
      await set.close();
    }
  });

  it('keeps a file that changes across 40 versions of a project matchable: versions are not boilerplate', async () => {
    const db = fresh();
    // The same 60-line file in 40 versions of one project, each version with one line of its own (so none is stored
    // once for all): its fingerprints are in 40 files, but all at one path, so a copy of it still matches.
    const core = realCode('commander/lib/argument.js').split('\n').slice(0, 60).join('\n');
    for (let v = 0; v < 40; v++)
      await addToCorpus(folder({ 'lib/argument.js': `${core}\nexport const VERSION = '1.${v}.0';\n` }), {
        db,
        name: 'commander-like',
        version: `1.${v}.0`,
        license: 'GPL-3.0-only',
      });
    const set = await openCorpora([db]);
    try {
      const { prepareFile } = await import('../../src/fingerprint/index.js');
      const host = prepareFile('src/arg.js', Buffer.from(`${core}\n`));
      if ('reason' in host) throw new Error('skipped');
      const ms = await set.matchFile(host);
      expect(ms).toHaveLength(1);
      expect(ms[0]!.corpus.name).toBe('commander-like');
    } finally {
      await set.close();
    }
  });

  it('rolls back an ingest that fails half way, keeping the previous corpus', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db, name: 'old', license: 'MIT' });
    async function* failing() {
      yield { path: 'x.js', bytes: Buffer.from(realCode('commander/lib/option.js')) };
      throw new Error('disk on fire');
    }
    await expect(ingestSources(db, [{ info: { name: 'new', license: 'MIT' }, entries: failing() }])).rejects.toThrow(
      'disk on fire',
    );
    expect((await listCorpus(db)).map((r) => r.name)).toEqual(['old']);
    expect((await corpusStats(db)).files).toBe(1);
  });

  it('keeps the previous corpus when the ingesting process is killed mid-ingest', async () => {
    const db = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db, name: 'old', license: 'MIT' });
    const store = new URL('../../dist/src/corpus/store.js', import.meta.url).href;
    const script = `
      const { ingestSources } = await import(${JSON.stringify(store)});
      const text = ${JSON.stringify(realCode('commander/lib/command.js'))};
      async function* entries() {
        for (let i = 0; ; i++) {
          yield { path: 'f' + i + '.js', bytes: Buffer.from(text + '\\nconst x' + i + ' = ' + i + ';\\n') };
          if (i === 20) process.stdout.write('INGESTING\\n');
          if (i > 20) await new Promise((r) => setTimeout(r, 5));
        }
      }
      await ingestSources(${JSON.stringify(db)}, [{ info: { name: 'killed', license: 'MIT' }, entries: entries() }]);
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        if (d.toString().includes('INGESTING')) {
          child.kill('SIGKILL');
          resolve();
        }
      });
      child.on('exit', () => resolve());
      child.on('error', reject);
    });
    await new Promise((r) => child.on('close', r));
    expect(child.signalCode).toBe('SIGKILL');
    expect((await listCorpus(db)).map((r) => r.name)).toEqual(['old']);
    expect((await corpusStats(db)).files).toBe(1);
  });

  it('turns a missing, foreign, corrupted or locked database into a CorpusError naming the file', async () => {
    await expect(openCorpora([join(tmp.path, 'missing.db')])).rejects.toThrow(/missing\.db: no such corpus database/);

    const foreign = join(tmp.path, 'foreign.db');
    const f = new Database(foreign);
    f.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)');
    f.close();
    await expect(openCorpora([foreign])).rejects.toThrow(/foreign\.db: not a provscan corpus/);

    const garbage = join(tmp.path, 'garbage.db');
    writeFileSync(garbage, Buffer.alloc(8192, 0x5a));
    await expect(openCorpora([garbage])).rejects.toThrow(CorpusError);

    const good = fresh();
    await addToCorpus(folder({ 'a.js': realCode('commander/lib/help.js') }), { db: good, name: 'a', license: 'MIT' });
    const corrupt = join(tmp.path, 'corrupt.db');
    copyFileSync(good, corrupt);
    const bytes = readFileSync(corrupt);
    bytes.fill(0xff, 100, Math.min(bytes.length, 4096 * 3));
    writeFileSync(corrupt, bytes);
    await expect(async () => {
      const s = await openCorpora([corrupt]);
      await s.close();
    }).rejects.toThrow(CorpusError);
    expect(existsSync(good)).toBe(true);
  });
});
