// Outputs are written to a temporary file beside the target and renamed into place, so a crash or Ctrl-C never
// leaves a half-written report, SBOM or hook behind.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Write `data` to `file` atomically (same-directory temp file + rename). Creates the parent folder. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.provscan-tmp-${basename(file)}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
