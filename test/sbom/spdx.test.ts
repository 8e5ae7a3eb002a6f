import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.js';
import { renderSpdx } from '../../src/sbom/spdx.js';
import { sampleResult } from './sample-result.js';
import { jsonSchemaErrors, schemaPath } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk an untyped JSON document
type Doc = Record<string, any>;
const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';

/** The sample result as a scan records it: SHA-1 per file, a byte range per match (ten bytes a line here). */
function withSha1() {
  const r = sampleResult();
  return {
    ...r,
    files: r.files.map((f, i) => ({
      ...f,
      sha1: String(i + 1).repeat(40),
      matches: f.matches.map((m) => ({ ...m, bytes: { start: (m.start - 1) * 10 + 1, end: m.end * 10 } })),
    })),
  };
}

function spdx(options = {}): Doc {
  return JSON.parse(renderSpdx(withSha1(), { serial: SERIAL, ...options }));
}

describe('SPDX 2.3 output', () => {
  it('validates against the official SPDX 2.3 JSON schema', () => {
    const schema = schemaPath('spdx-schema-2.3.json');
    expect(schema, 'test/fixtures/schemas/spdx-schema-2.3.json is missing').toBeDefined();
    expect(jsonSchemaErrors(schema!, spdx())).toBeNull();
    expect(jsonSchemaErrors(schema!, spdx({ allFiles: true }))).toBeNull();
  });

  it('is checked by a schema that rejects a malformed SPDX id', () => {
    const doc = spdx();
    doc['files'][0]['SPDXID'] = 'SPDXRef-has spaces';
    expect(jsonSchemaErrors(schemaPath('spdx-schema-2.3.json')!, doc)).not.toBeNull();
  });

  it('stamps the document with the scan time and a namespace from the serial', () => {
    const doc = spdx();
    expect(doc).toMatchObject({
      spdxVersion: 'SPDX-2.3',
      dataLicense: 'CC0-1.0',
      SPDXID: 'SPDXRef-DOCUMENT',
      name: 'demo-app-1.2.3',
    });
    expect(doc['creationInfo']).toMatchObject({ created: '2026-11-24T12:00:00Z', creators: ['Tool: provscan-0.1.0'] });
    expect(doc['documentNamespace']).toContain('3e671687-395b-41f5-a30f-a58921a69b79');
    expect(doc['packages'][0]).toMatchObject({ name: 'demo-app', versionInfo: '1.2.3', licenseDeclared: 'MIT' });
  });

  it('lists each described file with its SHA1 and SHA256 and its concluded license', () => {
    const file = (spdx()['files'] as Doc[]).find((f) => f['fileName'] === './src/utils.c');
    expect(file!['checksums']).toEqual([
      { algorithm: 'SHA1', checksumValue: '1'.repeat(40) },
      { algorithm: 'SHA256', checksumValue: 'a'.repeat(64) },
    ]);
    expect(file!['licenseConcluded']).toBe('MIT AND GPL-3.0-or-later');
    expect(file!['comment']).toContain('written by Claude Code');
  });

  it('writes one snippet per match with its byte range (mandatory), line range, license and source', () => {
    const doc = spdx();
    const file = (doc['files'] as Doc[]).find((f) => f['fileName'] === './src/utils.c');
    const snippet = (doc['snippets'] as Doc[]).find((s) => s['snippetFromFile'] === file!['SPDXID']);
    expect(snippet!['ranges']).toEqual([
      {
        startPointer: { reference: file!['SPDXID'], offset: 311 },
        endPointer: { reference: file!['SPDXID'], offset: 380 },
      },
      {
        startPointer: { reference: file!['SPDXID'], lineNumber: 32 },
        endPointer: { reference: file!['SPDXID'], lineNumber: 38 },
      },
    ]);
    expect(snippet).toMatchObject({
      licenseConcluded: 'GPL-3.0-or-later',
      licenseInfoInSnippets: ['GPL-3.0-or-later'],
    });
    expect(snippet!['comment']).toContain('nano 7.2 src/utils.c:301-307');
    expect(snippet!['comment']).toContain('written by an AI assistant');
  });

  it('declares every LicenseRef it uses', () => {
    const doc = spdx();
    expect(doc['hasExtractedLicensingInfos'].map((l: Doc) => l['licenseId'])).toEqual(['LicenseRef-Custom']);
  });

  it('relates the document, the package and its files', () => {
    const rel = spdx()['relationships'] as Doc[];
    expect(rel[0]).toEqual({
      spdxElementId: 'SPDXRef-DOCUMENT',
      relationshipType: 'DESCRIBES',
      relatedSpdxElement: 'SPDXRef-Package-project',
    });
    expect(rel.filter((r) => r['relationshipType'] === 'CONTAINS')).toHaveLength(2);
  });

  it('is byte-identical for the same result and serial', () => {
    expect(renderSpdx(withSha1(), { serial: SERIAL })).toBe(renderSpdx(withSha1(), { serial: SERIAL }));
  });

  it('names the file when a saved scan lacks the byte range SPDX requires per snippet', () => {
    const r = withSha1();
    const old = { ...r, files: r.files.map((f) => ({ ...f, matches: f.matches.map(({ bytes: _, ...m }) => m) })) };
    expect(() => renderSpdx(old)).toThrow(/src\/utils.c: no byte range for the match at lines 32-38/);
  });

  it('names the file when a saved scan lacks the SHA-1 SPDX requires', () => {
    expect(() => renderSpdx(sampleResult())).toThrow(InputError);
    expect(() => renderSpdx(sampleResult())).toThrow(/src\/utils.c: no SHA-1/);
  });
});
