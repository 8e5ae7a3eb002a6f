// The same corpus in SQLite and in PostgreSQL: ingest time, scan time (the target: PostgreSQL ≤ 3× SQLite) and
// what each posting costs on disk, the numbers docs/corpus.md scales to 100 GB and 1 TB of source. Starts its own
// PostgreSQL cluster (Debian's postgresql-15, as the tests do; stopped at the end) with durable default settings, and
// uses the corpus benchmark's inputs: real code from node_modules split into a corpus side and a scan side.
// `node bench/pg.bench.mjs [corpus-MB] [scan-MB] [runs]`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../test/helpers/pg-cluster.mjs';
import { nodeModulesCode, writeSection } from './lib.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const WORK = join(ROOT, 'bench/work/pg');
const dist = new URL('../dist/src/', import.meta.url);
const { ingestSources } = await import(new URL('corpus/store.js', dist).href);
const { corpusStats, optimizeCorpus } = await import(new URL('corpus/api.js', dist).href);
const { prepareFile } = await import(new URL('fingerprint/index.js', dist).href);

const CORPUS_MB = Number(process.argv[2] ?? 40);
const SCAN_MB = Number(process.argv[3] ?? 10);
const RUNS = Number(process.argv[4] ?? 3);
const mb = (b) => b / 2 ** 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const range = (xs) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;

// the corpus benchmark's split: every fourth file to the scan side
const corpusSide = [];
const scanSide = [];
let corpusBytes = 0;
let scanBytes = 0;
nodeModulesCode(join(ROOT, 'node_modules')).forEach((f, i) => {
  const bytes = statSync(f).size;
  if (i % 4 === 3) {
    if (scanBytes < SCAN_MB * 2 ** 20) {
      scanSide.push(f);
      scanBytes += bytes;
    }
  } else if (corpusBytes < CORPUS_MB * 2 ** 20) {
    corpusSide.push(f);
    corpusBytes += bytes;
  }
});
const { readFileSync } = await import('node:fs');
const entries = corpusSide
  .map((f) => ({ path: f.slice(ROOT.length), bytes: readFileSync(f) }))
  .filter((e) => !('reason' in prepareFile(e.path, e.bytes)));

rmSync(WORK, { recursive: true, force: true });
mkdirSync(WORK, { recursive: true });
const list = join(WORK, 'scan-files.json');
writeFileSync(list, JSON.stringify(scanSide));

