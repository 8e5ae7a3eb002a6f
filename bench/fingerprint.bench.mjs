// Fingerprint engine throughput: prepare + lex + both winnowed channels over real JavaScript and
// TypeScript sources from node_modules, side by side in the same run with the `scanoss` client's own WFP
// calculator and, when it installs, @dodona/dolos-lib (tree-sitter tokens + winnowing), as ratios.
// Usage: node bench/fingerprint.bench.mjs [--mb N]   (default 20 MB of input; the other engines get the first 4 MB)
// Dolos is optional: npm install --no-save --prefix bench/work/dolos @dodona/dolos-lib; where its prebuilt tree-sitter
// needs a newer libstdc++, rebuild it: (cd bench/work/dolos/node_modules/tree-sitter && node-gyp rebuild --nodedir=/usr)
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import fg from 'fast-glob';
import { fingerprintText, isSkipped, prepareFile, wfpForFile } from '../dist/src/fingerprint/index.js';
import { peakRssMb, writeSection } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const budgetMb = arg('mb', 20);
const root = fileURLToPath(new URL('..', import.meta.url));

if (process.argv.includes('--dolos-child')) {
  // Child mode: the file list on stdin; prints CPU seconds and peak RSS of tokenising + indexing them with Dolos.
  const list = JSON.parse(readFileSync(0, 'utf8'));
  const require = createRequire(`${root}bench/work/dolos/`);
  const dolos = await import(pathToFileURL(require.resolve('@dodona/dolos-lib')).href); // ESM; re-exports dolos-core
  const texts = list.map((p) => [p, readFileSync(`${root}${p}`, 'utf8')]);
  const language = await new dolos.LanguagePicker().findLanguage('javascript');
  const tokenizer = await language.createTokenizer();
  const c0 = process.cpuUsage();
  const index = new dolos.FingerprintIndex(23, 17);
  index.addFiles(texts.map(([p, t]) => tokenizer.tokenizeFile(new dolos.File(p, t))));
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
/** Best of `runs` (CPU seconds and wall seconds) of fn(), after one warm-up run (JIT). No forced GC between runs:
 *  a full collection shrinks the young generation and makes the next run pay for it, which real scans never do. */
function measure(fn, runs = 3) {
  fn();
  let best = { cpu: Number.POSITIVE_INFINITY, wall: Number.POSITIVE_INFINITY, result: undefined };
  for (let r = 0; r < runs; r++) {
    const c0 = cpu();
    const w0 = performance.now();
    const result = fn();
    const c = cpu() - c0;
    const w = (performance.now() - w0) / 1000;
    if (c < best.cpu) best = { cpu: c, wall: w, result };
  }
  return best;
}

// 1. provscan: prepareFile + fingerprintText (exact + abstract).
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

// 3. The scanoss client's WfpCalculator (a worker thread reads and winnows each file) on the first COMPARE_MB of the
// input: it is ~100× slower, so the whole input would take many minutes. Process CPU time (all threads), one run;
// provscan is measured again on the same subset so the ratio compares like with like.
const COMPARE_MB = Math.min(budgetMb, 4);
const subset = [];
let subsetBytes = 0;
for (const f of files) {
  if (subsetBytes >= COMPARE_MB * 1024 * 1024) break;
  subset.push(f);
  subsetBytes += f.bytes.length;
}
const subMB = subsetBytes / 1024 / 1024;
const oursSub = measure(() => {
  for (const f of subset) {
    const p = prepareFile(f.path, f.bytes);
    if (!isSkipped(p)) fingerprintText(p.text, p.language);
  }
});
const oursSubMbs = subMB / oursSub.cpu;
console.log(`provscan fingerprint on the ${subMB.toFixed(1)} MB subset: ${oursSubMbs.toFixed(1)} MB/s (CPU)`);
const { WfpCalculator, ScannerEvents, ScannerCfg } = await import('scanoss');
async function scanossRun(lifted) {
  const cfg = new ScannerCfg();
  // Lifted: winnow every byte like ours. Default: the client's 32 KiB per-file cap stops long files early.
  if (lifted) cfg.WFP_FILE_MAX_SIZE = 1024 * 1024 * 1024;
  const calc = new WfpCalculator(cfg);
  let out = 0;
  calc.on(ScannerEvents.WINNOWING_NEW_CONTENT, (pkg) => {
    out += pkg.getContent().length;
  });
  const c0 = cpu();
  const w0 = performance.now();
  await calc.start({ fileList: subset.map((f) => `${root}${f.path}`), folderRoot: root });
  return { cpu: cpu() - c0, wall: (performance.now() - w0) / 1000, out };
}
const scanoss = await scanossRun(true);
const scanossMbs = subMB / scanoss.cpu;
console.log(`scanoss WfpCalculator: ${scanossMbs.toFixed(2)} MB/s (CPU, no cap), ${scanoss.wall.toFixed(1)} s wall`);
const scanossCapped = await scanossRun(false);
const scanossCappedMbs = subMB / scanossCapped.cpu;
console.log(
  `scanoss WfpCalculator: ${scanossCappedMbs.toFixed(2)} MB/s (CPU, default 32 KiB cap), ${scanossCapped.wall.toFixed(1)} s wall`,
);

// 4. Dolos (optional): tokenise with tree-sitter and winnow, per file, on a slice of the input. It runs in a child
// process (this script with --dolos-child) because a native tree-sitter build that does not load kills its process.
let dolosRow =
  '| @dodona/dolos-lib | — | — | not installed (`npm install --no-save --prefix bench/work/dolos @dodona/dolos-lib`) |';
const dolosDir = `${root}bench/work/dolos/node_modules/@dodona/dolos-lib`;
if (existsSync(dolosDir)) {
  const slice = subset.filter((f) => /\.(js|mjs|cjs)$/.test(f.path)).slice(0, 400);
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
    dolosRow = `| @dodona/dolos-lib (tree-sitter + winnowing, k=23 w=17) | ${dolosMbs.toFixed(2)} | ${(oursSubMbs / dolosMbs).toFixed(0)}× faster | ${slice.length} .js files (${sliceMb.toFixed(1)} MB) of the same input: tokenise + index, no pair comparison; child peak RSS ${d.rss.toFixed(0)} MB |`;
  } else {
    const why = `${res.stderr ?? ''}`.split('\n').find((l) => /Error|error:/.test(l)) ?? `exit ${res.status}`;
    dolosRow = `| @dodona/dolos-lib | — | — | installed but does not run here: ${why.trim().replace(/\|/g, '/')} |`;
    console.log(dolosRow);
  }
}

