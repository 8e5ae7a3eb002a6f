import { spawn } from 'node:child_process';
import { closeSync, copyFileSync, existsSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { corpusAddArgs, runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { filler, realCode, slice } from './helpers.js';

describe('provscan corpus (command line)', () => {
  const tmp = tempDir('provscan-corpus-cli-');
  const db = join(tmp.path, 'corpus.db');
  const src = join(tmp.path, 'commander');
  const repo = TestRepo.create();

  beforeAll(() => {
    mkdirSync(src);
    for (const f of ['command.js', 'help.js', 'option.js']) writeFileSync(join(src, f), realCode(`commander/lib/${f}`));
    const host = [...filler(120), ...slice(realCode('commander/lib/command.js'), 1000, 25), ...filler(80, 2)];
    repo
      .write('src/app.js', `${host.join('\n')}\n`)
      .write('src/clean.js', realCode('tar-stream/extract.js'))
      .commit('Initial commit');
  });
  afterAll(() => {
    tmp.cleanup();
    repo.cleanup();
  });

  it('adds a folder, then a scan with --db fills files[].matches', async () => {
    const add = await runCli(
      corpusAddArgs(src, db, {
        name: 'commander',
        version: '14.0.0',
        license: 'MIT',
        purl: 'pkg:npm/commander@14.0.0',
      }),
    );
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added commander@14.0.0 (MIT): 3 files');

    const res = await runCliJson<ScanResult>(['scan', repo.path, '--db', db, '--format', 'json', '--quiet']);
    expect(res.json.corpora).toEqual([expect.objectContaining({ path: db, sources: 1, files: 3 })]);
    const app = res.json.files.find((f) => f.path === 'src/app.js')!;
    expect(app.matches).toHaveLength(1);
    expect(app.matches[0]).toMatchObject({
      kind: 'snippet',
      channel: 'exact',
      corpus: {
        name: 'commander',
        version: '14.0.0',
        purl: 'pkg:npm/commander@14.0.0',
        path: 'command.js',
        license: 'MIT',
      },
    });
    expect(app.matches[0]!.start).toBeGreaterThan(120);
    expect(res.json.files.find((f) => f.path === 'src/clean.js')!.matches).toEqual([]);
  });

  it('scans against the bundled default corpus when no --db is given (and it fits this fingerprint engine)', async () => {
    const res = await runCliJson<ScanResult>(['scan', repo.path, '--format', 'json', '--quiet']);
    expect(res.code).toBe(0);
    expect(res.json.corpora).toEqual([expect.objectContaining({ path: 'bundled:default', label: 'bundled:default' })]);
    expect(res.json.corpora[0]!.sources).toBeGreaterThanOrEqual(15);
    expect(res.json.corpora[0]!.fingerprints).toBeGreaterThan(100_000);
  });

  it('lists sources and prints stats, as text and as JSON', async () => {
    const list = await runCliJson<Array<{ name: string; license: string; files: number }>>([
      'corpus',
      'list',
      '--db',
      db,
      '--json',
    ]);
    expect(list.json).toEqual([expect.objectContaining({ name: 'commander', license: 'MIT', files: 3 })]);
    expect((await runCli(['corpus', 'list', '--db', db])).stdout).toContain('commander@14.0.0\tMIT\t3 files');
    const stats = await runCliJson<{ sources: number; files: number; fingerprints: Record<string, number> }>([
      'corpus',
      'stats',
      '--db',
      db,
      '--json',
    ]);
    expect(stats.json.sources).toBe(1);
    expect(stats.json.fingerprints['exact']).toBeGreaterThan(100);
    expect((await runCli(['corpus', 'stats', '--db', db])).stdout).toMatch(/fingerprints exact \d+, abstract \d+/);
  });

  it('rejects an invalid --license with exit 2, naming the value, and writes nothing', async () => {
    const target = join(tmp.path, 'never.db');
    const res = await runCli([
      'corpus',
      'add',
      src,
      '--db',
      target,
      '--name',
      'x',
      '--license',
      'MIT OR Bogus License',
    ]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('"MIT OR Bogus License" is not a valid SPDX license expression');
    expect(existsSync(target)).toBe(false);
  });

  it('requires --name and --license for a plain folder', async () => {
    const res = await runCli(['corpus', 'add', src, '--db', join(tmp.path, 'n.db')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--name is required');
  });

  it('fails with exit 2 and one line for a corrupted, foreign or missing database', async () => {
    const garbage = join(tmp.path, 'garbage.db');
    writeFileSync(garbage, 'this is not a database at all, just text that goes on and on\n'.repeat(200));
    for (const bad of [garbage, join(tmp.path, 'missing.db')]) {
      const res = await runCli(['scan', repo.path, '--db', bad, '--format', 'json', '--quiet']);
      expect(res.code).toBe(2);
      expect(res.stderr.trim().split('\n')[0]).toContain(bad);
      expect(res.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
      expect(res.stdout).toBe('');
    }
    const stats = await runCli(['corpus', 'stats', '--db', garbage]);
    expect(stats.code).toBe(2);
  });

  it('fails with exit 2 and one line when pages of the postings are damaged, writing nothing', async () => {
    // the leaf pages of the bundled corpus's postings overwritten (the database still opens: the damage shows when a
    // scanned file's postings are looked up)
    const damaged = join(tmp.path, 'damaged.db');
    copyFileSync(new URL('../../fingerprints/default.db', import.meta.url), damaged);
    const sqlite = new Database(damaged, { readonly: true });
    const pages = sqlite
      .prepare(`SELECT pageno FROM dbstat WHERE name LIKE 'seg_%' AND pagetype = 'leaf' ORDER BY pageno`)
      .all() as Array<{ pageno: number }>;
    const pageSize = sqlite.pragma('page_size', { simple: true }) as number;
    sqlite.close();
    expect(pages.length).toBeGreaterThan(100);
    const fd = openSync(damaged, 'r+');
    for (const { pageno } of pages) writeSync(fd, Buffer.alloc(pageSize, 0xff), 0, pageSize, (pageno - 1) * pageSize);
    closeSync(fd);
    const out = join(tmp.path, 'damaged-scan.json');
    const res = await runCli(['scan', repo.path, '--db', damaged, '--format', 'json', '--output', out, '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr.split('\n')[0]).toBe(`provscan: ${damaged}: the database is corrupted`);
    expect(res.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    expect(existsSync(out)).toBe(false);
  });

  it('fails with exit 2 naming the file when the database is locked by another process', async () => {
    const locked = join(tmp.path, 'locked.db');
    expect((await runCli(['corpus', 'add', src, '--db', locked, '--name', 'c', '--license', 'MIT'])).code).toBe(0);
    const sqlite = new URL('../../node_modules/better-sqlite3/lib/index.js', import.meta.url).href;
    const holder = spawn(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const { default: Database } = await import(${JSON.stringify(sqlite)});
         const db = new Database(${JSON.stringify(locked)});
         db.pragma('locking_mode = EXCLUSIVE');
         db.exec('BEGIN EXCLUSIVE');
         db.prepare("UPDATE meta SET value = value WHERE key = 'format'").run();
         process.stdout.write('LOCKED\\n');
         setTimeout(() => {}, 60000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve) =>
        holder.stdout.on('data', (d: Buffer) => d.toString().includes('LOCKED') && resolve()),
      );
      const res = await runCli(['scan', repo.path, '--db', locked, '--format', 'json', '--quiet']);
      expect(res.code).toBe(2);
      expect(res.stderr).toContain(`${locked}: the database is locked by another process`);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('removes a source', async () => {
    const res = await runCli(['corpus', 'remove', 'commander@14.0.0', '--db', db]);
    expect(res.code).toBe(0);
    expect((await runCliJson<unknown[]>(['corpus', 'list', '--db', db, '--json'])).json).toEqual([]);
    expect((await runCli(['corpus', 'remove', 'nothing', '--db', db])).code).toBe(2);
  });

  it('optimizes a corpus into one segment, and refuses the bundled corpus and a missing file', async () => {
    const own = join(tmp.path, 'optimize.db');
    const other = join(tmp.path, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'help.js'), realCode('tar-stream/extract.js'));
    type Stats = {
      segments: number;
      removedFiles: number;
      mergePending: boolean;
      sizeBytes: number;
      postings: Record<string, number>;
    };
    const stats = async () => (await runCliJson<Stats>(['corpus', 'stats', '--db', own, '--json'])).json;
    const add = async (dir: string, name: string) =>
      expect(
        (await runCli(['corpus', 'add', dir, '--db', own, '--name', name, '--license', 'MIT', '--quiet'])).code,
      ).toBe(0);
    await add(src, 'kept');
    const kept = await stats();
    await add(other, 'removed');
    expect((await runCli(['corpus', 'remove', 'removed', '--db', own])).code).toBe(0);
    const before = await stats();
    expect(before.segments).toBe(2);
    expect(before.removedFiles).toBe(1);
    const res = await runCli(['corpus', 'optimize', '--db', own, '--quiet']);
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/^index: \d+ postings in 1 segment\(s\), \d+ merged$/m);
    // the removed source's postings are gone for good; the other source's are all there
    // (the file's size is left out: the write-ahead log and freed pages change it)
    expect({ ...(await stats()), sizeBytes: 0 }).toEqual({
      ...before,
      sizeBytes: 0,
      segments: 1,
      removedFiles: 0,
      postings: kept.postings,
    });
    const bundled = await runCli([
      'corpus',
      'optimize',
      '--db',
      fileURLToPath(new URL('../../fingerprints/default.db', import.meta.url)),
    ]);
    expect(bundled.code).toBe(2);
    expect(bundled.stderr).toContain('bundled default corpus, which is never written');
    const missing = await runCli(['corpus', 'optimize', '--db', join(tmp.path, 'nope.db')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.db: no such corpus database');
  });
});
