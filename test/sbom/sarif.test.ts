import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { AI_COPYLEFT_RULE, isCopyleftExpression, renderSarif } from '../../src/report/sarif.js';
import { sampleResult } from './sample-result.js';
import { jsonSchemaErrors, schemaPath } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk an untyped JSON document
type Doc = Record<string, any>;

function sarif(result: ScanResult = sampleResult()): Doc {
  return JSON.parse(renderSarif(result));
}

/** The same findings, every line moved down by `by` (code inserted above them). */
function shifted(by: number): ScanResult {
  const r = sampleResult();
  return {
    ...r,
    files: r.files.map((f) => ({
      ...f,
      ai: f.ai.map((s) => ({ ...s, start: s.start + by, end: s.end + by })),
      matches: f.matches.map((m) => ({ ...m, start: m.start + by, end: m.end + by })),
    })),
    conflicts: r.conflicts.map((c) => ({ ...c, start: c.start + by, end: c.end + by })),
  };
}

describe('SARIF output', () => {
  it('validates against the official SARIF 2.1.0 schema', () => {
    const schema = schemaPath('sarif-schema-2.1.0.json');
    expect(schema, 'test/fixtures/schemas/sarif-schema-2.1.0.json is missing').toBeDefined();
    expect(jsonSchemaErrors(schema!, sarif())).toBeNull();
  });

  it('is checked by a schema that rejects a result without a message', () => {
    const log = sarif();
    delete log['runs'][0]['results'][0]['message'];
    expect(jsonSchemaErrors(schemaPath('sarif-schema-2.1.0.json')!, log)).not.toBeNull();
  });

  it('describes provscan and one rule per finding kind with help and tags', () => {
    const driver = sarif()['runs'][0]['tool']['driver'];
    expect(driver).toMatchObject({ name: 'provscan', version: '0.1.0' });
    expect(driver['informationUri']).toMatch(/^https:\/\//);
    const rule = driver['rules'].find((r: Doc) => r['id'] === 'copyleft-in-permissive');
    expect(rule).toMatchObject({ name: 'CopyleftInPermissive', defaultConfiguration: { level: 'error' } });
    expect(rule['shortDescription']['text']).toBeTruthy();
    expect(rule['fullDescription']['text']).toBeTruthy();
    expect(rule['help']['text']).toBeTruthy();
    expect(rule['properties']['tags']).toContain('license');
  });

  it('reports a conflict at its file and lines with the level of its severity', () => {
    const [result] = sarif()['runs'][0]['results'] as Doc[];
    expect(result).toMatchObject({ ruleId: 'copyleft-in-permissive', level: 'error' });
    expect(result!['locations'][0]['physicalLocation']).toEqual({
      artifactLocation: { uri: 'src/utils.c', uriBaseId: '%SRCROOT%' },
      region: { startLine: 32, endLine: 38 },
    });
    expect(result!['message']['text']).toContain('GPL-3.0-or-later');
    expect(result!['ruleIndex']).toBe(0);
  });

  it('marks waived findings as accepted suppressions', () => {
    const waived = (sarif()['runs'][0]['results'] as Doc[]).find((r) => r['ruleId'] === 'unknown-license');
    expect(waived!['level']).toBe('warning');
    expect(waived!['suppressions']).toEqual([
      { kind: 'external', status: 'accepted', justification: 'vendor agreement (approved by legal@example.com)' },
    ]);
  });

  it('keeps partialFingerprints when the lines move', () => {
    const before = (sarif()['runs'][0]['results'] as Doc[]).map((r) => r['partialFingerprints']);
    const after = (sarif(shifted(25))['runs'][0]['results'] as Doc[]).map((r) => r['partialFingerprints']);
    expect(after).toEqual(before);
    expect(new Set(before.map((f) => f['provscan/v1'])).size).toBe(before.length);
  });

  it('reports AI-written copyleft matches that no conflict covers', () => {
    // A GPL project may include GPL code: no conflict, but the AI copy is still worth a note.
    const r = sampleResult({ projectLicense: 'GPL-3.0-or-later', conflicts: [] });
    const results = sarif(r)['runs'][0]['results'] as Doc[];
    expect(results).toHaveLength(1);
    expect(results[0]).toMatchObject({ ruleId: AI_COPYLEFT_RULE, level: 'note' });
    expect(results[0]!['message']['text']).toContain('written by claude-code');
    expect(jsonSchemaErrors(schemaPath('sarif-schema-2.1.0.json')!, sarif(r))).toBeNull();
  });

  it('tells copyleft expressions from permissive choices', () => {
    expect(isCopyleftExpression('GPL-3.0-or-later')).toBe(true);
    expect(isCopyleftExpression('MIT AND LGPL-2.1-only')).toBe(true);
    expect(isCopyleftExpression('GPL-2.0-only OR MIT')).toBe(false);
    expect(isCopyleftExpression('Apache-2.0')).toBe(false);
  });

  it('renders the same text twice', () => {
    expect(renderSarif(sampleResult())).toBe(renderSarif(sampleResult()));
  });
});
