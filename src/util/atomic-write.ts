// Outputs are written to a temporary file beside the target and renamed into place, so a crash or Ctrl-C never
// leaves a half-written report, SBOM or hook behind.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/** Write `data` to `file` atomically (same-directory temp file + rename). Creates the parent folder. */
export function writeFileAtomic(file: string, data: string | Uint8Array, mode?: number): void {
  const dir = dirname(file);
  ensureDir(dir);
  const tmp = join(dir, `.provscan-tmp-${basename(file)}-${randomBytes(4).toString('hex')}`);
  try {
    writeFileSync(tmp, data, mode === undefined ? undefined : { mode });
    renameSync(tmp, file);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * `mkdir -p`, without fs's `recursive` mode: Node 20's loops forever when creating a missing folder fails with ENOENT
 * although its parent exists (procfs, sysfs: a cache folder or an `-o` path under /proc hung provscan). Here each
 * level is tried once, so that case ends in an ENOENT error for the caller to report.
 */
export function ensureDir(dir: string): void {
  try {
    mkdirSync(dir);
    return;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') {
      if (statSync(dir).isDirectory()) return;
      throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR' });
    }
    const parent = dirname(dir);
    if (code !== 'ENOENT' || parent === dir) throw err;
    ensureDir(parent);
  }
  mkdirSync(dir);
}
