// Finds, reads and validates the policy file (`.provscan.yml`), keeping parsed YAML in a cache folder when asked. The
// only I/O of the config module.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { DEFAULT_CONFIG, type ProvscanConfig, parsePolicy } from './policy.js';

export type { ProvscanConfig, SeverityOverride, Waiver } from './policy.js';

export const CONFIG_NAMES = ['.provscan.yml', '.provscan.yaml'] as const;

/** The policy file a scan of `root` uses: `file` when given, else `<root>/.provscan.yml` (or `.yaml`) if present. */
export function findConfig(root: string, file?: string): string | undefined {
  if (file !== undefined) return resolve(file);
  for (const name of CONFIG_NAMES) {
    const candidate = join(root, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * Parses policy YAML text. With `cache` (a folder), the YAML's plain value is kept there, keyed by the text and the
 * yaml library's version, so that an unchanged policy is not parsed again: loading the yaml library costs ~50 ms,
 * which the pre-commit check would pay on every commit. The policy itself is validated every time.
 * @throws InputError naming `label` (the file as the user knows it).
 */
export async function parseConfigText(text: string, label: string, cache?: string): Promise<ProvscanConfig> {
  const cached = cache === undefined ? undefined : readCachedYaml(cache, label, text);
  if (cached !== undefined) return parsePolicy(cached.value, label);
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    throw new InputError(label, `${where}not valid YAML (${error.message.split('\n')[0]})`);
  }
  const value: unknown = doc.toJS();
  if (cache !== undefined) writeCachedYaml(cache, label, text, value);
  return parsePolicy(value, label);
}

/** What a cached parse is valid for: the text and the yaml library that parsed it. */
function yamlKey(text: string): string {
  const version = (createRequire(import.meta.url)('yaml/package.json') as { version?: string }).version ?? '?';
  return createHash('sha256').update(`yaml ${version}\0${text}`).digest('hex');
}

function cacheFile(cache: string, label: string): string {
  return join(cache, `policy-${createHash('sha1').update(resolve(label)).digest('hex').slice(0, 16)}.json`);
}

function readCachedYaml(cache: string, label: string, text: string): { value: unknown } | undefined {
  try {
    const entry = JSON.parse(readFileSync(cacheFile(cache, label), 'utf8')) as { key?: string; value?: unknown };
    return entry.key === yamlKey(text) && 'value' in entry ? { value: entry.value } : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps the value when JSON holds it exactly (YAML can say .inf or .nan; those are parsed every time). */
function writeCachedYaml(cache: string, label: string, text: string, value: unknown): void {
  if (!plainJson(value)) return;
  try {
    writeFileAtomic(cacheFile(cache, label), JSON.stringify({ key: yamlKey(text), value }));
  } catch {
    // a cache that cannot be written is only slower
  }
}

function plainJson(v: unknown): boolean {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (Array.isArray(v)) return v.every(plainJson);
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.values(v as Record<string, unknown>).every(plainJson);
  }
  return false;
}

/**
 * Loads the policy for a scan of `root`.
 * @throws UsageError when an explicitly given file is missing; InputError when the file is invalid.
 */
export async function loadConfig(
  root: string,
  file?: string,
  options: { readonly cache?: string } = {},
): Promise<ProvscanConfig> {
  const path = findConfig(root, file);
  if (path === undefined) return DEFAULT_CONFIG;
  if (!existsSync(path)) throw new UsageError(`--config: ${file} does not exist`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(file ?? path, `cannot be read (${(err as Error).message})`);
  }
  return parseConfigText(text, file ?? path, options.cache);
}
