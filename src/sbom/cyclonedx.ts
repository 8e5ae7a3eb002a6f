// CycloneDX rendering of a ScanResult: library models -> normalised document -> addProvscanFacts -> validation.
// The library is heavy, so it is imported inside the render function (the pre-commit check must start fast).
import type * as CDX from '@cyclonedx/cyclonedx-library';
import { InternalError } from '../errors.js';
import { isSpdxExpression } from '../license/expression.js';
import type { FileResult, ScanResult } from '../model.js';
import type { BuiltBom } from './built-bom.js';
import { buildExtras, addProvscanFacts, Refs } from './extras.js';
import { concludedLicense, fileProperties, filesToDescribe, projectProperties, type Property } from './facts.js';
import { type CdxVersion, CDX_FEATURES } from './spec.js';

export interface CycloneDxOptions {
  readonly spec?: CdxVersion;
  readonly format?: 'json' | 'xml';
  /** `urn:uuid:…`; a random one when absent. */
  readonly serial?: string;
  /** Describe every scanned file, not only those with AI lines, matches or conflicts. */
  readonly allFiles?: boolean;
  /** Told when the XML document could not be validated (libxmljs2, an optional dependency, is not installed). */
  readonly onWarning?: (message: string) => void;
}

/** What a user is told when XML validation is unavailable, and how to get it. */
export const XML_VALIDATION_UNAVAILABLE =
  'the XML SBOM was written without schema validation: libxmljs2 is not installed (optional, a native build of ' +
  'libxml2); `npm install libxmljs2` next to provscan enables it, or use the JSON format, which is always validated';

const SERIAL = /^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/**
 * @throws UsageError-free: the serial is checked by the CLI; InternalError when the output fails validation (an XML
 *   document that cannot be validated for want of libxmljs2 is returned after `onWarning`).
 */
export async function renderCycloneDx(result: ScanResult, options: CycloneDxOptions = {}): Promise<string> {
  const version = options.spec ?? '1.6';
  const built = await buildBom(result, { ...options, spec: version }, new Refs());
  if (options.format === 'xml') {
    const { renderXml } = await import('./xml-facts.js');
    const xml = renderXml(built, version);
    try {
      await validate(built.lib, 'xml', version, xml);
    } catch (err) {
      if (!(err instanceof built.lib.Validation.MissingOptionalDependencyError)) throw err;
      options.onWarning?.(XML_VALIDATION_UNAVAILABLE);
    }
    return xml;
  }
  const doc = normaliseJson(built);
  addProvscanFacts(doc, built.extras);
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  await validate(built.lib, 'json', version, text);
  return text;
}

export function isSerialNumber(value: string): boolean {
  return SERIAL.test(value);
}

/** The library's normalised JSON form of the BOM (lists sorted: deterministic by construction). */
export function normaliseJson(built: BuiltBom): Record<string, unknown> {
  const factory = new built.lib.Serialize.JSON.Normalize.Factory(built.spec);
  return factory.makeForBom().normalize(built.bom, { sortLists: true }) as unknown as Record<string, unknown>;
}

/** Builds the BOM from the models the library has, and the extras it has not. */
export async function buildBom(
  result: ScanResult,
  options: CycloneDxOptions & { spec: CdxVersion },
  refs: Refs,
): Promise<BuiltBom> {
  const lib = await import('@cyclonedx/cyclonedx-library');
  const { Models, Enums, Spec } = lib;
  const features = CDX_FEATURES[options.spec];
  const spec = Spec.SpecVersionDict[options.spec as CDX.Spec.Version];
  if (!spec) throw new InternalError(`CycloneDX ${options.spec} is not supported by the installed library`);
  // Parsing an expression is costly (a general parser) and the same few expressions repeat on every file.
  const parsed = new Map<string, boolean>();
  const licenses = new lib.Contrib.License.Factories.LicenseFactory((e) => {
    let ok = parsed.get(e);
    if (ok === undefined) {
      ok = isSpdxExpression(e);
      parsed.set(e, ok);
    }
    if (!ok) throw new RangeError(`not an SPDX expression: ${e}`);
  });
  const isSpdxId = (id: string): boolean => lib.SPDX.isSupportedSpdxId(id);
  const props = (list: ReadonlyArray<Property>) =>
    new Models.PropertyRepository(list.map(([name, value]) => new Models.Property(name, value)));

  const license = (expr: string, ack: CDX.Enums.LicenseAcknowledgement): CDX.Models.License => {
    let made: CDX.Models.License;
    try {
      made = isSpdxId(expr) ? licenses.makeSpdxLicense(expr) : licenses.makeExpression(expr);
    } catch {
      made = licenses.makeNamedLicense(expr);
    }
    made.acknowledgement = ack;
    return made;
  };

  const tool = new Models.Component(Enums.ComponentType.Application, result.tool.name, {
    bomRef: refs.tool,
    version: result.tool.version,
    description: 'AI provenance, snippet matching against licensed code and license conflicts',
  });
  const corpora = result.corpora.map(
    (c) =>
      new Models.Component(Enums.ComponentType.Data, c.label, {
        bomRef: refs.corpus(c.label),
        version: c.version ?? `schema-${c.schemaVersion}`,
        properties: props([
          ['provscan:corpus:fingerprints', String(c.fingerprints)],
          ['provscan:corpus:files', String(c.files)],
          ['provscan:corpus:sources', String(c.sources)],
          ['provscan:corpus:schema-version', String(c.schemaVersion)],
        ]),
      }),
  );

  const root = new Models.Component(Enums.ComponentType.Application, result.project?.name ?? result.root, {
    bomRef: refs.project,
    ...(result.project?.version ? { version: result.project.version } : {}),
    properties: props(projectProperties(result)),
  });
  if (result.projectLicense) root.licenses.add(license(result.projectLicense, Enums.LicenseAcknowledgement.Declared));

  const files = filesToDescribe(result, options.allFiles === true);
  const components = files.map((f) => fileComponent(f));

  function fileComponent(file: FileResult): CDX.Models.Component {
    const properties: Property[] = fileProperties(file, result);
    if (file.blob && !features.omniborId) properties.push(['provscan:file:gitoid', `gitoid:blob:sha1:${file.blob}`]);
    const component = new Models.Component(Enums.ComponentType.File, file.path, {
      bomRef: refs.file(file.path),
      properties: props(properties),
    });
    if (file.sha256) component.hashes.set(Enums.HashAlgorithm['SHA-256'], file.sha256);
    // 1.5/1.6 allow either license objects or exactly one expression: keep the declared license there and the
    // concluded one in `provscan:license:concluded` unless both are plain ids (or the spec is 1.7).
    const declared = file.license;
    const concluded = concludedLicense(file, result);
    const simple = (e: string | null | undefined) => e === undefined || e === null || isSpdxId(e);
    if (declared) component.licenses.add(license(declared, Enums.LicenseAcknowledgement.Declared));
    if (
      concluded &&
      concluded !== declared &&
      (!declared || features.mixedLicenses || (simple(declared) && simple(concluded)))
    ) {
      component.licenses.add(license(concluded, Enums.LicenseAcknowledgement.Concluded));
    }
    return component;
  }

  const bom = new Models.Bom({
    ...(options.serial !== undefined
      ? { serialNumber: options.serial }
      : { serialNumber: lib.Contrib.Bom.Utils.randomSerialNumber() }),
    metadata: new Models.Metadata({
      timestamp: new Date(result.generatedAt),
      component: root,
      tools: new Models.Tools({ components: new Models.ComponentRepository([tool, ...corpora]) }),
      lifecycles: new Models.LifecycleRepository([
        result.target === 'staged' ? Enums.LifecyclePhase.PreBuild : Enums.LifecyclePhase.Build,
      ]),
    }),
    components: new Models.ComponentRepository(components),
  });
  const extras = buildExtras(result, files, { refs, features, isSpdxId });
  return { lib, bom, spec, extras };
}

