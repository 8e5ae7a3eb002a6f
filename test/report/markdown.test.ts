// The Markdown report for pull-request comments: summary, a findings table that hostile strings cannot break,
// open findings first, and truncation that stays under GitHub's comment limit.
import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../src/index.js';
import { MARKDOWN_BUDGET, MARKDOWN_MAX_ROWS, mdText } from '../../src/report/markdown.js';
import { bigScan, richScan } from './fixture.js';

function tableRows(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('| Severity |'));
  return lines.slice(start + 2).filter((l) => l.startsWith('|'));
}

/** Cells of a GFM table row: split on pipes that are not backslash-escaped. */
function cells(row: string): string[] {
  return row
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('Markdown report', () => {
  it('summarises the scan and says whether the policy check fails', () => {
    const md = renderMarkdown(richScan());
    expect(md).toContain('## provscan license review: example\\-app');
    expect(md).toContain('**Policy check fails:** 2 open findings at or above `error`.');
    expect(md).toContain('| Declared license | MIT |');
    expect(md).toContain('| Open findings | 2 errors, 1 warning, 1 notice |');
    expect(md).toContain('| Waivers | 1 in force, 1 stale, 1 expired |');
  });

  it('lists every finding in a seven-column table, open ones first and worst first', () => {
    const rows = tableRows(renderMarkdown(richScan()));
    expect(rows).toHaveLength(5);
    for (const r of rows) expect(cells(r)).toHaveLength(7);
    expect(rows.map((r) => cells(r)[6])).toEqual(['c0ffee05', 'c0ffee01', 'c0ffee02', 'c0ffee03', 'c0ffee04']);
    expect(cells(rows[4]!)[0]).toBe('error (waived)');
  });

  it('escapes pipes, HTML, links and mentions from repository strings', () => {
    const md = renderMarkdown(richScan());
    expect(md).not.toMatch(/(?<!\\)<(img|script|i>)/);
    expect(md).toContain('src/\\<img src=x onerror=alert\\(1\\)\\>.js');
    expect(mdText('a|b <x> [l](u) @team `c` *s*')).toBe('a\\|b \\<x\\> \\[l\\]\\(u\\) \\@team \\`c\\` \\*s\\*');
    expect(mdText('line\nbreak')).toBe('line break');
  });

  it('shows at most 50 rows and says how many more there are, under the comment limit', () => {
    const md = renderMarkdown(bigScan(5000));
    expect(tableRows(md)).toHaveLength(MARKDOWN_MAX_ROWS);
    expect(md).toContain('_… and 4950 more findings: see the HTML or CSV report._');
    expect(md.length).toBeLessThan(MARKDOWN_BUDGET);
  });

  it('stays under the comment limit even when every string is very long', () => {
    const scan = bigScan(60);
    const long = 'x'.repeat(5000);
    const md = renderMarkdown({ ...scan, conflicts: scan.conflicts.map((c) => ({ ...c, path: long, license: long })) });
    expect(md.length).toBeLessThan(65_536);
  });

  it('says there are no findings when there are none', () => {
    const md = renderMarkdown({ ...richScan(), conflicts: [] });
    expect(md).toContain('No license findings.');
    expect(md).toContain('**Policy check passes**');
  });
});
