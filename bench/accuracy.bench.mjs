// Accuracy of snippet matching on realistic copies, through the real CLI. Real code of real projects in C, Go, Java,
// JavaScript, TypeScript and Python (bench/accuracy/data.mjs: pinned Debian and npm packages, fetched once into
// bench/work/accuracy/) is split into a corpus side (GPL, LGPL, MPL, Apache projects, ingested with `provscan corpus
// add`) and a host side (unrelated permissive projects of the same language, one git repository per language). For
// every seed, fragments of 8–40 lines are cut from corpus files at statement starts (≥ 70% code lines, never inside a
// comment or a multi-line string), transformed (verbatim / reformatted / renamed / renamed + edited:
// bench/accuracy/transform.mjs), inserted between top-level statements of host files, committed with an AI
// co-author trailer, and the repository is scanned with `provscan scan --format json`. Recall per language and
// transformation, recall by fragment size, precision over every reported match (a match not on an inserted fragment is
// a false one), and the license conflicts found. Tuning seeds and a held-out seed are reported separately.
//
//   node bench/accuracy.bench.mjs [--per-cell N] [--seeds 1,2,3] [--holdout 4] [--langs c,go] [--no-dolos]
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { analyse, cutFragment } from './accuracy/cut.mjs';
import { WORK } from './accuracy/fetch.mjs';
import { isLanguage, LANGUAGES, PROJECTS, projectFiles, tree } from './accuracy/data.mjs';
import { dolosAvailable, dolosFinds } from './accuracy/dolos.mjs';
import { TRANSFORMS, rng, transform } from './accuracy/transform.mjs';
import { peakRssMb, writeSection } from './lib.mjs';

const run = promisify(execFile);
const dist = new URL(process.env.PROVSCAN_DIST ?? '../dist/src/', import.meta.url);
const { lex } = await import(new URL('fingerprint/index.js', dist).href);
const { FINGERPRINT_VERSION } = await import(new URL('fingerprint/fingerprint.js', dist).href);
const CLI = new URL('../bin/provscan.js', import.meta.url).pathname;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const PER_CELL = Number(opt('per-cell', 40));
const SEEDS = opt('seeds', '1,2,3').split(',').map(Number);
const HOLDOUT = opt('holdout', '9001') === 'none' ? [] : opt('holdout', '9001').split(',').map(Number);
const LANGS = opt('langs', LANGUAGES.join(',')).split(',');
const DOLOS = !args.includes('--no-dolos');
// Tuning aid: match every file of the seed's repository in this process (library API, no git history, no conflicts)
const IN_PROCESS = args.includes('--in-process');
const DEBUG = process.env.ACC_DEBUG ? join(WORK, 'debug') : undefined;
const DOLOS_PER_CELL = Number(opt('dolos-per-cell', 5));
const t0 = performance.now();
const log = (s) => process.stderr.write(`accuracy: ${s}\n`);

const git = (cwd, ...a) =>
  execFileSync('git', a, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
    maxBuffer: 1 << 28,
  });
const provscan = (...a) => run(process.execPath, [CLI, ...a], { maxBuffer: 1 << 30 });

// ---------------------------------------------------------------------------------------------------------------
// 1. The real code.
const trees = new Map();
for (const lang of LANGS)
  for (const p of [...PROJECTS[lang].corpus, ...PROJECTS[lang].hosts]) trees.set(p, await tree(p));

