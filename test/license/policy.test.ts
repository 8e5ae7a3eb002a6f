import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addWaiver } from '../../src/config/add-waiver.js';
import { parseConfigText } from '../../src/config/load-config.js';

const error = (text: string) =>
  parseConfigText(text, '.provscan.yml').then(
    () => undefined,
    (e: Error) => e.message,
  );

describe('the policy file', () => {
  it('reads every key', async () => {
    const c = await parseConfigText(
      [
        'fail-on: warning',
        'licenses: {allow: [MIT, Apache-2.0], deny: [GPL-3.0-only]}',
        'categories: {deny: [network-copyleft]}',
        'severity: {attribution-required: off, LGPL-2.1-only: error}',
        'exclude: ["vendor/**"]',
        'min-match: {lines: 8, tokens: 60}',
        'ai: {stricter: true}',
        'waivers:',
        '  - {path: src/a.c, lines: "10-40", license: GPL-2.0-only, reason: ok, approver: me, expires: 2027-01-31}',
      ].join('\n'),
      '.provscan.yml',
    );
    expect(c).toMatchObject({
      failOn: 'warning',
      licenses: { allow: ['MIT', 'Apache-2.0'], deny: ['GPL-3.0-only'] },
      categories: { allow: [], deny: ['network-copyleft'] },
      severity: { 'attribution-required': 'off', 'LGPL-2.1-only': 'error' },
      exclude: ['vendor/**'],
      minMatchLines: 8,
      minMatchTokens: 60,
      aiStricter: true,
    });
    expect(c.waivers[0]).toMatchObject({ path: 'src/a.c', lines: { start: 10, end: 40 }, expires: '2027-01-31' });
  });

  it('names a typo’d key and suggests the right one', async () => {
    expect(await error('fail_on: error\n')).toBe('.provscan.yml: unknown key "fail_on" (did you mean "fail-on"?)');
    expect(await error('licenses: {deny: [MIT], alow: [ISC]}\n')).toBe(
      '.provscan.yml: licenses: unknown key "alow" (did you mean "allow"?)',
    );
  });

  it('rejects a severity key that is neither a rule nor a license', async () => {
    expect(await error('severity: {copyleft-in-permisive: warning}\n')).toBe(
      '.provscan.yml: severity: unknown key "copyleft-in-permisive": neither a rule id nor an SPDX license id (did you mean "copyleft-in-permissive"?)',
    );
  });

  it('names the key path of a wrong type', async () => {
    expect(await error('min-match: {lines: many}\n')).toBe(
      '.provscan.yml: min-match.lines: expected a whole number ≥ 1, got "many"',
    );
    expect(await error('exclude: vendor\n')).toBe('.provscan.yml: exclude: expected a list, got "vendor"');
    expect(await error('ai: {stricter: yes please}\n')).toBe(
      '.provscan.yml: ai.stricter: expected true or false, got "yes please"',
    );
  });

  it('rejects an unknown license id with a suggestion', async () => {
    expect(await error('licenses: {deny: [GPLv3]}\n')).toMatch(
      /^\.provscan\.yml: licenses\.deny\[0\]: "GPLv3" is not a valid SPDX expression \(did you mean "GPL-3\.0-(only|or-later)"\?\)$/,
    );
  });

  it('rejects a malformed or impossible waiver date', async () => {
    const w = (expires: string) =>
      `waivers:\n  - {path: a, reason: r, approver: a}\n  - {path: b, reason: r, approver: a}\n  - {path: c, reason: r, approver: a, expires: "${expires}"}\n`;
    expect(await error(w('31/01/2027'))).toBe(
      '.provscan.yml: waivers[2].expires: "31/01/2027" is not a date (expected YYYY-MM-DD)',
    );
    expect(await error(w('2027-02-30'))).toBe(
      '.provscan.yml: waivers[2].expires: "2027-02-30" is not a date (expected YYYY-MM-DD)',
    );
  });

  it('requires a reason and an approver for every waiver', async () => {
    expect(await error('waivers:\n  - {path: a, approver: me}\n')).toBe(
      '.provscan.yml: waivers[0].reason: is required',
    );
  });

  it('reports broken YAML with its position', async () => {
    expect(await error('fail-on: [error\n')).toMatch(/^\.provscan\.yml: line \d+, column \d+: not valid YAML/);
  });

  it('says when the whole file is not a mapping of settings', async () => {
    expect(await error('- fail-on\n- error\n')).toBe(
      '.provscan.yml: expected the whole file to be a mapping, got a list',
    );
  });
});

