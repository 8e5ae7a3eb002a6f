// A real PostgreSQL server for tests: a fresh cluster (initdb) in a temporary folder, listening on a free port of
// 127.0.0.1 and on a unix socket in that folder, started with pg_ctl and stopped (and removed) by `stop()`. initdb
// refuses to run as root, so as root the cluster belongs to the unprivileged `postgres` user and every server binary
// runs as that user (runuser); as any other user they run directly. A machine without the server binaries fails
// the tests that need them with a message saying what to install — never a silent skip (CI installs postgresql-15).
// Plain JavaScript (types in pg-cluster.d.mts) so the benchmarks start their servers with it too.
import { execFile, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The superuser's password on TCP connections (the unix socket trusts its owner). */
export const PG_PASSWORD = 'test-secret-pw-7f3a';
export const PG_USER = 'postgres';

/** The folder of the server binaries: PROVSCAN_PG_BIN, else Debian's PostgreSQL 15, else any Debian version. */
export function pgBinDir() {
  const fromEnv = process.env['PROVSCAN_PG_BIN'];
  if (fromEnv) return fromEnv;
  const debian15 = '/usr/lib/postgresql/15/bin';
  if (existsSync(join(debian15, 'initdb'))) return debian15;
  if (existsSync('/usr/lib/postgresql')) {
    for (const v of readdirSync('/usr/lib/postgresql').sort().reverse()) {
      const bin = join('/usr/lib/postgresql', v, 'bin');
      if (existsSync(join(bin, 'initdb'))) return bin;
    }
  }
  throw new Error(
    'PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PROVSCAN_PG_BIN): ' +
      'install them with `apt-get install -y postgresql-15` (.ci/run does) to run the PostgreSQL tests',
  );
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** The uid and gid of PG_USER, from the system's user list (`getent passwd`'s first source). */
function postgresUser() {
  const line = existsSync('/etc/passwd')
    ? readFileSync('/etc/passwd', 'utf8')
        .split('\n')
        .find((l) => l.startsWith(`${PG_USER}:`))
    : undefined;
  const [, , uid, gid] = line?.split(':') ?? [];
  if (uid === undefined || gid === undefined)
    throw new Error(`running as root, and there is no "${PG_USER}" user to run PostgreSQL as (initdb refuses root)`);
  return { uid: Number(uid), gid: Number(gid) };
}

/** Runs a server binary (as the postgres user when we are root). */
function run(bin, args, timeoutMs = 60_000) {
  const [cmd, argv] = isRoot() ? ['runuser', ['-u', PG_USER, '--', bin, ...args]] : [bin, [...args]];
  return new Promise((resolve, reject) => {
    execFile(cmd, argv, { encoding: 'utf8', timeout: timeoutMs, cwd: tmpdir() }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stderr}\n${stdout}`));
      else resolve(stdout);
    });
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Clusters this process started, stopped at exit whatever happens to the tests. */
const running = new Set();
// An exit handler cannot wait: stopping the clusters here is the one synchronous call left.
process.once('exit', () => {
  for (const c of running) {
    const args = ['-D', c.data, 'stop', '-m', 'immediate'];
    if (isRoot()) spawnSync('runuser', ['-u', PG_USER, '--', c.pgCtl, ...args], { timeout: 20_000 });
    else spawnSync(c.pgCtl, args, { timeout: 20_000 });
    rmSync(c.dir, { recursive: true, force: true });
  }
});

/** Starts a new cluster; `settings` are extra server settings (`-c name=value`). */
/** @param {Record<string, string>} settings */
export async function startPostgres(settings = {}) {
  const bin = pgBinDir();
  const dir = mkdtempSync(join(tmpdir(), 'provscan-pg-'));
  const data = join(dir, 'data');
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, `${PG_PASSWORD}\n`);
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(dir, uid, gid);
    chownSync(pwfile, uid, gid);
  }
  chmodSync(dir, 0o700);
  await run(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    PG_USER,
    '--pwfile',
    pwfile,
    '--auth-local=trust',
    '--auth-host=scram-sha-256',
    '-E',
    'UTF8',
    '--locale=C.UTF-8',
    '--no-sync',
  ]);
  const port = await freePort();
  const opts = {
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dir,
    // a throw-away cluster: durability buys nothing here
    fsync: 'off',
    synchronous_commit: 'off',
    full_page_writes: 'off',
    ...settings,
  };
  const o = Object.entries(opts)
    .map(([k, v]) => `-c ${k}=${v}`)
    .join(' ');
  const pgCtl = join(bin, 'pg_ctl');
  const entry = { pgCtl, data, dir };
  running.add(entry);
  const start = () => run(pgCtl, ['-D', data, '-o', o, '-l', join(dir, 'log'), '-w', '-t', '60', 'start']);
  await start();
  const psqlBin = join(bin, 'psql');
  const psqlPath = existsSync(psqlBin) ? psqlBin : 'psql';
  const cluster = {
    host: '127.0.0.1',
    port,
    dir,
    url(db, options = {}) {
      const pw = options.password === undefined ? PG_PASSWORD : options.password;
      return `postgres://${PG_USER}${pw === false ? '' : `:${encodeURIComponent(pw)}`}@127.0.0.1:${port}/${db}`;
    },
    async createDatabase(name) {
      await cluster.psql('postgres', `CREATE DATABASE "${name}"`);
      return cluster.url(name);
    },
    psql(db, sql) {
      return run(psqlPath, [
        '-h',
        dir,
        '-p',
        String(port),
        '-U',
        PG_USER,
        '-d',
        db,
        '-X',
        '-A',
        '-t',
        '-q',
        '-v',
        'ON_ERROR_STOP=1',
        '-c',
        sql,
      ]);
    },
    async kill() {
      await run(pgCtl, ['-D', data, 'stop', '-m', 'immediate', '-w', '-t', '60']);
    },
    async restart() {
      await start();
    },
    async stop() {
      if (!running.has(entry)) return;
      try {
        await run(pgCtl, ['-D', data, 'stop', '-m', 'fast', '-w', '-t', '60']);
      } finally {
        running.delete(entry);
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
  return cluster;
}
