// Finds, reads and validates the policy file (`.provscan.yml`). The only I/O of the config module.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
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

/** Parses policy YAML text. @throws InputError naming `label` (the file as the user knows it). */
export async function parseConfigText(text: string, label: string): Promise<ProvscanConfig> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { uniqueKeys: true });
  const error = doc.errors[0];
  if (error) {
    const pos = error.linePos?.[0];
    const where = pos ? `line ${pos.line}, column ${pos.col}: ` : '';
    throw new InputError(label, `${where}not valid YAML (${error.message.split('\n')[0]})`);
  }
  return parsePolicy(doc.toJS(), label);
}

/**
 * Loads the policy for a scan of `root`.
 * @throws UsageError when an explicitly given file is missing; InputError when the file is invalid.
 */
export async function loadConfig(root: string, file?: string): Promise<ProvscanConfig> {
  const path = findConfig(root, file);
  if (path === undefined) return DEFAULT_CONFIG;
  if (!existsSync(path)) throw new UsageError(`--config: ${file} does not exist`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(file ?? path, `cannot be read (${(err as Error).message})`);
  }
  return parseConfigText(text, file ?? path);
}
