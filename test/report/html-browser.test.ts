// The HTML report opened in real headless Chromium from file://: summary numbers, filters, search, sorting,
// no network, no console errors, hostile repository strings shown as text.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml, summarize } from '../../src/index.js';
import type { Excerpts } from '../../src/index.js';
import { tempDir } from '../helpers/repo.js';
import { HAVE_CHROMIUM, launch, networkRequests, open } from './browser.js';
import { HOSTILE_CODE, HOSTILE_NAME, SOURCES, bigScan, richScan } from './fixture.js';

function excerptsFor(paths: ReadonlyArray<string>): Excerpts {
  const map = new Map();
  for (const p of paths) {
    const lines = SOURCES[p];
    if (lines) map.set(p, { kind: 'lines', lines: new Map(lines.map((l, i) => [i + 1, l] as const)) });
  }
  map.set('lib/vendor/sort.js', { kind: 'unavailable', problem: 'the file does not exist' });
  return map;
}

describe.skipIf(!HAVE_CHROMIUM)('HTML report in headless Chromium', () => {
  let browser: Browser;
  const dir = tempDir('provscan-html-');
  const scan = richScan();
  const file = join(dir.path, 'report.html');
  const bigFile = join(dir.path, 'big.html');

  beforeAll(async () => {
    writeFileSync(file, renderHtml(scan, excerptsFor(Object.keys(SOURCES))));
    writeFileSync(bigFile, renderHtml(bigScan(5000)));
    browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    dir.cleanup();
  });

  it('shows the summary numbers of the scan', async () => {
    const { page } = await open(browser, file);
    const s = summarize(scan);
    expect(await page.textContent('#s-files')).toBe(String(scan.files.length));
    expect(await page.textContent('#s-ai-lines')).toBe(String(s.aiLines));
    expect(await page.textContent('#s-ai-share')).toBe(`${((100 * s.aiLines) / s.lines).toFixed(1)}%`);
    expect(await page.textContent('#s-matches')).toBe('5');
    expect(await page.textContent('#s-open')).toBe('4');
    expect(await page.textContent('#s-open-detail')).toBe('2 errors, 1 warning, 1 notice');
    expect(await page.textContent('#s-waived')).toBe('1');
    expect(await page.textContent('#s-waivers-active')).toBe('1');
    expect(await page.textContent('#s-waivers-stale')).toBe('1');
    expect(await page.textContent('#s-waivers-expired')).toBe('1');
    expect(await page.textContent('#s-license')).toBe('MIT');
    expect(await page.textContent('#verdict')).toContain('Policy check fails: 2 open findings');
    expect(await page.textContent('#t-min-lines')).toBe('6');
    await page.close();
  });

  it('makes no network request and logs no console error', async () => {
    const w = await open(browser, file);
    await w.page.click('#findings th[data-key="lic"]');
    await w.page.fill('#f-search', 'nano');
    expect(networkRequests(w.requests)).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('shows a hostile file name and hostile code as text and runs none of it', async () => {
    const w = await open(browser, file);
    await w.page.fill('#f-path', 'img');
    const cell = w.page.locator('#findings tbody tr td:nth-child(2)');
    expect(await cell.count()).toBe(1);
    expect(await cell.first().textContent()).toBe(`${HOSTILE_NAME}:8-12`);
    // No element was injected from repository strings.
    expect(await w.page.locator('img').count()).toBe(0);
    expect(await w.page.locator('main script').count()).toBe(0);
    expect(await w.page.locator('b').count()).toBe(0);
    expect(await w.page.locator('i').count()).toBe(0);
    expect(await w.page.locator('svg[onload]').count()).toBe(0);
    // The hostile code line is shown as it is, inside the excerpt.
    const code = await w.page.locator('pre.code').allTextContents();
    expect(code.some((t) => t.includes(HOSTILE_CODE))).toBe(true);
    expect(await w.page.textContent('body')).toContain('Add hash table <script>alert(6)</script>');
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('filters the findings by severity, license, AI, waiver and path, and searches them', async () => {
    const { page } = await open(browser, file);
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(5);
    await page.selectOption('#f-sev', 'error');
    expect(await rows.count()).toBe(3);
    await page.selectOption('#f-waived', 'open');
    expect(await rows.count()).toBe(2);
    await page.selectOption('#f-ai', 'human');
    expect(await rows.count()).toBe(0);
    expect(await page.textContent('#f-count')).toContain('of 0 findings');
    await page.selectOption('#f-ai', '');
    await page.selectOption('#f-waived', '');
    await page.selectOption('#f-sev', '');
    await page.selectOption('#f-lic', 'LGPL-2.1-or-later');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-id')).toBe('c0ffee02');
    await page.selectOption('#f-lic', '');
    await page.fill('#f-search', 'LODASH');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-id')).toBe('c0ffee03');
    await page.fill('#f-search', '');
    await page.fill('#f-path', 'src/util/');
    expect(await rows.count()).toBe(2);
    await page.close();
  });

  it('sorts the findings when a column heading is clicked, and reverses on a second click', async () => {
    const { page } = await open(browser, file);
    const ids = () =>
      page.locator('#findings tbody tr').evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    await page.click('#findings th[data-key="sim"]');
    const asc = await ids();
    expect(asc[asc.length - 1]).toBe('c0ffee04'); // 99%, the highest similarity
    expect(asc[0]).toBe('c0ffee03'); // 75%, the lowest
    expect(await page.getAttribute('#findings th[data-key="sim"]', 'aria-sort')).toBe('ascending');
    await page.click('#findings th[data-key="sim"]');
    expect((await ids())[0]).toBe('c0ffee04');
    expect(await page.getAttribute('#findings th[data-key="sim"]', 'aria-sort')).toBe('descending');
    await page.close();
  });

  it('links a finding to its match, with our code highlighted beside the corpus reference and the AI commit', async () => {
    const { page } = await open(browser, file);
    await page.selectOption('#f-lic', 'GPL-3.0-or-later');
    await page.click('#findings tbody tr a');
    const detail = page.locator('details.match:target');
    expect(await detail.getAttribute('open')).not.toBeNull();
    const hits = await detail.locator('pre.code .hit').count();
    expect(hits).toBe(40); // lines 20–60 capped at 40 shown
    expect(await detail.locator('pre.code .l').first().textContent()).toContain('17');
    const ref = await detail.locator('dl.ref').textContent();
    expect(ref).toContain('pkg:generic/nano@1.0');
    expect(ref).toContain('120–160');
    expect(ref).toContain('GPL-3.0-or-later');
    expect(ref).toContain('91%');
    expect(ref).toContain('abstract');
    expect(await detail.locator('ul.alts').textContent()).toContain('pico');
    const commits = await detail.locator('ul.commits').textContent();
    expect(commits).toContain('aaaaaaaaaaaa');
    expect(commits).toContain('Claude Code (claude-sonnet-4)');
    await page.close();
  });

  it('says so when a matched file could not be read', async () => {
    const { page } = await open(browser, file);
    const text = await page.locator('details.match', { hasText: 'lib/vendor/sort.js' }).first().textContent();
    expect(text).toContain('Could not read');
    expect(text).toContain('the file does not exist');
    await page.close();
  });

  it('draws the AI-by-folder chart, the category chart and a strip per file', async () => {
    const { page } = await open(browser, file);
    expect(await page.locator('svg[aria-label="AI-written share of lines by directory"] .bar-row').count()).toBe(5);
    const cats = await page.locator('svg[aria-label="Snippet matches by license category"] .lbl').allTextContents();
    expect(cats).toEqual(['network-copyleft', 'strong-copyleft', 'weak-copyleft-library', 'permissive']);
    expect(await page.locator('.strip').count()).toBe(5);
    await page.close();
  });

  it('prints with every match detail open and every finding row shown, without the controls', async () => {
    const { page } = await open(browser, bigFile);
    await page.emulateMedia({ media: 'print' });
    await page.evaluate("window.dispatchEvent(new Event('beforeprint'))");
    expect(await page.locator('#findings tbody tr').count()).toBe(5000);
    expect(await page.locator('details.match:not([open])').count()).toBe(0);
    expect(await page.locator('.controls').isVisible()).toBe(false);
    await page.close();
  });

  it('pages through 5,000 findings and still filters, searches and sorts them', async () => {
    const w = await open(browser, bigFile);
    const { page } = w;
    const rows = page.locator('#findings tbody tr');
    expect(await rows.count()).toBe(50);
    expect(await page.textContent('#f-count')).toBe('Showing 1–50 of 5000 findings');
    await page.click('#f-next');
    expect(await page.textContent('#f-count')).toBe('Showing 51–100 of 5000 findings');
    await page.selectOption('#f-sev', 'notice');
    expect(await page.textContent('#f-count')).toBe('Showing 1–50 of 1666 findings (filtered from 5000)');
    await page.fill('#f-search', 'file4999.c');
    expect(await rows.count()).toBe(0); // 4999 % 3 == 1: a warning
    await page.selectOption('#f-sev', '');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().getAttribute('data-id')).toBe('big4999');
    expect(networkRequests(w.requests)).toEqual([]);
    expect(w.errors).toEqual([]);
    await page.close();
  });

  it('renders a clean scan, with nothing to review, without errors', async () => {
    const clean = {
      ...scan,
      files: scan.files.map((f) => ({ ...f, matches: [] })),
      conflicts: [],
      waivers: [],
      skipped: [],
    };
    const cleanFile = join(dir.path, 'clean.html');
    writeFileSync(cleanFile, renderHtml(clean));
    const w = await open(browser, cleanFile);
    expect(await w.page.textContent('#verdict')).toContain('Policy check passes');
    expect(await w.page.textContent('#no-findings')).toBe('No license findings.');
    expect(await w.page.textContent('#matches')).toContain('No snippet matches.');
    expect(w.errors).toEqual([]);
    await w.page.close();
  });

  it('cuts a very long code line instead of quoting all of it', async () => {
    const long = 'x'.repeat(5000);
    const excerpts = excerptsFor(Object.keys(SOURCES));
    const lines = new Map((excerpts.get('src/util/hash.c') as unknown as { lines: Map<number, string> }).lines);
    lines.set(25, long);
    const longFile = join(dir.path, 'long.html');
    writeFileSync(longFile, renderHtml(scan, new Map([...excerpts, ['src/util/hash.c', { kind: 'lines', lines }]])));
    const { page } = await open(browser, longFile);
    const text = await page
      .locator('details.match', { hasText: 'src/util/hash.c' })
      .first()
      .locator('pre.code')
      .textContent();
    expect(text).toContain('… (4600 more characters)');
    expect(text).not.toContain(long);
    await page.close();
  });

  it('lays out for print without any print event when rendered for PDF', async () => {
    const printFile = join(dir.path, 'print.html');
    writeFileSync(printFile, renderHtml(bigScan(300), new Map(), { print: true }));
    const { page } = await open(browser, printFile);
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#findings tbody tr').count()).toBe(300);
    expect(await page.locator('details.match:not([open])').count()).toBe(0);
    expect(await page.locator('nav.toc').isVisible()).toBe(false);
    expect(await page.locator('.pager').isVisible()).toBe(false);
    await page.close();
  });
});
