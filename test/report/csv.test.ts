// The CSV report parsed back with csv-parse: one row per finding, the documented columns, RFC 4180 quoting, and
// no cell a spreadsheet would run as a formula.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../src/index.js';
import { csvCell } from '../../src/report/csv.js';
import { HOSTILE_NAME, richScan } from './fixture.js';

describe('CSV report', () => {
  const scan = richScan();
  const text = renderCsv(scan);
  const records = parse(text, { columns: true, record_delimiter: '\r\n' }) as Record<string, string>[];

  it('has one row per finding under the documented columns, in order', () => {
    expect(text.split('\r\n')[0]).toBe(CSV_COLUMNS.join(','));
    expect(CSV_COLUMNS).toEqual([
      'id',
      'severity',
      'rule',
      'path',
      'start',
      'end',
      'ai',
      'license',
      'project_license',
      'verdict',
      'matched_name',
      'matched_version',
      'matched_purl',
      'matched_path',
      'matched_start',
      'matched_end',
      'similarity',
      'abstract_share',
      'channel',
      'waived',
      'waiver_reason',
      'message',
      'how_to_fix',
    ]);
    expect(records).toHaveLength(scan.conflicts.length);
  });

  it('carries the finding and its matched source', () => {
    const first = records[0]!;
    expect(first).toMatchObject({
      id: 'c0ffee01',
      severity: 'error',
      rule: 'copyleft-in-permissive',
      path: 'src/util/hash.c',
      start: '20',
      end: '60',
      ai: 'true',
      license: 'GPL-3.0-or-later',
      project_license: 'MIT',
      verdict: 'no',
      matched_name: 'nano',
      matched_version: '1.0',
      matched_purl: 'pkg:generic/nano@1.0',
      matched_path: 'src/nano.c',
      matched_start: '120',
      matched_end: '160',
      similarity: '0.91',
      channel: 'abstract',
      waived: 'false',
    });
    const waived = records.find((r) => r['id'] === 'c0ffee04')!;
    expect(waived['waived']).toBe('true');
    expect(waived['waiver_reason']).toBe('vendored under a separate agreement');
  });

  it('ends every line with CRLF and round-trips quotes, commas and line breaks', () => {
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '').includes('\r')).toBe(false);
    const hostile = records.find((r) => r['id'] === 'c0ffee05')!;
    expect(hostile['path']).toBe(HOSTILE_NAME);
    expect(hostile['how_to_fix']).toBe(`'@SUM(A1) "quoted", comma\nnewline`);
  });

  it('prefixes an apostrophe to cells a spreadsheet would evaluate as a formula', () => {
    const hostile = records.find((r) => r['id'] === 'c0ffee05')!;
    expect(hostile['message']?.startsWith(`'=HYPERLINK(`)).toBe(true);
    for (const start of ['=', '+', '-', '@', '\t', '\r']) {
      expect(csvCell(`${start}1+1`).replace(/^"/, '').startsWith(`'${start}`)).toBe(true);
    }
    expect(csvCell(42)).toBe('42');
    expect(csvCell('plain')).toBe('plain');
  });

  it('is only the header for a scan without findings', () => {
    expect(renderCsv({ ...scan, conflicts: [] })).toBe(`${CSV_COLUMNS.join(',')}\r\n`);
  });
});
