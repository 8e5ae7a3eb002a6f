// Fingerprint engine throughput: prepare + lex + both winnowed channels (+ simhash) over real JavaScript and
// TypeScript sources from node_modules, side by side in the same run with the `scanoss` client's own WFP
// calculator and, when it installs, @dodona/dolos-lib (tree-sitter tokens + winnowing), as ratios.
// Usage: node bench/fingerprint.bench.mjs [--mb N]   (default 30 MB of input)
// Dolos is optional: npm install --no-save --prefix bench/work/dolos @dodona/dolos-lib
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import fg from 'fast-glob';
import { fingerprintText, isSkipped, prepareFile, wfpForFile } from '../dist/src/fingerprint/index.js';
import { peakRssMb, writeSection } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const budgetMb = arg('mb', 30);
const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--dolos-child')) {
  // Child mode: the file list on stdin; prints CPU seconds and peak RSS of tokenising + indexing them with Dolos.
  const list = JSON.parse(readFileSync(0, 'utf8'));
  const require = createRequire(`${root}bench/work/dolos/`);
  const dolos = require('@dodona/dolos-lib');
  const core = require('@dodona/dolos-core');
  const texts = list.map((p) => [p, readFileSync(`${root}${p}`, 'utf8')]);
  const language = await new dolos.LanguagePicker().findLanguage('javascript');
  const tokenizer = await language.createTokenizer();
  const c0 = process.cpuUsage();
  const index = new core.FingerprintIndex(23, 17);
  index.addFiles(texts.map(([p, t]) => tokenizer.tokenizeFile(new core.File(p, t))));
  const u = process.cpuUsage(c0);
  console.log(`DOLOS ${JSON.stringify({ cpu: (u.user + u.system) / 1e6, rss: peakRssMb() })}`);
  process.exit(0);
}

// Deterministic input: .js/.ts files under node_modules in path order, skipping nested bench installs, until the
// budget is reached.
const paths = (
  await fg(['node_modules/**/*.{js,mjs,cjs,ts,mts,cts}'], { cwd: root, onlyFiles: true, followSymbolicLinks: false })
).sort();
const files = [];
let total = 0;
for (const p of paths) {
  const size = statSync(`${root}${p}`).size;
  if (size === 0 || size > 2 * 1024 * 1024) continue;
  files.push({ path: p, bytes: readFileSync(`${root}${p}`) });
  total += size;
  if (total >= budgetMb * 1024 * 1024) break;
}
const MB = total / 1024 / 1024;
console.log(`input: ${files.length} files, ${MB.toFixed(1)} MB`);

const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
/** Best of `runs` (CPU seconds and wall seconds) of fn(). */
function measure(fn, runs = 3) {
  let best = { cpu: Number.POSITIVE_INFINITY, wall: Number.POSITIVE_INFINITY, result: undefined };
  for (let r = 0; r < runs; r++) {
    globalThis.gc?.();
    const c0 = cpu();
    const w0 = performance.now();
    const result = fn();
    const c = cpu() - c0;
    const w = (performance.now() - w0) / 1000;
    if (c < best.cpu) best = { cpu: c, wall: w, result };
  }
  return best;
}

// 1. provscan: prepareFile + fingerprintText (exact + abstract + simhash).
const ours = measure(() => {
  let skipped = 0;
  let tokens = 0;
  let exact = 0;
  let abstract = 0;
  for (const f of files) {
    const p = prepareFile(f.path, f.bytes);
    if (isSkipped(p)) {
      skipped++;
      continue;
    }
    const fp = fingerprintText(p.text, p.language);
    tokens += fp.tokens;
    exact += fp.exact.hashes.length;
    abstract += fp.abstract.hashes.length;
  }
  return { skipped, tokens, exact, abstract };
});
const oursMbs = MB / ours.cpu;
console.log(
  `provscan fingerprint: ${oursMbs.toFixed(1)} MB/s (CPU), ${ours.result.tokens} tokens, ${ours.result.exact} exact + ${ours.result.abstract} abstract fingerprints, ${ours.result.skipped} files skipped`,
);

// 2. provscan's own SCANOSS-compatible WFP on the same bytes.
const ourWfp = measure(() => {
  let n = 0;
  for (const f of files) n += wfpForFile(f.path, f.bytes, { maxSize: Number.POSITIVE_INFINITY }).length;
  return n;
});
const ourWfpMbs = MB / ourWfp.cpu;
console.log(`provscan wfp: ${ourWfpMbs.toFixed(1)} MB/s (CPU)`);

