// The scan options every scanning command shares (scan, sbom, check, report, stats), with the same meaning.
import { type Command, Option } from 'commander';
import { scanDbs } from './db.js';
import { type ScanOptions, type Severity, UsageError, parseFailOn } from '../src/index.js';

export interface CommonScanFlags {
  db?: string[];
  license?: string;
  config?: string;
  onlyAi?: boolean;
  quiet?: boolean;
  failOn?: string;
  cache?: boolean;
}

export function addScanOptions(cmd: Command): Command {
  return cmd
    .addOption(
      new Option(
        '--db <file|url>',
        'corpus to match against: a SQLite file or a postgres://user@host:port/db URL (repeatable; default ' +
          '$PROVSCAN_DB_URL, else the bundled corpus)',
      ).argParser((value: string, previous: string[] | undefined) => [...(previous ?? []), value]),
    )
    .option('--license <expr>', 'SPDX expression overriding the detected project license')
    .option('--config <file>', 'policy file (default: .provscan.yml at the scanned root, when present)')
    .option('--only-ai', 'match only AI-written lines against the corpora (fast path)')
    .option('--fail-on <level>', 'lowest finding severity that fails the run: error|warning|notice|never')
    .option('--no-cache', 'do not read or write the blame cache under .git/')
    .option('-q, --quiet', 'no progress bars or warnings');
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
