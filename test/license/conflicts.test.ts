import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, type ProvscanConfig, parsePolicy } from '../../src/config/policy.js';
import { evaluateConflicts } from '../../src/license/conflicts.js';
import type { AiSpan, FileResult, SnippetMatch } from '../../src/model.js';

const NOW = new Date('2026-06-15T12:00:00Z');

function match(license: string, start = 10, end = 30, extra: Partial<SnippetMatch> = {}): SnippetMatch {
  return {
    start,
    end,
    kind: 'snippet',
    channel: 'exact',
    similarity: 0.9,
    corpus: { name: 'upstream', version: '1.0', purl: null, path: 'lib/x.c', start: 100, end: 120, license },
    ...extra,
  };
}

function file(path: string, matches: SnippetMatch[], ai: AiSpan[] = [], license?: string): FileResult {
  return { path, language: 'c', lines: 200, ai, matches, ...(license ? { license } : {}) };
}

const AI: AiSpan = { start: 1, end: 50, agent: 'claude-code', model: null, source: 'trailer', confidence: 1 };

function run(files: FileResult[], projectLicense: string | null, config: ProvscanConfig = DEFAULT_CONFIG) {
  return evaluateConflicts({ files, projectLicense, config, now: NOW });
}

describe('conflicts', () => {
  it('reports GPL-2.0-only code in an MIT project as a copyleft error with the full story', () => {
    const { conflicts } = run([file('src/a.c', [match('GPL-2.0-only')])], 'MIT');
    expect(conflicts).toHaveLength(1);
    const c = conflicts[0];
    expect(c).toMatchObject({
      rule: 'copyleft-in-permissive',
      severity: 'error',
      verdict: 'no',
      path: 'src/a.c',
      start: 10,
      end: 30,
      license: 'GPL-2.0-only',
      projectLicense: 'MIT',
      ai: false,
    });
    expect(c?.match).toMatchObject({ name: 'upstream', path: 'lib/x.c', start: 100, end: 120 });
    expect(c?.factSource).toContain('OSADL');
    expect(c?.howToFix).toBeTruthy();
    expect(c?.id).toMatch(/^[0-9a-f]{16}$/);
  });

  it('passes MIT OR GPL-2.0-or-later code in an MIT project with only an attribution notice', () => {
    const { conflicts } = run([file('src/a.c', [match('MIT OR GPL-2.0-or-later')])], 'MIT');
    expect(conflicts.map((c) => [c.rule, c.severity])).toEqual([['attribution-required', 'notice']]);
  });

  it('asks for attribution (and the NOTICE file) for Apache-2.0 code', () => {
    const { conflicts } = run([file('src/a.c', [match('Apache-2.0')])], 'MIT');
    expect(conflicts[0]).toMatchObject({ rule: 'attribution-required', severity: 'notice' });
    expect(conflicts[0]?.reason).toContain('NOTICE');
  });

  it('lets the file header override the project license', () => {
    const { conflicts } = run([file('src/a.c', [match('GPL-2.0-only')], [], 'GPL-2.0-only')], 'MIT');
    expect(conflicts.every((c) => c.severity === 'notice')).toBe(true);
  });

  it('warns when the project license is unknown', () => {
    const { conflicts } = run([file('src/a.c', [match('GPL-3.0-only')])], null);
    expect(conflicts[0]).toMatchObject({ rule: 'unknown-project-license', severity: 'warning' });
  });

  it('still asks for attribution of permissive code when the project license is unknown', () => {
    const { conflicts } = run([file('src/a.c', [match('MIT OR GPL-2.0-only')])], null);
    expect(conflicts[0]).toMatchObject({ rule: 'attribution-required', severity: 'notice' });
    expect(conflicts[0]?.reason).toMatch(/^MIT requires/);
  });

  it('names network copyleft, source-available and unknown licenses with their own rules', () => {
    const { conflicts } = run(
      [file('a.c', [match('AGPL-3.0-only', 1, 10), match('BUSL-1.1', 20, 30), match('LicenseRef-Mystery', 40, 50)])],
      'MIT',
    );
    expect(conflicts.map((c) => c.rule).sort()).toEqual([
      'network-copyleft',
      'source-available-code',
      'unknown-license',
    ]);
  });

  it('marks AI-written matches and ranks them above human ones of the same severity', () => {
    const { conflicts } = run(
      [file('a.c', [match('GPL-2.0-only', 100, 120)]), file('z.c', [match('GPL-2.0-only', 10, 30)], [AI])],
      'MIT',
    );
    expect(conflicts.map((c) => [c.path, c.ai])).toEqual([
      ['z.c', true],
      ['a.c', false],
    ]);
    expect(conflicts[0]?.message).toMatch(/^AI-written lines 10-30/);
  });

  it('makes AI findings one level stricter when the policy asks', () => {
    const config = parsePolicy({ ai: { stricter: true } }, '.provscan.yml');
    const { conflicts } = run([file('a.c', [match('MIT')], [AI]), file('b.c', [match('MIT')])], 'MIT', config);
    expect(conflicts.map((c) => [c.path, c.severity])).toEqual([
      ['a.c', 'warning'],
      ['b.c', 'notice'],
    ]);
  });

  it('applies denied licenses and categories, and allow lists', () => {
    const deny = parsePolicy({ licenses: { deny: ['Apache-2.0'] } }, 'p.yml');
    expect(run([file('a.c', [match('Apache-2.0')])], 'MIT', deny).conflicts[0]).toMatchObject({
      rule: 'denied-license',
      severity: 'error',
    });
    // A choice with one acceptable option is not denied.
    expect(run([file('a.c', [match('Apache-2.0 OR MIT')])], 'MIT', deny).conflicts[0]?.rule).toBe(
      'attribution-required',
    );
    const cats = parsePolicy({ categories: { deny: ['weak-copyleft-file'] } }, 'p.yml');
    expect(run([file('a.c', [match('MPL-2.0')])], 'MIT', cats).conflicts[0]?.rule).toBe('denied-category');
    const allow = parsePolicy({ licenses: { allow: ['MIT', 'BSD-3-Clause'] } }, 'p.yml');
    expect(run([file('a.c', [match('ISC')])], 'MIT', allow).conflicts[0]?.rule).toBe('denied-license');
  });

  it('applies severity overrides by rule and by license, including off', () => {
    const config = parsePolicy({ severity: { 'attribution-required': 'off', 'LGPL-2.1-only': 'error' } }, 'p.yml');
    const { conflicts } = run([file('a.c', [match('MIT', 1, 10), match('LGPL-2.1-only', 20, 40)])], 'MIT', config);
    expect(conflicts.map((c) => [c.rule, c.severity])).toEqual([['conditional-license', 'error']]);
  });

  it('gives the same finding the same id across runs and line shifts when a fingerprint exists', () => {
    const a = run([file('a.c', [match('GPL-2.0-only', 10, 30, { fingerprint: 'abcdef0123' })])], 'MIT').conflicts[0];
    const b = run([file('a.c', [match('GPL-2.0-only', 40, 60, { fingerprint: 'abcdef0123' })])], 'MIT').conflicts[0];
    expect(a?.id).toBe(b?.id);
  });
});

