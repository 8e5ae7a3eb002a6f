// The scan options of the commands that scan through the library (scan, sbom, report, notice), built from the
// option groups (cli/option-groups.ts), and their translation into ScanOptions.
import type { Command } from 'commander';
import { scanDbs } from './db.js';
import { cacheOption, corpusGroup, type GroupFlags, onlyAiOption, policyGroup } from './option-groups.js';
import { type ScanOptions, type Severity, UsageError, parseFailOn } from '../src/index.js';

export type CommonScanFlags = Pick<
  GroupFlags,
  'db' | 'license' | 'config' | 'onlyAi' | 'quiet' | 'failOn' | 'cache' | 'output' | 'format' | 'from'
>;

/** The options of every command that scans and judges: corpora, project license and policy, --only-ai, caches. */
export function addScanOptions(cmd: Command, options: { failOn: boolean } = { failOn: true }): Command {
  return cacheOption(onlyAiOption(policyGroup(corpusGroup(cmd), options)));
}

export function failOnFlag(value: string | undefined): Severity | 'never' | undefined {
  if (value === undefined) return undefined;
  const parsed = parseFailOn(value);
  if (parsed === undefined) throw new UsageError(`--fail-on: expected error, warning, notice or never, got "${value}"`);
  return parsed;
}

export function toScanOptions(
  path: string | undefined,
  flags: CommonScanFlags,
  extra: Partial<ScanOptions> = {},
): ScanOptions {
  const failOn = failOnFlag(flags.failOn);
  const dbs = scanDbs(flags.db);
  return {
    path: path ?? '.',
    ...(dbs ? { dbs } : {}),
    ...(flags.license !== undefined ? { license: flags.license } : {}),
    ...(flags.config !== undefined ? { config: flags.config } : {}),
    onlyAi: flags.onlyAi === true,
    ...(failOn !== undefined ? { failOn } : {}),
    useCache: flags.cache !== false,
    ...extra,
  };
}