const cluster = await startPostgres({ fsync: 'on', synchronous_commit: 'on', full_page_writes: 'on' });
try {
  const file = join(WORK, 'corpus.db');
  const url = await cluster.createDatabase('corpus');
  // The same ingest into each store, then `corpus optimize` (one segment each: the steady state of a corpus
  // that is optimized after its builds).
  const ingest = {};
  for (const [name, db] of [
    ['SQLite', file],
    ['PostgreSQL', url],
  ]) {
    const t = performance.now();
    const c0 = process.cpuUsage();
    await ingestSources(db, [{ info: { name: 'node_modules-sample', license: 'MIT' }, entries }]);
    const cpu = process.cpuUsage(c0);
    ingest[name] = { wall: (performance.now() - t) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
    await optimizeCorpus(db);
  }
  const sqliteStats = await corpusStats(file);
  const pgStats = await corpusStats(url);
  const postings = pgStats.postings.exact + pgStats.postings.abstract;

  // Scans in fresh processes (bench/scan-child.mjs), the stores alternating, RUNS each: pass 1 is a one-off scan
  // (cold), pass 2 the same files again in the same process (warm, as a long scan).
  const runs = { SQLite: [], PostgreSQL: [] };
  for (let r = 0; r < RUNS; r++)
    for (const [name, db] of [
      ['SQLite', file],
      ['PostgreSQL', url],
    ]) {
      const res = spawnSync(process.execPath, [join(ROOT, 'bench/scan-child.mjs'), db, list], { encoding: 'utf8' });
      if (res.status !== 0) throw new Error(`scan-child failed on ${name}: ${res.stderr}`);
      runs[name].push(JSON.parse(res.stdout.trim().split('\n').pop()));
    }
  const row = (name) => {
    const rs = runs[name];
    const cold = rs.map((x) => (x.openMs + x.passes[0].wallMs) / 1000);
    const warm = rs.map((x) => x.passes[1].wallMs / 1000);
    const cpu = rs.map((x) => x.passes[0].cpuMs / 1000);
    return { cold, warm, cpu, matches: rs[0].passes[0].matches, rss: median(rs.map((x) => x.rssMb)) };
  };
  const s = row('SQLite');
  const p = row('PostgreSQL');
  if (s.matches !== p.matches) throw new Error(`different match counts: SQLite ${s.matches}, PostgreSQL ${p.matches}`);
  const ratioCold = median(p.cold) / median(s.cold);
  const ratioWarm = median(p.warm) / median(s.warm);

  const perPosting = (bytes) => (bytes / postings).toFixed(1);
  const body = `
Corpus: ${entries.length} files, ${mb(corpusBytes).toFixed(1)} MB of real code from node_modules (the corpus
benchmark's corpus side), ${postings.toLocaleString('en-US')} postings after \`corpus optimize\`; scanned: ${scanSide.length}
files, ${mb(scanBytes).toFixed(1)} MB (the scan side: code that shares a lot with the corpus). PostgreSQL 15 from Debian
on the same machine (a cluster this benchmark starts: default settings, durable — fsync on), reached over TCP on
127.0.0.1. Each scan runs in a fresh process (\`bench/scan-child.mjs\`); the stores alternate, ${RUNS} runs each: median,
range in brackets. **The machine is shared and loaded** (other sessions' builds and tests run beside it): wall times
are noisy, the ratios of medians taken side by side are the figure to read.

| | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |
|---|---:|---:|---:|
| ingest, wall (CPU) | ${ingest.SQLite.wall.toFixed(1)} s (${ingest.SQLite.cpu.toFixed(1)} s) | ${ingest.PostgreSQL.wall.toFixed(1)} s (${ingest.PostgreSQL.cpu.toFixed(1)} s) | ${(ingest.PostgreSQL.wall / ingest.SQLite.wall).toFixed(2)}× |
| one-off scan (open + first pass), wall | ${median(s.cold).toFixed(2)} s [${range(s.cold)}] | ${median(p.cold).toFixed(2)} s [${range(p.cold)}] | **${ratioCold.toFixed(2)}×** |
| same files again (warm), wall | ${median(s.warm).toFixed(2)} s [${range(s.warm)}] | ${median(p.warm).toFixed(2)} s [${range(p.warm)}] | ${ratioWarm.toFixed(2)}× |
| first pass, CPU of the scanning process | ${median(s.cpu).toFixed(2)} s | ${median(p.cpu).toFixed(2)} s | ${(median(p.cpu) / median(s.cpu)).toFixed(2)}× |
| matches (must be equal) | ${s.matches} | ${p.matches} | |
| peak RSS of the scan | ${s.rss.toFixed(0)} MB | ${p.rss.toFixed(0)} MB | |
| size on disk | ${mb(sqliteStats.sizeBytes).toFixed(1)} MB (file) | ${mb(pgStats.sizeBytes).toFixed(1)} MB (all tables and indexes) | |
| bytes per posting, whole corpus | ${perPosting(sqliteStats.sizeBytes)} | ${perPosting(pgStats.sizeBytes)} | |
| bytes per posting, postings table / its index | | ${perPosting(pgStats.postingsTableBytes)} / ${perPosting(pgStats.postingsIndexBytes)} | |

Target: a PostgreSQL scan ≤ 3× SQLite on the same corpus — ${ratioCold <= 3 ? 'met' : '**not met**'} (one-off scan ${ratioCold.toFixed(2)}×).
Source bytes per posting: ${(corpusBytes / postings).toFixed(1)} (docs/corpus.md scales these figures to 100 GB and 1 TB).
`;
  writeSection(
    'pg',
    'The same corpus in PostgreSQL (scan and ingest against SQLite, bytes per posting)',
    `node bench/pg.bench.mjs ${CORPUS_MB} ${SCAN_MB} ${RUNS}`,
    body,
  );
  process.stdout.write(body);
} finally {
  await cluster.stop();
}
