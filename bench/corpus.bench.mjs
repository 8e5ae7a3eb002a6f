// Corpus speed and memory: ingest MB/s, scan MB/s against a corpus of at least 1 M fingerprints, peak RSS, the
// pre-commit path (a 200-line file against the bundled corpus, Node start-up included), and the SCANOSS client's
// WFP fingerprinting on the same inputs as a ratio. Inputs are real JavaScript/TypeScript from node_modules, split
// deterministically into a corpus side and a scan side. `node bench/corpus.bench.mjs [corpus-MB] [scan-MB]`.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeModulesCode, peakRssMb, writeSection } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK = join(ROOT, 'bench/work/corpus');
const dist = new URL('../dist/src/', import.meta.url);
const { ingestSources } = await import(new URL('corpus/store.js', dist).href);
const { corpusStats } = await import(new URL('corpus/api.js', dist).href);
const { fingerprintText, prepareFile } = await import(new URL('fingerprint/index.js', dist).href);

const CORPUS_MB = Number(process.argv[2] ?? 40);
const SCAN_MB = Number(process.argv[3] ?? 10);
const mb = (b) => b / 2 ** 20;

const files = nodeModulesCode(join(ROOT, 'node_modules'));
const corpusSide = [];
const scanSide = [];
let corpusBytes = 0;
let scanBytes = 0;
files.forEach((f, i) => {
  const bytes = readFileSync(f);
  const prepared = prepareFile(f, bytes);
  if ('reason' in prepared) return;
  if (i % 4 === 3) {
    if (scanBytes < SCAN_MB * 2 ** 20) {
      scanSide.push({ path: f.slice(ROOT.length), bytes, prepared });
      scanBytes += bytes.length;
    }
  } else if (corpusBytes < CORPUS_MB * 2 ** 20) {
    corpusSide.push({ path: f.slice(ROOT.length), bytes });
    corpusBytes += bytes.length;
  }
});

// 1. Ingest (entries already in memory: this measures fingerprinting + storage, not the disk). Three ingests into a
// fresh database each: the machine is shared, so the median and the range are reported.
mkdirSync(WORK, { recursive: true });
const db = join(WORK, 'speed.db');
// Warm the fingerprint engine's JIT on a slice first, as a long ingest would be.
for (const e of corpusSide.slice(0, 50)) fingerprintText(e.bytes.toString('utf8'), 'javascript');
let t = performance.now();
let fpOnlyMs = 0;
{
  const c1 = process.cpuUsage();
  for (const e of corpusSide) {
    const p = prepareFile(e.path, e.bytes);
    if (!('reason' in p)) fingerprintText(p.text, p.language);
  }
  fpOnlyMs = (process.cpuUsage(c1).user + process.cpuUsage(c1).system) / 1000;
}
const cpuMs = (c) => (c.user + c.system) / 1000;
const ingests = [];
let report;
for (let run = 0; run < 3; run++) {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  t = performance.now();
  const cpu0 = process.cpuUsage();
  report = await ingestSources(db, [{ info: { name: 'node_modules-sample', license: 'MIT' }, entries: corpusSide }]);
  ingests.push({ cpu: cpuMs(process.cpuUsage(cpu0)), wall: performance.now() - t });
}
ingests.sort((x, y) => x.cpu - y.cpu);
const ingestCpu = ingests[1].cpu;
const ingestMs = ingests[1].wall;
const fingerprints = report.postings;
const ingestRss = peakRssMb();

// 2. Scans, each in a fresh process (scan-child.mjs): a first pass with everything cold, then the same files again.
// The scan side shares a lot with the corpus (the worst case for alignment); the CPython standard library, when
// installed, is code that shares little with it (the usual case).
// the corpus's fingerprint count, from its metadata (opening it would load every posting)
const stats = await corpusStats(db);
const fingerprintCount = Object.values(stats.fingerprints).reduce((a, b) => a + b, 0);
const child = (name, paths) => {
  const list = join(WORK, `${name}.json`);
  writeFileSync(list, JSON.stringify(paths));
  const res = spawnSync(process.execPath, [join(ROOT, 'bench/scan-child.mjs'), db, list], { encoding: 'utf8' });
  if (res.status !== 0) throw new Error(`scan-child failed: ${res.stderr}`);
  return JSON.parse(res.stdout);
};
const heavy = child(
  'scan-side',
  scanSide.map((s) => join(ROOT, s.path)),
);

