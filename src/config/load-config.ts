// PLACEHOLDER (owned by the license/policy work): read and validate `.provscan.yml`.
import type { Severity } from '../model.js';

export interface ProvscanConfig {
  /** Path of the file the config came from, or null for defaults. */
  readonly file: string | null;
  readonly failOn: Severity | 'never';
  readonly exclude: ReadonlyArray<string>;
  readonly minMatchLines: number;
  readonly minMatchTokens: number;
  /** Raw user conventions (validated by the provenance module). */
  readonly conventions: ReadonlyArray<unknown>;
}

export async function loadConfig(_root: string, file?: string): Promise<ProvscanConfig> {
  return { file: file ?? null, failOn: 'error', exclude: [], minMatchLines: 6, minMatchTokens: 50, conventions: [] };
}
