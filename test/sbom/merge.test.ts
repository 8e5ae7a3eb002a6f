import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { mergeIntoBom } from '../../src/sbom/merge.js';
import { sampleResult } from './sample-result.js';
import { cyclonedxErrors } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped JSON documents
type Doc = Record<string, any>;

/** A small SBOM as another generator writes it, with a component whose bom-ref collides with provscan's. */
function foreignBom(specVersion = '1.5'): Doc {
  return {
    bomFormat: 'CycloneDX',
    specVersion,
    version: 3,
    serialNumber: 'urn:uuid:11111111-2222-4333-8444-555555555555',
    metadata: {
      tools: [{ vendor: 'anchore', name: 'syft', version: '1.0.0' }],
      component: { type: 'application', name: 'demo-app', 'bom-ref': 'root-app' },
    },
    components: [
      {
        type: 'library',
        name: 'left-pad',
        version: '1.3.0',
        'bom-ref': 'file:src/utils.c',
        purl: 'pkg:npm/left-pad@1.3.0',
      },
    ],
    dependencies: [{ ref: 'root-app', dependsOn: ['file:src/utils.c'] }],
  };
}

describe('merging into another SBOM', () => {
  it('keeps everything the input had and adds provscan facts, valid for its spec version', async () => {
    const text = await mergeIntoBom(sampleResult(), foreignBom(), 'syft.json');
    expect(await cyclonedxErrors(text, '1.5', 'json')).toBeNull();
    const doc = JSON.parse(text);
    expect(doc.specVersion).toBe('1.5');
    expect(doc.version).toBe(4);
    expect(doc.serialNumber).toBe('urn:uuid:11111111-2222-4333-8444-555555555555');
    expect(doc.components[0]).toEqual(foreignBom().components[0]);
    expect(doc.dependencies).toEqual(foreignBom().dependencies);
    expect(doc.metadata.component.name).toBe('demo-app');
    expect(doc.metadata.component.properties.map((p: Doc) => p['name'])).toContain('provscan:scan:ai-lines');
    // legacy tool entries become tool components next to provscan's
    expect(doc.metadata.tools.components.map((t: Doc) => t['name'])).toEqual(['syft', 'c.db', 'provscan']);
  });

  it('renames provscan bom-refs that would collide with the input', async () => {
    const doc = JSON.parse(await mergeIntoBom(sampleResult(), foreignBom(), 'syft.json'));
    const refs = doc.components.map((c: Doc) => c['bom-ref']);
    expect(refs).toContain('file:src/utils.c');
    expect(refs).toContain('provscan:file:src/utils.c');
    const annotation = doc.annotations.find((a: Doc) => a['bom-ref'] === 'provscan:annotation:file:src/utils.c');
    expect(annotation.subjects).toEqual(['provscan:file:src/utils.c']);
    const variant = doc.components.find((c: Doc) => c['bom-ref'] === 'provscan:file:src/utils.c').pedigree.variants[0];
    expect(variant.evidence.identity.tools).toEqual(['provscan:provscan']);
  });

  it('upgrades to the requested spec version', async () => {
    const text = await mergeIntoBom(sampleResult(), foreignBom('1.5'), 'syft.json', { spec: '1.6' });
    expect(JSON.parse(text).specVersion).toBe('1.6');
    expect(await cyclonedxErrors(text, '1.6', 'json')).toBeNull();
  });

  it('upgrades a CycloneDX 1.4 SBOM to 1.5, the first version with annotations', async () => {
    const text = await mergeIntoBom(sampleResult(), foreignBom('1.4'), 'old.json');
    const doc = JSON.parse(text);
    expect(doc.specVersion).toBe('1.5');
    expect(await cyclonedxErrors(text, '1.5', 'json')).toBeNull();
    expect(doc.annotations.length).toBeGreaterThan(0);
  });

  it('refuses to downgrade', async () => {
    await expect(mergeIntoBom(sampleResult(), foreignBom('1.6'), 'x.json', { spec: '1.5' })).rejects.toBeInstanceOf(
      UsageError,
    );
  });

  it('names the file when the input is not a CycloneDX JSON SBOM', async () => {
    await expect(mergeIntoBom(sampleResult(), { spdxVersion: 'SPDX-2.3' }, 'spdx.json')).rejects.toThrow(InputError);
    await expect(mergeIntoBom(sampleResult(), { spdxVersion: 'SPDX-2.3' }, 'spdx.json')).rejects.toThrow(
      /^spdx.json: not a CycloneDX/,
    );
    const broken = { ...foreignBom(), components: [{ type: 'nonsense' }] };
    await expect(mergeIntoBom(sampleResult(), broken, 'broken.json')).rejects.toThrow(
      /broken.json: not a valid CycloneDX 1.5/,
    );
  });
});
