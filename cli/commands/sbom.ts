import type { Command } from 'commander';
import {
  CDX_VERSIONS,
  type ScanResult,
  UsageError,
  InputError,
  MAX_JSON_DEPTH,
  nestedDeeperThan,
  readInputFile,
  failingConflicts,
  isCdxVersion,
  isSerialNumber,
  mergeIntoBom,
  readScanJson,
  renderCycloneDx,
  renderSpdx,
  scan,
} from '../../src/index.js';
import { addScanOptions, type CommonScanFlags, failOnFlag, toScanOptions } from '../options.js';
import { scanInputs, writeOutput } from '../output.js';
import { finishWithPolicy } from '../policy-summary.js';
import { makeProgress } from '../progress.js';

const FORMATS = ['json', 'xml', 'spdx-json'] as const;
type Format = (typeof FORMATS)[number];

interface SbomFlags extends CommonScanFlags {
  output?: string;
  spec: string;
  format: string;
  merge?: string;
  allFiles?: boolean;
  serial?: string;
  from?: string;
}

/** A JSON input named on the command line; a pipe is fine (`--from <(provscan scan …)`), 512 MB at most. */
function readInput(file: string, what: string): string {
  return readInputFile(file, { maxBytes: 512 * 1024 * 1024, what, pipes: true }).toString('utf8');
}

export function register(program: Command): void {
  const command = program.command('sbom');
  addScanOptions(
    command
      .description('write a CycloneDX (or SPDX) SBOM with AI-authorship annotations and snippet evidence')
      .argument(
        '[path]',
        'folder to scan: a git work tree (its tracked files; untracked ones are listed as skipped) or a plain folder',
        '.',
      )
      .option(
        '-o, --output <file>',
        'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
      )
      .option('--spec <version>', `CycloneDX version: ${CDX_VERSIONS.join('|')}`, '1.6')
      .option('--format <format>', `output format: ${FORMATS.join('|')}`, 'json')
      .option('--merge <bom>', 'add provscan facts to this CycloneDX JSON SBOM (from cdxgen, Syft, cyclonedx-npm)')
      .option('--all-files', 'describe every scanned file, not only files with AI lines, matches or conflicts')
      .option('--serial <urn>', 'serial number (urn:uuid:…) for reproducible output; random when absent')
      .option('--from <scan.json>', 'render a saved `provscan scan --format json` result instead of scanning'),
  ).action(async (path: string, flags: SbomFlags) => {
    if (!isCdxVersion(flags.spec))
      throw new UsageError(`--spec: expected ${CDX_VERSIONS.join(', ')}, got "${flags.spec}"`);
    if (!(FORMATS as ReadonlyArray<string>).includes(flags.format)) {
      throw new UsageError(`--format: expected ${FORMATS.join(', ')}, got "${flags.format}"`);
    }
    const format = flags.format as Format;
    if (flags.serial !== undefined && !isSerialNumber(flags.serial)) {
      throw new UsageError(`--serial: expected urn:uuid:<RFC 4122 uuid, lower case>, got "${flags.serial}"`);
    }
    if (flags.merge !== undefined && format !== 'json')
      throw new UsageError('--merge: only CycloneDX JSON output can be merged (use --format json)');
    const specGiven = command.getOptionValueSource('spec') === 'cli';
    // Read the inputs before the (long) scan, so a bad file fails fast.
    const mergeText = flags.merge !== undefined ? readInput(flags.merge, 'SBOM to merge into') : undefined;

    let result: ScanResult;
    if (flags.from !== undefined) {
      result = readScanJson(flags.from);
      const failOn = failOnFlag(flags.failOn);
      if (failOn !== undefined) result = { ...result, settings: { ...result.settings, failOn } };
    } else {
      const progress = makeProgress(flags.quiet === true);
      try {
        result = await scan({ ...toScanOptions(path, flags), onProgress: progress.listener });
      } finally {
        progress.stop();
      }
    }

    const common = { ...(flags.serial ? { serial: flags.serial } : {}), allFiles: flags.allFiles === true };
    let text: string;
    if (mergeText !== undefined && flags.merge !== undefined) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(mergeText);
      } catch (err) {
        throw new InputError(flags.merge, `not JSON (${(err as Error).message})`);
      }
      if (nestedDeeperThan(parsed, MAX_JSON_DEPTH))
        throw new InputError(
          flags.merge,
          `not an SBOM provscan merges into: nested more than ${MAX_JSON_DEPTH} levels deep`,
        );
      text = await mergeIntoBom(result, parsed, flags.merge, { ...common, ...(specGiven ? { spec: flags.spec } : {}) });
    } else if (format === 'spdx-json') {
      text = renderSpdx(result, common);
    } else {
      text = await renderCycloneDx(result, {
        ...common,
        spec: flags.spec,
        format,
        onWarning: (message) => {
          if (flags.quiet !== true) process.stderr.write(`provscan: warning: ${message}\n`);
        },
      });
    }
    writeOutput(flags.output, text, [
      ...scanInputs(path, flags),
      { option: '--from', file: flags.from },
      { option: '--merge', file: flags.merge },
    ]);
    finishWithPolicy(failingConflicts(result, result.settings.failOn), result.settings.failOn, flags);
  });
}
