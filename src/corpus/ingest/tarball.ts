// Reading a tarball (.tar, .tgz, .tar.gz) as a stream: no extraction to disk, links never followed, oversized
// members drained and skipped.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';
import { posix } from 'node:path';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { InputError } from '../../errors.js';
import type { IngestEntry } from '../store.js';
import { MAX_INGEST_BYTES } from './walk.js';

export function isTarball(path: string): boolean {
  return /\.(tgz|tar\.gz|tar)$/i.test(path);
}

function gzipped(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const b = Buffer.alloc(2);
    return readSync(fd, b, 0, 2, 0) === 2 && b[0] === 0x1f && b[1] === 0x8b;
  } finally {
    closeSync(fd);
  }
}

async function readAll(stream: AsyncIterable<unknown>, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size <= limit ? Buffer.concat(chunks) : undefined;
}

/**
 * An entry name as a path inside the source: `.` and `..` resolved, then `strip` leading components removed; nothing
 * above the archive's root (`/abs/x` → `abs/x`, `../../x` → `x`). Names are only recorded, never written to disk, but
 * they are shown to reviewers as the corpus path of a match.
 */
export function archivePath(name: string, strip: number): string {
  // normalised below a root, `..` cannot climb out of it
  return posix
    .normalize(`/${name}`)
    .split('/')
    .filter((p) => p !== '')
    .slice(strip)
    .join('/');
}

/** Entries of a tarball in archive order; `strip` leading path components are removed (npm's `package/`). */
export async function* readTarball(file: string, strip = 0): AsyncGenerator<IngestEntry> {
  const extract = tar.extract();
  const input = createReadStream(file);
  const source = gzipped(file) ? input.pipe(createGunzip()) : input;
  let failed: Error | undefined;
  const onError = (err: Error) => {
    failed = err;
    extract.destroy(err);
  };
  input.on('error', onError);
  source.on('error', onError);
  source.pipe(extract);
  try {
    for await (const entry of extract) {
      const path = archivePath(entry.header.name, strip);
      const type = entry.header.type;
      if (type === 'file' || type === 'contiguous-file') {
        const bytes = await readAll(entry, MAX_INGEST_BYTES);
        if (path === '') continue;
        if (bytes === undefined)
          yield { path, skipped: { path, reason: 'too-large', detail: `${entry.header.size ?? 0} bytes` } };
        else yield { path, bytes };
      } else {
        entry.resume();
        if ((type === 'symlink' || type === 'link') && path !== '') {
          yield { path, skipped: { path, reason: 'symlink', detail: 'links inside archives are never followed' } };
        }
      }
    }
  } catch (err) {
    throw new InputError(file, `cannot read the tarball: ${(failed ?? (err as Error)).message}`);
  }
  if (failed) throw new InputError(file, `cannot read the tarball: ${failed.message}`);
}
