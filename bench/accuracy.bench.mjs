// Accuracy of snippet matching on real licensed code: cut fragments of 8–40 lines from a corpus of real packages,
// transform them (verbatim; reformatted + comments stripped; identifiers renamed; renamed + ~15% lines edited),
// insert each into an unrelated host file of the same language, scan, and score recall per transformation and
// language, and precision over every reported match. `node bench/accuracy.bench.mjs [fragments-per-cell]`.
import { appendFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasets, WORK } from './accuracy/data.mjs';
import { TRANSFORMS, rng, transform } from './accuracy/transform.mjs';
import { peakRssMb, writeSection } from './lib.mjs';

const dist = new URL('../dist/src/', import.meta.url);
const { ingestSources } = await import(new URL('corpus/store.js', dist).href);
const { openCorpora } = await import(new URL('corpus/index.js', dist).href);
const { prepareFile, lex } = await import(new URL('fingerprint/index.js', dist).href);
const { KEYWORDS } = await import(new URL('fingerprint/lex/keywords.js', dist).href);

const PER_CELL = Number(process.argv[2] ?? 50);
const MIN_TOKENS = 50; // fragments below the matcher's minimum size are not drawn (documented in the table)
const t0 = performance.now();

const sets = datasets();
const langs = Object.keys(sets).filter((l) => sets[l].corpus?.length > 0 && sets[l].hosts?.length > 0);
const db = join(WORK, 'accuracy.db');
for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });

// One corpus with every language's corpus side, one source per language.
await ingestSources(
  db,
  langs.map((lang) => ({
    info: { name: `corpus-${lang}`, license: 'MIT' },
    entries: sets[lang].corpus.map((c) => ({ path: c.path, bytes: readFileSync(c.file) })),
  })),
);
const corpora = await openCorpora([db]);
// Fragments are drawn only from files the corpus really holds (generated tables and the like are skipped at ingest).
{
  const { default: Database } = await import('better-sqlite3');
  const conn = new Database(db, { readonly: true });
  const held = new Set(conn.prepare('SELECT path FROM members').pluck().all());
  conn.close();
  for (const lang of langs) sets[lang].corpus = sets[lang].corpus.filter((c) => held.has(c.path));
}

// Significant tokens as the fingerprint lexer counts them (comments and layout dropped, a string is one token).
const tokenCount = (lines, lang) => lex(lines.join('\n'), lang).count;
const overlaps = (m, s, e) => m.start <= e && s <= m.end;

/** Lines where a token starts and the previous token ended on an earlier line: cutting there splits no comment. */
function safeLines(text, lang) {
  const tokens = lex(text, lang);
  const safe = [];
  for (let i = 1; i < tokens.count; i++) {
    const line = tokens.startLines[i];
    if (line > tokens.endLines[i - 1] && safe[safe.length - 1] !== line) safe.push(line);
  }
  return safe;
}

// PROVSCAN_MATCH_DUMP=FILE writes every scan's full match output (JSON lines), to compare two engines or stores.
const dump = process.env.PROVSCAN_MATCH_DUMP;
if (dump) writeFileSync(dump, '');
async function scan(path, text) {
  const p = prepareFile(path, Buffer.from(text));
  const ms = 'reason' in p ? null : await corpora.matchFile(p);
  if (dump) appendFileSync(dump, `${JSON.stringify({ path, matches: ms })}\n`);
  return ms;
}

// Hosts that already share code with the corpus (a real, unintended overlap) are set aside and counted.
const cleanHosts = {};
const excluded = {};
for (const lang of langs) {
  cleanHosts[lang] = [];
  excluded[lang] = 0;
  for (const h of sets[lang].hosts) {
    const text = readFileSync(h.file, 'utf8');
    const ms = await scan(h.path, text);
    if (ms === null || text.split('\n').length < 30) continue;
    if (ms.length > 0) {
      excluded[lang]++;
      continue;
    }
    // Insertion points never inside a host comment or string (which would hide the fragment from any scanner).
    const safe = safeLines(text, lang);
    if (safe.length > 0) cleanHosts[lang].push({ ...h, lines: text.split('\n'), safe });
  }
}

const results = {}; // lang -> transform -> {found, total}
let truePositives = 0;
let falsePositives = 0;
const fpExamples = [];
const random = rng(20261124);
const pick = (arr) => arr[Math.floor(random() * arr.length)];
const corpusText = new Map();

