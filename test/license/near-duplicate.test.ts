// The simhash near-duplicate path of license identification: the shipped table agrees with the installed license
// list, and every reference text is still identified as itself (or as a reference text it is a copy of).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { REFERENCE_SIMHASHES } from '../../src/license/data/reference-simhashes.js';
import { identifyLicenseText, normaliseLicenseText, referenceSimhashes } from '../../src/license/license-text.js';
import { nearReferences, sketchDistance, sketchWords } from '../../src/license/near-duplicate.js';

const require = createRequire(import.meta.url);
const full = require('spdx-license-list/full') as Record<string, { licenseText?: string }>;

describe('near-duplicate license texts', () => {
  it('ships the simhash table of the installed spdx-license-list (scripts/license-simhashes.mjs)', () => {
    expect(REFERENCE_SIMHASHES.map((r) => [...r])).toEqual(referenceSimhashes());
  });

  it('identifies every reference text with a copyright line as itself or as a text it duplicates', () => {
    let viaNear = 0;
    let checked = 0;
    for (const [id] of REFERENCE_SIMHASHES) {
      const text = full[id]?.licenseText as string;
      if (normaliseLicenseText(text).split(' ').length < 10) continue; // too short to identify by content at all
      checked++;
      const found = identifyLicenseText(`Copyright (c) 2026 Example Project\n\n${text}`);
      expect(found, id).toBeDefined();
      if (found?.id !== id) {
        const a = sketchWords(normaliseLicenseText(text).split(' '));
        const b = sketchWords(normaliseLicenseText(full[found?.id as string]?.licenseText as string).split(' '));
        expect(found?.score, `${id} → ${found?.id}`).toBeGreaterThanOrEqual(0.97);
        expect(sketchDistance(a, b), `${id} → ${found?.id}`).toBeLessThanOrEqual(12);
      }
      const words = normaliseLicenseText(text).split(' ');
      if (nearReferences(sketchWords(words), words.length).includes(id)) viaNear++;
    }
    expect(viaNear).toBe(checked);
    expect(checked).toBeGreaterThan(600);
  });

  it('finds no near reference for source code or for an unrelated text', () => {
    const code = 'for (let i = 0; i < n; i++) { total += values[i] * weights[i]; } return total / n;'.repeat(20);
    const words = normaliseLicenseText(code).split(' ');
    expect(nearReferences(sketchWords(words), words.length)).toEqual([]);
  });

  it('concludes a slightly edited uncommon license through its near-duplicate', () => {
    const text = String(full['EPL-1.0']?.licenseText).replace('Eclipse Foundation', 'the Eclipse Foundation, Inc.');
    expect(identifyLicenseText(text)?.id).toBe('EPL-1.0');
  });
});