// A validator compiles its schema on first use (about a second): keep one per format and version.
const validators = new Map<string, CDX.Validation.Types.Validator>();

/** Validates the final text against the schema the library ships; an invalid document is never returned. */
export async function validate(
  lib: typeof CDX,
  format: 'json' | 'xml',
  version: CdxVersion,
  text: string,
): Promise<void> {
  const key = `${format}:${version}`;
  let validator = validators.get(key);
  if (!validator) {
    const v = version as CDX.Spec.Version;
    validator = format === 'json' ? new lib.Validation.JsonStrictValidator(v) : new lib.Validation.XmlValidator(v);
    validators.set(key, validator);
  }
  const errors = format === 'json' ? await validateJsonInParts(validator, text) : await validator.validate(text);
  if (errors !== null) {
    const details = (Array.isArray(errors) ? errors : [errors]).map((e: unknown) => JSON.stringify(e));
    throw new InternalError(
      `generated SBOM does not validate against CycloneDX ${version} (${format.toUpperCase()})`,
      details,
    );
  }
}

/** Top-level arrays that grow with the repository; the schema constrains their items one by one. */
const LARGE_ARRAYS = ['components', 'annotations', 'dependencies'] as const;
/** Items per part: ajv checks `uniqueItems` pairwise, so one part of this size validates in well under a second. */
const PART_ITEMS = 150;

/** Canonical JSON (object keys sorted): equal strings exactly when ajv's deep equality says the values are equal. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const o = value as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * The library's strict JSON validator, made linear for large BOMs. ajv checks the schema's `uniqueItems` on
 * `components`, `annotations` and `dependencies` by comparing every pair (2,000 described files: 12 s; 20,000:
 * most of an hour). Every other constraint the CycloneDX schema puts on those arrays applies to each item alone, so
 * the document is valid exactly when (a) each part — the whole document with one slice of each large array — is
 * valid, and (b) no array holds two deep-equal items, which is checked here in one pass over canonical JSON.
 * Small documents are validated whole.
 */
async function validateJsonInParts(validator: CDX.Validation.Types.Validator, text: string): Promise<unknown> {
  const doc = JSON.parse(text) as Record<string, unknown>;
  const arrays = LARGE_ARRAYS.map((k) => [k, Array.isArray(doc[k]) ? (doc[k] as unknown[]) : undefined] as const);
  const longest = Math.max(0, ...arrays.map(([, a]) => a?.length ?? 0));
  if (longest <= PART_ITEMS) return validator.validate(text);
  for (const [key, items] of arrays) {
    if (!items) continue;
    const seen = new Map<string, number>();
    for (const [i, item] of items.entries()) {
      const c = canonical(item);
      const first = seen.get(c);
      if (first !== undefined)
        return [{ instancePath: `/${key}`, message: `items ${first} and ${i} are identical (uniqueItems)` }];
      seen.set(c, i);
    }
  }
  for (let start = 0; start < longest; start += PART_ITEMS) {
    const part: Record<string, unknown> = { ...doc };
    for (const [key, items] of arrays) {
      if (!items) continue;
      const slice = items.slice(start, start + PART_ITEMS);
      if (slice.length > 0) part[key] = slice;
      else delete part[key];
    }
    const errors = await validator.validate(JSON.stringify(part));
    if (errors !== null) return errors;
  }
  return null;
}
