// Reading a file a user or a scanned repository hands us (a policy file, a saved scan JSON, an SBOM to merge into),
// bounded: a folder, a device or socket, and (unless the caller accepts pipes) a FIFO are refused by name before
// anything is opened, and a file larger than the limit is refused with its size, so no input can hang provscan on a
// read that never ends or make it read gigabytes.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { InputError } from '../errors.js';

export interface InputLimits {
  /** Largest accepted size in bytes. */
  readonly maxBytes: number;
  /** What the file is, for messages ("policy file", "scan JSON"). */
  readonly what: string;
  /**
   * Accept a FIFO or character device (`--from <(provscan scan …)`), read up to `maxBytes`. Never for files found in
   * a scanned tree: a FIFO there would block the read forever.
   */
  readonly pipes?: boolean;
}

/** `1.4 MB`, `512 KB`, `12 bytes`. */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KB`;
  return `${bytes} bytes`;
}

/**
 * The bytes of `file`, checked first.
 * @throws InputError naming the file: missing, unreadable, not a regular file, or over the size limit.
 */
export function readInputFile(file: string, limits: InputLimits): Buffer {
  let st: ReturnType<typeof statSync>;
  try {
    st = statSync(file);
  } catch (err) {
    throw new InputError(file, `cannot read the ${limits.what}: ${reason(err)}`);
  }
  const pipe = st.isFIFO() || st.isCharacterDevice();
  if (st.isDirectory()) throw new InputError(file, `the ${limits.what} is a folder, not a file`);
  if (pipe && !limits.pipes) {
    throw new InputError(
      file,
      `the ${limits.what} is ${st.isFIFO() ? 'a FIFO (named pipe)' : 'a device'}, not a regular file; provscan reads it only from a file`,
    );
  }
  if (!st.isFile() && !pipe) throw new InputError(file, `the ${limits.what} is not a regular file`);
  const tooLarge = (size: string) =>
    new InputError(file, `the ${limits.what} is ${size}; the limit is ${sizeText(limits.maxBytes)}`);
  if (st.isFile() && st.size > limits.maxBytes) throw tooLarge(sizeText(st.size));
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    throw new InputError(file, `cannot read the ${limits.what}: ${reason(err)}`);
  }
  try {
    // read up to one byte past the limit: a file that grew, or a pipe, is measured as it is read
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(1024 * 1024, limits.maxBytes + 1 - total));
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(buf.subarray(0, n));
      total += n;
      if (total > limits.maxBytes) throw tooLarge(`over ${sizeText(limits.maxBytes)}`);
    }
    return Buffer.concat(chunks, total);
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(file, `cannot read the ${limits.what}: ${reason(err)}`);
  } finally {
    closeSync(fd);
  }
}

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'the name is too long',
  EIO: 'input/output error',
};

function reason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code ?? '';
  return REASONS[code] ?? (code || (err as Error).message);
}

/**
 * Whether parsed JSON nests deeper than `max` arrays/objects. Iterative: code that walks a value recursively (schema
 * validators, the SBOM library) overflows the stack on a hostile document nested a few thousand levels deep.
 */
export function nestedDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<{ v: unknown; depth: number }> = [{ v: value, depth: 0 }];
  while (stack.length > 0) {
    const { v, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth + 1 > max) return true;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push({ v: child, depth: depth + 1 });
    }
  }
  return false;
}

/** Deepest nesting accepted in a JSON input (SBOMs nest components a few levels; a scan JSON about six). */
export const MAX_JSON_DEPTH = 100;
