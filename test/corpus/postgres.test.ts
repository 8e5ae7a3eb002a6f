// A corpus in a real PostgreSQL server (Debian's postgresql-15, a throw-away cluster started for this file): the
// same matches as a SQLite corpus built from the same inputs, every --db command, PROVSCAN_DB_URL, scans that see one
// corpus while another job ingests, ingests that serialise, a killed ingest or a vanished server that leave the
// corpus as it was, and connection failures that exit 2 in time without printing the password.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { BIN, corpusAddArgs, runCli, runCliJson } from '../helpers/cli.js';
import { PG_PASSWORD, type PgCluster, startPostgres } from '../helpers/pg-cluster.mjs';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { filler, realCode, slice } from './helpers.js';

const ENV = { SOURCE_DATE_EPOCH: '1700000000' };
const tmp = tempDir('provscan-pg-');
const repo = TestRepo.create();
let cluster: PgCluster;
const gpl = join(tmp.path, 'commander');
const mit = join(tmp.path, 'yaml');
/** A bigger source (3.3 MB of TypeScript's declaration files, from the installed devDependency: too big to copy). */
const big = join(tmp.path, 'typescript');
const typescriptLib = (f: string) => fileURLToPath(new URL(`../../node_modules/typescript/lib/${f}`, import.meta.url));
const BIG_FILES = ['lib.dom.d.ts', 'lib.webworker.d.ts', 'typescript.d.ts', 'lib.es5.d.ts'];
const GPL = { name: 'commander', version: '14.0.0', license: 'GPL-3.0-only', purl: 'pkg:npm/commander@14.0.0' };
const MIT = { name: 'yaml', version: '2.0.0', license: 'MIT' };

beforeAll(async () => {
  cluster = await startPostgres();
  mkdirSync(gpl);
  for (const f of ['command.js', 'help.js', 'option.js']) writeFileSync(join(gpl, f), realCode(`commander/lib/${f}`));
  writeFileSync(join(gpl, 'LICENSE'), 'Copyright (c) 2011 TJ Holowaychuk <tj@vision-media.ca>\n');
  mkdirSync(big);
  for (const f of BIG_FILES) writeFileSync(join(big, f), readFileSync(typescriptLib(f)));
  mkdirSync(join(mit, 'compose'), { recursive: true });
  for (const f of ['compose/composer.js', 'compose/resolve-block-map.js', 'compose/compose-node.js'])
    writeFileSync(join(mit, f), realCode(`yaml/dist/${f}`));
  repo
    .write('LICENSE', 'MIT License\n\nCopyright (c) 2026 Example\n')
    .write('package.json', JSON.stringify({ name: 'host', version: '1.0.0', license: 'MIT' }))
    .write(
      'src/app.js',
      `${[...filler(60), ...slice(realCode('commander/lib/command.js'), 1000, 30), ...filler(40, 2)].join('\n')}\n`,
    )
    .write('src/help.js', realCode('commander/lib/help.js'))
    .write('src/compose.js', `${slice(realCode('yaml/dist/compose/composer.js'), 20, 60).join('\n')}\n`)
    .write('src/es5.d.ts', `${slice(readFileSync(typescriptLib('lib.es5.d.ts'), 'utf8'), 200, 120).join('\n')}\n`)
    .write('src/clean.js', realCode('tar-stream/extract.js'))
    .commit('Initial commit');
}, 120_000);

/** Children and clients a failed test may leave: ended after each test. */
const children: ChildProcess[] = [];
const clients: pg.Client[] = [];
afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const c of clients.splice(0)) await c.end().catch(() => {});
});

afterAll(async () => {
  await cluster?.stop();
  tmp.cleanup();
  repo.cleanup();
});

let dbs = 0;
/** A new empty database; its URL (with the password). */
const freshDb = () => cluster.createDatabase(`corpus_${++dbs}`);
const sqliteFile = () => join(tmp.path, `c${++dbs}.db`);

async function add(src: string, db: string, source: typeof GPL | typeof MIT, env: NodeJS.ProcessEnv = {}) {
  const res = await runCli([...corpusAddArgs(src, db, source), '--quiet'], { env: { ...ENV, ...env } });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res;
}

