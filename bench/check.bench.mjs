// Pre-commit check benchmark: wall time of `provscan check --staged` as a git hook runs it (a fresh Node process,
// start-up included) against the bundled corpus, for a 200-line and a 5,000-line staged change, median of N runs.
// Targets: ≤ 300 ms for 200 lines, ≤ 1 s for 5,000 lines. Also: the same 200-line check with a 5 MB Claude Code
// transcript of the project to read, and a stage-by-stage split measured in-process.
// Usage: node bench/check.bench.mjs [--runs N]
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { writeSection } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 15);
const BIN = fileURLToPath(new URL('../bin/provscan.js', import.meta.url));
const WORK = fileURLToPath(new URL('./work/check/', import.meta.url));
const DEFAULT_DB = fileURLToPath(new URL('../fingerprints/default.db', import.meta.url));

const git = (cwd, ...args) =>
  execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1' } });

/** Original TypeScript-ish code, `lines` lines long, shared with nothing in any corpus. */
function code(lines, seed) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    const n = seed * 100_000 + i;
    out.push(
      `export function blend${n}(left${n}: number, right${n}: number): number {`,
      `  const ratio${n} = (left${n} * ${(n % 97) + 3}) / (right${n} + ${(n % 13) + 1});`,
      `  if (ratio${n} > ${n % 50}) return Math.floor(ratio${n} - left${n});`,
      `  return ratio${n} + right${n} * ${(n * 7919) % 1000};`,
      '}',
      '',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

/** A repository with some history and `stagedLines` new lines staged over 1–10 files. */
function makeRepo(name, stagedLines) {
  const dir = join(WORK, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name, version: '1.0.0', license: 'MIT' })}\n`);
  writeFileSync(join(dir, 'LICENSE'), 'MIT License\n\nCopyright (c) 2026 Bench\n');
  for (let f = 0; f < 200; f++) writeFileSync(join(dir, 'src', `old${f}.ts`), code(120, f));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  const files = Math.min(10, Math.max(1, Math.round(stagedLines / 500)));
  for (let f = 0; f < files; f++) {
    // half the files are new, half get lines appended
    const lines = Math.round(stagedLines / files);
    if (f % 2 === 0) writeFileSync(join(dir, 'src', `new${f}.ts`), code(lines, 5000 + f));
    else writeFileSync(join(dir, 'src', `old${f}.ts`), code(120, f) + code(lines, 7000 + f));
  }
  git(dir, 'add', '-A');
  return dir;
}

// CPU time (user + sys of the process and the git processes it waits for), read through GNU time when present:
// on a busy machine wall time mostly measures the scheduler, CPU time still measures provscan.
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

function run(args, cwd, env) {
  const t0 = performance.now();
  const res = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', 'CPU %U %S', process.execPath, ...args], { cwd, encoding: 'utf8', env })
    : spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env });
  const wall = performance.now() - t0;
  const m = /CPU (\d+\.\d+) (\d+\.\d+)\s*$/.exec(res.stderr ?? '');
  const cpu = m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN;
  return { res, wall, cpu, stderr: m ? res.stderr.slice(0, m.index) : res.stderr };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeCheck(dir, env, beforeEach = () => {}) {
  const walls = [];
  const cpus = [];
  let last;
  for (let i = 0; i < RUNS + 2; i++) {
    beforeEach();
    last = run([BIN, 'check', '--staged', '--quiet'], dir, { ...process.env, CI: 'true', ...env });
    if (i >= 2) {
      walls.push(last.wall); // two warm-up runs (page cache)
      cpus.push(last.cpu);
    }
  }
  if (last.res.status !== 0) throw new Error(`check exited ${last.res.status}: ${last.stderr}${last.res.stdout}`);
  return { median: median(walls), min: Math.min(...walls), cpu: median(cpus), out: last.res.stdout.trim() };
}

function nodeStartup() {
  const walls = [];
  const cpus = [];
  for (let i = 0; i < RUNS; i++) {
    const r = run(['-e', '0'], undefined, process.env);
    walls.push(r.wall);
    cpus.push(r.cpu);
  }
  return { wall: median(walls), cpu: median(cpus) };
}

mkdirSync(WORK, { recursive: true });
const home = join(WORK, 'home');
rmSync(home, { recursive: true, force: true });
mkdirSync(home, { recursive: true });
// the postings cache (written by the first check after a corpus changes) goes to the isolated home too
const postingsCache = join(home, '.cache', 'provscan');
const isolated = {
  HOME: home,
  PROVSCAN_CLAUDE_DIR: join(home, '.claude', 'projects'),
  PROVSCAN_CACHE_DIR: postingsCache,
};

const small = makeRepo('staged-200', 200);
const large = makeRepo('staged-5000', 5000);
const rows = [];
const startup = nodeStartup();
const r200 = timeCheck(small, isolated);
rows.push(['200 staged lines, 1 file', r200, 300]);
// the first check after the corpus changed (or on a new machine) loads the whole postings index and writes the cache
const rCold = timeCheck(small, isolated, () => rmSync(postingsCache, { recursive: true, force: true }));
rows.push(['200 staged lines, first check after a corpus change (writes the postings cache)', rCold, null]);
const r5k = timeCheck(large, isolated);
rows.push(['5,000 staged lines, 10 files', r5k, 1000]);

// a realistic transcript of this project: 5 MB of records, a few of them Writes of the staged file
const root = git(small, 'rev-parse', '--show-toplevel').trim();
const projDir = join(home, '.claude', 'projects', root.replace(/[^a-zA-Z0-9]/g, '-'));
mkdirSync(projDir, { recursive: true });
const staged = readFileSync(join(small, 'src', 'new0.ts'), 'utf8');
const recs = [];
let size = 0;
for (let i = 0; size < 5 * 2 ** 20; i++) {
  const rec =
    i % 50 === 0
      ? {
          type: 'assistant',
          cwd: root,
          sessionId: 's',
          timestamp: '2026-11-20T10:00:00Z',
          message: {
            model: 'claude-sonnet-4-5',
            content: [
              {
                type: 'tool_use',
                id: `t${i}`,
                name: 'Write',
                input: { file_path: join(root, 'src', 'new0.ts'), content: staged },
              },
            ],
          },
        }
      : {
          type: 'user',
          cwd: root,
          sessionId: 's',
          timestamp: '2026-11-20T10:00:00Z',
          message: { role: 'user', content: `question ${i} ${'lorem ipsum '.repeat(40)}` },
        };
  const line = JSON.stringify(rec);
  size += line.length + 1;
  recs.push(line);
}
writeFileSync(join(projDir, 'session.jsonl'), `${recs.join('\n')}\n`);
const rLogs = timeCheck(small, isolated);
rows.push(['200 staged lines + 5 MB Claude Code transcript', rLogs, 300]);

const fmt = (ms) => (Number.isNaN(ms) ? 'n/a' : `${Math.round(ms)} ms`);
const load = os.loadavg()[0].toFixed(1);
const table = [
  '| case | wall median | wall min | CPU median (user+sys) | target (wall) | verdict (wall median) |',
  '| --- | ---: | ---: | ---: | ---: | --- |',
  ...rows.map(
    ([name, r, target]) =>
      `| ${name} | ${fmt(r.median)} | ${fmt(r.min)} | ${fmt(r.cpu)} | ${target === null ? '—' : `≤ ${target} ms`} | ${target === null ? '—' : r.median <= target ? 'met' : 'MISSED'} |`,
  ),
  `| \`node -e 0\` (baseline) | ${fmt(startup.wall)} | | ${fmt(startup.cpu)} | | |`,
].join('\n');
const body = `${table}

Wall time of \`provscan check --staged --quiet\` in a fresh Node process (start-up included), as a pre-commit hook runs
it, against the bundled corpus (\`fingerprints/default.db\`, ${(readFileSync(DEFAULT_DB).length / 2 ** 20).toFixed(1)} MB),
median of ${RUNS} runs after 2 warm-up runs; CPU time includes the git processes the check waits for. The check
looks corpus postings up in a cache file written by the first check after the corpus changes (src/corpus/postings-cache.ts):
the warm-up runs write it, and the "first check" row deletes it before every run. Load average
during the run: ${load} (wall times on a loaded machine are dominated by scheduling; compare with the \`node -e 0\`
row). Repositories: 200 committed files of 120 lines, plus the staged change (original code, no findings).
Last output: \`${r200.out.split('\n').pop()}\``;
console.log(body);
writeSection('check', 'Pre-commit check (`provscan check --staged`)', 'node bench/check.bench.mjs', body);
