// Full match output of the corpus benchmark's scan sides, to compare two stores or engines field by field: builds a
// corpus from the corpus side of bench/corpus.bench.mjs (node_modules, every 4th file left out), then scans the side
// sharing much with it and the CPython standard library, writing one JSON line per scanned file (its path and every
// field of every match). Two outputs are compared with `cmp`.
// `node bench/match-dump.mjs OUT.jsonl [corpus-MB] [scan-MB] [adds]` — `adds` > 1 ingests the corpus side in that
// many sequential `ingestSources` calls (one source each, so the sources' names differ from a single add's).
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeModulesCode } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const dist = new URL('../dist/src/', import.meta.url);
const { ingestSources } = await import(new URL('corpus/store.js', dist).href);
const { openCorpora } = await import(new URL('corpus/index.js', dist).href);
const { prepareFile } = await import(new URL('fingerprint/index.js', dist).href);

const [out, corpusMb = '40', scanMb = '10', addsArg = '1'] = process.argv.slice(2);
if (!out) throw new Error('usage: node bench/match-dump.mjs OUT.jsonl [corpus-MB] [scan-MB] [adds]');
const CORPUS = Number(corpusMb) * 2 ** 20;
const SCAN = Number(scanMb) * 2 ** 20;
const adds = Math.max(1, Number(addsArg));

const corpusSide = [];
const scanSide = [];
let corpusBytes = 0;
let scanBytes = 0;
nodeModulesCode(join(ROOT, 'node_modules')).forEach((f, i) => {
  const bytes = readFileSync(f);
  if ('reason' in prepareFile(f, bytes)) return;
  if (i % 4 === 3) {
    if (scanBytes < SCAN) {
      scanSide.push(f);
      scanBytes += bytes.length;
    }
  } else if (corpusBytes < CORPUS) {
    corpusSide.push({ path: f.slice(ROOT.length), bytes });
    corpusBytes += bytes.length;
  }
});
// The CPython standard library's top-level modules: code sharing little with the corpus.
const cpython = '/usr/lib/python3.11';
let clean = [];
try {
  clean = readdirSync(cpython)
    .filter((n) => n.endsWith('.py'))
    .sort()
    .map((n) => join(cpython, n))
    .filter((p) => statSync(p).isFile());
} catch {}

const db = join(ROOT, 'bench/work/dump', `corpus-${adds}.db`);
rmSync(join(db, '..'), { recursive: true, force: true });
mkdirSync(join(db, '..'), { recursive: true });
const per = Math.ceil(corpusSide.length / adds);
for (let a = 0; a < adds; a++) {
  const entries = corpusSide.slice(a * per, (a + 1) * per);
  const name = adds === 1 ? 'node_modules-sample' : `node_modules-sample-${a}`;
  await ingestSources(db, [{ info: { name, license: 'MIT' }, entries }]);
}
const set = await openCorpora([db]);
const lines = [];
for (const path of [...scanSide, ...clean]) {
  const p = prepareFile(path, readFileSync(path));
  const matches = 'reason' in p ? null : await set.matchFile(p);
  lines.push(JSON.stringify({ path: path.startsWith(ROOT) ? path.slice(ROOT.length) : path, matches }));
}
set.close();
writeFileSync(out, `${lines.join('\n')}\n`);
const matched = lines.filter((l) => !l.endsWith('"matches":[]}') && !l.endsWith('"matches":null}')).length;
process.stdout.write(
  `${out}: ${lines.length} files scanned (${scanSide.length} sharing much, ${clean.length} CPython), ${matched} with matches\n`,
);
