// Writing a file the user named (`-o FILE`, the policy file `waive` edits). What is there decides how:
// - nothing, or a regular file: written atomically (a temp file beside it renamed over it; the old file's permission
//   bits, and as root its owner, are kept), so a crash never leaves half an output;
// - a symbolic link: followed to the file it names, which is then written as above (the link stays a link); a link to
//   nothing is refused, as GNU cp refuses to write through a dangling link;
// - a character device (/dev/null, a terminal) or a FIFO: opened and written in place, as the shell's `>` does;
//   renaming over it would replace the device or pipe with a regular file;
// - /dev/stdout, /dev/stderr, /dev/fd/N, /proc/self/fd/N: written to that open descriptor, never reopened (reopening
//   would truncate a log the descriptor appends to);
// - a folder, a block device (a disk), a socket, or anything on /proc, /sys and the kernel's other virtual file
//   systems: refused with the reason.
// Every refusal is an InputError naming the file (exit 2).
import { randomBytes } from 'node:crypto';
import {
  type Stats,
  chownSync,
  closeSync,
  fchmodSync,
  fsyncSync,
  lstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  statfsSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { ensureDir } from './atomic-write.js';

/** Why a file could not be written, in words, for the errno codes a user can act on. */
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
  ELOOP: 'too many levels of symbolic links',
  ENXIO: 'no process reads it (a FIFO without a reader, or a device that is not there)',
  EPIPE: 'the reader closed it before the output was written',
  EBADF: 'it names a file descriptor that is not open for writing',
  EINVAL: 'the name is not valid on this file system',
};

/** Kernel file systems whose files are interfaces to the kernel, never places for an output (statfs f_type). */
const VIRTUAL_FS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, '/proc'],
  [0x62656572, '/sys'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x62656570, 'configfs'],
  [0xde5e81e4, 'efivarfs'],
  [0xcafe4a11, 'bpf'],
]);

const refuse = (file: string, why: string): never => {
  throw new InputError(file, `cannot write the output: ${why}`);
};

/** The descriptor a path names when it is one of the process's own (`/dev/stdout`, `/dev/fd/3`), else undefined. */
export function descriptorOf(file: string): number | undefined {
  if (file === '/dev/stdout') return 1;
  if (file === '/dev/stderr') return 2;
  const m = /^\/(?:dev\/fd|proc\/self\/fd|proc\/(\d+)\/fd)\/(\d+)$/.exec(file);
  if (!m || (m[1] !== undefined && Number(m[1]) !== process.pid)) return undefined;
  return Number(m[2]);
}

/**
 * Writes `data` to the user-named `file` (see the top of this file for what each kind of file gets).
 * @throws InputError naming the file when it cannot or must not be written.
 */
export function writeOutputFile(file: string, data: string | Uint8Array): void {
  try {
    const fd = descriptorOf(file);
    if (fd !== undefined) {
      writeAll(fd, data);
      return;
    }
    let st: Stats | undefined;
    try {
      st = statSync(file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    if (st === undefined) {
      if (isLink(file)) refuse(file, 'it is a symbolic link to a file that does not exist (not written through)');
      const dir = dirname(file);
      refuseVirtual(file, nearestExisting(dir));
      ensureDir(dir);
      replaceAtomically(file, data, undefined);
      return;
    }
    if (st.isDirectory()) refuse(file, 'it is a folder');
    if (st.isFile()) {
      const target = isLink(file) ? realpathSync(file) : file;
      refuseVirtual(file, target);
      replaceAtomically(target, data, st);
      return;
    }
    if (st.isCharacterDevice() || st.isFIFO()) {
      writeInPlace(file, data);
      return;
    }
    if (st.isBlockDevice()) refuse(file, 'it is a block device (a disk); provscan writes no output onto a disk');
    if (st.isSocket()) refuse(file, 'it is a socket, which cannot be opened as a file');
    refuse(file, 'it is not a regular file');
  } catch (err) {
    if (err instanceof InputError) throw err;
    const why = WHY[(err as NodeJS.ErrnoException).code ?? ''];
    if (why === undefined) throw err;
    refuse(file, why);
  }
}

/** Whether `a` and `b` name the same existing file (following links); false when either does not exist. */
export function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a);
    const y = statSync(b);
    return x.dev === y.dev && x.ino === y.ino;
  } catch {
    return false;
  }
}

function isLink(file: string): boolean {
  try {
    return lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** `dir` or its nearest existing ancestor. */
function nearestExisting(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    try {
      statSync(d);
      return d;
    } catch {
      if (dirname(d) === d) return d;
    }
  }
}

function refuseVirtual(file: string, path: string): void {
  let type: number;
  try {
    type = statfsSync(path).type;
  } catch {
    return; // statfs is only a better reason: the write itself reports any other problem
  }
  const fs = VIRTUAL_FS.get(type);
  if (fs !== undefined) refuse(file, `it is on ${fs}, a virtual file system of the kernel, not a place for an output`);
}

/** Temp file in the target's folder, same permission bits (and owner, as root), fsync, rename over the target. */
function replaceAtomically(target: string, data: string | Uint8Array, old: Stats | undefined): void {
  const tmp = join(dirname(target), `.provscan-tmp-${basename(target)}-${randomBytes(4).toString('hex')}`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', old ? old.mode & 0o7777 : 0o666);
    if (old) {
      fchmodSync(fd, old.mode & 0o7777);
      // root rewriting someone's file (sudo provscan waive) must not take it over
      if (process.getuid?.() === 0 && (old.uid !== 0 || old.gid !== 0)) chownSync(tmp, old.uid, old.gid);
    }
    writeAll(fd, data);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, target);
  } catch (err) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw err;
  }
}

/** A device or FIFO: opened like the shell's `>` (a FIFO's open waits for its reader) and written in place. */
function writeInPlace(file: string, data: string | Uint8Array): void {
  const fd = openSync(file, 'w');
  try {
    writeAll(fd, data);
  } finally {
    closeSync(fd);
  }
}

/** The whole of `data`, retrying short writes and a non-blocking descriptor's EAGAIN. */
function writeAll(fd: number, data: string | Uint8Array): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let off = 0;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (off < bytes.length) {
    try {
      off += writeSync(fd, bytes, off, bytes.length - off);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EAGAIN') throw err;
      Atomics.wait(pause, 0, 0, 5); // the reader is behind: wait a moment instead of spinning
    }
  }
}
