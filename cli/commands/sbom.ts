import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import {
  CDX_VERSIONS,
  type ScanResult,
  UsageError,
  InputError,
  failingConflicts,
  isCdxVersion,
  isSerialNumber,
  mergeIntoBom,
  parseScanJson,
  renderCycloneDx,
  renderSpdx,
  scan,
} from '../../src/index.js';
import { addScanOptions, type CommonScanFlags, failOnFlag, toScanOptions } from '../options.js';
import { writeOutput } from '../output.js';
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

function readInput(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
}

export function register(program: Command): void {
  const command = program.command('sbom');
  addScanOptions(
    command
      .description('write a CycloneDX (or SPDX) SBOM with AI-authorship annotations and snippet evidence')
      .argument(
        '[path]',
        'folder to scan: a git work tree (its tracked files; untracked ones and those a sparse checkout leaves out are listed as skipped), a bare repository (the tree of HEAD), or a plain folder',
        '.',
      )
      .option('-o, --output <file>', 'write to FILE instead of stdout (written atomically)')
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
    const mergeText = flags.merge !== undefined ? readInput(flags.merge) : undefined;

    let result: ScanResult;
    if (flags.from !== undefined) {
      result = parseScanJson(flags.from, readInput(flags.from));
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
      text = await mergeIntoBom(result, parsed, flags.merge, { ...common, ...(specGiven ? { spec: flags.spec } : {}) });
    } else if (format === 'spdx-json') {
      text = renderSpdx(result, common);
    } else {
      text = await renderCycloneDx(result, { ...common, spec: flags.spec, format });
    }
    writeOutput(flags.output, text);
    if (failingConflicts(result, result.settings.failOn).length > 0) process.exitCode = 1;
  });
}
