// `npm run bench:scale [-- --size 10G]`: the corpus-at-scale benchmark (issue 14). Fetches real Debian source
// packages with provscan's own `corpus add deb:NAME` (apt with the machine's sources; nothing committed), grows one
// corpus database to the target size of ingested source, and at each step size (default 1, 3, 10 GB) measures on a
// copy of the corpus at that size:
//   - `corpus add` of a ~1 MB package (provscan's CPU seconds);
//   - the sustained ingest rate of the packages added to reach that size (MB of source per provscan CPU second);
//   - a cold `provscan scan` of a 10 MB repository (wall seconds, peak RSS), against that corpus alone and with two
//     more --db at once; the repository is real code of mixed languages from packages NOT in the corpus, with
//     fragments and whole files copied from corpus packages (how many of them the scan finds is reported);
//   - `provscan check --staged` latency (the first check after the ingest, then the median of --runs), beside a bare
//     `node -e 0`;
//   - database size against the source ingested.
// Not part of `npm run bench` (it downloads GBs). Resumable: packages already in the corpus are not fetched again,
// a step already measured is not measured again (--remeasure to redo), and the corpus at each step is kept as
// WORK/corpus-<step>.db (--no-snapshots to delete each copy once measured). Results: WORK/state.json and the
// `scale` section of bench/RESULTS.md. Every step that fails says which and why; the run then exits 1.
// Options: --size 10G | 300M …, --steps 1G,3G,10G, --work DIR (default bench/work/scale), --cache DIR (provscan's
// cache: apt lists and downloads; default WORK/cache), --runs N (check repetitions, default 7), --table (measure
// nothing: rewrite the RESULTS.md section from WORK/state.json).
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProvscan, writeSection } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 && argv[i + 1] !== undefined ? argv[i + 1] : def;
};
const flag = (name) => argv.includes(`--${name}`);

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*([KMG]?)B?$/i.exec(String(text).trim());
  if (!m) throw new Error(`not a size: ${text} (e.g. 300M, 1G, 10G)`);
  return Math.round(Number(m[1]) * { '': 1, K: 2 ** 10, M: 2 ** 20, G: 2 ** 30 }[m[2].toUpperCase()]);
}
const fmtSize = (b) => (b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GB` : `${(b / 2 ** 20).toFixed(0)} MB`);
const label = (b) => (b >= 2 ** 30 ? `${+(b / 2 ** 30).toFixed(2)}G` : `${Math.round(b / 2 ** 20)}M`);

const SIZE = parseSize(opt('size', '10G'));
const STEPS = (
  opt('steps')
    ? opt('steps').split(',').map(parseSize)
    : SIZE >= 2 ** 30
      ? [2 ** 30, 3 * 2 ** 30, 10 * 2 ** 30].filter((s) => s < SIZE)
      : [Math.round(SIZE / 3)]
)
  .concat(SIZE)
  .filter((s, i, a) => a.indexOf(s) === i)
  .sort((a, b) => a - b);
const WORK = resolve(opt('work', fileURLToPath(new URL('./work/scale/', import.meta.url))));
const CACHE = resolve(opt('cache', join(WORK, 'cache')));
const RUNS = Number(opt('runs', '7'));
const DEFAULT_DB = fileURLToPath(new URL('../fingerprints/default.db', import.meta.url));
const CORPUS = join(WORK, 'corpus.db');
const REPO = join(WORK, 'repo');
const STATE = join(WORK, 'state.json');
const ENV = { PROVSCAN_CACHE_DIR: CACHE };

// Corpus packages, in the order they are added: copyleft C/C++ first (what the recipes hold), then the largest
// real sources to reach 10 GB. A package the apt sources lack is reported and passed over.
const CORPUS_PACKAGES = [
  'coreutils',
  'busybox',
  'bash',
  'glibc',
  'util-linux',
  'systemd',
  'gnupg2',
  'git',
  'binutils',
  'gdb',
  'emacs',
  'ffmpeg',
  'gimp',
  'vlc',
  'glib2.0',
  'gtk+3.0',
  'qtbase-opensource-src',
  'mariadb',
  'qemu',
  'samba',
  'openjdk-17',
  'linux',
  'gcc-12',
  'llvm-toolchain-15',
  'libreoffice',
  'firefox-esr',
  'thunderbird',
  'chromium',
];
/** Packages whose upstream source is a tarball inside the Debian one. */
const UNPACK = { 'gcc-12': 'gcc-*.tar.xz' };
/** The ~1 MB package whose `corpus add` is timed at each step (never part of the corpus itself). */
const SMALL = 'bc';
// The scanned repository's code: packages NOT in the corpus, one language each, and where in them to take files.
const SCAN_SOURCES = [
  { pkg: 'sqlite3', lang: 'c', take: /^(src|ext)\/.*\.[ch]$/ },
  { pkg: 'curl', lang: 'c', take: /^(lib|src)\/.*\.[ch]$/ },
  { pkg: 'python3.11', lang: 'python', take: /^Lib\/(?!test\/).*\.py$/ },
  { pkg: 'golang-1.19', lang: 'go', take: /^src\/(?!.*testdata\/).*(?<!_test)\.go$/ },
  { pkg: 'nodejs', lang: 'javascript', take: /^lib\/.*\.js$/ },
  { pkg: 'symfony', lang: 'php', take: /^src\/.*(?<!Test)\.php$/ },
];
const REPO_BYTES = 10 * 2 ** 20;

const state = existsSync(STATE) ? JSON.parse(readFileSync(STATE, 'utf8')) : { packages: {}, steps: {}, failures: [] };
const save = () => writeFileSync(STATE, `${JSON.stringify(state, null, 2)}\n`);
const failures = [];
const fail = (what, why) => {
  const line = `scale: ${what} failed: ${String(why).trim().split('\n').slice(-3).join(' | ')}`;
  console.error(line);
  failures.push(line);
  state.failures.push(line);
  save();
};
const say = (s) => process.stdout.write(`scale: ${s}\n`);
const corpusBytes = () => Object.values(state.packages).reduce((s, p) => s + (p.bytes ?? 0), 0);
const dist = (p) => new URL(`../dist/src/${p}`, import.meta.url).href;

function git(cwd, ...args) {
  return execFileSync('git', args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' },
    maxBuffer: 256 * 2 ** 20,
  });
}

/** The versions of a source package in the apt sources, newest first (the benchmark falls back to an older one when a
 * mirror lacks the newest's files: which version is measured does not matter, that it is real code does). */
async function versionsOf(name) {
  process.env.PROVSCAN_CACHE_DIR = CACHE;
  const { AptArchive } = await import(dist('corpus/ingest/apt.js'));
  const { compareDebianVersions } = await import(dist('corpus/ingest/debian-version.js'));
  const archive = await AptArchive.open();
  const versions = (await archive.records(name)).filter((r) => r.name === name).map((r) => r.version);
  return [...new Set(versions)].sort((a, b) => compareDebianVersions(b, a));
}

const fetchFailed = (text) => /Failed to fetch|apt-get source failed|404/.test(text);

/** Adds the next packages of the list until the corpus holds `target` bytes of source (or the list ends). */
async function growTo(target) {
  for (const name of CORPUS_PACKAGES) {
    if (corpusBytes() >= target) return true;
    const p = state.packages[name];
    if (p && (p.bytes !== undefined || p.missing)) continue;
    say(`adding deb:${name} (corpus ${fmtSize(corpusBytes())} of ${fmtSize(target)}) …`);
    const add = (spec) =>
      UNPACK[name]
        ? runRecipeFor(spec, UNPACK[name])
        : runProvscan(['corpus', 'add', `deb:${spec}`, '--db', CORPUS, '--json', '--quiet'], { env: ENV });
    let run = await add(name);
    let version;
    if (run.code !== 0 && fetchFailed(run.stderr)) {
      for (const v of (await versionsOf(name)).slice(1, 4)) {
        say(`deb:${name}: ${run.stderr.trim().split('\n').pop()}; trying version ${v}`);
        run = await add(`${name}=${v}`);
        version = v;
        if (run.code === 0 || !fetchFailed(run.stderr)) break;
      }
    }
    if (run.code !== 0) {
      const why = run.stderr.trim().split('\n').pop() ?? `exit ${run.code}`;
      if (/no source package named/.test(why)) {
        state.packages[name] = { missing: true };
        say(`deb:${name} is not in the apt sources; passed over`);
        save();
        continue;
      }
      fail(`corpus add deb:${name}`, why);
      if (/too big|out of memory|more than \d+ distinct files/i.test(why)) {
        say(`the corpus cannot grow past ${fmtSize(corpusBytes())} with this store; measuring what was reached`);
        return false;
      }
      continue;
    }
    const report = JSON.parse(run.stdout);
    const bytes = report.bytes ?? report.results?.reduce((s, r) => s + r.bytes, 0) ?? 0;
    state.packages[name] = {
      bytes,
      ...(version ? { version } : {}),
      cpuS: run.cpuS,
      wallS: run.wallS,
      rssMb: run.rssMb,
      order: Object.keys(state.packages).length,
    };
    save();
    say(
      `deb:${name}: ${fmtSize(bytes)} in ${run.cpuS.toFixed(1)} CPU s (${(bytes / 2 ** 20 / run.cpuS).toFixed(1)} MB/CPU-s)`,
    );
  }
  return corpusBytes() >= target;
}

/** gcc-N needs its inner tarball unpacked, which only a recipe can ask for. */
async function runRecipeFor(spec, unpack) {
  const file = join(WORK, 'nested.yml');
  writeFileSync(file, `sources:\n  - deb: ${spec}\n    unpack: ["${unpack}"]\n    exclude: ["testsuite/"]\n`);
  const run = await runProvscan(['corpus', 'add', '--recipe', file, '--db', CORPUS, '--json', '--quiet'], {
    env: ENV,
  });
  if (run.code === 0) return run;
  try {
    const r = JSON.parse(run.stdout);
    return { ...run, stderr: r.results.find((x) => x.error)?.error ?? run.stderr };
  } catch {
    return run;
  }
}

/** Unpacks a package with provscan's own apt code (bench/work cache) and returns its tree and a disposer. */
async function unpacked(name) {
  process.env.PROVSCAN_CACHE_DIR = CACHE;
  const { AptArchive } = await import(dist('corpus/ingest/apt.js'));
  const archive = await AptArchive.open();
  let lastError;
  for (const version of (await versionsOf(name)).slice(0, 4)) {
    try {
      const record = await archive.resolve({ name, version }, `deb:${name}=${version}`);
      const pooled = await archive.download(record, `deb:${name}=${version}`);
      return await archive.extract(record, pooled, `deb:${name}=${version}`);
    } catch (err) {
      lastError = err;
      say(`${err.message}; trying an older version`);
    }
  }
  throw lastError ?? new Error(`deb:${name}: not in the apt sources`);
}

/** The 10 MB repository: real code from packages not in the corpus, plus fragments and files copied from corpus ones. */
async function buildRepo() {
  if (existsSync(join(REPO, '.git')) && existsSync(join(WORK, 'repo.json')))
    return JSON.parse(readFileSync(join(WORK, 'repo.json'), 'utf8'));
  rmSync(REPO, { recursive: true, force: true });
  mkdirSync(REPO, { recursive: true });
  const { listTree } = await import(dist('corpus/ingest/walk.js'));
  const pools = [];
  for (const s of SCAN_SOURCES) {
    say(`repository: taking ${s.lang} code from deb:${s.pkg} …`);
    let tree;
    try {
      tree = await unpacked(s.pkg);
    } catch (err) {
      fail(`repository: fetching deb:${s.pkg} (${s.lang})`, err.message);
      continue;
    }
    const files = listTree(tree.dir)
      .filter((p) => s.take.test(p))
      .map((p) => ({ path: p, text: readFileSync(join(tree.dir, p)) }))
      .filter((f) => f.text.length > 500 && f.text.length < 200_000 && !f.text.includes(0));
    pools.push({ ...s, files, dispose: tree.dispose });
  }
  // round-robin over the languages, in path order, up to 10 MB
  let total = 0;
  const taken = [];
  for (let i = 0; total < REPO_BYTES; i++) {
    let any = false;
    for (const p of pools) {
      const f = p.files[i];
      if (!f || total >= REPO_BYTES) continue;
      any = true;
      const dest = join(p.pkg, f.path);
      mkdirSync(dirname(join(REPO, dest)), { recursive: true });
      writeFileSync(join(REPO, dest), f.text);
      taken.push({ path: dest, lang: p.lang });
      total += f.text.length;
    }
    if (!any) break;
  }
  for (const p of pools) p.dispose();
  // copies from corpus packages: 20 fragments of 60 lines into C files of the repository, and 2 whole files
  const copies = [];
  const donor = await unpacked('coreutils');
  try {
    const cFiles = listTree(donor.dir).filter((p) => /^src\/.*\.c$/.test(p));
    const hosts = taken.filter((t) => t.lang === 'c');
    for (let k = 0; k < 20 && k < hosts.length && k < cFiles.length; k++) {
      const from = cFiles[(k * 7) % cFiles.length];
      const lines = readFileSync(join(donor.dir, from), 'utf8').split('\n');
      const start = Math.max(0, Math.floor(lines.length / 3));
      const fragment = lines.slice(start, start + 60);
      const host = hosts[(k * 13) % hosts.length];
      const hostLines = readFileSync(join(REPO, host.path), 'utf8').split('\n');
      const at = Math.floor(hostLines.length / 2);
      hostLines.splice(at, 0, ...fragment);
      writeFileSync(join(REPO, host.path), hostLines.join('\n'));
      copies.push({ host: host.path, from: `coreutils/${from}`, lines: fragment.length });
    }
    for (const from of cFiles.slice(0, 2)) {
      const dest = join('vendored', from.split('/').pop());
      mkdirSync(join(REPO, 'vendored'), { recursive: true });
      copyFileSync(join(donor.dir, from), join(REPO, dest));
      copies.push({ host: dest, from: `coreutils/${from}`, lines: 'whole file' });
    }
  } finally {
    donor.dispose();
  }
  writeFileSync(join(REPO, 'LICENSE'), 'MIT License\n\nCopyright (c) 2026 Bench\n');
  git(REPO, 'init', '-q', '-b', 'main');
  git(REPO, 'config', 'user.name', 'Bench');
  git(REPO, 'config', 'user.email', 'bench@example.com');
  git(REPO, 'add', '-A');
  git(REPO, 'commit', '-q', '-m', 'Import');
  const info = {
    files: taken.length + 2,
    bytes: total,
    copies,
    languages: pools.map((s) => `${s.lang} (${s.pkg})`),
  };
  writeFileSync(join(WORK, 'repo.json'), `${JSON.stringify(info, null, 2)}\n`);
  return info;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)];
};

async function nodeBaseline() {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Original code nothing in any corpus holds, for the staged change. */
function stagedCode(lines) {
  const out = [];
  for (let i = 0; out.length < lines; i++)
    out.push(
      `export function mix${i}(a${i}: number, b${i}: number): number {`,
      `  return a${i} * ${i + 3} - b${i} / ${i + 7};`,
      '}',
    );
  return `${out.slice(0, lines).join('\n')}\n`;
}

async function measureStep(step, prevSnapshot) {
  const key = label(step);
  const snap = join(WORK, `corpus-${key}.db`);
  const m = {
    source: corpusBytes(),
    packages: Object.keys(state.packages).filter((k) => state.packages[k].bytes !== undefined),
  };
  copyFileSync(CORPUS, snap);
  for (const s of ['-wal', '-shm']) rmSync(snap + s, { force: true });
  m.dbBytes = statSync(snap).size;
  m.ratio = m.dbBytes / m.source;
  // sustained ingest: the packages added since the previous step
  const prevPackages = new Set(state.steps[prevSnapshot?.key]?.packages ?? []);
  const fresh = m.packages.filter((p) => !prevPackages.has(p));
  const bytes = fresh.reduce((s, p) => s + state.packages[p].bytes, 0);
  const cpu = fresh.reduce((s, p) => s + state.packages[p].cpuS, 0);
  m.ingestRate = bytes / 2 ** 20 / cpu;
  m.ingestOf = `${fresh.length} packages, ${fmtSize(bytes)}`;

  say(`${key}: adding deb:${SMALL} to a copy of the corpus …`);
  const add = await runProvscan(['corpus', 'add', `deb:${SMALL}`, '--db', snap, '--json', '--quiet'], { env: ENV });
  if (add.code === 0) {
    m.smallBytes = JSON.parse(add.stdout).bytes;
    m.smallCpuS = add.cpuS;
  } else fail(`${key}: corpus add deb:${SMALL}`, add.stderr);

  const repo = await buildRepo();
  m.repo = { files: repo.files, bytes: repo.bytes, copies: repo.copies.length };
  // the first check after the ingest above, then the median of RUNS more
  const staged = join(REPO, 'staged', 'change.ts');
  mkdirSync(dirname(staged), { recursive: true });
  writeFileSync(staged, stagedCode(200));
  git(REPO, 'add', 'staged/change.ts');
  const checkEnv = { ...ENV, PROVSCAN_CACHE_DIR: join(WORK, `check-cache-${key}`) };
  rmSync(checkEnv.PROVSCAN_CACHE_DIR, { recursive: true, force: true });
  const checks = [];
  const checkCpu = [];
  for (let i = 0; i <= RUNS; i++) {
    const c = await runProvscan(['check', '--staged', '--db', snap, '--quiet'], { cwd: REPO, env: checkEnv });
    if (c.code !== 0 && c.code !== 1) {
      fail(`${key}: check --staged`, c.stderr);
      break;
    }
    checks.push(c.wallS * 1000);
    checkCpu.push(c.cpuS * 1000);
  }
  git(REPO, 'rm', '-q', '--cached', 'staged/change.ts');
  rmSync(join(REPO, 'staged'), { recursive: true, force: true });
  rmSync(checkEnv.PROVSCAN_CACHE_DIR, { recursive: true, force: true });
  m.checkFirstMs = checks[0];
  m.checkMedianMs = median(checks.slice(1));
  m.checkFirstCpuMs = checkCpu[0];
  m.checkMedianCpuMs = median(checkCpu.slice(1));
  m.nodeMs = await nodeBaseline();

  const scan = async (dbs) => {
    const scanEnv = { ...ENV, PROVSCAN_CACHE_DIR: join(WORK, `scan-cache-${key}`) };
    rmSync(scanEnv.PROVSCAN_CACHE_DIR, { recursive: true, force: true });
    const out = join(WORK, `scan-${key}.json`);
    const r = await runProvscan(
      ['scan', REPO, ...dbs.flatMap((d) => ['--db', d]), '--format', 'json', '--output', out, '--quiet', '--no-cache'],
      { env: scanEnv },
    );
    rmSync(scanEnv.PROVSCAN_CACHE_DIR, { recursive: true, force: true });
    if (r.code !== 0 && r.code !== 1) {
      fail(`${key}: scan with ${dbs.length} --db`, r.stderr);
      return undefined;
    }
    const result = JSON.parse(readFileSync(out, 'utf8'));
    rmSync(out, { force: true });
    const matched = new Set(result.files.filter((f) => f.matches.length > 0).map((f) => f.path));
    const found = repo.copies.filter((c) => matched.has(c.host)).length;
    return {
      wallS: r.wallS,
      cpuS: r.cpuS,
      rssMb: r.rssMb,
      matches: result.files.reduce((s, f) => s + f.matches.length, 0),
      found,
    };
  };
  say(`${key}: cold scan of the 10 MB repository …`);
  m.scan = await scan([snap]);
  const multi = [snap, ...(prevSnapshot && existsSync(prevSnapshot.path) ? [prevSnapshot.path] : []), DEFAULT_DB];
  say(`${key}: the same with ${multi.length} --db …`);
  m.scanMulti = await scan(multi);
  m.multiDbs = multi.length;
  m.date = new Date().toISOString();
  state.steps[key] = m;
  save();
  if (flag('no-snapshots')) rmSync(snap, { force: true });
  return { key, path: snap };
}

function table() {
  const n = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');
  const rows = Object.entries(state.steps)
    .sort(([, a], [, b]) => a.source - b.source)
    .map(([key, m]) => {
      const scan = (s) =>
        s
          ? `${n(s.wallS)} s (CPU ${n(s.cpuS)} s), ${n(s.rssMb, 0)} MB (${s.found}/${m.repo.copies} copies found)`
          : 'failed';
      const cpu = (x) => (x === undefined ? '' : ` (CPU ${n(x, 0)})`);
      return (
        `| ${fmtSize(m.source)} (${key}; ${m.packages.length} packages) | ${fmtSize(m.dbBytes)} (${n(m.ratio, 2)}×) | ` +
        `${n(m.smallCpuS, 2)} s (${fmtSize(m.smallBytes ?? 0)}) | ${n(m.ingestRate)} (${m.ingestOf}) | ${scan(m.scan)} | ` +
        `${scan(m.scanMulti)} (${m.multiDbs} --db) | ${n(m.checkFirstMs, 0)}${cpu(m.checkFirstCpuMs)} / ${n(m.checkMedianMs, 0)}${cpu(m.checkMedianCpuMs)} ms | ${n(m.nodeMs, 0)} ms |`
      );
    });
  return [
    '| corpus source | database (× source) | `corpus add` of a ~1 MB package, CPU | sustained ingest, MB per CPU-s | cold scan of 10 MB: wall, peak RSS | same, several --db | `check --staged` first after ingest / median | `node -e 0` |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

mkdirSync(WORK, { recursive: true });
mkdirSync(CACHE, { recursive: true });
say(`target ${fmtSize(SIZE)}, steps ${STEPS.map(fmtSize).join(', ')}; work ${WORK}, cache ${CACHE}`);
let prev;
if (!flag('table')) {
  // the command that produced the measurements and what failed in it, for RESULTS.md (a --table run rewrites them)
  state.command = `npm run bench:scale -- ${argv.join(' ')}`.trim();
  state.failures = [];
  save();
}
for (const step of flag('table') ? [] : STEPS) {
  const key = label(step);
  const reached = await growTo(step);
  if (!reached && corpusBytes() < step * 0.9) {
    fail(`growing the corpus to ${fmtSize(step)}`, `stopped at ${fmtSize(corpusBytes())} (see above)`);
    if (corpusBytes() === 0) break;
  }
  if (state.steps[key] && !flag('remeasure')) {
    say(`${key}: measured already (${state.steps[key].date}); --remeasure to redo`);
    prev = { key, path: join(WORK, `corpus-${key}.db`) };
    continue;
  }
  try {
    prev = await measureStep(step, prev);
  } catch (err) {
    fail(`measuring at ${fmtSize(step)}`, err.message);
    if (process.env.PROVSCAN_DEBUG) console.error(err.stack);
  }
  if (!reached) break;
}
const repoInfo = existsSync(join(WORK, 'repo.json'))
  ? JSON.parse(readFileSync(join(WORK, 'repo.json'), 'utf8'))
  : undefined;
const packages = Object.entries(state.packages)
  .filter(([, p]) => p.bytes !== undefined)
  .sort(([, a], [, b]) => a.order - b.order)
  .map(([name, p]) => `${name} ${fmtSize(p.bytes)} (${(p.bytes / 2 ** 20 / p.cpuS).toFixed(1)} MB/CPU-s)`)
  .join(', ');
writeSection(
  'scale',
  'Corpus at scale (real Debian sources)',
  state.command,
  `How to run: \`npm run bench:scale\` builds the full benchmark (10 GB of ingested source, steps 1, 3 and 10 GB;
about 4 GB of downloads into \`bench/work/scale/cache\`, the corpus and a copy per step in \`bench/work/scale\`:
allow 60 GB of disk and, at the old store's ingest rate, several hours); \`npm run bench:scale -- --size 1G\` (or
\`--steps 300M,1G\`) a smaller one. It needs apt sources with Debian bookworm (or any suite holding the packages
listed below; one missing is passed over) and dpkg-dev. Re-running resumes: the corpus and each measured step are
kept (\`--remeasure\` measures again, e.g. after a store change on the same corpus; delete \`bench/work/scale\` to
start over). Not part of \`npm run bench\`.

${table()}

Corpus packages, in the order added (source ingested, that add's rate): ${packages}.
Scanned repository: ${repoInfo ? `${repoInfo.files} files, ${fmtSize(repoInfo.bytes)} of ${repoInfo.languages.join(', ')} — none of them in the corpus — with ${repoInfo.copies.length} copies from coreutils planted (20 fragments of 60 lines in C files, 2 whole files)` : '–'}.
The ~1 MB package is deb:${SMALL}, added to a copy of the corpus at each size (its CPU is provscan's own process; apt
and dpkg-source not counted). Sustained ingest: the packages added since the previous size, MB of source per
provscan CPU second. Scans: \`provscan scan REPO --db … --format json\` in a fresh process, with an empty cache folder;
several --db = this corpus, the previous size's corpus and the bundled default. \`check --staged\`: 200 staged lines
of original code, the first check after the ingest (it rebuilds the postings cache), then the median of ${RUNS}.
Wall times on a shared 2-core machine are upper bounds.${state.failures.length > 0 ? `\n\nFailures in the run:\n${state.failures.map((f) => `- ${f}`).join('\n')}` : ''}`,
);
process.stdout.write(`\n${table()}\n`);
process.exitCode = failures.length > 0 ? 1 : 0;