async function scan(db: string | string[], env: NodeJS.ProcessEnv = {}): Promise<ScanResult> {
  const dbArgs = (Array.isArray(db) ? db : [db]).flatMap((d) => ['--db', d]);
  const res = await runCliJson<ScanResult>(
    ['scan', repo.path, ...dbArgs, '--format', 'json', '--fail-on', 'never', '--quiet'],
    {
      env: { ...ENV, ...env },
    },
  );
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return res.json;
}

/** A scan's findings without what names the corpus (its path and label). */
function findings(r: ScanResult): string {
  return JSON.stringify({ ...r, corpora: r.corpora.map(({ path, label, ...rest }) => rest) }, (k, v) =>
    k === 'db' ? undefined : v,
  );
}

const matchedPaths = (r: ScanResult) =>
  r.files
    .filter((f) => f.matches.length > 0)
    .map((f) => f.path)
    .sort();

/** The password must never be printed. */
function noPassword(...texts: string[]): void {
  for (const t of texts) expect(t).not.toContain(PG_PASSWORD);
}

async function client(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  c.on('error', () => {}); // the server is killed under it in one test
  await c.connect();
  clients.push(c);
  return c;
}

/** Runs `provscan ARGS` in the background (for tests that kill it or run things beside it). */
function background(args: string[]): { child: ChildProcess; done: Promise<{ code: number; stderr: string }> } {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { ...process.env, ...ENV, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stdout?.resume();
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c.toString('utf8');
  });
  const done = new Promise<{ code: number; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : -1), stderr })),
  );
  return { child, done };
}

/**
 * Polls `sql` until it returns a row while `child` runs, for at most `ms` (then the test fails). `c` must not be in
 * a transaction: PostgreSQL keeps a transaction's view of pg_stat_activity fixed at its first read.
 */
async function waitFor(c: pg.Client, sql: string, what: string, child: ChildProcess, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`provscan exited ${child.exitCode} before ${what}`);
    if ((await c.query(sql)).rows.length > 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  const activity = await c.query(
    `SELECT application_name, state, wait_event_type, wait_event, left(query, 80) AS query FROM pg_stat_activity`,
  );
  throw new Error(`gave up waiting for ${what}; server activity: ${JSON.stringify(activity.rows)}`);
}

/** The provscan ingest blocked on the `segments` lock the test holds: everything but the commit is written. */
const BLOCKED_INGEST = `SELECT 1 FROM pg_stat_activity
  WHERE application_name = 'provscan' AND wait_event_type = 'Lock' AND datname = current_database()`;

