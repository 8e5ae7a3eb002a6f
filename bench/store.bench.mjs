// The corpus store at growing sizes: a corpus is built package by package from real source trees with the real CLI
// (`provscan corpus add`, each in a fresh process under /usr/bin/time), and at each step the benchmark measures what a
// user pays: the ingest rate of the packages just added, adding a 1 MB package (CPU), a cold `provscan scan` of a
// 10 MB repository (wall, peak RSS; also with a second --db), `provscan check --staged` of a 200-line change, and the
// database size against the source it holds. A package is a folder: each folder named with --src, or each
// subfolder of a folder named with --src-each (a tree of unpacked source packages).
// Usage: node bench/store.bench.mjs [--src DIR]... [--src-each DIR]... [--steps MB,MB,...] [--runs N] [--no-write]
// Without --src: /usr/include and this checkout's node_modules (what `npm run bench` measures). Reserved, never
// ingested: /usr/lib/python3/dist-packages (the 1 MB package) and /usr/lib/python3.11 (the unrelated half of the
// scanned repository).
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/provscan.js');
const WORK = join(ROOT, 'bench/work/store');
const args = process.argv.slice(2);
const many = (name) => args.flatMap((a, i) => (a === `--${name}` ? [args[i + 1]] : []));
const one = (name, def) => many(name)[0] ?? def;
const RUNS = Number(one('runs', 3));
const CODE = /\.(c|h|cc|cpp|cxx|hh|hpp|hxx|py|js|mjs|cjs|ts|java|go|rs|rb|php|pl|pm|cs|swift|kt|scala|m|mm|sh|lua)$/i;

// ------------------------------------------------------------------------------------------------------------
// Inputs

/** Code files under `dir` (sorted, symlinks not followed), with their sizes. */
function codeFiles(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  } catch {
    return out;
  }
  for (const d of names) {
    if (d.name === '.git' || d.name === 'node_modules' || d.isSymbolicLink()) continue;
    const p = join(dir, d.name);
    if (d.isDirectory()) codeFiles(p, out);
    else if (d.isFile() && CODE.test(d.name)) {
      const size = statSync(p).size;
      if (size > 0 && size < 4_000_000) out.push({ path: p, size });
    }
  }
  return out;
}

function packages() {
  const dirs = [...many('src')];
  for (const root of many('src-each'))
    for (const d of readdirSync(root, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)))
      if (d.isDirectory()) dirs.push(join(root, d.name));
  if (dirs.length === 0) dirs.push('/usr/include', join(ROOT, 'node_modules'));
  return dirs
    .filter((d) => existsSync(d))
    .map((dir) => {
      const files = codeFiles(dir);
      return {
        dir,
        name: relative('/', dir).replace(/[^\w.-]+/g, '-'),
        files,
        bytes: files.reduce((s, f) => s + f.size, 0),
      };
    })
    .filter((p) => p.bytes > 0);
}

/** Copies `files` (absolute paths) under `root`, keeping their paths below `base`, up to `cap` bytes. */
function copyTree(files, base, root, cap) {
  let bytes = 0;
  for (const f of files) {
    if (bytes >= cap) break;
    const target = join(root, relative(base, f.path).replace(/^(\.\.\/)+/, ''));
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(f.path, target);
    bytes += f.size;
  }
  return bytes;
}

