// The segmented store gives exactly the matches the single-row store (corpus schema 2) gave, every field: the golden
// corpus (test/fixtures/golden) built through the CLI in several ways, upgraded from a schema-2 file, after a removal,
// after an optimize, and after an add killed half way — all scanned through the CLI and compared with expected.json,
// which the schema-2 store wrote.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filler, hostFiles, SHARED, writeSources } from '../fixtures/golden/define.mjs';
import { BIN, runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { realCode } from './helpers.js';

type Matches = Record<string, unknown[]>;
const fixture = (name: string) => new URL(`../fixtures/golden/${name}`, import.meta.url);
const expected = (name: string): Matches =>
  (JSON.parse(readFileSync(fixture(name), 'utf8')) as { files: Matches }).files;

const tmp = tempDir('provscan-golden-');
const repo = TestRepo.create();
let sources: Array<{ dir: string; name: string; version: string }>;

/** The matches of every host file, scanned through the CLI against `dbs`. */
async function scan(...dbs: string[]): Promise<Matches> {
  const { code, json, stderr } = await runCliJson<{ files: Array<{ path: string; matches: unknown[] }> }>([
    'scan',
    repo.path,
    ...dbs.flatMap((d) => ['--db', d]),
    '--format',
    'json',
    '--quiet',
  ]);
  expect(code, stderr).toBe(0);
  return Object.fromEntries(json.files.map((f) => [f.path, f.matches]));
}

async function cli(...args: string[]): Promise<string> {
  const res = await runCli(args);
  expect(res.code, res.stderr).toBe(0);
  return res.stdout;
}

/** A folder of its own holding a corpus file named `golden.db` (matches name their database by file name). */
function dbPath(folder: string): string {
  mkdirSync(join(tmp.path, folder), { recursive: true });
  return join(tmp.path, folder, 'golden.db');
}

async function build(db: string): Promise<void> {
  for (const s of sources) await cli('corpus', 'add', s.dir, '--npm', '--db', db, '--quiet');
}

interface Stats {
  schemaVersion: number;
  segments: number;
  removedFiles: number;
  files: number;
  sources: number;
}
const stats = async (db: string) => (await runCliJson<Stats>(['corpus', 'stats', '--db', db, '--json'])).json;

beforeAll(() => {
  sources = writeSources(join(tmp.path, 'sources'));
  for (const [path, text] of Object.entries(hostFiles())) repo.write(path, text);
  repo.write('package.json', `${JSON.stringify({ name: 'host', version: '1.0.0', license: 'MIT' })}\n`);
  repo.commit('hosts');
});
afterAll(() => {
  repo.cleanup();
  tmp.cleanup();
});

describe('the segmented store against the golden matches of the single-row store', () => {
  it('gives every match, field for field, with one add per package', async () => {
    const db = dbPath('one-by-one');
    await build(db);
    expect(await scan(db)).toEqual(expected('expected.json'));
  });

  it('gives the same matches when every package goes in with one add', async () => {
    const db = dbPath('all-at-once');
    await cli('corpus', 'add', join(tmp.path, 'sources', 'node_modules'), '--db', db, '--quiet');
    expect((await stats(db)).sources).toBe(sources.length);
    expect(await scan(db)).toEqual(expected('expected.json'));
  });

  it('gives the same matches with two corpora at once', async () => {
    const db = dbPath('two-a');
    await build(db);
    const second = join(tmp.path, 'two-b', 'second.db');
    mkdirSync(join(tmp.path, 'two-b'));
    for (const s of [sources[0]!, sources[sources.length - 1]!])
      await cli('corpus', 'add', s.dir, '--npm', '--db', second, '--quiet');
    expect(await scan(db, second)).toEqual(expected('expected-two.json'));
  });

  it('leaves no trace of a removed source, before and after corpus optimize', async () => {
    const db = dbPath('removal');
    await build(db);
    // a package that shares a file with cmd and puts the SHARED function at 25 more paths (37 in all: common)
    const extra = join(tmp.path, 'extra');
    mkdirSync(join(extra, 'gen'), { recursive: true });
    writeFileSync(join(extra, 'package.json'), JSON.stringify({ name: 'extra', version: '1.0.0', license: 'MIT' }));
    writeFileSync(join(extra, 'option.js'), realCode('commander/lib/option.js'));
    for (let i = 0; i < 25; i++)
      writeFileSync(
        join(extra, 'gen', `s${i}.js`),
        [...filler(10, 300 + i), ...SHARED, ...filler(10, 400 + i)].join('\n'),
      );
    await cli('corpus', 'add', extra, '--npm', '--db', db, '--quiet');
    const withExtra = await scan(db);
    expect(withExtra['src/shared.js']).toEqual([]); // common while extra is in
    expect(withExtra).not.toEqual(expected('expected.json'));
    await cli('corpus', 'remove', 'extra', '--db', db);
    // its 25 generated files and its package.json; option.js stays, cmd holds the same content
    expect((await stats(db)).removedFiles).toBe(26);
    expect(await scan(db)).toEqual(expected('expected.json'));
    expect(await cli('corpus', 'optimize', '--db', db, '--quiet')).toMatch(/in 1 segment\(s\)/);
    const after = await stats(db);
    expect(after.segments).toBe(1);
    expect(after.removedFiles).toBe(0);
    expect(await scan(db)).toEqual(expected('expected.json'));
  });

  it('upgrades a schema-2 corpus: a scan asks for it, corpus optimize performs it, and the matches stay', async () => {
    const db = dbPath('upgrade');
    copyFileSync(fixture('schema2.db'), db);
    const refused = await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--quiet']);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain(`${db}: corpus schema 2 is older than 3`);
    expect(refused.stderr).toContain(`provscan corpus optimize --db ${db}`);
    await cli('corpus', 'optimize', '--db', db, '--quiet');
    const s = await stats(db);
    expect(s.schemaVersion).toBe(3);
    expect(s.segments).toBe(1);
    expect(await scan(db)).toEqual(expected('expected.json'));
  });

  it('upgrades a schema-2 corpus on an add, which then finds the new package too', async () => {
    const db = dbPath('upgrade-add');
    copyFileSync(fixture('schema2.db'), db);
    const extra = join(tmp.path, 'extra-upgrade');
    mkdirSync(extra);
    writeFileSync(join(extra, 'clean.js'), `${filler(120, 22).join('\n')}\n`);
    await cli('corpus', 'add', extra, '--db', db, '--name', 'fillers', '--license', 'MIT', '--quiet');
    const got = await scan(db);
    const want = expected('expected.json');
    expect(got['src/clean.js']).toHaveLength(1);
    expect({ ...got, 'src/clean.js': [] }).toEqual(want);
  });

  it('leaves the corpus as it was when `corpus add` is killed half way', async () => {
    const db = dbPath('killed');
    copyFileSync(fixture('schema2.db'), db);
    await cli('corpus', 'optimize', '--db', db, '--quiet');
    const before = await cli('corpus', 'list', '--db', db);
    // about 30 MB of distinct files: seconds of ingest
    const big = join(tmp.path, 'big');
    mkdirSync(big);
    const text = realCode('commander/lib/command.js');
    for (let i = 0; i < 350; i++) writeFileSync(join(big, `c${i}.js`), `${text}\nexport const copy${i} = ${i};\n`);
    const child = spawn(
      process.execPath,
      [BIN, 'corpus', 'add', big, '--db', db, '--name', 'big', '--license', 'MIT'],
      {
        stdio: 'ignore',
      },
    );
    const exited = new Promise((resolve) => child.on('exit', resolve));
    // the add holds the write lock from its first write to its commit: kill it once the lock is seen
    const probe = new Database(db, { timeout: 0 });
    let held = false;
    for (let i = 0; i < 2000 && !held && child.exitCode === null; i++) {
      try {
        probe.exec('BEGIN IMMEDIATE');
        probe.exec('ROLLBACK');
        await new Promise((r) => setTimeout(r, 10));
      } catch {
        held = true;
      }
    }
    probe.close();
    child.kill('SIGKILL');
    await exited;
    expect(held).toBe(true);
    expect(child.signalCode).toBe('SIGKILL');
    expect(await cli('corpus', 'list', '--db', db)).toBe(before);
    expect(await scan(db)).toEqual(expected('expected.json'));
  });
});
