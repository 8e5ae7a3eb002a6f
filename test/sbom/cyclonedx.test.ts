import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import { renderCycloneDx, validate } from '../../src/sbom/cyclonedx.js';
import { AI_COMMIT, sampleResult } from './sample-result.js';
import { cyclonedxErrors } from './validate.js';

const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped JSON documents
type Doc = Record<string, any>;

async function render(spec: '1.5' | '1.6' | '1.7' = '1.6', extra: object = {}): Promise<Doc> {
  return JSON.parse(await renderCycloneDx(sampleResult(), { spec, serial: SERIAL, ...extra }));
}

function fileComponent(doc: Doc, path: string): Doc {
  const c = (doc['components'] as Doc[]).find((x) => x['name'] === path);
  if (!c) throw new Error(`no component for ${path}`);
  return c;
}

function prop(component: Doc, name: string): string | undefined {
  return (component['properties'] as { name: string; value: string }[]).find((p) => p.name === name)?.value;
}

describe('CycloneDX rendering', () => {
  for (const spec of ['1.5', '1.6', '1.7'] as const) {
    for (const format of ['json', 'xml'] as const) {
      it(`writes CycloneDX ${spec} ${format.toUpperCase()} that the official schema accepts`, async () => {
        const text = await renderCycloneDx(sampleResult(), { spec, format, serial: SERIAL });
        expect(await cyclonedxErrors(text, spec, format)).toBeNull();
        if (format === 'xml') {
          expect(text).toContain(`xmlns="http://cyclonedx.org/schema/bom/${spec}"`);
          expect(text).toContain('<annotations>');
          expect(text).toContain('<technique>source-code-analysis</technique>');
        } else {
          expect(JSON.parse(text).specVersion).toBe(spec);
        }
      });
    }
  }

  it('defaults to CycloneDX 1.6 JSON with the given serial number', async () => {
    const doc = JSON.parse(await renderCycloneDx(sampleResult(), { serial: SERIAL }));
    expect(doc.specVersion).toBe('1.6');
    expect(doc.serialNumber).toBe(SERIAL);
  });

  it('describes the project as the root component with its declared license', async () => {
    const doc = await render();
    const root = doc['metadata']['component'];
    expect(root).toMatchObject({ type: 'application', name: 'demo-app', version: '1.2.3', 'bom-ref': 'project' });
    expect(root['licenses']).toEqual([{ license: { id: 'MIT', acknowledgement: 'declared' } }]);
    expect(doc['metadata']['lifecycles']).toEqual([{ phase: 'build' }]);
  });

  it('names provscan and each corpus with its fingerprint count in metadata.tools', async () => {
    const tools = (await render())['metadata']['tools']['components'] as Doc[];
    expect(tools.find((t) => t['name'] === 'provscan')).toMatchObject({ 'bom-ref': 'provscan', version: '0.1.0' });
    const corpus = tools.find((t) => t['name'] === 'c.db');
    expect(corpus).toMatchObject({ type: 'data', version: '2026.11' });
    expect(prop(corpus!, 'provscan:corpus:fingerprints')).toBe('1234');
  });

  it('gives each file with AI lines or matches a component with hash, gitoid and provscan properties', async () => {
    const doc = await render();
    const utils = fileComponent(doc, 'src/utils.c');
    expect(utils['type']).toBe('file');
    expect(utils['hashes']).toEqual([{ alg: 'SHA-256', content: 'a'.repeat(64) }]);
    expect(utils['omniborId']).toEqual([`gitoid:blob:sha1:${'b'.repeat(40)}`]);
    expect(prop(utils, 'provscan:ai:lines')).toBe('12-40,55-60');
    expect(prop(utils, 'provscan:ai:agents')).toBe('claude-code');
    expect(prop(utils, 'provscan:ai:models')).toBe('claude-sonnet-4');
    expect(prop(utils, 'provscan:ai:commits')).toBe(AI_COMMIT);
    expect(prop(utils, 'provscan:ai:share')).toBe('0.44');
    expect(prop(utils, 'provscan:match:count')).toBe('1');
    expect(prop(utils, 'provscan:conflict:severity')).toBe('error');
    expect(utils['licenses']).toEqual([{ expression: 'MIT AND GPL-3.0-or-later', acknowledgement: 'concluded' }]);
  });

  it('leaves out files without AI lines, matches or conflicts unless every file is asked for', async () => {
    expect((await render())['components'].map((c: Doc) => c['name'])).not.toContain('src/human.c');
    expect((await render('1.6', { allFiles: true }))['components'].map((c: Doc) => c['name'])).toContain('src/human.c');
  });

  it('keeps the file header license as declared and the concluded license as a property when both cannot be listed', async () => {
    const lib = fileComponent(await render(), 'src/vendor/lib.js');
    expect(lib['licenses']).toEqual([{ license: { id: 'Apache-2.0', acknowledgement: 'declared' } }]);
    expect(prop(lib, 'provscan:license:concluded')).toBe('Apache-2.0 AND LicenseRef-Custom');
  });

  it('lists both declared and concluded licenses in CycloneDX 1.7', async () => {
    const lib = fileComponent(await render('1.7'), 'src/vendor/lib.js');
    expect(lib['licenses']).toContainEqual({
      expression: 'Apache-2.0 AND LicenseRef-Custom',
      acknowledgement: 'concluded',
    });
  });

  it('records each snippet match as a pedigree variant with identity and occurrence evidence', async () => {
    const utils = fileComponent(await render(), 'src/utils.c');
    const [variant] = utils['pedigree']['variants'] as Doc[];
    expect(variant).toMatchObject({ type: 'library', name: 'nano', version: '7.2', purl: 'pkg:generic/nano@7.2' });
    expect(variant!['licenses']).toEqual([{ license: { id: 'GPL-3.0-or-later', acknowledgement: 'concluded' } }]);
    const evidence = variant!['evidence'];
    expect(evidence['identity']).toEqual([
      expect.objectContaining({
        field: 'purl',
        confidence: 0.93,
        concludedValue: 'pkg:generic/nano@7.2',
        tools: ['provscan'],
      }),
    ]);
    expect(evidence['identity'][0]['methods'][0]).toMatchObject({
      technique: 'source-code-analysis',
      confidence: 0.93,
    });
    expect(evidence['occurrences']).toEqual([
      { location: 'src/utils.c', line: 32, additionalContext: 'lines 32-38 match src/utils.c:301-307' },
    ]);
    expect(evidence['licenses']).toEqual([{ license: { id: 'GPL-3.0-or-later' } }]);
  });

  it('records the AI commits in pedigree with author and trailers', async () => {
    const [commit] = fileComponent(await render(), 'src/utils.c')['pedigree']['commits'] as Doc[];
    expect(commit).toMatchObject({ uid: AI_COMMIT, author: { name: 'Ada Human', email: 'ada@example.com' } });
    expect(commit!['message']).toBe('Add string helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>');
  });

  it('annotates AI-touched files and conflicts in sentences a reader understands', async () => {
    const annotations = (await render())['annotations'] as Doc[];
    const file = annotations.find((a) => a['bom-ref'] === 'annotation:file:src/utils.c');
    expect(file!['subjects']).toEqual(['file:src/utils.c']);
    expect(file!['annotator']).toEqual({ component: { type: 'application', name: 'provscan', version: '0.1.0' } });
    expect(file!['timestamp']).toBe('2026-11-24T12:00:00Z');
    expect(file!['text']).toContain('Lines 12–40, 55–60 written by Claude Code (claude-sonnet-4) in commit 9e1c4ab');
    expect(file!['text']).toContain('lines 32–38 match nano 7.2 src/utils.c:301-307 (GPL-3.0-or-later)');
    expect(file!['text']).toContain('incompatible with MIT');
    const conflict = annotations.find((a) => a['bom-ref'] === 'annotation:conflict:abc123');
    expect(conflict!['text']).toMatch(
      /^ERROR copyleft-in-permissive in src\/utils.c: AI-written lines 32–38 of src\/utils.c carry GPL-3.0-or-later/,
    );
    const waived = annotations.find((a) => a['bom-ref'] === 'annotation:conflict:def456');
    expect(waived!['text']).toContain('Waived by legal@example.com: vendor agreement');
  });

  it('degrades to the 1.5 shapes: gitoid as a property, one identity object, occurrences without lines', async () => {
    const utils = fileComponent(await render('1.5'), 'src/utils.c');
    expect(utils['omniborId']).toBeUndefined();
    expect(prop(utils, 'provscan:file:gitoid')).toBe(`gitoid:blob:sha1:${'b'.repeat(40)}`);
    const evidence = utils['pedigree']['variants'][0]['evidence'];
    expect(Array.isArray(evidence['identity'])).toBe(false);
    expect(evidence['identity']).toMatchObject({ field: 'purl', confidence: 0.93 });
    expect(evidence['occurrences']).toEqual([{ location: 'src/utils.c' }]);
  });

  it('renders byte-identical output for the same result and serial', async () => {
    for (const format of ['json', 'xml'] as const) {
      const a = await renderCycloneDx(sampleResult(), { format, serial: SERIAL });
      const b = await renderCycloneDx(sampleResult(), { format, serial: SERIAL });
      expect(a).toBe(b);
    }
  });

  it('draws a fresh serial number when none is given', async () => {
    const a = JSON.parse(await renderCycloneDx(sampleResult()));
    const b = JSON.parse(await renderCycloneDx(sampleResult()));
    expect(a.serialNumber).toMatch(/^urn:uuid:/);
    expect(a.serialNumber).not.toBe(b.serialNumber);
  });

  it('refuses to return a document that fails schema validation', async () => {
    const lib = await import('@cyclonedx/cyclonedx-library');
    const bad = JSON.stringify({
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      version: 1,
      components: [{ type: 'nope', name: 'x' }],
    });
    await expect(validate(lib, 'json', '1.6', bad)).rejects.toBeInstanceOf(InternalError);
    await expect(
      validate(lib, 'xml', '1.6', '<bom xmlns="http://cyclonedx.org/schema/bom/1.6"><nope/></bom>'),
    ).rejects.toThrow(/does not validate against CycloneDX 1.6/);
  });
});