describe('adding a waiver', () => {
  it('creates the waivers list and keeps the comments of the file', async () => {
    const before = '# Our policy, reviewed by legal\nfail-on: warning # stricter than default\n';
    const after = await addWaiver(
      before,
      {
        path: 'src/a.c',
        lines: { start: 10, end: 40 },
        license: 'GPL-2.0-only',
        reason: 'rewritten',
        approver: 'Ada',
        expires: '2027-01-31',
      },
      '.provscan.yml',
    );
    expect(after).toContain('# Our policy, reviewed by legal');
    expect(after).toContain('# stricter than default');
    const parsed = await parseConfigText(after, '.provscan.yml');
    expect(parsed.waivers).toHaveLength(1);
    expect(parsed.waivers[0]).toMatchObject({ path: 'src/a.c', lines: { start: 10, end: 40 }, expires: '2027-01-31' });
    const again = await addWaiver(after, { path: 'src/b.c', reason: 'second', approver: 'Bob' }, '.provscan.yml');
    expect((await parseConfigText(again, '.provscan.yml')).waivers.map((w) => w.path)).toEqual(['src/a.c', 'src/b.c']);
  });

  it('refuses a malformed expiry date', async () => {
    await expect(
      addWaiver(undefined, { path: 'a', reason: 'r', approver: 'a', expires: 'next year' }, 'p.yml'),
    ).rejects.toThrow('--expires: "next year" is not a date (expected YYYY-MM-DD)');
  });
});

describe('the parsed-policy cache (check --staged)', () => {
  const POLICY = [
    'fail-on: warning',
    'licenses: {deny: [GPL-3.0-only]}',
    'waivers:',
    '  - {path: src/a.c, lines: "10-40", license: GPL-2.0-only, reason: ok, approver: me, expires: 2027-01-31}',
  ].join('\n');

  it('gives the same policy from the cache, re-parses a changed text and still validates a cached one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'provscan-policy-cache-'));
    try {
      const plain = await parseConfigText(POLICY, '.provscan.yml');
      expect(await parseConfigText(POLICY, '.provscan.yml', dir)).toEqual(plain); // parsed, then cached
      const files = readdirSync(dir);
      expect(files).toHaveLength(1);
      expect(await parseConfigText(POLICY, '.provscan.yml', dir)).toEqual(plain); // from the cache
      const changed = POLICY.replace('fail-on: warning', 'fail-on: notice');
      expect((await parseConfigText(changed, '.provscan.yml', dir)).failOn).toBe('notice');
      // a cached value goes through validation like a parsed one
      const file = join(dir, files[0] as string);
      const entry = JSON.parse(readFileSync(file, 'utf8')) as { key: string; value: Record<string, unknown> };
      writeFileSync(file, JSON.stringify({ ...entry, value: { ...entry.value, 'fail-on': 'sometimes' } }));
      await expect(parseConfigText(changed, '.provscan.yml', dir)).rejects.toThrow(/fail-on/);
      // broken YAML is reported every time, and values JSON cannot hold are never cached
      await expect(parseConfigText('fail-on: [', '.provscan.yml', dir)).rejects.toThrow(/not valid YAML/);
      rmSync(file);
      await parseConfigText('fail-on: warning\nmin-match: {lines: .inf}\n', 'other.yml', dir).catch(() => {});
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
