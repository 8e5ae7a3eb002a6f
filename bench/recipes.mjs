// `npm run bench:recipes [-- NAME…]`: builds each recipe of fingerprints/recipes/ into its own corpus database with
// the real CLI (`provscan corpus add --recipe`), from scratch, and measures it: wall time (downloads included unless
// they are cached), provscan's own CPU time and peak RSS, source ingested, database size. Not part of `npm run
// bench`: it downloads Debian and npm packages (GBs for the large C/C++ recipes). Results accumulate in
// bench/work/recipes/results.json (one entry per recipe, the last run wins) and the table of all of them is written
// to bench/RESULTS.md (section `recipes`) and printed, for README.md and docs/corpus.md.
// Options: --work DIR (default bench/work/recipes), --keep (do not delete an existing database first: resume),
// --table (build nothing: rewrite the table from results.json).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runProvscan, writeSection } from './lib.mjs';

const RECIPES = fileURLToPath(new URL('../fingerprints/recipes/', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : def;
};
const WORK = resolve(opt('work', fileURLToPath(new URL('./work/recipes/', import.meta.url))));
const keep = argv.includes('--keep');
const named = argv.filter((a, i) => !a.startsWith('--') && argv[i - 1] !== '--work');
const all = readdirSync(RECIPES)
  .filter((f) => /\.(ya?ml|json)$/.test(f))
  .map((f) => f.replace(/\.\w+$/, ''))
  .sort();
const wanted = named.length > 0 ? named : all;
for (const n of wanted) {
  if (!all.includes(n)) {
    console.error(`recipes: no recipe ${n} in fingerprints/recipes/ (have ${all.join(', ')})`);
    process.exit(2);
  }
}
mkdirSync(WORK, { recursive: true });
const store = join(WORK, 'results.json');
const results = existsSync(store) ? JSON.parse(readFileSync(store, 'utf8')) : {};
const mb = (b) => b / 2 ** 20;
let failedRuns = 0;

for (const name of argv.includes('--table') ? [] : wanted) {
  const file = join(
    RECIPES,
    readdirSync(RECIPES).find((f) => f.replace(/\.\w+$/, '') === name),
  );
  const db = join(WORK, `${name}.db`);
  if (!keep) for (const suffix of ['', '-wal', '-shm']) rmSync(db + suffix, { force: true });
  process.stdout.write(`recipes: building ${name} into ${db} …\n`);
  const run = await runProvscan(['corpus', 'add', '--recipe', file, '--db', db, '--json', '--quiet']);
  let report;
  try {
    report = JSON.parse(run.stdout);
  } catch {
    console.error(`recipes: ${name}: provscan exited ${run.code} without a report:\n${run.stderr.slice(-3000)}`);
    results[name] = {
      date: new Date().toISOString(),
      error: run.stderr.trim().split('\n').pop() ?? `exit ${run.code}`,
    };
    failedRuns++;
    continue;
  }
  if (run.stderr.trim() !== '') process.stderr.write(run.stderr);
  const stats = existsSync(db)
    ? JSON.parse((await runProvscan(['corpus', 'stats', '--db', db, '--json'])).stdout)
    : { sizeBytes: 0, bytes: 0, files: 0 };
  results[name] = {
    date: new Date().toISOString(),
    sources: report.results.length,
    added: report.added,
    skipped: report.skipped,
    failed: report.results.filter((r) => r.outcome === 'failed').map((r) => r.error),
    noassertion: report.results.flatMap((r) => r.reports.filter((s) => s.license === 'NOASSERTION').map((s) => s.name)),
    sourceBytes: stats.bytes,
    dbBytes: stats.sizeBytes,
    files: stats.files,
    wallS: run.wallS,
    cpuS: run.cpuS,
    rssMb: run.rssMb,
    exit: run.code,
  };
  if (run.code !== 0) failedRuns++;
  writeFileSync(store, `${JSON.stringify(results, null, 2)}\n`);
  const r = results[name];
  process.stdout.write(
    `recipes: ${name}: ${r.added}/${r.sources} sources, ${mb(r.sourceBytes).toFixed(0)} MB of source, ` +
      `${mb(r.dbBytes).toFixed(0)} MB database, ${r.wallS.toFixed(0)} s wall, ${r.cpuS.toFixed(0)} s CPU, exit ${r.exit}\n`,
  );
}

const rows = Object.entries(results)
  .sort(([a], [b]) => a.localeCompare(b))
  .map(([name, r]) => {
    if (r.error) return `| ${name} | failed: ${r.error} | | | | | | |`;
    const ratio = r.sourceBytes > 0 ? (r.dbBytes / r.sourceBytes).toFixed(2) : '–';
    // failures named by their source; the reason once when it is the same for all (a mirror's 404s)
    const labels = r.failed.map((e) => e.split(':').slice(0, 2).join(':'));
    const reasons = new Set(
      r.failed.map((e) =>
        /404 Not Found/.test(e) ? 'download 404 Not Found' : /Failed to fetch/.test(e) ? 'download failed' : e,
      ),
    );
    const notes = [
      r.failed.length > 0
        ? `not built: ${labels.join(', ')} (${reasons.size === 1 ? [...reasons][0] : [...reasons].join('; ')})`
        : '',
      r.noassertion.length > 0 ? `NOASSERTION: ${r.noassertion.join(', ')}` : '',
    ]
      .filter((x) => x !== '')
      .join('; ');
    return (
      `| ${name} | ${r.added} of ${r.sources} | ${mb(r.sourceBytes).toFixed(0)} MB | ${mb(r.dbBytes).toFixed(0)} MB (${ratio}×) | ` +
      `${(r.wallS / 60).toFixed(1)} min | ${(r.cpuS / 60).toFixed(1)} min | ${r.rssMb.toFixed(0)} MB | ${r.date.slice(0, 10)}${notes ? `; ${notes}` : ''} |`
    );
  });
const table = [
  '| recipe | sources added | source ingested | database | build, wall | build, provscan CPU | peak RSS | date; notes |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ...rows,
].join('\n');
writeSection(
  'recipes',
  'Corpus recipes (fingerprints/recipes/): build time and size',
  // a --table run stamps the command that built what the table shows
  argv.includes('--table')
    ? `node bench/recipes.mjs ${Object.keys(results).sort().join(' ')}`
    : `node bench/recipes.mjs ${argv.join(' ')}`.trim(),
  `Each recipe built from scratch into its own database by \`provscan corpus add --recipe\` (one transaction per
source). Wall time includes apt and npm downloads where they were not cached yet and dpkg-source unpacking; CPU is
provscan's own process (apt, dpkg-source, tar not counted). ${os.cpus().length} cores shared with other work: wall
times are upper bounds. Source is what was ingested (code files after the skip rules), the database its SQLite file.

${table}`,
);
process.stdout.write(`\n${table}\n`);
process.exitCode = failedRuns > 0 ? 1 : 0;
