// License choices in CycloneDX JSON shape for the parts provscan adds itself (evidence, variants): one SPDX id as a
// license object, anything else as an expression.
import type { CdxFeatures } from './spec.js';

export type JsonLicenseChoice =
  | { license: { id?: string; name?: string; acknowledgement?: 'declared' | 'concluded' } }
  | { expression: string; acknowledgement?: 'declared' | 'concluded' };

const SIMPLE_ID = /^[A-Za-z0-9.+-]+$/;

export function licenseChoice(
  expression: string,
  acknowledgement: 'declared' | 'concluded' | undefined,
  features: Pick<CdxFeatures, 'omniborId'>,
  isSpdxId: (id: string) => boolean,
): JsonLicenseChoice {
  // `acknowledgement` is new in 1.6 (the same versions that have omniborId).
  const ack = acknowledgement !== undefined && features.omniborId ? { acknowledgement } : {};
  if (isSpdxId(expression)) return { license: { id: expression, ...ack } };
  // A bare LicenseRef- or unknown id is not an SPDX id: CycloneDX wants it as a named license.
  if (SIMPLE_ID.test(expression)) return { license: { name: expression, ...ack } };
  return { expression, ...ack };
}