describe('waivers', () => {
  const policy = (expires: string | undefined, extra: Record<string, unknown> = {}) =>
    parsePolicy(
      {
        waivers: [
          {
            path: 'src/*.c',
            lines: '5-15',
            license: 'GPL-2.0-only',
            reason: 'rewritten upstream',
            approver: 'legal',
            ...(expires ? { expires } : {}),
            ...extra,
          },
          { path: 'src/gone.c', reason: 'file was removed', approver: 'legal' },
        ],
      },
      '.provscan.yml',
    );

  it('covers a matching finding, which then no longer fails', () => {
    const { conflicts, waivers } = run([file('src/a.c', [match('GPL-2.0-only')])], 'MIT', policy('2026-12-31'));
    expect(conflicts[0]?.waived).toEqual({
      reason: 'rewritten upstream',
      approver: 'legal',
      expires: '2026-12-31',
      index: 0,
    });
    expect(waivers.map((w) => [w.index, w.state, w.covers])).toEqual([
      [0, 'active', 1],
      [1, 'stale', 0],
    ]);
  });

  it('holds through its expiry day and stops covering after it', () => {
    const lastDay = run([file('src/a.c', [match('GPL-2.0-only')])], 'MIT', policy('2026-06-15'));
    expect(lastDay.conflicts[0]?.waived).toBeDefined();
    const expired = run([file('src/a.c', [match('GPL-2.0-only')])], 'MIT', policy('2026-06-14'));
    expect(expired.conflicts[0]?.waived).toBeUndefined();
    expect(expired.waivers[0]?.state).toBe('expired');
  });

  it('does not cover a finding about another license or other lines', () => {
    const other = run([file('src/a.c', [match('AGPL-3.0-only')])], 'MIT', policy(undefined));
    expect(other.conflicts[0]?.waived).toBeUndefined();
    const lines = run([file('src/a.c', [match('GPL-2.0-only', 50, 60)])], 'MIT', policy(undefined));
    expect(lines.conflicts[0]?.waived).toBeUndefined();
    expect(lines.waivers[0]?.state).toBe('stale');
  });

  it('can follow a fingerprint instead of line numbers', () => {
    const config = parsePolicy(
      { waivers: [{ path: 'src/a.c', fingerprint: 'ABCDEF', reason: 'ok', approver: 'me' }] },
      'p.yml',
    );
    const { conflicts } = run(
      [file('src/a.c', [match('GPL-2.0-only', 80, 99, { fingerprint: 'abcdef0123' })])],
      'MIT',
      config,
    );
    expect(conflicts[0]?.waived?.index).toBe(0);
  });
});
