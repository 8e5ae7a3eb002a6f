// Provenance at the scale of a generated tree: 100,000 one-line files created by one AI commit (issue 13's
// measurement: one `git blame` per file took 928 s for 14,700 of them), of which a number are later edited by a
// human so they must still be blamed. Runs the built CLI (`provscan stats`) as CI does (CI=1: plain progress lines
// on stderr), then a second cold run stopped part-way (SIGTERM) to show what the cache kept, then a rerun.
// Usage: node bench/many-files.bench.mjs [--files 100000] [--edited 2000] [--stop-after 45]
// The generated repository is kept under bench/work/ and reused.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const FILES = arg('files', 100_000);
const EDITED = arg('edited', 2_000);
const STOP_AFTER = arg('stop-after', 45);
const BIN = fileURLToPath(new URL('../bin/provscan.js', import.meta.url));
const repo = fileURLToPath(new URL(`./work/many-files-${FILES}-${EDITED}/`, import.meta.url)).replace(/\/$/, '');
const git = (args, input) =>
  execFileSync('git', args, {
    cwd: repo,
    input,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
    stdio: ['pipe', 'pipe', 'pipe'],
  });
const path = (i) => `gen/d${Math.floor(i / 1000)}/f${i}.txt`;

// Three commits through one `git fast-import`: a human README, the AI commit creating FILES files, a human commit
// editing EDITED of them (spread over the tree).
if (!existsSync(`${repo}/.git/provscan-bench-done`)) {
  rmSync(repo, { recursive: true, force: true });
  execFileSync('git', ['init', '-q', '-b', 'main', repo]);
  const parts = [];
  const commit = (mark, who, when, message, files, from) => {
    parts.push(`commit refs/heads/main\nmark :${mark}\n`);
    parts.push(`author ${who} ${when} +0000\ncommitter ${who} ${when} +0000\n`);
    parts.push(`data ${Buffer.byteLength(message)}\n${message}\n`);
    if (from) parts.push(`from :${from}\n`);
    for (const [p, text] of files) parts.push(`M 100644 inline ${p}\ndata ${Buffer.byteLength(text)}\n${text}\n`);
  };
  commit(1, 'Ada Human <ada@example.com>', 1_700_000_000, 'Initial', [['README.md', 'generated tree\n']]);
  const created = [];
  for (let i = 0; i < FILES; i++) created.push([path(i), `export const v${i} = ${i};\n`]);
  commit(
    2,
    'Ada Human <ada@example.com>',
    1_700_000_060,
    'Generate the tree\n\nCo-Authored-By: Claude <noreply@anthropic.com>',
    created,
    1,
  );
  const step = Math.max(1, Math.floor(FILES / Math.max(1, EDITED)));
  const edited = [];
  for (let i = 0; i < FILES && edited.length < EDITED; i += step)
    edited.push([path(i), `export const v${i} = ${i} + 1;\n`]);
  commit(3, 'Bob Human <bob@example.com>', 1_700_000_120, 'Edit some', edited, 2);
  git(['fast-import', '--quiet'], parts.join(''));
  git(['checkout', '-q', '-f', 'main']);
  git(['commit-graph', 'write', '--reachable', '--changed-paths']);
  writeFileSync(`${repo}/.git/provscan-bench-done`, '');
}
const cache = `${repo}/.git/provscan/provenance-cache.json`;
const cachedFiles = () => {
  try {
    return Object.keys(JSON.parse(readFileSync(cache, 'utf8')).files).length;
  } catch {
    return 0;
  }
};

/** `provscan stats` as a CI job runs it; stops it with SIGTERM after `stopAfter` seconds when given. */
function run(stopAfter) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const cpu0 = childCpu();
    const child = spawn(process.execPath, [BIN, 'stats', repo, '--format', 'json'], {
      env: { ...process.env, CI: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      err += c;
    });
    const timer = stopAfter ? setTimeout(() => child.kill('SIGTERM'), stopAfter * 1000) : null;
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      const wall = (performance.now() - t0) / 1000;
      const progress = err.split('\n').filter((l) => l.startsWith('provscan: blame:'));
      resolve({ exit: code ?? signal, wall, cpu: childCpu() - cpu0, progress, out });
    });
  });
}

/** CPU seconds of the children this process has waited for (and theirs: git included). Linux only. */
function childCpu() {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(', ');
rmSync(cache, { force: true });
const loadBefore = load();
const cold = await run(0);
const totals = JSON.parse(cold.out).totals ?? {};
console.log('cold', { ...cold, out: undefined }, totals);
const coldCached = cachedFiles();

rmSync(cache, { force: true });
const stopped = await run(STOP_AFTER);
const kept = cachedFiles();
console.log('stopped', { ...stopped, out: undefined }, 'kept', kept);
const resumed = await run(0);
console.log('resumed', { ...resumed, out: undefined });
const warm = await run(0);
console.log('warm', { ...warm, out: undefined });

const row = (name, r, note) =>
  `| ${name} | ${r.wall.toFixed(1)} s | ${r.cpu.toFixed(1)} s | ${r.progress.length} | exit ${r.exit}; ${note} |`;
writeSection(
  'many-files',
  'Provenance on 100,000 files created by one AI commit',
  `node bench/many-files.bench.mjs --files ${FILES} --edited ${EDITED} --stop-after ${STOP_AFTER}`,
  `A generated repository: one AI commit (Claude Code's trailer) creates ${FILES.toLocaleString('en-US')} one-line
files, a later human commit edits ${EDITED.toLocaleString('en-US')} of them. \`provscan stats --format json\` runs
through the built CLI with CI=1 (no bars: a plain progress line every 30 s). Files an AI commit created and nobody
touched since are answered from the history walk; the edited ones are blamed (one git blame each, most of the
time below). Before this, every file was blamed: issue 13 measured about 14,700 files in 928 s, nothing kept when
stopped. CPU includes git. Load average (1/5/15 min) before the runs ${loadBefore}, after ${load()}; the
machine was shared, so compare rows, not runs.

| run | wall | CPU | progress lines | notes |
| --- | ---: | ---: | ---: | --- |
${row('cold cache', cold, `AI lines ${totals.aiLines ?? '?'}; ${coldCached.toLocaleString('en-US')} files cached`)}
${row(`cold, stopped after ${STOP_AFTER} s (SIGTERM)`, stopped, `${kept.toLocaleString('en-US')} files' answers kept in the cache`)}
${row('rerun after the stop', resumed, 'cache kept by the stopped run')}
${row('warm cache', warm, 'nothing to blame')}
`,
);
