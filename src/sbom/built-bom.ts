// A CycloneDX BOM as the library's models hold it, with the facts its models lack (annotations, evidence, pedigree),
// before serialisation: what the JSON and the XML renderers both start from.
import type * as CDX from '@cyclonedx/cyclonedx-library';
import type { ProvscanExtras } from './extras.js';

export interface BuiltBom {
  readonly lib: typeof CDX;
  readonly bom: CDX.Models.Bom;
  readonly spec: NonNullable<(typeof CDX.Spec.SpecVersionDict)[CDX.Spec.Version]>;
  readonly extras: ProvscanExtras;
}
