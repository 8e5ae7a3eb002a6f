// `provscan sbom --from SCAN.json`: a saved scan (the schema-1 JSON contract) rendered without scanning again.
// The checks are the ones a renderer relies on; anything else in the file is passed through as it is.
import { InputError } from '../errors.js';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../util/input-file.js';
import type { ScanResult } from '../model.js';

const ARRAYS = ['files', 'conflicts', 'commits', 'corpora', 'skipped', 'waivers'] as const;

/** @throws InputError naming the file and what is wrong with it. */
export function parseScanJson(file: string, text: string): ScanResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InputError(file, `not JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new InputError(file, 'not a provscan scan JSON (expected an object)');
  if (nestedDeeperThan(value, MAX_JSON_DEPTH))
    throw new InputError(file, `not a provscan scan JSON: nested more than ${MAX_JSON_DEPTH} levels deep`);
  const v = value as Record<string, unknown>;
  const tool = v['tool'] as { name?: unknown } | undefined;
  if (tool?.name !== 'provscan') throw new InputError(file, 'not a provscan scan JSON (tool.name is not "provscan")');
  if (v['schema'] !== 1)
    throw new InputError(file, `unsupported scan JSON schema ${JSON.stringify(v['schema'])} (expected 1)`);
  for (const key of ARRAYS) {
    if (!Array.isArray(v[key])) throw new InputError(file, `key "${key}": expected an array`);
  }
  if (typeof v['generatedAt'] !== 'string')
    throw new InputError(file, 'key "generatedAt": expected an ISO 8601 string');
  const settings = v['settings'] as { failOn?: unknown } | undefined;
  if (typeof settings?.failOn !== 'string') throw new InputError(file, 'key "settings.failOn": expected a string');
  for (const [i, f] of (v['files'] as unknown[]).entries()) {
    const entry = f as { path?: unknown; ai?: unknown; matches?: unknown };
    if (typeof entry?.path !== 'string' || !Array.isArray(entry.ai) || !Array.isArray(entry.matches)) {
      throw new InputError(file, `key "files[${i}]": expected {path, ai[], matches[]}`);
    }
  }
  return value as ScanResult;
}
