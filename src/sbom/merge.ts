// `--merge BOM`: provscan's facts added to an SBOM another generator made (cdxgen, Syft, cyclonedx-npm). Everything
// the input had is kept; provscan adds its tool entries, file components, annotations and project properties, with
// bom-refs chosen so they cannot collide with the input's.
import type * as CDX from '@cyclonedx/cyclonedx-library';
import { InputError, UsageError } from '../errors.js';
import type { ScanResult } from '../model.js';
import { buildBom, normaliseJson, validate } from './cyclonedx.js';
import { addProvscanFacts, completeDependencies, Refs } from './extras.js';
import { filesToDescribe } from './facts.js';
import { type CdxVersion, compareSpecVersions, isCdxVersion } from './spec.js';

type Json = Record<string, unknown>;

export interface MergeOptions {
  /** Upgrade the document to this version (never downgrade); default: its own version, at least 1.5. */
  readonly spec?: CdxVersion;
  readonly serial?: string;
  readonly allFiles?: boolean;
}

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Every bom-ref used anywhere in a document. */
function collectRefs(node: unknown, into: Set<string>): Set<string> {
  if (Array.isArray(node)) for (const n of node) collectRefs(n, into);
  else if (isObject(node)) {
    for (const [k, v] of Object.entries(node)) {
      if (k === 'bom-ref' && typeof v === 'string') into.add(v);
      else collectRefs(v, into);
    }
  }
  return into;
}

/** Legacy (1.4-style) tool entries become tool components, so provscan's tool component can sit beside them. */
function legacyToolToComponent(t: unknown): Json {
  const tool = isObject(t) ? t : {};
  return {
    type: 'application',
    name: typeof tool['name'] === 'string' ? tool['name'] : 'unknown',
    ...(typeof tool['vendor'] === 'string' ? { publisher: tool['vendor'] } : {}),
    ...(typeof tool['version'] === 'string' ? { version: tool['version'] } : {}),
    ...(Array.isArray(tool['hashes']) ? { hashes: tool['hashes'] } : {}),
    ...(Array.isArray(tool['externalReferences']) ? { externalReferences: tool['externalReferences'] } : {}),
  };
}

/**
 * Merges provscan's view of `result` into `input` (a parsed CycloneDX JSON document read from `inputName`).
 * @throws InputError when the input is not a valid CycloneDX JSON SBOM, UsageError for a downgrade,
 *   InternalError when the merged document does not validate.
 */
export async function mergeIntoBom(
  result: ScanResult,
  input: unknown,
  inputName: string,
  options: MergeOptions = {},
): Promise<string> {
  if (!isObject(input) || input['bomFormat'] !== 'CycloneDX' || typeof input['specVersion'] !== 'string') {
    throw new InputError(inputName, 'not a CycloneDX JSON SBOM (bomFormat "CycloneDX" and specVersion expected)');
  }
  const from = input['specVersion'];
  if (compareSpecVersions(from, '1.7') > 0 || compareSpecVersions(from, '1.2') < 0) {
    throw new InputError(inputName, `CycloneDX ${from} is not supported (1.2 to 1.7 can be merged)`);
  }
  if (options.spec && compareSpecVersions(options.spec, from) < 0) {
    throw new UsageError(
      `--spec ${options.spec}: ${inputName} is CycloneDX ${from}; provscan upgrades but never downgrades`,
    );
  }
  const target: CdxVersion = options.spec ?? (isCdxVersion(from) ? from : '1.5');

  const lib = await import('@cyclonedx/cyclonedx-library');
  const inputText = JSON.stringify(input);
  const lenientErrors = await new lib.Validation.JsonValidator(from as CDX.Spec.Version).validate(inputText);
  if (lenientErrors !== null) {
    throw new InputError(
      inputName,
      `not a valid CycloneDX ${from} document: ${JSON.stringify(lenientErrors).slice(0, 500)}`,
    );
  }
  const strict = (await new lib.Validation.JsonStrictValidator(from as CDX.Spec.Version).validate(inputText)) === null;

  const taken = collectRefs(input, new Set());
  const files = filesToDescribe(result, options.allFiles === true);
  let refs = new Refs();
  for (let n = 1; refs.all(result, files).some((r) => taken.has(r)); n++)
    refs = new Refs(n === 1 ? 'provscan:' : `provscan-${n}:`);

  const built = await buildBom(
    result,
    { spec: target, ...(options.serial ? { serial: options.serial } : {}), allFiles: options.allFiles === true },
    refs,
  );
  const ours = normaliseJson(built);
  addProvscanFacts(ours, built.extras);
  const ourMeta = ours['metadata'] as Json;
  const ourRoot = ourMeta['component'] as Json;
  const ourTools = ((ourMeta['tools'] as Json)['components'] as unknown[]) ?? [];

  const merged: Json = structuredClone(input);
  merged['$schema'] = `http://cyclonedx.org/schema/bom-${target}.schema.json`;
  merged['specVersion'] = target;
  merged['version'] = (typeof input['version'] === 'number' ? input['version'] : 1) + 1;
  if (options.serial) merged['serialNumber'] = options.serial;
  const meta: Json = isObject(merged['metadata']) ? merged['metadata'] : {};
  merged['metadata'] = meta;
  meta['timestamp'] = ourMeta['timestamp'];
  if (!Array.isArray(meta['lifecycles']) && compareSpecVersions(target, '1.5') >= 0)
    meta['lifecycles'] = ourMeta['lifecycles'];

  const tools = meta['tools'];
  if (Array.isArray(tools)) meta['tools'] = { components: [...tools.map(legacyToolToComponent), ...ourTools] };
  else if (isObject(tools))
    tools['components'] = [...(Array.isArray(tools['components']) ? tools['components'] : []), ...ourTools];
  else meta['tools'] = { components: ourTools };

  // The input's root component stays the subject of the SBOM; provscan's project facts join it as properties.
  let rootRef = refs.project;
  if (isObject(meta['component'])) {
    const root = meta['component'];
    if (typeof root['bom-ref'] === 'string') rootRef = root['bom-ref'];
    else root['bom-ref'] = refs.project;
    root['properties'] = [
      ...(Array.isArray(root['properties']) ? root['properties'] : []),
      ...((ourRoot['properties'] as unknown[]) ?? []),
    ];
  } else {
    meta['component'] = ourRoot;
  }

  const ourComponents = Array.isArray(ours['components']) ? ours['components'] : [];
  if (ourComponents.length > 0)
    merged['components'] = [...(Array.isArray(merged['components']) ? merged['components'] : []), ...ourComponents];
  const ourAnnotations = (Array.isArray(ours['annotations']) ? (ours['annotations'] as Json[]) : []).map((a) => ({
    ...a,
    subjects: (a['subjects'] as string[]).map((s) => (s === refs.project ? rootRef : s)),
  }));
  if (ourAnnotations.length > 0)
    merged['annotations'] = [...(Array.isArray(merged['annotations']) ? merged['annotations'] : []), ...ourAnnotations];

  completeDependencies(merged);
  const text = `${JSON.stringify(merged, null, 2)}\n`;
  if (strict) await validate(lib, 'json', target, text);
  else {
    // The input carried fields the strict schema rejects (some generators add extensions): hold the output to the
    // same standard the input met.
    const errors = await new lib.Validation.JsonValidator(target as CDX.Spec.Version).validate(text);
    if (errors !== null) await validate(lib, 'json', target, text);
  }
  return text;
}
