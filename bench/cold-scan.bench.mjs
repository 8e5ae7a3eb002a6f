// Cold `provscan scan` of one repository against given corpora, each run in a fresh process with an empty cache
// folder: wall seconds, CPU seconds and peak RSS, and the matches found (to compare two builds' results).
//   node bench/cold-scan.bench.mjs --repo DIR --db A.db [--db B.db …] [--runs N] [--bin other/bin/provscan.js]
// The repository and corpora of `npm run bench:scale` (bench/work/scale/) are the intended inputs.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { runProvscan } from './lib.mjs';

const argv = process.argv.slice(2);
const all = (name) => argv.flatMap((a, i) => (a === `--${name}` && argv[i + 1] ? [argv[i + 1]] : []));
const one = (name, fallback) => all(name)[0] ?? fallback;
const repo = one('repo');
const dbs = all('db').map((d) => resolve(d));
if (!repo || dbs.length === 0) {
  process.stderr.write(
    'usage: node bench/cold-scan.bench.mjs --repo DIR --db FILE [--db FILE …] [--runs N] [--bin FILE]\n',
  );
  process.exit(2);
}
const runs = Number(one('runs', '1'));
const bin = one('bin');
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(join(os.tmpdir(), 'provscan-cold-'));
  const out = join(dir, 'scan.json');
  const r = await runProvscan(
    [
      'scan',
      resolve(repo),
      ...dbs.flatMap((d) => ['--db', d]),
      '--format',
      'json',
      '--output',
      out,
      '--quiet',
      '--no-cache',
    ],
    { env: { PROVSCAN_CACHE_DIR: join(dir, 'cache') }, ...(bin ? { bin: resolve(bin) } : {}) },
  );
  if (r.code !== 0 && r.code !== 1) {
    process.stderr.write(r.stderr);
    process.exit(3);
  }
  const result = JSON.parse(readFileSync(out, 'utf8'));
  const matches = result.files.flatMap((f) => f.matches.map((m) => `${f.path}:${m.start}-${m.end}:${m.corpus.path}`));
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `${JSON.stringify({ date: new Date().toISOString(), dbs: dbs.length, wallS: +r.wallS.toFixed(1), cpuS: +r.cpuS.toFixed(1), rssMb: Math.round(r.rssMb), files: result.files.length, matches: matches.length, matchDigest: (await import('node:crypto')).createHash('sha256').update(matches.sort().join('\n')).digest('hex').slice(0, 16) })}\n`,
  );
}