describe('a PostgreSQL corpus', () => {
  it('matches exactly as a SQLite corpus built from the same inputs, through add, remove and optimize', async () => {
    const url = await freshDb();
    const file = sqliteFile();
    for (const db of [url, file]) {
      await add(gpl, db, GPL);
      await add(mit, db, MIT);
    }
    const [p, s] = [await scan(url), await scan(file)];
    expect(matchedPaths(p)).toEqual(['src/app.js', 'src/compose.js', 'src/help.js']);
    expect(findings(p)).toEqual(findings(s));
    expect(p.corpora[0]).toMatchObject({ path: cluster.url(`corpus_${dbs - 1}`, { password: false }), sources: 2 });
    expect(p.conflicts.length).toBeGreaterThan(0);

    const list = async (db: string) => (await runCliJson(['corpus', 'list', '--db', db, '--json'], { env: ENV })).json;
    expect(await list(url)).toEqual(await list(file));
    const stats = async (db: string) => {
      const { path, sizeBytes, postingsTableBytes, postingsIndexBytes, schemaVersion, ...counts } = (
        await runCliJson<Record<string, unknown>>(['corpus', 'stats', '--db', db, '--json'])
      ).json;
      return counts;
    };
    expect(await stats(url)).toEqual(await stats(file));

    for (const db of [url, file]) {
      const rm = await runCli(['corpus', 'remove', 'yaml', '--db', db]);
      expect(rm.stdout).toBe('removed 1 source(s)\n');
    }
    const [p2, s2] = [await scan(url), await scan(file)];
    expect(matchedPaths(p2)).toEqual(['src/app.js', 'src/help.js']);
    expect(findings(p2)).toEqual(findings(s2));
    expect(await stats(url)).toEqual(await stats(file));
    for (const db of [url, file]) expect((await runCli(['corpus', 'optimize', '--db', db, '--quiet'])).code).toBe(0);
    expect(findings(await scan(url))).toEqual(findings(s2));
    expect(await stats(url)).toEqual(await stats(file));
  });

  it('works unchanged on a postings table partitioned by hash across tablespaces (a corpus beyond one disk)', async () => {
    const plain = await freshDb();
    const parted = await freshDb();
    for (const db of [plain, parted]) await add(gpl, db, GPL);
    // docs/corpus.md's recipe: the postings table swapped for one partitioned by hash of its key
    await cluster.psql(
      `corpus_${dbs}`,
      `BEGIN;
       ALTER TABLE postings RENAME TO postings_old;
       ALTER INDEX postings_pkey RENAME TO postings_old_pkey;
       CREATE TABLE postings (key bigint PRIMARY KEY, data bytea NOT NULL) PARTITION BY HASH (key);
       CREATE TABLE postings_0 PARTITION OF postings FOR VALUES WITH (MODULUS 4, REMAINDER 0);
       CREATE TABLE postings_1 PARTITION OF postings FOR VALUES WITH (MODULUS 4, REMAINDER 1);
       CREATE TABLE postings_2 PARTITION OF postings FOR VALUES WITH (MODULUS 4, REMAINDER 2);
       CREATE TABLE postings_3 PARTITION OF postings FOR VALUES WITH (MODULUS 4, REMAINDER 3);
       INSERT INTO postings SELECT * FROM postings_old;
       DROP TABLE postings_old;
       COMMIT;`,
    );
    for (const db of [plain, parted]) await add(mit, db, MIT);
    for (const db of [plain, parted])
      expect((await runCli(['corpus', 'optimize', '--db', db, '--quiet'])).code).toBe(0);
    const r = await scan(parted);
    expect(matchedPaths(r)).toEqual(['src/app.js', 'src/compose.js', 'src/help.js']);
    expect(findings(r)).toEqual(findings(await scan(plain)));
    const rows = await cluster.psql(`corpus_${dbs}`, `SELECT count(*) FROM postings_0`);
    expect(Number(rows)).toBeGreaterThan(0);
  });

  it('serves every command that takes --db, alone or beside a SQLite corpus', async () => {
    const url = await freshDb();
    const file = sqliteFile();
    await add(gpl, url, GPL);
    await add(mit, file, MIT);
    const both = await scan([url, file]);
    expect(both.corpora.map((c) => c.label)).toEqual([`127.0.0.1:${cluster.port}/corpus_${dbs - 1}`, `c${dbs}.db`]);
    expect(matchedPaths(both)).toEqual(['src/app.js', 'src/compose.js', 'src/help.js']);
    const dbArgs = ['--db', url, '--db', file];

    const sbom = await runCli(['sbom', repo.path, ...dbArgs, '--quiet', '-o', join(tmp.path, 'bom.json')], {
      env: ENV,
    });
    expect(sbom.code).toBe(1); // GPL code in an MIT project fails the default policy
    const bom = readFileSync(join(tmp.path, 'bom.json'), 'utf8');
    expect(bom).toContain('pkg:npm/commander@14.0.0');
    const report = await runCli(['report', repo.path, ...dbArgs, '--format', 'markdown', '--quiet'], { env: ENV });
    // Markdown escapes the label's punctuation
    expect(report.stdout.replace(/\\/g, '')).toContain(`127.0.0.1:${cluster.port}/corpus_${dbs - 1}, c${dbs}.db`);
    const notice = await runCli(['notice', repo.path, ...dbArgs, '--quiet'], { env: ENV });
    expect(notice.stdout).toContain('yaml');
    repo.write('src/staged.js', realCode('commander/lib/option.js')).git('add', 'src/staged.js');
    const check = await runCli(['check', '--staged', repo.path, '--db', url, '--format', 'json']);
    repo.git('rm', '-q', '--cached', 'src/staged.js');
    repo.remove('src/staged.js');
    expect(check.code).toBe(1);
    expect(JSON.parse(check.stdout).conflicts[0]).toMatchObject({ path: 'src/staged.js', license: 'GPL-3.0-only' });
    noPassword(sbom.stdout, sbom.stderr, bom, report.stdout, notice.stdout, check.stdout, check.stderr);
  });

  it('builds a corpus from a recipe into an empty database, and a second run skips what is in', async () => {
    const url = await freshDb();
    const recipe = join(tmp.path, 'pg-recipe.yml');
    writeFileSync(
      recipe,
      `name: two\nsources:\n  - path: ${gpl}\n    name: commander\n    version: "14.0.0"\n    license: GPL-3.0-only\n` +
        `  - path: ${mit}\n    name: yaml\n    version: "2.0.0"\n    license: MIT\n`,
    );
    const first = await runCli(['corpus', 'add', '--recipe', recipe, '--db', url, '--quiet']);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('recipe two: 2 added, 0 in the corpus already, 0 failed');
    const second = await runCli(['corpus', 'add', '--recipe', recipe, '--db', url, '--quiet']);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('recipe two: 0 added, 2 in the corpus already, 0 failed');
    expect(matchedPaths(await scan(url))).toEqual(['src/app.js', 'src/compose.js', 'src/help.js']);
    noPassword(first.stdout, first.stderr, second.stdout, second.stderr);
  });

  it('lets a read-only role scan, and refuses it an ingest with exit 2', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    const db = `corpus_${dbs}`;
    await cluster.psql(
      db,
      `CREATE ROLE runner_${dbs} LOGIN PASSWORD 'runner-pw';
       GRANT CONNECT ON DATABASE ${db} TO runner_${dbs};
       GRANT USAGE ON SCHEMA public TO runner_${dbs};
       GRANT SELECT ON ALL TABLES IN SCHEMA public TO runner_${dbs};`,
    );
    const reader = `postgres://runner_${dbs}:runner-pw@127.0.0.1:${cluster.port}/${db}`;
    expect(matchedPaths(await scan(reader))).toEqual(['src/app.js', 'src/help.js']);
    const res = await runCli([...corpusAddArgs(mit, reader, MIT), '--quiet']);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/: permission denied/);
    expect(res.stderr).not.toContain('runner-pw');
    expect((await runCli(['corpus', 'list', '--db', url])).stdout).not.toContain('yaml');
  });

  it('takes PROVSCAN_DB_URL for --db, and never prints its password', async () => {
    const url = await freshDb();
    const env = { PROVSCAN_DB_URL: url };
    await add(gpl, url, GPL); // the URL given once; the rest from the environment
    const addMit = await runCli(['corpus', 'add', mit, '--name', 'yaml', '--license', 'MIT', '--json'], { env });
    expect(addMit.code).toBe(0);
    const list = await runCli(['corpus', 'list'], { env });
    expect(list.stdout).toContain('commander@14.0.0\tGPL-3.0-only');
    expect(list.stdout).toContain('yaml\tMIT');
    const r = await scan([], env);
    expect(r.corpora).toEqual([expect.objectContaining({ path: cluster.url(`corpus_${dbs}`, { password: false }) })]);
    expect(matchedPaths(r)).toContain('src/compose.js');
    const stats = await runCli(['corpus', 'stats'], { env });
    expect(stats.stdout).toContain(`postgres://postgres@127.0.0.1:${cluster.port}/corpus_${dbs}`);
    noPassword(addMit.stdout, addMit.stderr, list.stdout, JSON.stringify(r), stats.stdout);
    // without either, a command that writes needs --db; list and stats read the bundled corpus
    const none = await runCli(['corpus', 'remove', 'yaml'], { env: { PROVSCAN_DB_URL: '' } });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('--db is required');
    const bundled = await runCli(['corpus', 'list'], { env: { PROVSCAN_DB_URL: '' } });
    expect(bundled.code).toBe(0);
    expect(bundled.stdout).not.toContain('yaml@2.0.0');
  });

  it('lets scans see the old or the new corpus while another job ingests, never a mix', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    const before = await scan(url);
    expect(matchedPaths(before)).toEqual(['src/app.js', 'src/help.js']);
    // scans while the ingest holds everything but its commit (the test holds the lock its commit needs) …
    const hold = await client(url);
    await hold.query('BEGIN');
    await hold.query('LOCK TABLE segments IN EXCLUSIVE MODE');
    const ingest = background(['corpus', 'add', big, '--db', url, '--name', 'typescript', '--license', 'Apache-2.0']);
    await waitFor(await client(url), BLOCKED_INGEST, 'the ingest to reach its commit', ingest.child);
    const during = await Promise.all([scan(url), scan(url), scan(url)]);
    for (const r of during) expect(findings(r)).toBe(findings(before));
    // … and while it commits and merges
    const seen: ScanResult[] = [];
    let finished = false;
    const loop = (async () => {
      while (!finished) seen.push(...(await Promise.all([scan(url), scan(url)])));
    })();
    await hold.query('COMMIT');
    await hold.end();
    const done = await ingest.done;
    finished = true;
    await loop;
    expect(done.code).toBe(0);
    const after = await scan(url);
    expect(matchedPaths(after)).toEqual(['src/app.js', 'src/es5.d.ts', 'src/help.js']);
    expect(seen.length).toBeGreaterThan(0);
    for (const r of seen) expect([findings(before), findings(after)]).toContain(findings(r));
  });

  it('serialises concurrent ingests, saying that one waits', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    const hold = await client(url);
    await hold.query(`SELECT pg_advisory_lock(hashtext('provscan-corpus:' || current_schema()))`);
    const second = background([...corpusAddArgs(mit, url, MIT)]);
    await waitFor(
      hold,
      `SELECT 1 FROM pg_locks l JOIN pg_database d ON d.oid = l.database
        WHERE l.locktype = 'advisory' AND NOT l.granted AND d.datname = current_database()`,
      'the second ingest to wait for the lock',
      second.child,
    );
    await hold.query(`SELECT pg_advisory_unlock_all()`);
    await hold.end();
    const res = await second.done;
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      `waiting for another ingest into ${cluster.url(`corpus_${dbs}`, { password: false })}`,
    );
    noPassword(res.stderr);
    expect((await runCli(['corpus', 'list', '--db', url])).stdout.split('\n').filter(Boolean)).toHaveLength(2);
  });

  it('is left as it was by an ingest killed after it copied everything but its commit', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    const before = await scan(url);
    const hold = await client(url);
    const count = async () =>
      (await hold.query(`SELECT (SELECT count(*) FROM postings) AS p, (SELECT count(*) FROM members) AS m`)).rows[0];
    const rows = await count();
    await hold.query('BEGIN');
    await hold.query('LOCK TABLE segments IN EXCLUSIVE MODE');
    const ingest = background(['corpus', 'add', big, '--db', url, '--name', 'typescript', '--license', 'Apache-2.0']);
    await waitFor(await client(url), BLOCKED_INGEST, 'the ingest to reach its commit', ingest.child);
    ingest.child.kill('SIGKILL');
    await ingest.done;
    await hold.query('COMMIT');
    expect(await count()).toEqual(rows);
    await hold.end();
    expect(findings(await scan(url))).toBe(findings(before));
    expect((await runCli(['corpus', 'list', '--db', url])).stdout).not.toContain('typescript');
    // the lock died with the killed ingest: the next one runs
    await add(mit, url, MIT);
    expect(matchedPaths(await scan(url))).toEqual(['src/app.js', 'src/compose.js', 'src/help.js']);
  });

  it('exits 2 with one line and leaves the corpus as it was when the server goes away mid-ingest', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    const before = await scan(url);
    const hold = await client(url);
    await hold.query('BEGIN');
    await hold.query('LOCK TABLE segments IN EXCLUSIVE MODE');
    const ingest = background(['corpus', 'add', big, '--db', url, '--name', 'typescript', '--license', 'Apache-2.0']);
    await waitFor(await client(url), BLOCKED_INGEST, 'the ingest to reach its commit', ingest.child);
    await cluster.kill();
    const res = await ingest.done;
    await cluster.restart();
    await hold.end().catch(() => {});
    expect(res.code).toBe(2);
    const lines = res.stderr.trim().split('\n');
    expect(lines[0]).toMatch(
      new RegExp(`^provscan: postgres://postgres@127\\.0\\.0\\.1:${cluster.port}/corpus_${dbs}: .*(lost|shut down)`),
    );
    expect(res.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    noPassword(res.stderr);
    expect(findings(await scan(url))).toBe(findings(before));
  });
});