const matches = heavy.passes[0].matches;
const scanMs = heavy.passes[0].wallMs;
/**
 * Files under `dir` whose names match `re`, in sorted order, into `into` until it holds `cap` bytes; folders named
 * in `skip` are left out, unreadable entries ignored. Returns the bytes collected so far.
 */
const collect = (dir, re, cap, into, bytes = 0, skip = /^$/) => {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return bytes;
  }
  for (const name of names) {
    if (bytes >= cap) break;
    if (skip.test(name)) continue;
    const path = join(dir, name);
    let st;
    try {
      st = statSync(path);
    } catch {
      continue;
    }
    if (st.isDirectory()) bytes = collect(path, re, cap, into, bytes, skip);
    else if (re.test(name)) {
      into.push(path);
      bytes += st.size;
    }
  }
  return bytes;
};
// The CPython standard library (top level and packages, tests and site-packages left out), up to SCAN_MB; no
// CPython here: the rows are left out.
const clean = [];
const cleanBytes = collect(
  '/usr/lib/python3.11',
  /\.py$/,
  SCAN_MB * 2 ** 20,
  clean,
  0,
  /^(test|tests|site-packages|dist-packages|idlelib)$/,
);
const cleanRun = clean.length > 0 ? child('clean-side', clean) : null;
// A large one-off scan of unrelated code: the CPython standard library, then C headers from /usr/include, up to
// 4 × SCAN_MB (what a big repository costs when the per-process costs are spread over more code).
const large = [...clean];
const largeBytes = collect('/usr/include', /\.(h|hh|hpp)$/, 4 * SCAN_MB * 2 ** 20, large, cleanBytes);
const largeRun = largeBytes >= 2 * SCAN_MB * 2 ** 20 ? child('large-side', large) : null;

/** A new git repository at `dir` with a bench identity; returns a function running git in it. */
const newRepo = (dir) => {
  const git = (...args) =>
    execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });
  git('init', '-q', '-b', 'main');
  git('config', 'user.name', 'Bench');
  git('config', 'user.email', 'bench@example.com');
  return git;
};

// 2b. What a user runs: `provscan scan REPO --db CORPUS` in a fresh process (Node start-up, module loading, git,
// project license, matching, the JSON written), on git repositories holding each scan side (one commit). Median of 3.
const cliScan = (name, paths, base) => {
  const repoDir = join(WORK, 'repos', name);
  rmSync(repoDir, { recursive: true, force: true });
  mkdirSync(repoDir, { recursive: true });
  let bytes = 0;
  for (const p of paths) {
    const target = join(repoDir, relative(base, p).replace(/^(\.\.\/)+/, ''));
    mkdirSync(dirname(target), { recursive: true });
    const data = readFileSync(p);
    writeFileSync(target, data);
    bytes += data.length;
  }
  const git = newRepo(repoDir);
  git('add', '-A');
  git('commit', '-q', '-m', 'Import');
  const out = join(WORK, `${name}-cli-scan.json`);
  const runs = [];
  let status = null;
  let result = null;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = spawnSync(
      process.execPath,
      [join(ROOT, 'bin/provscan.js'), 'scan', repoDir, '--db', db, '--format', 'json', '-o', out, '--quiet'],
      { encoding: 'utf8' },
    );
    runs.push(performance.now() - t0);
    status = res.status;
  }
  if (status === 0 || status === 1) result = JSON.parse(readFileSync(out, 'utf8'));
  runs.sort((a, b) => a - b);
  return {
    bytes,
    files: result?.totals.files ?? 0,
    matches: result ? result.files.reduce((n, f) => n + f.matches.length, 0) : 0,
    status,
    ms: runs[1],
  };
};
const cliHeavy = cliScan(
  'heavy',
  scanSide.map((s) => join(ROOT, s.path)),
  join(ROOT, 'node_modules'),
);
const cliClean = cleanRun ? cliScan('cpython', clean, '/usr/lib') : null;
const cliLarge = largeRun ? cliScan('large', large, '/usr') : null;

const rss = Math.max(ingestRss, heavy.rssMb, cleanRun?.rssMb ?? 0, largeRun?.rssMb ?? 0);

