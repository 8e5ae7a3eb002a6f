// `provscan report` end to end: a real repository, a real corpus, the built CLI; every format; --from a saved
// scan; bad input; exit codes. The HTML is opened in real headless Chromium.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/index.js';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { HAVE_CHROMIUM, launch, networkRequests, open } from './browser.js';
import { HOSTILE_FILE, type Project, buildProject } from './project.js';

describe('provscan report on a real scan', () => {
  let project: Project;
  let scan: ScanResult;
  let scanFile: string;
  let browser: Browser | undefined;
  const out = (name: string) => join(project.dir.path, name);

  beforeAll(async () => {
    project = await buildProject();
    scanFile = out('scan.json');
    const res = await runCli(['scan', project.repo.path, '--db', project.db, '--format', 'json', '--output', scanFile]);
    // nothing on stderr but the one line saying why the run failed the policy (the output went to a file)
    expect(res.stderr).toMatch(/^provscan: policy failure \(fail-on error\): 1 finding\(s\): [^\n]+\n$/);
    scan = JSON.parse(readFileSync(scanFile, 'utf8')) as ScanResult;
    if (HAVE_CHROMIUM) browser = await launch();
  });
  afterAll(async () => {
    await browser?.close();
    project?.cleanup();
  });

  it('finds the copied code the report is about', () => {
    const paths = scan.conflicts.map((c) => c.path);
    expect(paths).toContain('src/tree.c');
    expect(paths).toContain(HOSTILE_FILE);
    expect(scan.conflicts.some((c) => c.severity === 'error' && c.ai)).toBe(true);
  });

  it('writes an HTML report that shows the scan, quotes the matched code and runs nothing from the repository', async () => {
    const file = out('report.html');
    const res = await runCli(['report', project.repo.path, '--db', project.db, '--output', file, '--quiet']);
    expect(res.code).toBe(1); // an open error finding fails the run, after the report is written
    const html = readFileSync(file, 'utf8');
    expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
    if (!browser) return;
    const w = await open(browser, file);
    const { page } = w;
    expect(await page.textContent('#s-files')).toBe(String(scan.files.length));
    expect(await page.textContent('#s-ai-lines')).toBe(String(scan.totals.aiLines));
    expect(await page.textContent('#s-matches')).toBe(String(scan.files.reduce((n, f) => n + f.matches.length, 0)));
    expect(await page.textContent('#s-open')).toBe(String(scan.conflicts.filter((c) => !c.waived).length));
    expect(await page.textContent('#s-license')).toBe('MIT');
    expect(await page.locator('#findings tbody tr').count()).toBe(scan.conflicts.length);
    await page.fill('#f-path', 'onerror');
    expect(await page.locator('#findings tbody tr td:nth-child(2)').first().textContent()).toMatch(
      /^src\/<img src=x onerror=alert\(1\)>\.js:\d+-\d+$/,
    );
    const hostile = page.locator('details.match', { hasText: 'onerror' }).first();
    await hostile.evaluate((d) => d.setAttribute('open', ''));
    expect(await hostile.locator('pre.code').textContent()).toContain('"</script><script>alert(2)</script>"');
    expect(await hostile.locator('pre.code .hit').count()).toBeGreaterThan(5);
    const tree = page.locator('details.match', { hasText: 'src/tree.c' }).first();
    expect(await tree.locator('ul.commits').textContent()).toContain('Add tree balancing');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(w.dialogs).toEqual([]);
    expect(w.errors).toEqual([]);
    expect(networkRequests(w.requests)).toEqual([]);
    if (process.env['UPDATE_SCREENSHOT'] === '1') {
      await page.fill('#f-path', '');
      await page.setViewportSize({ width: 1280, height: 1600 });
      await page.evaluate('document.activeElement.blur(); window.scrollTo(0, 0)');
      await page.screenshot({
        path: new URL('../../docs/report-screenshot.png', import.meta.url).pathname,
        fullPage: false,
      });
    }
    await page.close();
  });

  it('renders Markdown with a findings table', async () => {
    const res = await runCli(['report', '--from', scanFile, '--format', 'md', '--root', project.repo.path]);
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('**Policy check fails:**');
    expect(res.stdout).toContain('| Severity | Location | License | Matched source | Similarity | AI | Id |');
    expect(res.stdout).toMatch(
      /\| \*\*error\*\* \| src\/tree\.c\\:\d+\\-\d+ \| GPL\\-3\.0\\-or\\-later \| rbtree 1\.0 /,
    );
  });

  it('renders CSV with one row per finding', async () => {
    const res = await runCli(['report', '--from', scanFile, '--format', 'csv']);
    expect(res.code).toBe(1);
    const rows = parse(res.stdout, { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(scan.conflicts.length);
    const tree = rows.find((r) => r['path'] === 'src/tree.c')!;
    expect(tree).toMatchObject({
      severity: 'error',
      ai: 'true',
      license: 'GPL-3.0-or-later',
      matched_name: 'rbtree',
      project_license: 'MIT',
    });
    expect(rows.some((r) => r['path'] === HOSTILE_FILE)).toBe(true);
  });

  it.skipIf(!HAVE_CHROMIUM)('prints a PDF with headless Chromium', async () => {
    const file = out('report.pdf');
    const res = await runCli([
      'report',
      '--from',
      scanFile,
      '--root',
      project.repo.path,
      '--format',
      'pdf',
      '--output',
      file,
    ]);
    // Chromium says nothing; the one stderr line is provscan's reason for exit 1
    expect(res.stderr).toMatch(/^provscan: policy failure \(fail-on error\): [^\n]+report\.pdf\n$/);
    expect(res.code).toBe(1);
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The whole report is printed (summary, pictures, findings, match details, methodology): several pages.
    const pages = /\/Count (\d+)/.exec(pdf.toString('latin1'));
    expect(Number(pages?.[1])).toBeGreaterThan(2);
  });

  it('exits 0 after writing when --fail-on never', async () => {
    const res = await runCli(['report', '--from', scanFile, '--format', 'md', '--fail-on', 'never']);
    expect(res.code).toBe(0);
    expect(res.stdout).toContain('**Policy check passes**');
  });

  it('says the code cannot be quoted when --root does not hold the scanned files', async () => {
    const file = out('noroot.html');
    const res = await runCli(['report', '--from', scanFile, '--root', project.dir.path, '--output', file]);
    expect(res.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('the file does not exist');
  });

  it('never quotes a file outside the root, whatever the scan JSON says', async () => {
    writeFileSync(out('secret.txt'), 'TOP-SECRET-CONTENT\n'.repeat(10));
    const f = scan.files.find((x) => x.path === 'src/tree.c')!;
    const evil = { ...scan, files: [{ ...f, path: '../secret.txt' }] };
    writeFileSync(out('evil.json'), JSON.stringify(evil));
    const file = out('evil.html');
    await runCli(['report', '--from', out('evil.json'), '--root', project.repo.path, '--output', file]);
    const html = readFileSync(file, 'utf8');
    expect(html).not.toContain('TOP-SECRET-CONTENT');
    expect(html).toContain('the path leaves the scanned folder');
  });

  it('does not quote a file that changed since the scan', async () => {
    const changed = { ...scan, files: scan.files.map((f) => ({ ...f, sha256: '0'.repeat(64) })) };
    writeFileSync(out('changed.json'), JSON.stringify(changed));
    const file = out('changed.html');
    await runCli(['report', '--from', out('changed.json'), '--root', project.repo.path, '--output', file]);
    expect(readFileSync(file, 'utf8')).toContain('the file changed since the scan');
  });
});

describe('provscan report input errors', () => {
  it('exits 2 naming the file when --from is not a provscan scan JSON of schema 1', async () => {
    const tmp = tempDir('provscan-report-bad-');
    const dir = tmp.path;
    // A real saved scan, then one thing wrong with it at a time: the reader checks the shipped schema.
    const repo = TestRepo.create('provscan-report-bad-repo-');
    repo.write('a.c', 'int main(void) { return 0; }\n').commit('Add a.c');
    const saved = join(dir, 'scan.json');
    expect((await runCli(['scan', repo.path, '--format', 'json', '--output', saved, '-q'])).code).toBe(0);
    const good = JSON.parse(readFileSync(saved, 'utf8')) as Record<string, unknown>;
    repo.cleanup();
    const conflict = {
      path: 'a.c',
      start: 1,
      end: 2,
      license: 'GPL-3.0-only',
      projectLicense: 'MIT',
      severity: 'fatal',
      ai: false,
      rule: 'copyleft-in-permissive',
      message: 'm',
    };
    const { files: _files, ...noFiles } = good;
    const cases: Array<[string, string, RegExp]> = [
      ['notjson.json', '{ nope', /notjson\.json: not valid JSON/],
      [
        'schema2.json',
        JSON.stringify({ ...good, schema: 2 }),
        /schema2\.json: not a provscan scan JSON of schema 1: "schema" is 2/,
      ],
      [
        'other.json',
        JSON.stringify({ ...good, tool: { name: 'other' } }),
        /other\.json: .*"tool.name" is not "provscan"/,
      ],
      ['nofiles.json', JSON.stringify(noFiles), /nofiles\.json: .*the top level lacks "files"/],
      ['filesobj.json', JSON.stringify({ ...good, files: {} }), /filesobj\.json: .*files must be array/],
      [
        'badsev.json',
        JSON.stringify({ ...good, conflicts: [conflict] }),
        /badsev\.json: .*conflicts\[0\]\.severity is "fatal", expected "error" or "warning" or "notice"/,
      ],
      [
        'badcommit.json',
        JSON.stringify({ ...good, commits: [{ subject: 'x' }] }),
        /badcommit\.json: .*commits\[0\] lacks "sha"/,
      ],
    ];
    for (const [name, text, message] of cases) {
      const file = join(dir, name);
      writeFileSync(file, text);
      const res = await runCli(['report', '--from', file, '--format', 'md']);
      expect(res.code, name).toBe(2);
      expect(res.stderr, name).toMatch(message);
      expect(res.stderr).not.toMatch(/\n\s+at /); // no stack trace
    }
    const newer = join(dir, 'newer.json');
    writeFileSync(newer, JSON.stringify({ ...good, fromTheFuture: { any: 'thing' } }));
    const fromNewer = await runCli(['report', '--from', newer, '--format', 'md']);
    expect(fromNewer.stderr).toBe('');
    expect(fromNewer.code).toBe(0);
    const missing = await runCli(['report', '--from', join(dir, 'missing.json')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing.json: cannot read the scan JSON');
    tmp.cleanup();
  });

  it('exits 2 for an unknown format', async () => {
    const res = await runCli(['report', '--format', 'docx', '--from', 'x.json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('unknown report format "docx"');
  });

  it('exits 2 with how to install Chromium when it cannot be run', async () => {
    const res = await runCli(['report', '--format', 'pdf', '--output', '/tmp/never.pdf', '--from', 'x.json'], {
      env: { PROVSCAN_CHROMIUM: '/nonexistent/chromium' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('apt-get install chromium');
  });

  it('exits 2 when pdf has no output file', async () => {
    const res = await runCli(['report', '--format', 'pdf', '--from', 'x.json']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('--output FILE');
  });
});
