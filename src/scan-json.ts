// Reading a saved scan (`sbom --from`, `report --from`): the one parser of the scan JSON contract, checked against
// the schema provscan ships (schemas/provscan-scan.schema.json). A file written by a newer provscan may carry fields
// this one does not know: they are accepted and passed through; a field the contract requires must be there.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { InputError } from './errors.js';
import type { ScanResult } from './model.js';
import { MAX_JSON_DEPTH, nestedDeeperThan, readInputFile } from './util/input-file.js';

const HINT = 'write one with `provscan scan --format json --output FILE`';

type Validate = ((value: unknown) => boolean) & {
  errors?: ReadonlyArray<{ instancePath: string; keyword: string; message?: string; params: Record<string, unknown> }>;
};

let validator: Validate | undefined;

/** The shipped schema, compiled once, with `additionalProperties: false` lifted (forward compatibility). */
function validate(): Validate {
  if (validator) return validator;
  const require = createRequire(import.meta.url);
  const schema = JSON.parse(
    readFileSync(new URL('../../schemas/provscan-scan.schema.json', import.meta.url), 'utf8'),
  ) as object;
  const Ajv2020 = (require('ajv/dist/2020.js') as { default: new (o: object) => { compile(s: object): Validate } })
    .default;
  validator = new Ajv2020({ allErrors: false, strict: false, validateFormats: false }).compile(lenient(schema));
  return validator;
}

function lenient(node: unknown): object {
  if (Array.isArray(node)) return node.map(lenient);
  if (typeof node !== 'object' || node === null) return node as object;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === 'additionalProperties' && v === false) continue;
    out[k] = lenient(v);
  }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const keysOf = (pointer: string): string[] =>
  pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));

/** A JSON pointer (`/files/0/ai/2/agent`) as a reader writes it (`files[0].ai[2].agent`). */
function where(pointer: string): string {
  let out = '';
  for (const key of keysOf(pointer)) out += /^\d+$/.test(key) ? `[${key}]` : out === '' ? key : `.${key}`;
  return out;
}

function valueAt(data: unknown, pointer: string): unknown {
  let v = data;
  for (const key of keysOf(pointer))
    v = isObject(v) || Array.isArray(v) ? (v as Record<string, unknown>)[key] : undefined;
  return v;
}

/**
 * Parses the text of a saved scan named `file`.
 * @throws InputError naming the file and the first thing wrong with it.
 */
export function parseScanJson(file: string, text: string): ScanResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `not valid JSON (${(err as Error).message})`, HINT);
  }
  const bad = (problem: string) => new InputError(file, `not a provscan scan JSON of schema 1: ${problem}`, HINT);
  if (!isObject(data)) throw bad('the top level is not an object');
  if (nestedDeeperThan(data, MAX_JSON_DEPTH)) throw bad(`nested more than ${MAX_JSON_DEPTH} levels deep`);
  if (!isObject(data['tool']) || data['tool']['name'] !== 'provscan') throw bad('"tool.name" is not "provscan"');
  if (data['schema'] !== 1) throw bad(`"schema" is ${JSON.stringify(data['schema']) ?? 'missing'}, expected 1`);
  const check = validate();
  if (!check(data)) {
    const e = check.errors?.[0];
    if (!e) throw bad('it does not match the scan JSON schema');
    const at = where(e.instancePath);
    if (e.keyword === 'required')
      throw bad(`${at === '' ? 'the top level' : at} lacks "${String(e.params['missingProperty'])}"`);
    if (e.keyword === 'enum' || e.keyword === 'const') {
      const allowed = (e.params['allowedValues'] as unknown[] | undefined) ?? [e.params['allowedValue']];
      const value = JSON.stringify(valueAt(data, e.instancePath));
      throw bad(`${at} is ${value}, expected ${allowed.map((a) => JSON.stringify(a)).join(' or ')}`);
    }
    throw bad(`${at === '' ? 'the top level' : at} ${e.message ?? 'does not match the schema'}`);
  }
  return data as unknown as ScanResult;
}

/**
 * Reads and parses a saved scan.
 * @throws InputError naming the file when it cannot be read, is too large or is not a scan JSON of schema 1.
 */
export function readScanJson(file: string): ScanResult {
  // a pipe is accepted (`--from <(provscan scan …)`), everything is bounded: 512 MB, 100 levels of nesting
  const text = readInputFile(file, { maxBytes: 512 * 1024 * 1024, what: 'scan JSON', pipes: true }).toString('utf8');
  return parseScanJson(file, text);
}