// 3. SCANOSS client WFP over the same scan-side files (its own process; includes its start-up, ~0.3 s).
const hostDir = join(WORK, 'scan-side');
rmSync(hostDir, { recursive: true, force: true });
scanSide.forEach((s, i) => {
  const p = join(hostDir, String(i % 64), `${i}-${s.path.replace(/[^\w.]+/g, '_').slice(-80)}`);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, s.bytes);
});
let scanossMs = null;
try {
  t = performance.now();
  const res = spawnSync(
    join(ROOT, 'node_modules/.bin/scanoss-js'),
    ['wfp', hostDir, '-o', join(WORK, 'scan-side.wfp')],
    { stdio: 'ignore' },
  );
  scanossMs = performance.now() - t;
  if (res.status !== 0) scanossMs = null;
} catch {
  scanossMs = null;
}

// 4. Pre-commit path: `provscan check --staged` on a 200-line staged file, bundled corpus, Node start-up included.
const repo = join(WORK, 'precommit-repo');
rmSync(repo, { recursive: true, force: true });
mkdirSync(repo, { recursive: true });
const git = newRepo(repo);
const source = scanSide.find((s) => s.prepared.lines >= 200) ?? scanSide[0];
writeFileSync(join(repo, 'staged.js'), source.prepared.text.split('\n').slice(0, 200).join('\n'));
git('add', 'staged.js');
const runs = [];
let checkStatus = null;
for (let i = 0; i < 7; i++) {
  const t0 = performance.now();
  const res = spawnSync(process.execPath, [join(ROOT, 'bin/provscan.js'), 'check', '--staged', '--quiet'], {
    cwd: repo,
    encoding: 'utf8',
  });
  runs.push(performance.now() - t0);
  checkStatus = res.status;
}
runs.sort((a, b) => a - b);
const checkMs = runs[Math.floor(runs.length / 2)];

const rate = (bytes, ms) => `${(mb(bytes) / (ms / 1000)).toFixed(1)} MB/s`;
const met = (bytes, ms) => (mb(bytes) / (ms / 1000) >= 20 ? 'met' : '**not met**');
const [cold, warm] = heavy.passes;
const oneOff = (label, run) => {
  const ms = run.openMs + run.passes[0].wallMs;
  return `${label}: ${(ms / 1000).toFixed(2)} s, ${rate(run.bytes, ms)}`;
};
const scanRows = (label, run, note) =>
  [0, 1]
    .map((i) => {
      const p = run.passes[i];
      const what = i === 0 ? 'first pass in a fresh process' : 'the same files again in that process';
      return `| ${label}, ${what} | **${rate(run.bytes, p.cpuMs)}** per CPU second; ${rate(run.bytes, p.wallMs)} wall (${(p.wallMs / 1000).toFixed(2)} s${i === 0 ? `; ${p.matches} matches${note}` : ''}) | ≥ 20 MB/s: CPU ${met(run.bytes, p.cpuMs)}, wall ${met(run.bytes, p.wallMs)} |`;
    })
    .join('\n');
