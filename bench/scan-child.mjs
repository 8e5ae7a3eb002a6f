// One scan measurement in a fresh process (used by corpus.bench.mjs): opens the corpus, then scans the listed files
// twice — the first pass is what a one-off `provscan scan` of that much code costs (JIT and caches cold), the second
// what the same work costs once a long scan has warmed up; then the match step alone. Prints one JSON line.
// `node bench/scan-child.mjs <corpus.db> <files.json>` (files.json: an array of absolute paths).
import { readFileSync } from 'node:fs';
import { peakRssMb } from './lib.mjs';

const dist = new URL('../dist/src/', import.meta.url);
const { openCorpora } = await import(new URL('corpus/index.js', dist).href);
const { fingerprintText, prepareFile } = await import(new URL('fingerprint/index.js', dist).href);

const [db, list] = process.argv.slice(2);
const files = JSON.parse(readFileSync(list, 'utf8')).map((path) => ({ path, bytes: readFileSync(path) }));
const bytes = files.reduce((s, f) => s + f.bytes.length, 0);
const cpuMs = (c) => (c.user + c.system) / 1000;

let t = performance.now();
const set = await openCorpora([db]);
const openMs = performance.now() - t;
const passes = [];
for (let pass = 0; pass < 2; pass++) {
  t = performance.now();
  const c0 = process.cpuUsage();
  let matches = 0;
  for (const f of files) {
    const p = prepareFile(f.path, f.bytes);
    if (!('reason' in p)) matches += (await set.matchFile(p)).length;
  }
  passes.push({ cpuMs: cpuMs(process.cpuUsage(c0)), wallMs: performance.now() - t, matches });
}
// The match step alone (fingerprints computed beforehand), matcher warm.
const prepared = files.map((f) => prepareFile(f.path, f.bytes)).filter((p) => !('reason' in p));
const fps = prepared.map((p) => fingerprintText(p.text, p.language));
const c0 = process.cpuUsage();
for (let i = 0; i < fps.length; i++) await set.matchFingerprints(fps[i], prepared[i].lines, {}, prepared[i].language);
const matchOnlyCpuMs = cpuMs(process.cpuUsage(c0));
await set.close();
process.stdout.write(
  `${JSON.stringify({ bytes, files: files.length, openMs, passes, matchOnlyCpuMs, rssMb: peakRssMb() })}\n`,
);