for (const lang of langs) {
  const keywords = new Set(KEYWORDS[lang] ?? []);
  results[lang] = {};
  if (cleanHosts[lang].length === 0) continue;
  for (const kind of TRANSFORMS) {
    let found = 0;
    let total = 0;
    for (let n = 0; n < PER_CELL; n++) {
      // A fragment of 8–40 lines with at least MIN_TOKENS tokens.
      let src;
      let start;
      let fragment;
      for (let tries = 0; tries < 50; tries++) {
        src = pick(sets[lang].corpus);
        if (!corpusText.has(src.file)) {
          const text = readFileSync(src.file, 'utf8');
          corpusText.set(src.file, { lines: text.split('\n'), safe: safeLines(text, lang) });
        }
        const { lines, safe } = corpusText.get(src.file);
        // Cut at lines where a token starts (both ends), so a fragment never starts or ends inside a comment or a
        // string: a half comment would turn into code and no scanner could be expected to match it.
        if (safe.length < 2) continue;
        const first = pick(safe);
        const len = 8 + Math.floor(random() * 33);
        const stop =
          safe.find((l) => l >= first + len && l <= first + 40) ??
          (first + len >= lines.length ? lines.length + 1 : undefined);
        if (stop === undefined || stop - first < 8) continue;
        start = first - 1;
        fragment = lines.slice(start, stop - 1);
        if (tokenCount(fragment, lang) >= MIN_TOKENS && fragment.filter((l) => l.trim() !== '').length >= 6) break;
        fragment = undefined;
      }
      if (!fragment) continue;
      const inserted = transform(kind, fragment, lang, keywords, random);
      const host = pick(cleanHosts[lang]);
      // Insert before a line where a host token starts (never inside a host comment or string).
      const at = pick(host.safe) - 1;
      const text = [...host.lines.slice(0, at), ...inserted, ...host.lines.slice(at)].join('\n');
      const ms = (await scan(host.path, text)) ?? [];
      const s = at + 1;
      const e = at + inserted.length;
      const fromStart = start + 1;
      const fromEnd = start + fragment.length;
      total++;
      let hit = false;
      for (const m of ms) {
        const refs = [m.corpus, ...(m.alternatives ?? [])];
        const right =
          overlaps(m, s, e) && refs.some((r) => r.path === src.path && r.start <= fromEnd && fromStart <= r.end);
        if (right) {
          hit = true;
          truePositives++;
        } else {
          falsePositives++;
          if (fpExamples.length < 8)
            fpExamples.push(
              `${lang}/${kind}: host ${host.path}:${m.start}-${m.end} (insert ${s}-${e}) → ${m.corpus.path}:${m.corpus.start}-${m.corpus.end} ${m.channel} ${m.similarity}`,
            );
        }
      }
      if (hit) found++;
      else if (
        process.env.ACC_DEBUG &&
        kind === process.env.ACC_DEBUG &&
        (writeFileSync(join(WORK, `miss-${lang}-${n}.txt`), text) || true)
      )
        process.stderr.write(
          `MISS ${lang}/${kind} ${src.path}:${fromStart}-${fromEnd} tokens=${tokenCount(fragment, lang)} into ${host.path}@${s}-${e}: ${JSON.stringify(ms.map((m) => [m.start, m.end, m.corpus.path, m.corpus.start, m.corpus.end, m.channel]))}\n`,
        );
    }
    results[lang][kind] = { found, total };
  }
}
await corpora.close();

const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const rows = langs.map(
  (lang) =>
    `| ${lang} | ${TRANSFORMS.map((k) => {
      const r = results[lang][k];
      return r ? `${pct(r.found, r.total)} (${r.found}/${r.total})` : '–';
    }).join(' | ')} |`,
);
const totals = TRANSFORMS.map((k) => {
  let f = 0;
  let t = 0;
  for (const lang of langs) {
    f += results[lang][k]?.found ?? 0;
    t += results[lang][k]?.total ?? 0;
  }
  return `**${pct(f, t)}** (${f}/${t})`;
});
const precision = pct(truePositives, truePositives + falsePositives);
const targets = { verbatim: 98, reformatted: 98, renamed: 90, 'renamed+edited': 80 };
const body = `Recall: share of inserted fragments found (a match overlapping the inserted lines that points at the fragment's
corpus file and lines). Fragments: ${PER_CELL} per cell, 8–40 lines, at least ${MIN_TOKENS} tokens (the matcher's minimum match
size; shorter fragments are not drawn), cut at random from real code and inserted at a random line of an unrelated host
file of the same language. Targets: ${Object.entries(targets)
  .map(([k, v]) => `${k} ≥ ${v}%`)
  .join(', ')}, precision ≥ 95%.

| Language | ${TRANSFORMS.join(' | ')} |
|---|${TRANSFORMS.map(() => '---:').join('|')}|
${rows.join('\n')}
| **all** | ${totals.join(' | ')} |

Precision over every reported match: **${precision}** (${truePositives} right, ${falsePositives} wrong: a match outside the
inserted lines or pointing elsewhere). Host files that already shared code with the corpus before insertion were set
aside: ${langs.map((l) => `${l} ${excluded[l]}`).join(', ')}; clean hosts used: ${langs.map((l) => `${l} ${cleanHosts[l].length}`).join(', ')}.
${fpExamples.length > 0 ? `\nWrong matches (first ${fpExamples.length}):\n\n${fpExamples.map((x) => `- ${x}`).join('\n')}\n` : ''}
Data:

${langs.map((l) => `- ${l}: ${sets[l].source} (${sets[l].corpus.length} corpus files)`).join('\n')}

Peak RSS ${peakRssMb().toFixed(0)} MB; run time ${((performance.now() - t0) / 1000).toFixed(0)} s.`;
writeSection(
  'accuracy',
  'Snippet-matching accuracy (recall per transformation and language, precision)',
  `node bench/accuracy.bench.mjs ${PER_CELL}`,
  body,
);
process.stdout.write(`${body}\n`);