const body = `Real code from node_modules (JS/TS including .d.ts, C/C++, Python, Java; deterministic split: every 4th file
scanned, the rest ingested). MB/s are per CPU second of the measuring process (\`process.cpuUsage\`: user + system
time of all its threads — the JIT compiler's and the garbage collector's too — one core's worth, and steadier than
wall time on a shared machine); scans also show wall-clock time, which V8's background compiler threads shorten. Ingest runs three times (a fresh database each):
the median is shown with the range. Each scan runs in a fresh process (\`bench/scan-child.mjs\`): its first pass is
what a one-off scan of that much code costs, JIT and caches cold; the second pass is the same files again, what the
same work costs once a long scan has warmed up.

| Measure | Result | Target |
|---|---:|---:|
| Ingest: ${mb(report.bytes).toFixed(1)} MB, ${corpusSide.length} files → ${fingerprintCount.toLocaleString('en')} fingerprints (${fingerprints.toLocaleString('en')} postings) | **${rate(report.bytes, ingestCpu)}** (${(ingestMs / 1000).toFixed(1)} s wall; three runs ${ingests.map((r) => rate(report.bytes, r.cpu).replace(' MB/s', '')).join(' / ')} MB/s) | ≥ 20 MB/s: ${met(report.bytes, ingestCpu)} |
| the fingerprint engine alone on the same files (\`prepareFile\` + \`fingerprintText\`) | ${rate(corpusBytes, fpOnlyMs)} | |
| Open the corpus (load postings) | ${heavy.openMs.toFixed(0)} ms | |
${scanRows(`Scan of a side sharing much with the corpus: ${mb(scanBytes).toFixed(1)} MB, ${heavy.files} files, prepare + fingerprint + match`, heavy, ', the worst case for alignment')}
| Scan of that side, match step only (fingerprints computed beforehand, matcher warm) | ${rate(scanBytes, heavy.matchOnlyCpuMs)} per CPU second | |
${cleanRun ? `${scanRows(`Scan of unrelated code: the CPython 3.11 standard library, ${mb(cleanRun.bytes).toFixed(1)} MB, ${cleanRun.files} files`, cleanRun, '')}\n` : ''}${largeRun ? `${scanRows(`Large scan of unrelated code: CPython and C headers from /usr/include, ${mb(largeRun.bytes).toFixed(1)} MB, ${largeRun.files} files`, largeRun, '').split('\n')[0]}\n` : ''}| One-off scan end to end in a fresh process (open the corpus + first pass), wall | ${oneOff('side sharing much', heavy)}${cleanRun ? `; ${oneOff('CPython', cleanRun)}` : ''}${largeRun ? `; ${oneOff('large', largeRun)}` : ''} | |
| \`provscan scan REPO --db CORPUS\` in a fresh process, end to end (Node start-up, git, project license, matching, JSON written; median of 3) | ${[
  ['side sharing much', cliHeavy],
  ['CPython', cliClean],
  ['large', cliLarge],
]
  .filter(([, r]) => r)
  .map(
    ([label, r]) =>
      `${label}: ${(r.ms / 1000).toFixed(2)} s, ${rate(r.bytes, r.ms)} (${r.files} files, ${r.matches} matches, exit ${r.status})`,
  )
  .join('; ')} | |
| Peak RSS (ingest process; each scan process) | **${ingestRss.toFixed(0)} MB**; ${[heavy, cleanRun, largeRun]
  .filter(Boolean)
  .map((r) => `${r.rssMb.toFixed(0)} MB`)
  .join(', ')} | ≤ 500 MB: ${rss <= 500 ? 'met' : '**not met**'} |
| SCANOSS client \`scanoss-js wfp\` on the scan side | ${scanossMs === null ? 'failed' : `${rate(scanBytes, scanossMs)} wall (${(scanossMs / 1000).toFixed(1)} s); provscan's first scan pass is ${(scanossMs / scanMs).toFixed(1)}× faster in wall time`} | |
| \`provscan check --staged\`, 200-line file, bundled corpus, Node start-up included (median of 7) | **${checkMs.toFixed(0)} ms** (exit ${checkStatus}) | ≤ 300 ms |

Corpus size on disk: ${mb(statSync(db).size).toFixed(1)} MB. The side sharing much with the corpus matches in most of its
files (node_modules holds several copies and builds of many packages: ${matches} matches in ${heavy.files} files).
Cold, its scan is ${(cold.cpuMs / warm.cpuMs).toFixed(1)}× the warm cost: the first pass also pays for V8 compiling the
matcher (on background threads, counted here), the first look-up of each matched corpus file's members and the
first use of the postings' bucket tables: about ${((cold.wallMs - warm.wallMs) / 1000).toFixed(2)} s of wall time
(${((cold.cpuMs - warm.cpuMs) / 1000).toFixed(2)} s CPU) that a one-off scan pays once, whatever its size${
  largeRun
    ? ` — the large scan, ${(largeRun.bytes / cleanRun.bytes).toFixed(1)}× the CPython side, takes ${(largeRun.passes[0].wallMs / cleanRun.passes[0].wallMs).toFixed(1)}× its first-pass wall time`
    : ''
}. Opening the corpus is a second fixed cost (loading the postings). The CLI rows add what every command run pays: Node's
start-up and module loading (~0.1 s and ~0.1 s here), git listing the files and reading the history, the project
license, reading and hashing every file, and writing the JSON. Dolos and the SCANOSS client's in-process winnowing are compared on the
fingerprinting step in the fingerprint engine's section of this file.`;
writeSection(
  'corpus',
  'Corpus ingest, scan speed and memory',
  `node bench/corpus.bench.mjs ${CORPUS_MB} ${SCAN_MB}`,
  body,
);
process.stdout.write(`${body}\n`);
