// What each CycloneDX version can hold that provscan uses. Spec differences are data, not `if` chains
// scattered through the renderer: the renderer asks this table.

export type CdxVersion = '1.5' | '1.6' | '1.7';
export const CDX_VERSIONS: ReadonlyArray<CdxVersion> = ['1.5', '1.6', '1.7'];

export interface CdxFeatures {
  /** `component.omniborId[]` (gitoid) exists (1.6+); else the gitoid goes in a property. */
  readonly omniborId: boolean;
  /** `evidence.identity` is an array (1.6+); 1.5 has a single object. */
  readonly identityArray: boolean;
  /** `evidence.occurrences[]` has `line` and `additionalContext` (1.6+); 1.5 has only `location`. */
  readonly occurrenceDetail: boolean;
  /** `evidence.identity[].concludedValue` exists (1.6+). */
  readonly concludedValue: boolean;
  /** A license list may mix license objects and expressions (1.7+). */
  readonly mixedLicenses: boolean;
}

export const CDX_FEATURES: Record<CdxVersion, CdxFeatures> = {
  '1.5': {
    omniborId: false,
    identityArray: false,
    occurrenceDetail: false,
    concludedValue: false,
    mixedLicenses: false,
  },
  '1.6': { omniborId: true, identityArray: true, occurrenceDetail: true, concludedValue: true, mixedLicenses: false },
  '1.7': { omniborId: true, identityArray: true, occurrenceDetail: true, concludedValue: true, mixedLicenses: true },
};

export function isCdxVersion(value: string): value is CdxVersion {
  return (CDX_VERSIONS as ReadonlyArray<string>).includes(value);
}

/** Orders versions ("1.4" < "1.5" < "1.10"). */
export function compareSpecVersions(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}
