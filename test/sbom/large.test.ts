// Large BOMs are validated in parts (the schema's uniqueItems makes whole-document validation quadratic): the parts
// must accept exactly what whole-document validation accepts — a valid 400-file BOM passes, and an invalid item or
// a duplicate deep in the arrays is still caught.
import * as CDX from '@cyclonedx/cyclonedx-library';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import { renderCycloneDx, validate } from '../../src/sbom/cyclonedx.js';
import { bigScan } from '../report/fixture.js';

describe('validating a large CycloneDX JSON document', () => {
  let text = '';

  it('accepts a valid BOM of 400 described files', async () => {
    text = await renderCycloneDx(bigScan(400), { serial: 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79' });
    const doc = JSON.parse(text) as { components: unknown[]; annotations: unknown[] };
    expect(doc.components.length).toBeGreaterThan(300);
    expect(doc.annotations.length).toBeGreaterThan(300);
    // The library's validator on the whole document agrees.
    expect(await new CDX.Validation.JsonStrictValidator(CDX.Spec.Version.v1dot6).validate(text)).toBeNull();
  });

  it('rejects an invalid item far down the components list', async () => {
    const doc = JSON.parse(text) as { components: Array<Record<string, unknown>> };
    doc.components[350]!['type'] = 'not-a-type';
    await expect(validate(CDX, 'json', '1.6', JSON.stringify(doc))).rejects.toBeInstanceOf(InternalError);
  });

  it('rejects two identical annotations in different parts', async () => {
    const doc = JSON.parse(text) as { annotations: unknown[] };
    doc.annotations[320] = doc.annotations[3];
    await expect(validate(CDX, 'json', '1.6', JSON.stringify(doc))).rejects.toThrow(/does not validate/);
  });
});