const git = (cwd, ...a) =>
  execFileSync('git', a, { cwd, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
function newRepo(dir) {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench', version: '1.0.0', license: 'MIT' })}\n`);
}

// ------------------------------------------------------------------------------------------------------------
// Measuring a CLI run

/** Runs the CLI under /usr/bin/time: wall seconds, CPU seconds (user + system), peak RSS in MB, exit status. */
function timed(cliArgs, options = {}) {
  const res = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', process.execPath, BIN, ...cliArgs], {
    encoding: 'utf8',
    maxBuffer: 256 * 2 ** 20,
    ...options,
  });
  const line = res.stderr.trim().split('\n').pop() ?? '';
  const [wall, user, sys, rss] = line.split(' ').map(Number);
  if (res.status !== 0 && res.status !== 1) throw new Error(`provscan ${cliArgs.join(' ')}: ${res.stderr}`);
  return { wall, cpu: user + sys, rssMb: rss / 1024, status: res.status, stdout: res.stdout };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mb = (b) => b / 2 ** 20;

// ------------------------------------------------------------------------------------------------------------

const all = packages();
const steps = one('steps', '').split(',').filter(Boolean).map(Number);
mkdirSync(WORK, { recursive: true });
const db = join(WORK, 'corpus.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

// the 1 MB package (reserved), in a folder of its own
const oneMb = join(WORK, 'one-mb');
rmSync(oneMb, { recursive: true, force: true });
const reserved = codeFiles('/usr/lib/python3/dist-packages');
const oneMbBytes = copyTree(reserved, '/usr/lib/python3/dist-packages', oneMb, 2 ** 20);

// the 10 MB repository: 5 MB spread over every package to be ingested, 5 MB of unrelated code
const repo = join(WORK, 'repo');
newRepo(repo);
let shared = 0;
const total = all.reduce((s, q) => s + q.bytes, 0);
for (const p of all) {
  const share = (5 * 2 ** 20 * p.bytes) / total;
  const every = Math.max(1, Math.floor(p.bytes / share));
  shared += copyTree(
    p.files.filter((_, i) => i % every === 0),
    p.dir,
    join(repo, 'vendor', p.name),
    share,
  );
}
copyTree(codeFiles('/usr/lib/python3.11'), '/usr/lib/python3.11', join(repo, 'app'), 10 * 2 ** 20 - shared);
git(repo, 'add', '-A');
git(repo, 'commit', '-q', '-m', 'import');

// the staged change: 200 lines of one package's file, staged in a small repository
const check = join(WORK, 'check');
newRepo(check);
writeFileSync(join(check, 'main.c'), '/* bench */\nint main(void) { return 0; }\n');
git(check, 'add', '-A');
git(check, 'commit', '-q', '-m', 'base');
const sample = all[0].files.find((f) => f.size > 8000) ?? all[0].files[0];
writeFileSync(join(check, 'staged.c'), `${readFileSync(sample.path, 'utf8').split('\n').slice(0, 200).join('\n')}\n`);
git(check, 'add', 'staged.c');
const nodeStart = median(
  Array.from({ length: 5 }, () => {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    return performance.now() - t;
  }),
);

/** The measurements of one step (the corpus as it is now). */
function measure() {
  // adding (and removing) the 1 MB package
  const adds = [];
  for (let r = 0; r < RUNS; r++) {
    adds.push(timed(['corpus', 'add', oneMb, '--db', db, '--name', 'one-mb', '--license', 'MIT', '--quiet']).cpu);
    timed(['corpus', 'remove', 'one-mb', '--db', db]);
  }
  // the first check after an ingest (no cache of any kind), then more
  const checks = Array.from({ length: Math.max(5, RUNS) }, () =>
    timed(['check', '--staged', '--db', db, '--quiet'], { cwd: check }),
  );
  const out = join(WORK, 'scan.json');
  const scans = Array.from({ length: RUNS }, () =>
    timed(['scan', repo, '--db', db, '--format', 'json', '-o', out, '--quiet']),
  );
  const matched = JSON.parse(readFileSync(out, 'utf8')).files.filter((f) => f.matches.length > 0).length;
  const two = timed(['scan', repo, '--db', db, '--db', bundled, '--format', 'json', '-o', out, '--quiet']);
  const stats = JSON.parse(timed(['corpus', 'stats', '--db', db, '--json']).stdout);
  const row = {
    sourceMb: mb(source),
    postings: stats.postings.exact + stats.postings.abstract,
    segments: stats.segments,
    ingestMbPerCpuS: ingestCpu > 0 ? mb(ingestBytes) / ingestCpu : 0,
    add1MbCpu: median(adds),
    scanWall: median(scans.map((s) => s.wall)),
    scanRss: Math.max(...scans.map((s) => s.rssMb)),
    scanMatched: matched,
    twoWall: two.wall,
    twoRss: two.rssMb,
    checkFirst: checks[0].wall * 1000,
    checkMedian: median(checks.map((c) => c.wall)) * 1000,
    dbRatio: stats.sizeBytes / source,
  };
  process.stderr.write(`${JSON.stringify(row)}\n`);
  return row;
}

const rows = [];
let source = 0;
let ingestCpu = 0;
let ingestBytes = 0;
let totalCpu = 0;
let stepAt = 0;
const bundled = join(ROOT, 'fingerprints/default.db');
for (const [k, p] of all.entries()) {
  const add = timed([
    'corpus',
    'add',
    p.dir,
    '--db',
    db,
    '--name',
    p.name,
    '--license',
    'GPL-2.0-only',
    '--json',
    '--quiet',
  ]);
  const report = JSON.parse(add.stdout);
  source += report.bytes;
  ingestCpu += add.cpu;
  ingestBytes += report.bytes;
  totalCpu += add.cpu;
  process.stderr.write(
    `added ${p.name}: ${mb(report.bytes).toFixed(0)} MB in ${add.cpu.toFixed(1)} CPU-s (${(mb(report.bytes) / add.cpu).toFixed(1)} MB/CPU-s), ${report.postings} postings in ${report.segments} segments, ${report.merged} merged, RSS ${add.rssMb.toFixed(0)} MB\n`,
  );
  const last = k === all.length - 1;
  if (!last && steps.length > 0 && mb(source) < (steps[stepAt] ?? Number.POSITIVE_INFINITY)) continue;
  while (steps.length > 0 && mb(source) >= (steps[stepAt] ?? Number.POSITIVE_INFINITY)) stepAt++;
  rows.push(measure());
  ingestCpu = 0;
  ingestBytes = 0;
}
// the same corpus after `provscan corpus optimize` (one segment): what a recipe build ends with
const optimize = timed(['corpus', 'optimize', '--db', db, '--quiet']);
process.stderr.write(`optimized in ${optimize.cpu.toFixed(1)} CPU-s (${optimize.wall.toFixed(1)} s wall)\n`);
rows.push({ ...measure(), optimized: optimize.cpu });

const fmt = (r) =>
  `| ${r.sourceMb.toFixed(0)} MB${r.optimized !== undefined ? `, optimized (${r.optimized.toFixed(0)} CPU-s)` : ''} | ${(r.postings / 1e6).toFixed(1)} M in ${r.segments} | ${r.optimized !== undefined ? '–' : r.ingestMbPerCpuS.toFixed(1)} | ${r.add1MbCpu.toFixed(2)} s | ${r.scanWall.toFixed(1)} s, ${r.scanRss.toFixed(0)} MB (${r.scanMatched} files matched) | ${r.twoWall.toFixed(1)} s, ${r.twoRss.toFixed(0)} MB | ${r.checkFirst.toFixed(0)} ms / ${r.checkMedian.toFixed(0)} ms | ${r.dbRatio.toFixed(2)} |`;
const body = `Packages: ${all.map((p) => `${p.name} (${mb(p.bytes).toFixed(0)} MB)`).join(', ')}; added one by one with
\`provscan corpus add\` (a fresh process each, CPU = user + system time from /usr/bin/time). At each step: the ingest
rate of the packages added since the previous step (merges after them included); adding a ${mb(oneMbBytes).toFixed(1)} MB
package (Python, reserved: never part of the corpus; median of ${RUNS}, each removed again); a cold \`provscan scan\`
of a 10 MB repository (${mb(shared).toFixed(1)} MB of files spread over the packages, the rest unrelated CPython
standard library; median wall of ${RUNS}, peak RSS) and the same with the bundled corpus as a second --db;
\`provscan check --staged\` of a 200-line staged file (the first run right after an ingest, and the median of
${Math.max(5, RUNS)}; \`node -e 0\` takes ${nodeStart.toFixed(0)} ms here); database and write-ahead log size over
the source held. The whole build: ${mb(source).toFixed(0)} MB in ${totalCpu.toFixed(0)} CPU-s of \`corpus add\`
(${(mb(source) / totalCpu).toFixed(1)} MB per CPU-s, merges included); \`corpus optimize\` at the end took
${optimize.cpu.toFixed(0)} CPU-s.

| corpus source | postings in segments | ingest MB per CPU-s | add 1 MB (CPU) | cold scan of 10 MB: wall, peak RSS | same with a 2nd --db | check --staged: first / median | DB size ÷ source |
|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.map(fmt).join('\n')}`;
process.stdout.write(`${body}\n`);
if (!args.includes('--no-write'))
  writeSection('store', 'Corpus store at growing sizes', `node bench/store.bench.mjs ${args.join(' ')}`.trim(), body);