describe('a PostgreSQL URL that does not lead to a corpus', () => {
  let blackHole: Server;
  const held: Socket[] = [];
  beforeAll(async () => {
    // accepts connections and never answers: a host that is up but not a server that speaks
    blackHole = createServer((s) => held.push(s));
    await new Promise<void>((r) => blackHole.listen(0, '127.0.0.1', () => r()));
  });
  afterAll(() => {
    for (const s of held) s.destroy();
    blackHole.close();
  });

  /** Exit 2 within 10 s, the first line naming the database without the password, no stack. */
  async function refused(args: string[], expected: RegExp, env: NodeJS.ProcessEnv = {}) {
    const res = await runCli(args, { timeoutMs: 10_000, env });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr.split('\n')[0]).toMatch(expected);
    expect(res.stderr).not.toMatch(/\bat \S+:\d+:\d+/);
    noPassword(res.stdout, res.stderr);
    return res;
  }

  it('refuses a wrong password, naming the database without it', async () => {
    const url = await freshDb();
    const wrong = url.replace(`:${PG_PASSWORD}@`, `:${PG_PASSWORD}-wrong@`);
    const name = `postgres://postgres@127.0.0.1:${cluster.port}/corpus_${dbs}`;
    const res = await refused(['scan', repo.path, '--db', wrong], new RegExp(`^provscan: ${name}: cannot log in`));
    expect(res.stderr).not.toContain(`${PG_PASSWORD}-wrong`);
    await refused(['corpus', 'add', gpl, '--db', wrong, '--name', 'x', '--license', 'MIT'], /cannot log in/);
    await refused(['corpus', 'list'], /cannot log in/, { PROVSCAN_DB_URL: wrong });
  });

  it('gives up on a host that does not answer, and on a closed port', async () => {
    const port = (blackHole.address() as { port: number }).port;
    await refused(
      ['scan', repo.path, '--db', `postgres://postgres:${PG_PASSWORD}@127.0.0.1:${port}/x`],
      /^provscan: postgres:\/\/postgres@127\.0\.0\.1:\d+\/x: cannot connect within 5 s/,
    );
    await refused(
      ['corpus', 'stats', '--db', `postgresql://postgres:${PG_PASSWORD}@127.0.0.1:1/x`],
      /cannot connect: connection refused/,
    );
    await refused(
      ['corpus', 'stats', '--db', `postgres://postgres:${PG_PASSWORD}@no-such-host.invalid:5432/x`],
      /cannot connect: unknown host/,
    );
  });

  it('refuses a malformed URL with one line, for every command, without its password', async () => {
    for (const bad of [
      `postgres://postgres:${PG_PASSWORD}@127.0.0.1:notaport/x`,
      `postgresql://postgres:${PG_PASSWORD}@[::1/x`,
    ]) {
      await refused(
        ['scan', repo.path, '--db', bad],
        /^provscan: postgres(ql)?:\/\/postgres@.*: not a valid PostgreSQL URL/,
      );
      await refused(
        ['corpus', 'add', gpl, '--db', bad, '--name', 'x', '--license', 'MIT'],
        /not a valid PostgreSQL URL/,
      );
      await refused(['corpus', 'list'], /not a valid PostgreSQL URL/, { PROVSCAN_DB_URL: bad });
    }
  });

  it('refuses a database of another program, and creates nothing in it', async () => {
    const url = await freshDb();
    await cluster.psql(`corpus_${dbs}`, 'CREATE TABLE users (id integer PRIMARY KEY, name text)');
    await refused(['scan', repo.path, '--db', url], /not a provscan corpus/);
    await refused([...corpusAddArgs(gpl, url, GPL)], /not a provscan corpus/);
    expect(await cluster.psql(`corpus_${dbs}`, `SELECT count(*) FROM pg_tables WHERE schemaname = 'public'`)).toBe(
      '1\n',
    );
    const empty = await freshDb();
    await refused(['scan', repo.path, '--db', empty], /not a provscan corpus \(an empty database\)/);
  });

  it('refuses a corpus built with other fingerprint parameters, with a hint to rebuild', async () => {
    const url = await freshDb();
    await add(gpl, url, GPL);
    await cluster.psql(`corpus_${dbs}`, `UPDATE meta SET value = '999' WHERE key = 'exact_k'`);
    const res = await refused(['scan', repo.path, '--db', url], /built with other fingerprint parameters/);
    expect(res.stderr).toContain('hint: rebuild');
  });

  it('keeps a password out of an installed hook', async () => {
    const url = await freshDb();
    const res = await runCli(['hook', 'install', repo.path, '--db', url]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('a hook file must not hold a password');
    noPassword(res.stderr);
    // a URL without its password goes into a husky hook as given (never taken for a repository-relative path)
    const bare = cluster.url(`corpus_${dbs}`, { password: false });
    const husky = await runCli(['hook', 'install', repo.path, '--husky', '--db', bare], { cwd: repo.path });
    expect(husky.code).toBe(0);
    expect(readFileSync(join(repo.path, '.husky', 'pre-commit'), 'utf8')).toContain(`--db ${bare} `);
    expect((await runCli(['hook', 'uninstall', repo.path, '--husky'])).code).toBe(0);
  });
});
