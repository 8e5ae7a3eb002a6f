// `provscan wfp PATH`: SCANOSS WFP fingerprints of a file or a folder, for users who send them to a SCANOSS
// knowledge base. A folder is walked like the SCANOSS clients walk it (same skipped folders, names, extensions;
// symlinks never followed; empty files left out), in a stable order.
import { readFileSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { InputError, UsageError, binaryReason, wfpForFile, wfpSkipsDir, wfpSkipsFile } from '../../src/index.js';
import { writeOutput } from '../output.js';

interface WfpFlags {
  output?: string;
  hpsm?: boolean;
  maxSize?: string;
}

async function listFolder(root: string): Promise<string[]> {
  const { default: fg } = await import('fast-glob');
  const entries = await fg('**/*', {
    cwd: root,
    dot: true, // dot entries are filtered below with the other SCANOSS rules, so the rules live in one table
    onlyFiles: true,
    followSymbolicLinks: false,
    suppressErrors: true,
    deep: Number.POSITIVE_INFINITY,
  });
  return entries
    .filter((rel) => {
      const parts = rel.split('/');
      const name = parts.pop()!;
      return !parts.some(wfpSkipsDir) && !wfpSkipsFile(name);
    })
    .sort();
}

function parseMaxSize(value: string | undefined): number {
  if (value === undefined) return 32 * 1024;
  if (value === '0' || value === 'none') return Number.POSITIVE_INFINITY;
  const kb = Number(value);
  if (!Number.isInteger(kb) || kb < 1)
    throw new UsageError(`--max-size: "${value}" is not a whole number of KiB (or 0 for no limit)`);
  return kb * 1024;
}

export function register(program: Command): void {
  program
    .command('wfp')
    .description('write SCANOSS WFP fingerprints (30-character grams, window 64, CRC-32C) of a file or folder')
    .argument('<path>', 'file or folder to fingerprint')
    .option(
      '-o, --output <file>',
      'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
    )
    .option('--hpsm', 'add per-line HPSM hashes, like `scanoss-js wfp --hpsm`')
    .option('--max-size <kib>', 'per-file WFP limit in KiB, as the scanoss.js client applies it (0: none)', '32')
    .action(async (path: string, flags: WfpFlags) => {
      const maxSize = parseMaxSize(flags.maxSize);
      let stat: ReturnType<typeof statSync>;
      try {
        stat = statSync(path);
      } catch (err) {
        throw new InputError(
          path,
          (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : 'cannot be read',
        );
      }
      const root = resolve(path);
      const files = stat.isDirectory() ? await listFolder(root) : [''];
      let out = '';
      for (const rel of files) {
        const abs = rel === '' ? root : resolve(root, rel);
        let bytes: Uint8Array;
        try {
          bytes = readFileSync(abs);
        } catch {
          continue; // unreadable (permissions, vanished): the SCANOSS clients skip it too
        }
        if (bytes.length === 0) continue;
        const name = rel === '' ? path.split(sep).join('/') : relative(root, abs).split(sep).join('/');
        out += wfpForFile(name, bytes, {
          maxSize,
          binary: binaryReason(bytes) !== undefined,
          hpsm: flags.hpsm === true,
        });
      }
      writeOutput(flags.output, out, [{ option: 'PATH', file: path }]);
    });
}
