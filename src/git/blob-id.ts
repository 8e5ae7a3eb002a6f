// Git's object id of a blob, computed in-process: sha1("blob <len>\0" + bytes). Cheaper than spawning
// `git hash-object` per file; equal to it for files without clean filters (autocrlf, LFS).
import { createHash } from 'node:crypto';

export function blobId(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