// 2. The corpus, built with the CLI (rebuilt when the projects or the fingerprint version change).
const DB = join(WORK, 'corpus.db');
const corpusKey = JSON.stringify({ fp: FINGERPRINT_VERSION, c: LANGUAGES.map((l) => PROJECTS[l].corpus) });
const keyFile = `${DB}.key`;
let corpusSeconds = 0;
let corpusMb = 0;
if (!existsSync(DB) || !existsSync(keyFile) || readFileSync(keyFile, 'utf8') !== corpusKey) {
  for (const f of [DB, `${DB}-wal`, `${DB}-shm`, keyFile]) rmSync(f, { force: true });
  const stage = join(WORK, 'stage');
  rmSync(stage, { recursive: true, force: true });
  const c0 = performance.now();
  for (const lang of LANGUAGES) {
    for (const p of PROJECTS[lang].corpus) {
      const root = await tree(p);
      // the project's ingested folders, hard-linked into one folder per project (`corpus add` takes one path)
      const dir = join(stage, p.name);
      for (const f of projectFiles(root, p)) {
        mkdirSync(dirname(join(dir, f.path)), { recursive: true });
        linkSync(f.file, join(dir, f.path));
      }
      const { stderr } = await provscan(
        'corpus',
        'add',
        dir,
        '--db',
        DB,
        '--name',
        p.name,
        '--version',
        p.version,
        '--license',
        p.license,
        '--quiet',
      );
      if (stderr.trim()) log(stderr.trim());
    }
  }
  corpusSeconds = (performance.now() - c0) / 1000;
  writeFileSync(keyFile, corpusKey);
}
const stats = JSON.parse((await provscan('corpus', 'stats', '--db', DB, '--json')).stdout);
corpusMb = stats.bytes / 1e6;
const { default: Database } = await import('better-sqlite3');
const conn = new Database(DB, { readonly: true });
// (source, path) of every file the corpus holds: fragments are cut only from those (skipped files hold no code)
const held = new Set(
  conn.prepare('SELECT s.name || char(0) || m.path FROM members m JOIN sources s ON s.id = m.source_id').pluck().all(),
);
conn.close();

// 3. One base host repository per language: the host projects side by side under an MIT LICENSE, committed by a human.
const MIT = readFileSync(new URL('./accuracy/MIT.txt', import.meta.url), 'utf8');
async function baseRepo(lang) {
  const dir = join(WORK, 'hosts', lang);
  const key = JSON.stringify(PROJECTS[lang].hosts);
  if (existsSync(join(dir, '.key')) && readFileSync(join(dir, '.key'), 'utf8') === key) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const p of PROJECTS[lang].hosts)
    for (const f of projectFiles(trees.get(p), p)) {
      const to = join(dir, p.name, f.path);
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, readFileSync(f.file));
    }
  writeFileSync(join(dir, 'LICENSE'), MIT);
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Host Maintainer');
  git(dir, 'config', 'user.email', 'maintainer@example.org');
  git(dir, 'config', 'commit.gpgsign', 'false');
  git(dir, 'add', '-A');
  git(dir, '-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', 'Host projects', '--date', '2024-01-01T00:00:00Z');
  writeFileSync(join(dir, '.key'), key);
  return dir;
}

/** Bytes of the files a repository tracks. */
function hostBytes(dir) {
  let total = 0;
  for (const line of git(dir, 'ls-tree', '-r', '-l', 'HEAD').split('\n')) total += Number(line.split(/\s+/)[3]) || 0;
  return total;
}