// 3. The scanoss client's WfpCalculator (a worker thread reads and winnows each file): wall time, one run.
const { WfpCalculator, ScannerEvents, ScannerCfg } = await import('scanoss');
async function scanossRun() {
  const cfg = new ScannerCfg();
  cfg.WFP_FILE_MAX_SIZE = 1024 * 1024 * 1024; // no truncation: winnow every byte like ours
  const calc = new WfpCalculator(cfg);
  let out = 0;
  calc.on(ScannerEvents.WINNOWING_NEW_CONTENT, (pkg) => {
    out += pkg.getContent().length;
  });
  const w0 = performance.now();
  await calc.start({ fileList: files.map((f) => `${root}${f.path}`), folderRoot: root });
  return { wall: (performance.now() - w0) / 1000, out };
}
const scanoss = await scanossRun();
const scanossMbs = MB / scanoss.wall;
console.log(`scanoss WfpCalculator: ${scanossMbs.toFixed(2)} MB/s (wall, worker thread)`);

// 4. Dolos (optional): tokenise with tree-sitter and winnow, per file, on a slice of the input. It runs in a child
// process (this script with --dolos-child) because a native tree-sitter build that does not load kills its process.
let dolosRow =
  '| @dodona/dolos-lib | — | — | not installed (`npm install --no-save --prefix bench/work/dolos @dodona/dolos-lib`) |';
const dolosDir = `${root}bench/work/dolos/node_modules/@dodona/dolos-lib`;
if (existsSync(dolosDir)) {
  const slice = files.filter((f) => /\.(js|mjs|cjs)$/.test(f.path)).slice(0, 400);
  const sliceMb = slice.reduce((s, f) => s + f.bytes.length, 0) / 1024 / 1024;
  const res = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--dolos-child'], {
    input: JSON.stringify(slice.map((f) => f.path)),
    encoding: 'utf8',
    timeout: 600_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  const out = /DOLOS (\{.*\})/.exec(res.stdout ?? '');
  if (out) {
    const d = JSON.parse(out[1]);
    const dolosMbs = sliceMb / d.cpu;
    console.log(`dolos: ${dolosMbs.toFixed(2)} MB/s (CPU) on ${slice.length} files, ${sliceMb.toFixed(1)} MB`);
    dolosRow = `| @dodona/dolos-lib (tree-sitter + winnowing, k=23 w=17) | ${dolosMbs.toFixed(2)} | ${(oursMbs / dolosMbs).toFixed(1)}× | ${slice.length} .js files (${sliceMb.toFixed(1)} MB) of the same input: tokenise + index, no pair comparison; child peak RSS ${d.rss.toFixed(0)} MB |`;
  } else {
    const why = `${res.stderr ?? ''}`.split('\n').find((l) => /Error|error:/.test(l)) ?? `exit ${res.status}`;
    dolosRow = `| @dodona/dolos-lib | — | — | installed but does not run here: ${why.trim().replace(/\|/g, '/')} |`;
    console.log(dolosRow);
  }
}

const rss = peakRssMb();
const body = `
Input: ${files.length} real \`.js\`/\`.ts\` files from \`node_modules\` (path order), ${MB.toFixed(1)} MB. Throughput is
MB of input per CPU second on one core (best of 3), except the scanoss client, which is timed by wall clock because it
winnows in a worker thread (its reads included).

| engine | MB/s | provscan fingerprint vs it | notes |
|---|---:|---:|---|
| provscan \`prepareFile\` + \`fingerprintText\` (both channels + simhash) | ${oursMbs.toFixed(1)} | 1.0× | ${ours.result.tokens.toLocaleString('en')} tokens → ${ours.result.exact.toLocaleString('en')} exact + ${ours.result.abstract.toLocaleString('en')} abstract fingerprints; ${ours.result.skipped} files skipped (minified/generated/…) |
| provscan \`wfpForFile\` (SCANOSS WFP, same output as the client) | ${ourWfpMbs.toFixed(1)} | ${(oursMbs / ourWfpMbs).toFixed(1)}× | no size cap |
| \`scanoss\` npm client \`WfpCalculator\` | ${scanossMbs.toFixed(2)} | ${(oursMbs / scanossMbs).toFixed(1)}× | wall clock, per-file WFP cap lifted |
${dolosRow}

Peak RSS of the benchmark process: ${rss.toFixed(0)} MB (all input held in memory).
`;
writeSection('fingerprint', 'Fingerprint engine throughput', 'node bench/fingerprint.bench.mjs', body);
console.log(body);
