// `npm run corpus:build`: builds fingerprints/default.db, the bundled default corpus, from the pinned npm packages in
// fingerprints/sources.json, and writes fingerprints/README.md. Reproducible: pinned versions, sorted files, fixed
// timestamps (SOURCE_DATE_EPOCH), the index merged into one segment, DELETE journal and VACUUM so the committed file
// is one self-contained database.
// Packages are fetched with `npm pack` (served from the npm cache when present) into a temporary folder.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

process.env.SOURCE_DATE_EPOCH ??= '1767225600'; // 2026-01-01: `added` dates in the committed file do not change

const here = fileURLToPath(new URL('.', import.meta.url));
const dist = new URL('../dist/src/', import.meta.url);
const { ingestSources } = await import(new URL('corpus/store.js', dist).href);
const { readTarball } = await import(new URL('corpus/ingest/tarball.js', dist).href);
const { npmInfo } = await import(new URL('corpus/ingest/npm.js', dist).href);
const { optimizeCorpus } = await import(new URL('corpus/api.js', dist).href);
const { isNoticeFile } = await import(new URL('corpus/copyright.js', dist).href);
const { default: Database } = await import('better-sqlite3');

const recipe = JSON.parse(readFileSync(join(here, 'sources.json'), 'utf8'));
const CODE = /\.(js|mjs|cjs|jsx|ts|tsx|mts|cts)$/;
const NOT_CODE = /(\.d\.[mc]?ts|\.min\.js|\.map)$/;
const packs = join(tmpdir(), 'provscan-corpus-packs');
mkdirSync(packs, { recursive: true });

function fetchPack(spec) {
  const name = `${spec.replace(/^@/, '').replace(/[/@]/g, '-')}.tgz`;
  const dest = join(packs, name);
  if (existsSync(dest)) return dest;
  const dir = join(packs, 'tmp');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir);
  execFileSync('npm', ['pack', spec, '--pack-destination', dir, '--ignore-scripts', '--prefer-offline', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const [tgz] = readdirSync(dir).filter((f) => f.endsWith('.tgz'));
  renameSync(join(dir, tgz), dest);
  return dest;
}

async function source(entry) {
  const tgz = fetchPack(entry.spec);
  const all = [];
  for await (const e of readTarball(tgz, 1)) all.push(e);
  const manifest = all.find((e) => e.path === 'package.json');
  const pkg = JSON.parse(Buffer.from(manifest.bytes).toString('utf8'));
  const wanted = (p) =>
    CODE.test(p) && !NOT_CODE.test(p) && (!entry.include || entry.include.some((prefix) => p === prefix || p.startsWith(prefix)));
  // The package's own LICENSE / NOTICE / AUTHORS files are passed too: not fingerprinted, but their copyright
  // statements go into the corpus for attribution notices.
  const notice = (p) => !p.includes('/') && isNoticeFile(p);
  const entries = all.filter((e) => wanted(e.path) || notice(e.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const info = npmInfo(pkg, `npm:${entry.spec}`, entry.license ? { license: entry.license } : {});
  return { info, total: entries.length, entries };
}

const target = join(here, 'default.db');
const temp = `${target}.building`;
for (const f of [temp, `${temp}-wal`, `${temp}-shm`]) rmSync(f, { force: true });
const t0 = performance.now();
const sources = [];
for (const entry of recipe.sources) {
  process.stderr.write(`fetching ${entry.spec}\n`);
  sources.push(await source(entry));
}
const report = await ingestSources(temp, sources, (e) => {
  if (e.kind === 'end' && e.stage.startsWith('ingest ')) process.stderr.write(`  ${e.stage}\n`);
});

await optimizeCorpus(temp);
const db = new Database(temp);
db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES ('build', ?)`).run(`default-recipe-${recipe.recipe}`);
db.pragma('journal_mode = DELETE');
db.exec('VACUUM');
const rows = db
  .prepare(
    `SELECT s.name, s.version, s.license, s.purl, s.files, s.bytes,
            (SELECT coalesce(sum(f.exact_count + f.abstract_count), 0)
               FROM files f WHERE f.id IN (SELECT file_id FROM members WHERE source_id = s.id)) AS fingerprints
       FROM sources s ORDER BY s.name, s.version`,
  )
  .all();
const totals = db
  .prepare(`SELECT count(*) AS files, coalesce(sum(exact_count + abstract_count), 0) AS fps FROM files`)
  .get();
db.close();
renameSync(temp, target);

const declared = new Map(recipe.sources.map((s) => [s.spec.slice(0, s.spec.lastIndexOf('@')), s]));
const table = rows.map((r) => {
  const d = declared.get(r.name);
  const note = d?.declared ? ` (package.json: \`${d.declared}\`)` : '';
  return `| ${r.name} | ${r.version} | \`${r.license}\`${note} | ${r.files} | ${(r.bytes / 2 ** 20).toFixed(2)} MB | ${r.fingerprints} |`;
});
const readme = `# Bundled default corpus

\`default.db\` is the corpus \`provscan scan\` uses when no \`--db\` is given. It is built by \`npm run corpus:build\`
(\`fingerprints/build.mjs\`) from the pinned npm packages listed in \`fingerprints/sources.json\`: copyleft (GPL, LGPL),
network-copyleft (AGPL), source-available and commercial-license JavaScript/TypeScript packages that code assistants
are likely to have memorised, plus a few permissive ones so attribution notices are exercised. Only code files are
ingested (no \`.d.ts\`, maps or minified bundles), limited to each package's original sources where it ships several
builds. Licenses are the packages' declared ones; where package.json does not hold an SPDX expression the recipe
records a \`LicenseRef-\` and the declared text.

Built with fingerprint parameters of this provscan version; \`provscan corpus stats --db fingerprints/default.db\`
shows them. ${rows.length} sources, ${totals.files} distinct files, ${totals.fps} fingerprints,
${(statSync(target).size / 2 ** 20).toFixed(1)} MB. This file is generated: edit \`sources.json\` and rebuild.

| Source | Version | License | Files | Source size | Fingerprints |
|---|---|---|---:|---:|---:|
${table.join('\n')}

Copyright statements are kept from each package's LICENSE/NOTICE files and its files' headers (for \`provscan notice\`
and the SBOM); license texts themselves are never fingerprinted.

**A limit to know.** A package whose published code is a bundle carries the code of its dependencies, and a match
inside the bundle is reported under the bundle's license. Packages found to bundle widely used permissive libraries
are left out (\`excluded\` in \`sources.json\`):
${(recipe.excluded ?? []).map((e) => `- ${e.spec}: ${e.why}`).join('\n')}

Other bundles here (\`ag-grid-enterprise\`, \`mapbox-gl\`, \`openpgp\`, \`n8n-workflow\` builds) may include small
vendored libraries too: when a finding points into one of them, check whether the matched code comes from a
dependency under its own license.
`;
writeFileSync(join(here, 'README.md'), readme);
process.stderr.write(
  `built ${target}: ${rows.length} sources, ${totals.fps} fingerprints, ${(statSync(target).size / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s (ingest ${report.seconds.toFixed(1)} s, ${(report.bytes / 2 ** 20).toFixed(1)} MB)\n`,
);