const rss = peakRssMb();
const body = `
Input: ${files.length} real \`.js\`/\`.ts\` files from \`node_modules\` (path order), ${MB.toFixed(1)} MB. Throughput is MB of input
per CPU second (all threads of the process), best of 3 after a warm-up run for provscan, one run for the others. The other engines run on
the first ${subMB.toFixed(1)} MB (${subset.length} files) of the same input, and the ratio compares provscan on that same subset
(${oursSubMbs.toFixed(1)} MB/s).

| engine | MB/s | provscan fingerprint is | notes |
|---|---:|---:|---|
| provscan \`prepareFile\` + \`fingerprintText\` (both channels), whole input | ${oursMbs.toFixed(1)} | — | ${ours.result.tokens.toLocaleString('en')} tokens → ${ours.result.exact.toLocaleString('en')} exact + ${ours.result.abstract.toLocaleString('en')} abstract fingerprints; ${ours.result.skipped} files skipped (minified/generated/…) |
| provscan \`wfpForFile\` (SCANOSS WFP, byte-identical to the client), whole input | ${ourWfpMbs.toFixed(1)} | ${(oursMbs / ourWfpMbs).toFixed(1)}× faster | no size cap |
| \`scanoss\` npm client \`WfpCalculator\`, cap lifted | ${scanossMbs.toFixed(2)} | ${(oursSubMbs / scanossMbs).toFixed(0)}× faster | every byte winnowed, like ours; ${scanoss.wall.toFixed(0)} s wall |
| \`scanoss\` npm client \`WfpCalculator\`, default settings | ${scanossCappedMbs.toFixed(2)} | ${(oursSubMbs / scanossCappedMbs).toFixed(0)}× faster | stops winnowing a file once its WFP passes 32 KiB; ${scanossCapped.wall.toFixed(0)} s wall |
${dolosRow}

Peak RSS of the benchmark process: ${rss.toFixed(0)} MB (all input held in memory).
`;
writeSection('fingerprint', 'Fingerprint engine throughput', 'node bench/fingerprint.bench.mjs', body);
console.log(body);
