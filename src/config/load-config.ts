// Finds, reads and validates the policy file (`.provscan.yml`), keeping parsed YAML in a cache folder when asked. The
// only I/O of the config module.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { readInputFile } from '../util/input-file.js';
import { DEFAULT_CONFIG, type ProvscanConfig, parsePolicy } from './policy.js';

export type { ProvscanConfig, SeverityOverride, Waiver } from './policy.js';

export const CONFIG_NAMES = ['.provscan.yml', '.provscan.yaml'] as const;

/**
 * Largest policy file read. The scanned repository writes `.provscan.yml`: a real policy is a few kilobytes, and
 * parsing takes about a second per megabyte of YAML, so a bigger file is refused before it is parsed.
 */
export const MAX_POLICY_BYTES = 1024 * 1024;
/** Most aliases (`*name`) a policy may use: a YAML "billion laughs" expands a few into gigabytes. */
const MAX_YAML_ALIASES = 100;

/**
 * Refuses a policy file found in a scanned tree that is a symbolic link to a file outside it: the repository chose
 * the link, and error messages quote what they cannot parse, so `.provscan.yml -> /etc/shadow` would print a
 * password hash into a CI log. A link inside the tree is followed; `--config` names any file the user likes.
 * @throws InputError naming the file.
 */
export function refuseLinkOutOfTree(root: string, path: string): void {
  let link = false;
  try {
    link = lstatSync(path).isSymbolicLink();
  } catch {
    return;
  }
  if (!link) return;
  let target: string;
  let top: string;
  try {
    target = realpathSync(path);
    top = realpathSync(root);
  } catch {
    return; // a dangling link: reading it reports it
  }
  const rel = relative(top, target);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) {
    throw new InputError(
      path,
      'the policy file is a symbolic link to a file outside the scanned tree; provscan does not follow it',
      'replace the link with the file, or name the file with --config',
    );
  }
}

/**
 * Reads a policy file: a regular file (never a FIFO or device: a read from one could block forever) of at most
 * MAX_POLICY_BYTES.
 * @throws InputError naming `label` when it is not, or cannot be read.
 */
export function readPolicyFile(path: string, label: string = path): string {
  try {
    return readInputFile(path, { maxBytes: MAX_POLICY_BYTES, what: 'policy file' }).toString('utf8');
  } catch (err) {
    if (err instanceof InputError && label !== path) throw new InputError(label, err.problem, err.hint);
    throw err;
  }
}

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
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
  } catch (err) {
    // yaml throws a ReferenceError for an alias bomb, and the stack runs out on absurd nesting
    const why = /alias/i.test((err as Error).message)
      ? `its aliases expand too far (more than ${MAX_YAML_ALIASES} uses; a YAML "billion laughs"?)`
      : `it cannot be read as data (${(err as Error).message.split('\n')[0]})`;
    throw new InputError(label, `not a usable policy: ${why}`);
  }
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
  if (file === undefined) refuseLinkOutOfTree(root, path);
  return parseConfigText(readPolicyFile(path, file ?? path), file ?? path, options.cache);
}
