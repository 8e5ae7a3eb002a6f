import { describe, expect, it } from 'vitest';
import { renderCycloneDx } from '../../src/sbom/cyclonedx.js';
import { AI_COMMIT, sampleResult } from './sample-result.js';

const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';

describe('CycloneDX rendering', () => {
  it('renders a valid CycloneDX 1.6 JSON document by default', async () => {
    const doc = JSON.parse(await renderCycloneDx(sampleResult(), { serial: SERIAL }));
    expect(doc.specVersion).toBe('1.6');
    expect(doc.serialNumber).toBe(SERIAL);
  });
});
