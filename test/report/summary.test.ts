// The shared report numbers: AI share by folder, matches by license category, findings and waivers by state.
import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/index.js';
import { directoryOf, licenseCategory, linesCovered } from '../../src/report/summary.js';
import { richScan } from './fixture.js';

describe('report summary', () => {
  it('counts AI lines once where spans overlap', () => {
    expect(
      linesCovered([
        { start: 1, end: 10 },
        { start: 5, end: 12 },
        { start: 20, end: 20 },
      ]),
    ).toBe(13);
  });

  it('adds up AI share, matches, findings and waivers of a scan', () => {
    const s = summarize(richScan());
    expect(s.files).toBe(6);
    expect(s.lines).toBe(510);
    expect(s.aiLines).toBe(61 + 30 + 5);
    expect(s.matches).toBe(5);
    expect(s.aiMatches).toBe(2);
    expect(s.open).toEqual({ error: 2, warning: 1, notice: 1 });
    expect(s.waived).toEqual({ error: 1, warning: 0, notice: 0 });
    expect(s.waivers).toEqual({ active: 1, stale: 1, expired: 1 });
    expect(s.failing).toBe(2);
  });

  it('groups files by their first two folders, largest first', () => {
    expect(directoryOf('README.md')).toBe('(root)');
    expect(directoryOf('src/util/deep/x.c')).toBe('src/util');
    const dirs = summarize(richScan()).byDirectory.map((d) => d.dir);
    expect(dirs).toEqual(['src/util', 'src/app', 'lib/vendor', 'src', '(root)']);
  });

  it('folds the smallest folders into one bar', () => {
    const scan = richScan();
    const s = summarize(scan, { maxDirectories: 2 });
    expect(s.byDirectory.map((d) => d.dir)).toEqual(['src/util', 'src/app', '(3 more folders)']);
    expect(s.byDirectory.reduce((n, d) => n + d.lines, 0)).toBe(510);
  });

  it('puts matches into license categories, heaviest obligations first', () => {
    const cats = summarize(richScan()).byCategory;
    expect(cats.map((c) => [c.category, c.matches])).toEqual([
      ['network-copyleft', 1],
      ['strong-copyleft', 2],
      ['weak-copyleft-library', 1],
      ['permissive', 1],
    ]);
  });

  it('classifies expressions: OR takes the lighter choice, AND the heavier obligation', () => {
    expect(licenseCategory('MIT')).toBe('permissive');
    expect(licenseCategory('GPL-2.0-only OR MIT')).toBe('permissive');
    expect(licenseCategory('MIT AND GPL-3.0-or-later')).toBe('strong-copyleft');
    expect(licenseCategory('GPL-2.0-or-later WITH Classpath-exception-2.0')).toBe('strong-copyleft');
    expect(licenseCategory('AGPL-3.0-only')).toBe('network-copyleft');
    expect(licenseCategory('MPL-2.0')).toBe('weak-copyleft-file');
    expect(licenseCategory(null)).toBe('unknown');
    expect(licenseCategory('NOASSERTION')).toBe('unknown');
  });
});
