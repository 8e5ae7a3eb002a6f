// Writing results: to stdout, or atomically to a file (temp file + rename: never a half-written output).
import { InputError, writeFileAtomic } from '../src/index.js';

/** Why a file could not be written, in words, for the errno codes a user can fix. */
const WHY: Readonly<Record<string, string>> = {
  ENOENT: 'its folder does not exist and cannot be created there',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the name is too long',
};

/** Writes `data` to `file` atomically; a file that cannot be written is an input error (exit 2) naming it. */
export function writeFileOrFail(file: string, data: string | Uint8Array): void {
  try {
    writeFileAtomic(file, data);
  } catch (err) {
    const why = WHY[(err as NodeJS.ErrnoException).code ?? ''];
    if (why === undefined) throw err;
    throw new InputError(file, `cannot write the output: ${why}`);
  }
}

export function writeOutput(file: string | undefined, data: string | Uint8Array): void {
  if (file === undefined || file === '-') {
    process.stdout.write(data);
    return;
  }
  writeFileOrFail(file, data);
}
