// Report rendering at scale: a synthetic scan with N findings (default 5,000) rendered to HTML, Markdown and CSV,
// then the HTML opened in headless Chromium (when installed) to time load, a filter, a search, a sort and a page
// turn — the "stays responsive with 5,000 findings" requirement, measured here instead of in the tests.
// Usage: node bench/report.bench.mjs [findings]
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { renderCsv, renderHtml, renderMarkdown } from '../dist/src/index.js';
import { peakRssMb, writeSection } from './lib.mjs';

const N = Number(process.argv[2] ?? 5000);
const WORK = new URL('./work/report/', import.meta.url);
mkdirSync(WORK, { recursive: true });

function syntheticScan(count) {
  const files = [];
  const conflicts = [];
  const severities = ['error', 'warning', 'notice'];
  const licenses = ['GPL-3.0-only', 'LGPL-2.1-only', 'MPL-2.0', 'Apache-2.0', 'MIT'];
  for (let i = 0; i < count; i++) {
    const path = `pkg${i % 60}/sub${i % 7}/file${i}.c`;
    const license = licenses[i % licenses.length];
    const corpus = {
      name: `source${i % 97}`,
      version: '1.0',
      purl: `pkg:generic/source${i % 97}@1.0`,
      path: `src/f${i}.c`,
      start: 100,
      end: 140,
      license,
    };
    const m = {
      start: 10,
      end: 50,
      kind: 'snippet',
      channel: i % 2 ? 'exact' : 'abstract',
      similarity: 0.7 + (i % 30) / 100,
      corpus,
    };
    const ai =
      i % 2 === 0
        ? [
            {
              start: 1,
              end: 60,
              agent: 'claude-code',
              model: null,
              source: 'trailer',
              commit: 'a'.repeat(40),
              confidence: 1,
            },
          ]
        : [];
    files.push({ path, language: 'c', lines: 200, ai, matches: [m] });
    conflicts.push({
      id: `f${i}`,
      path,
      start: 10,
      end: 50,
      license,
      projectLicense: 'MIT',
      severity: severities[i % 3],
      ai: i % 2 === 0,
      rule: 'copyleft-in-permissive',
      message: `${license} code from ${corpus.name} in an MIT project`,
      match: { ...corpus, similarity: m.similarity, channel: m.channel },
    });
  }
  return {
    schema: 1,
    tool: { name: 'provscan', version: 'bench' },
    root: 'bench',
    commit: null,
    target: 'folder',
    generatedAt: '2026-01-01T00:00:00Z',
    projectLicense: 'MIT',
    provenance: { available: true, complete: true, notes: [] },
    corpora: [],
    files,
    conflicts,
    commits: [],
    skipped: [],
    waivers: [],
    totals: { files: count, lines: count * 200, aiLines: Math.ceil(count / 2) * 60, matchedLines: count * 41 },
    settings: { onlyAi: false, failOn: 'error', minMatchLines: 6, minMatchTokens: 50 },
  };
}

function time(fn) {
  const t = performance.now();
  const value = fn();
  return { ms: performance.now() - t, value };
}

const scan = syntheticScan(N);
const html = time(() => renderHtml(scan));
const md = time(() => renderMarkdown(scan));
const csv = time(() => renderCsv(scan));
const htmlFile = new URL('report.html', WORK);
writeFileSync(htmlFile, html.value);

const rows = [
  `| render HTML | ${html.ms.toFixed(0)} ms | ${(html.value.length / 2 ** 20).toFixed(2)} MB |`,
  `| render Markdown | ${md.ms.toFixed(0)} ms | ${(md.value.length / 1024).toFixed(1)} kB |`,
  `| render CSV | ${csv.ms.toFixed(0)} ms | ${(csv.value.length / 2 ** 20).toFixed(2)} MB |`,
];

const chromiumPath = process.env.PROVSCAN_CHROMIUM ?? '/usr/bin/chromium';
if (existsSync(chromiumPath)) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  let t = performance.now();
  await page.goto(pathToFileURL(htmlFile.pathname).href, { waitUntil: 'load' });
  rows.push(`| browser: load and draw first page | ${(performance.now() - t).toFixed(0)} ms | |`);
  // Each interaction is timed inside the page: from the event to the table being redrawn (synchronous render).
  const inPage = (js) =>
    page.evaluate(`(() => { const t = performance.now(); ${js}; return performance.now() - t; })()`);
  const sev = await inPage(
    `const s = document.getElementById('f-sev'); s.value = 'error'; s.dispatchEvent(new Event('input'))`,
  );
  rows.push(`| browser: filter by severity | ${sev.toFixed(1)} ms | |`);
  const search = await inPage(
    `const s = document.getElementById('f-search'); s.value = 'source42'; s.dispatchEvent(new Event('input'))`,
  );
  rows.push(`| browser: search | ${search.toFixed(1)} ms | |`);
  await inPage(
    `for (const id of ['f-sev', 'f-search']) { const s = document.getElementById(id); s.value = ''; s.dispatchEvent(new Event('input')); }`,
  );
  const sort = await inPage(`document.querySelector('#findings th[data-key="sim"]').click()`);
  rows.push(`| browser: sort ${N} rows by similarity | ${sort.toFixed(1)} ms | |`);
  const next = await inPage(`document.getElementById('f-next').click()`);
  rows.push(`| browser: next page | ${next.toFixed(1)} ms | |`);
  t = performance.now();
  await page.emulateMedia({ media: 'print' });
  await page.evaluate(`window.dispatchEvent(new Event('beforeprint'))`);
  rows.push(`| browser: expand everything for print (${N} rows) | ${(performance.now() - t).toFixed(0)} ms | |`);
  await browser.close();
} else {
  rows.push('| browser | not measured: no Chromium installed | |');
}

const body = `Synthetic scan with ${N} findings (one match each, half AI-written). Peak RSS of the rendering process: ${peakRssMb().toFixed(0)} MB.

| step | time | size |
| --- | --- | --- |
${rows.join('\n')}
`;
process.stdout.write(`${body}\n`);
writeSection(
  'report',
  'Report rendering (HTML, Markdown, CSV) and HTML responsiveness',
  `node bench/report.bench.mjs ${N}`,
  body,
);