// Per language: the fragment sources (corpus code files the corpus holds) and the host files with insertion points.
const analysed = new Map();
const analysis = (file, lang) => {
  let a = analysed.get(file);
  if (!a) {
    a = analyse(readFileSync(file, 'utf8'), lang, lex);
    analysed.set(file, a);
  }
  return a;
};
const pools = {};
for (const lang of LANGS) {
  const base = await baseRepo(lang);
  const corpusFiles = PROJECTS[lang].corpus.flatMap((p) =>
    projectFiles(trees.get(p), p, isLanguage(lang))
      .filter((f) => held.has(`${p.name}\u0000${f.path}`))
      .map((f) => ({ ...f, project: p })),
  );
  const hostFiles = PROJECTS[lang].hosts
    .flatMap((p) => projectFiles(trees.get(p), p, isLanguage(lang)).map((f) => ({ ...f, path: `${p.name}/${f.path}` })))
    .filter((f) => {
      const a = analysis(join(base, f.path), lang);
      return a.top.some((x) => x === 1);
    });
  pools[lang] = { base, corpusFiles, hostFiles, bytes: hostBytes(base) };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. Per seed and language: cut, transform, insert, commit, scan, score.
const overlaps = (a, s, e) => a.start <= e && s <= a.end;
const COPYLEFT = /^(GPL|LGPL|AGPL|MPL)/;

async function runSeed(seed, lang) {
  const random = rng(seed * 7919 + LANGS.indexOf(lang) + 1);
  const pick = (arr) => arr[Math.floor(random() * arr.length)];
  const { base, corpusFiles, hostFiles } = pools[lang];
  const inserts = new Map(); // host path -> [{ at, lines, frag }]
  const frags = [];
  for (const kind of TRANSFORMS)
    for (let n = 0; n < PER_CELL; n++) {
      let frag;
      for (let tries = 0; tries < 50 && !frag; tries++) {
        const src = pick(corpusFiles);
        const cut = cutFragment(analysis(src.file, lang), random);
        if (cut) frag = { ...cut, src };
      }
      if (!frag) continue;
      // a host file and a top-level statement start in it that no other fragment took
      let host;
      let at;
      for (let tries = 0; tries < 50 && at === undefined; tries++) {
        host = pick(hostFiles);
        const a = analysis(join(base, host.path), lang);
        const tops = [];
        for (let l = 1; l < a.top.length; l++) if (a.top[l]) tops.push(l);
        const taken = inserts.get(host.path) ?? [];
        const free = tops.filter((l) => taken.every((x) => Math.abs(x.at - l) > 3));
        if (free.length > 0) at = pick(free);
      }
      if (at === undefined) continue;
      // lines an edit may take from the host: lines of its code (not comment lines, which would turn into code)
      const ha = analysis(join(base, host.path), lang);
      const hostLines = ha.lines.filter((_, i) => ha.code[i + 1] === 1);
      const lines = transform(kind, frag.lines, lang, lex, random, hostLines);
      const rec = { kind, lang, frag, host: host.path, at, lines, size: frag.end - frag.start + 1 };
      frags.push(rec);
      if (!inserts.has(host.path)) inserts.set(host.path, []);
      inserts.get(host.path).push(rec);
    }
  // The seed's repository: the base, plus one AI-co-authored commit that inserts every fragment.
  const dir = join(WORK, 'runs', `${lang}-${seed}${IN_PROCESS ? '-ip' : ''}`);
  rmSync(dir, { recursive: true, force: true });
  git(WORK, 'clone', '-q', '--local', base, dir);
  git(dir, 'config', 'user.name', 'Dev Eloper');
  git(dir, 'config', 'user.email', 'dev@example.org');
  git(dir, 'config', 'commit.gpgsign', 'false');
  for (const [path, list] of inserts) {
    const lines = readFileSync(join(base, path), 'utf8').split('\n');
    list.sort((x, y) => x.at - y.at);
    let shift = 0;
    const out = [];
    let from = 1;
    for (const r of list) {
      out.push(...lines.slice(from - 1, r.at - 1));
      r.start = r.at + shift;
      r.end = r.start + r.lines.length - 1;
      out.push(...r.lines);
      shift += r.lines.length;
      from = r.at;
    }
    out.push(...lines.slice(from - 1));
    const text = out.join('\n');
    writeFileSync(join(dir, path), text);
    for (const r of list) r.hostText = text;
  }
  git(dir, 'add', '-A');
  git(
    dir,
    '-c',
    'core.hooksPath=/dev/null',
    'commit',
    '-q',
    '--date',
    '2024-06-01T00:00:00Z',
    '-m',
    'Add helpers',
    '-m',
    'Co-Authored-By: Claude <noreply@anthropic.com>',
  );
  const out = join(WORK, 'runs', `${lang}-${seed}.json`);
  const s0 = performance.now();
  const scan = IN_PROCESS ? await scanInProcess(dir) : await scanWithCli(dir, out);
  const scanSeconds = (performance.now() - s0) / 1000;
  const scannedBytes = pools[lang].bytes;
  // Score.
  const byPath = new Map();
  for (const r of frags) {
    if (!byPath.has(r.host)) byPath.set(r.host, []);
    byPath.get(r.host).push(r);
  }
  let right = 0;
  let wrong = 0;
  const wrongExamples = [];
  for (const f of scan.files)
    for (const m of f.matches ?? []) {
      const on = (byPath.get(f.path) ?? []).some((r) => overlaps(m, r.start, r.end));
      if (on) right++;
      else {
        wrong++;
        wrongExamples.push(
          `${lang}: ${f.path}:${m.start}-${m.end} → ${m.corpus.name} ${m.corpus.path}:${m.corpus.start}-${m.corpus.end} (${m.channel}, ${m.tokens} tokens, similarity ${m.similarity})`,
        );
      }
    }
  let conflictsRight = 0;
  let conflictsWrong = 0;
  const matchesOf = new Map(scan.files.map((f) => [f.path, f.matches ?? []]));
  const conflictsOf = new Map();
  for (const c of scan.conflicts ?? []) {
    if (!conflictsOf.has(c.path)) conflictsOf.set(c.path, []);
    conflictsOf.get(c.path).push(c);
    if ((byPath.get(c.path) ?? []).some((r) => overlaps(c, r.start, r.end))) conflictsRight++;
    else conflictsWrong++;
  }
  for (const r of frags) {
    const refsOk = (ref) =>
      ref.name === r.frag.src.project.name && ref.path === r.frag.src.path && overlaps(ref, r.frag.start, r.frag.end);
    r.found = (matchesOf.get(r.host) ?? []).some(
      (m) => overlaps(m, r.start, r.end) && [m.corpus, ...(m.alternatives ?? [])].some(refsOk),
    );
    r.copyleft = COPYLEFT.test(r.frag.src.project.license);
    r.conflict = (conflictsOf.get(r.host) ?? []).some((c) => overlaps(c, r.start, r.end));
  }
  if (DEBUG) {
    mkdirSync(DEBUG, { recursive: true });
    const misses = frags
      .filter((r) => !r.found)
      .map((r) => ({
        kind: r.kind,
        size: r.size,
        src: `${r.frag.src.project.name}/${r.frag.src.path}:${r.frag.start}-${r.frag.end}`,
        host: `${r.host}:${r.start}-${r.end}`,
        matches: (matchesOf.get(r.host) ?? []).filter((m) => overlaps(m, r.start - 5, r.end + 5)),
        inserted: r.lines.join('\n'),
        original: r.frag.lines.join('\n'),
      }));
    writeFileSync(join(DEBUG, `misses-${lang}-${seed}.json`), JSON.stringify(misses, null, 1));
    writeFileSync(join(DEBUG, `false-${lang}-${seed}.txt`), wrongExamples.join('\n'));
    const all = scan.files.flatMap((f) =>
      (f.matches ?? []).map((m) => ({
        on: (byPath.get(f.path) ?? []).some((r) => overlaps(m, r.start, r.end)),
        kind: (byPath.get(f.path) ?? []).find((r) => overlaps(m, r.start, r.end))?.kind,
        channel: m.channel,
        tokens: m.tokens,
        host: f.path,
        corpus: m.corpus.path,
        lines: m.end - m.start + 1,
        similarity: m.similarity,
        abstractShare: m.abstractShare,
      })),
    );
    writeFileSync(join(DEBUG, `matches-${lang}-${seed}.json`), JSON.stringify(all));
  }
  rmSync(dir, { recursive: true, force: true });
  return { frags, right, wrong, wrongExamples, conflictsRight, conflictsWrong, scanSeconds, scannedBytes };
}

async function scanWithCli(dir, out) {
  const res = await run(
    process.execPath,
    [CLI, 'scan', dir, '--db', DB, '--format', 'json', '--output', out, '--quiet'],
    {
      maxBuffer: 1 << 28,
    },
  ).catch((err) => err);
  if (!existsSync(out)) throw new Error(`scan of ${dir} failed: ${res.stderr ?? res.message}`);
  return JSON.parse(readFileSync(out, 'utf8'));
}

let corpora;
async function scanInProcess(dir) {
  const { openCorpora } = await import(new URL('corpus/index.js', dist).href);
  const { prepareFile, isSkipped } = await import(new URL('fingerprint/prepare.js', dist).href);
  corpora ??= openCorpora([DB]);
  const files = [];
  for (const path of git(dir, 'ls-files').split('\n').filter(Boolean)) {
    const p = prepareFile(path, readFileSync(join(dir, path)));
    if (isSkipped(p)) continue;
    files.push({ path, matches: corpora.matchFile(p) });
  }
  return { files, conflicts: [] };
}

// Dolos on the same pairs (a sample of the renamed fragments): the host file with its insertions and the corpus file.
async function dolosOn(seedRuns) {
  if (!DOLOS || !(await dolosAvailable())) return undefined;
  const out = {};
  for (const { lang, frags, seed } of seedRuns) {
    out[lang] ??= {};
    const random = rng(seed * 31 + 7);
    for (const kind of ['renamed', 'renamed+edited']) {
      const list = frags.filter((r) => r.kind === kind);
      const sample = [];
      while (sample.length < Math.min(DOLOS_PER_CELL, list.length)) {
        const r = list[Math.floor(random() * list.length)];
        if (!sample.includes(r)) sample.push(r);
      }
      out[lang][kind] ??= { dolos: 0, provscan: 0, total: 0 };
      const cell = out[lang][kind];
      for (const r of sample) {
        const hostText = r.hostText;
        const found = await dolosFinds(lang, hostText, r.start, r.end, readFileSync(r.frag.src.file, 'utf8'), r.frag);
        cell.total++;
        if (found) cell.dolos++;
        if (r.found) cell.provscan++;
      }
    }
  }
  return out;
}

const results = { tuning: [], holdout: [] };
let scanSeconds = 0;
let scannedMb = 0;
let scans = 0;
for (const [group, seeds] of [
  ['tuning', SEEDS],
  ['holdout', HOLDOUT],
])
  for (const seed of seeds)
    for (const lang of LANGS) {
      log(`seed ${seed} ${lang}`);
      const r = await runSeed(seed, lang);
      scanSeconds += r.scanSeconds;
      scannedMb += r.scannedBytes / 1e6;
      scans++;
      results[group].push({ seed, lang, ...r });
    }

// ---------------------------------------------------------------------------------------------------------------
// 5. Tables.
const pct = (a, b) => (b === 0 ? '–' : `${((100 * a) / b).toFixed(1)}%`);
const cellText = (list) =>
  `${pct(list.filter((r) => r.found).length, list.length)} (${list.filter((r) => r.found).length}/${list.length})`;
const TARGET = { verbatim: 99, reformatted: 99, renamed: 92, 'renamed+edited': 85 };

function tables(runs) {
  const frags = runs.flatMap((r) => r.frags);
  const of = (lang, kind) =>
    frags.filter((r) => (lang === '*' || r.lang === lang) && (kind === '*' || r.kind === kind));
  const rows = [...LANGS, '*'].map((lang) => {
    const cells = TRANSFORMS.map((k) => cellText(of(lang, k)));
    const rr = runs.filter((r) => lang === '*' || r.lang === lang);
    const right = rr.reduce((s, r) => s + r.right, 0);
    const wrong = rr.reduce((s, r) => s + r.wrong, 0);
    const name = lang === '*' ? '**all**' : lang;
    return `| ${name} | ${cells.join(' | ')} | ${pct(right, right + wrong)} (${wrong} false) |`;
  });
  const bySize = [...LANGS, '*'].map((lang) => {
    const cells = TRANSFORMS.flatMap((k) => {
      const l = of(lang, k);
      return [cellText(l.filter((r) => r.size <= 12)), cellText(l.filter((r) => r.size > 12))];
    });
    return `| ${lang === '*' ? '**all**' : lang} | ${cells.join(' | ')} |`;
  });
  const copyleft = frags.filter((r) => r.copyleft);
  const cRight = runs.reduce((s, r) => s + r.conflictsRight, 0);
  const cWrong = runs.reduce((s, r) => s + r.conflictsWrong, 0);
  const misses = TRANSFORMS.flatMap((k) =>
    LANGS.map((lang) => {
      const l = of(lang, k);
      const found = l.filter((r) => r.found).length;
      return l.length > 0 && (100 * found) / l.length < TARGET[k] ? `${lang}/${k}` : null;
    }).filter(Boolean),
  );
  const right = runs.reduce((s, r) => s + r.right, 0);
  const wrong = runs.reduce((s, r) => s + r.wrong, 0);
  return `| Language | ${TRANSFORMS.join(' | ')} | precision |
|---|${TRANSFORMS.map(() => '---:').join('|')}|---:|
${rows.join('\n')}

Recall by fragment size (original fragment length: 8–12 lines | 13–40 lines):

| Language | ${TRANSFORMS.map((k) => `${k} 8–12 | ${k} 13–40`).join(' | ')} |
|---|${TRANSFORMS.map(() => '---:|---:').join('|')}|
${bySize.join('\n')}

${IN_PROCESS ? 'License conflicts: not computed in process (no git history; see the CLI section).' : `License conflicts: copyleft fragments (GPL, LGPL, MPL) with a conflict reported on their lines: **${pct(copyleft.filter((r) => r.conflict).length, copyleft.length)}** (${copyleft.filter((r) => r.conflict).length}/${copyleft.length}); conflict precision (conflicts on inserted fragments / all conflicts): **${pct(cRight, cRight + cWrong)}** (${cWrong} elsewhere).`} Match precision: **${pct(right, right + wrong)}** (${right} on fragments, ${wrong} elsewhere).
Cells below target (verbatim and reformatted ≥ 99%, renamed ≥ 92%, renamed+edited ≥ 85%): ${misses.length === 0 ? 'none' : misses.join(', ')}; precision target ≥ 97%: ${right / Math.max(1, right + wrong) >= 0.97 ? 'met' : '**not met**'}.`;
}

const dolos = await dolosOn(results.tuning.map((r) => ({ ...r })));
const dolosTable =
  dolos === undefined
    ? 'Dolos: not run (`@dodona/dolos-lib` is not installed or `--no-dolos`).'
    : `Dolos (\`@dodona/dolos-lib\`, tree-sitter tokens, its defaults k = 23, window 17; a pair counts as found when Dolos reports a fragment on the inserted lines) on a sample of the same pairs (tuning seeds, ${DOLOS_PER_CELL} per seed, language and cell): recall of each tool on that sample and the ratio provscan ÷ Dolos.

| Language | renamed: provscan | renamed: Dolos | ratio | renamed+edited: provscan | renamed+edited: Dolos | ratio |
|---|---:|---:|---:|---:|---:|---:|
${[...LANGS, '*']
  .map((lang) => {
    const cells = ['renamed', 'renamed+edited'].flatMap((k) => {
      const list = lang === '*' ? Object.values(dolos).map((d) => d[k]) : [dolos[lang]?.[k]];
      const c = list
        .filter(Boolean)
        .reduce((s, x) => ({ dolos: s.dolos + x.dolos, provscan: s.provscan + x.provscan, total: s.total + x.total }), {
          dolos: 0,
          provscan: 0,
          total: 0,
        });
      return [pct(c.provscan, c.total), pct(c.dolos, c.total), c.dolos === 0 ? '–' : (c.provscan / c.dolos).toFixed(2)];
    });
    return `| ${lang === '*' ? '**all**' : lang} | ${cells.join(' | ')} |`;
  })
  .join('\n')}`;

const wrongAll = [...results.tuning, ...results.holdout].flatMap((r) => r.wrongExamples);
const projectsLine = (lang) =>
  `- ${lang}: corpus ${PROJECTS[lang].corpus.map((p) => `${p.name} ${p.version} (${p.license})`).join(', ')}; hosts ${PROJECTS[lang].hosts.map((p) => `${p.name} (${p.license})`).join(', ')}`;
const how = IN_PROCESS
  ? "Realistic copies, matched in process (`--in-process`: the corpus built with `provscan corpus add`, every file of each seed's repository matched through the library's `openCorpora().matchFile`, as `provscan scan` does, without git history, so no conflicts are computed). Real code of"
  : 'Realistic copies, scanned through the CLI (`provscan corpus add`, then `provscan scan REPO --format json`). Real code of';
const body = `${how}
real projects (pinned Debian and npm packages, bench/accuracy/data.mjs); fragments of 8–40 lines cut at statement
starts (≥ 70% code lines, never inside a comment or multi-line string), inserted between top-level statements of
unrelated host files of the same language in one AI-co-authored commit. Reformatted: comments stripped, re-indented
(2 spaces, 4 spaces or tabs); renamed: 60% of distinct identifiers replaced consistently by generic names
(\`tmp_5\`, \`nodeX12\`, \`val3\`); renamed+edited: renamed, ~8% of lines deleted, ~8% followed by a line of the host
file, 30% of integer literals changed. A fragment is found when a match overlaps its inserted lines and names its
corpus file and lines (primary or alternative); precision counts every reported match that is not on an inserted
fragment as false. No fragment is filtered by size: those below the matcher's minimum are in the tables.
${PER_CELL} fragments per language and transformation per seed. Corpus: ${stats.sources ?? '?'} sources, ${corpusMb.toFixed(1)} MB of stored files${corpusSeconds > 0 ? ` (built in ${corpusSeconds.toFixed(0)} s)` : ''}.

### Tuning seeds ${SEEDS.join(', ')} (together)

${tables(results.tuning)}

${HOLDOUT.length > 0 ? `### Held-out seed ${HOLDOUT.join(', ')} (never looked at while tuning)\n\n${tables(results.holdout)}\n` : ''}
### Dolos on the same pairs

${dolosTable}

${
  wrongAll.length > 0
    ? `False matches (first ${Math.min(12, wrongAll.length)} of ${wrongAll.length}):\n\n${wrongAll
        .slice(0, 12)
        .map((x) => `- ${x}`)
        .join('\n')}\n`
    : 'No false match.\n'
}
Data:

${LANGS.map(projectsLine).join('\n')}

${scans} scans of ${(scannedMb / scans).toFixed(1)} MB on average (whole host repositories, every line), ${scanSeconds.toFixed(0)} s of scanning in all;
peak RSS of the benchmark process ${peakRssMb().toFixed(0)} MB; run time ${((performance.now() - t0) / 1000).toFixed(0)} s.`;
writeSection(
  IN_PROCESS ? 'accuracy-in-process' : 'accuracy',
  IN_PROCESS
    ? 'Snippet-matching accuracy on realistic copies, matched in process (library API; no conflicts)'
    : 'Snippet-matching accuracy on realistic copies (recall per language and transformation, precision, conflicts)',
  `node bench/accuracy.bench.mjs ${args.join(' ')}`.trim(),
  body,
);
process.stdout.write(`${body}\n`);