describe('CycloneDX rendering of a clean project', () => {
  for (const spec of ['1.5', '1.6', '1.7'] as const) {
    for (const format of ['json', 'xml'] as const) {
      it(`writes a valid CycloneDX ${spec} ${format.toUpperCase()} with no file components when nothing was found`, async () => {
        const clean = sampleResult({ files: [], conflicts: [], commits: [], corpora: [], projectLicense: null });
        const text = await renderCycloneDx(clean, { spec, format, serial: SERIAL });
        expect(await cyclonedxErrors(text, spec, format)).toBeNull();
        expect(text).not.toContain('annotation');
      });
    }
  }
});

describe('the provscan: property taxonomy', () => {
  it('documents every property name the SBOM uses in docs/cyclonedx-taxonomy.md', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/cyclonedx-taxonomy.md', import.meta.url), 'utf8');
    const names = new Set<string>();
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        const o = node as Record<string, unknown>;
        if (typeof o['name'] === 'string' && typeof o['value'] === 'string' && o['name'].startsWith('provscan:'))
          names.add(o['name']);
        Object.values(o).forEach(walk);
      }
    };
    for (const spec of ['1.5', '1.6'] as const)
      walk(JSON.parse(await renderCycloneDx(sampleResult(), { spec, allFiles: true, serial: SERIAL })));
    expect(names.size).toBeGreaterThan(30);
    expect([...names].filter((n) => !doc.includes(`\`${n}\``))).toEqual([]);
  });
});
