// A flat, read-only copy of a corpus's postings index, kept in the user's cache folder, so a check that looks up a
// few hundred host fingerprints reads only what it needs instead of loading the whole index from SQLite
// (~11 MB of BLOBs for the bundled corpus, 40–70 ms per process; the pre-commit check pays that on every commit).
// Written once per corpus version by the first check that needs it (atomically, by rename); any change to the
// database file (size, mtime, inode, WAL) makes it stale and it is rewritten. `provscan scan` keeps the in-memory
// index, which is cheaper when every file of a repository is matched.
//
// Layout (little-endian): "PVSPOST1", u32 header length, JSON header (padded to 4 bytes), then per channel the
// common hashes (u32 × few), a directory (u32 × 2^14 + 1: where the hashes of each top-14-bit prefix start), the
// sorted hashes (u32 × n) and one 16-byte record per posting (file id, position, first line, last line). A look-up
// reads the directory once, then only the hashes of the prefixes asked for and the records of the hashes found
// (reads from the page cache are not free: on the benchmark machine reading all 2 MB of hashes cost more than the
// whole look-up).
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Channel } from '../fingerprint/types.js';
import { ensureDir } from '../util/atomic-write.js';
import { CHANNELS, lowerBound, PostingIndex } from './postings.js';

const MAGIC = 'PVSPOST1';
/** Bump when the layout or the header changes: older files then read as stale. */
const LAYOUT = 3;
const PREFIX_BITS = 14;
const BUCKETS = 2 ** PREFIX_BITS;

interface ChannelHeader {
  readonly n: number;
  /** The common hashes (left out of the postings), kept whole: they are few. */
  readonly common: number;
  readonly commonAt: number;
  readonly dirAt: number;
  readonly hashesAt: number;
  readonly recordsAt: number;
}

interface Header<I> {
  readonly layout: number;
  readonly stamp: string;
  readonly info: I;
  readonly channels: Record<Channel, ChannelHeader>;
}

export { cacheDir } from '../util/cache-dir.js';

/** What identifies one version of a database file (and its WAL, where committed changes may still sit). */
function stampOf(dbFile: string): string {
  const part = (f: string): string => {
    try {
      const s = statSync(f, { bigint: true });
      return `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}`;
    } catch {
      return '-';
    }
  };
  return `${part(dbFile)}|${part(`${dbFile}-wal`)}`;
}

function fileFor(dir: string, dbFile: string): string {
  return join(dir, `postings-${createHash('sha1').update(dbFile).digest('hex').slice(0, 16)}.bin`);
}

/** The postings of one corpus, read on demand from the cache file. */
export class PostingsFile<I> {
  private readonly dirs = new Map<Channel, Uint32Array>();
  private readonly commons = new Map<Channel, Uint32Array>();

  private constructor(
    private readonly fd: number,
    private readonly header: Header<I>,
  ) {}

  /** The cached corpus facts stored with the postings (counts, build) for this database version. */
  get info(): I {
    return this.header.info;
  }

  /**
   * Opens the cache file of `dbFile`, or returns undefined when there is none, it is unreadable, or it was made from
   * another version of the database (never throws: the caller falls back to the database).
   */
  static open<I>(dir: string, dbFile: string): PostingsFile<I> | undefined {
    let fd: number | undefined;
    try {
      fd = openSync(fileFor(dir, dbFile), 'r');
      const head = Buffer.alloc(12);
      if (readSync(fd, head, 0, 12, 0) !== 12 || head.toString('latin1', 0, 8) !== MAGIC) throw new Error('magic');
      const len = head.readUInt32LE(8);
      const json = Buffer.alloc(len);
      if (readSync(fd, json, 0, len, 12) !== len) throw new Error('short');
      const header = JSON.parse(json.toString('utf8')) as Header<I>;
      if (header.layout !== LAYOUT || header.stamp !== stampOf(dbFile)) throw new Error('stale');
      const end = Math.max(...CHANNELS.map((c) => header.channels[c].recordsAt + 16 * header.channels[c].n));
      if (fstatSync(fd).size !== end) throw new Error('truncated');
      return new PostingsFile(fd, header);
    } catch {
      if (fd !== undefined) closeSync(fd);
      return undefined;
    }
  }

  /**
   * Writes the cache file of `dbFile` from a loaded index (atomically: a temporary file renamed into place).
   * Returns false when it could not be written (read-only cache folder, full disk): the caller carries on.
   */
  static write<I>(dir: string, dbFile: string, index: Record<Channel, PostingIndex>, info: I, stamp: string): boolean {
    const target = fileFor(dir, dbFile);
    const tmp = `${target}.${process.pid}.tmp`;
    let fd: number | undefined;
    try {
      ensureDir(dir);
      const channels = {} as Record<Channel, ChannelHeader>;
      // the header's length depends on the offsets it states: lay out with a generous fixed header size
      const draft = (at: number): Header<I> => {
        let pos = at;
        for (const c of CHANNELS) {
          const n = index[c].size;
          const common = index[c].common.length;
          const commonAt = pos;
          const dirAt = commonAt + 4 * common;
          const hashesAt = dirAt + 4 * (BUCKETS + 1);
          channels[c] = { n, common, commonAt, dirAt, hashesAt, recordsAt: hashesAt + 4 * n };
          pos = hashesAt + 20 * n;
        }
        return { layout: LAYOUT, stamp, info, channels };
      };
      let headerBytes = Buffer.from(JSON.stringify(draft(0)));
      const at = 12 + Math.ceil((headerBytes.length + 64) / 4) * 4;
      headerBytes = Buffer.alloc(at - 12, 0x20);
      headerBytes.write(JSON.stringify(draft(at)));
      const head = Buffer.alloc(12);
      head.write(MAGIC, 0, 'latin1');
      head.writeUInt32LE(headerBytes.length, 8);
      fd = openSync(tmp, 'w');
      writeSync(fd, head);
      writeSync(fd, headerBytes);
      for (const c of CHANNELS) {
        const ix = index[c];
        const n = ix.size;
        writeSync(fd, new Uint8Array(Uint32Array.from(ix.common).buffer));
        const dir = new Uint32Array(BUCKETS + 1);
        for (let i = 0; i < n; i++) dir[(ix.hashes[i]! >>> (32 - PREFIX_BITS)) + 1]!++;
        for (let b = 0; b < BUCKETS; b++) dir[b + 1]! += dir[b]!;
        writeSync(fd, new Uint8Array(dir.buffer));
        writeSync(fd, new Uint8Array(ix.hashes.buffer, ix.hashes.byteOffset, 4 * n));
        const records = new Uint32Array(4 * n);
        for (let i = 0; i < n; i++) {
          records[4 * i] = ix.files[i]!;
          records[4 * i + 1] = ix.positions[i]!;
          records[4 * i + 2] = ix.startLines[i]!;
          records[4 * i + 3] = ix.endLines[i]!;
        }
        writeSync(fd, new Uint8Array(records.buffer));
      }
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, target);
      return true;
    } catch {
      try {
        if (fd !== undefined) closeSync(fd);
        rmSync(tmp, { force: true });
      } catch {
        // nothing was written, or the folder is unusable: either way there is nothing to clean up
      }
      return false;
    }
  }

  /** The stamp a cache file written now must carry (taken before the database is read, so a change wins). */
  static stamp(dbFile: string): string {
    return stampOf(dbFile);
  }

  private directory(channel: Channel): Uint32Array {
    let d = this.dirs.get(channel);
    if (!d) {
      const buf = new Uint8Array(4 * (BUCKETS + 1));
      this.readAt(buf, this.header.channels[channel].dirAt);
      d = new Uint32Array(buf.buffer);
      this.dirs.set(channel, d);
    }
    return d;
  }

  private common(channel: Channel): Uint32Array {
    let c = this.commons.get(channel);
    if (!c) {
      const { common, commonAt } = this.header.channels[channel];
      const buf = new Uint8Array(4 * common);
      this.readAt(buf, commonAt);
      c = new Uint32Array(buf.buffer);
      this.commons.set(channel, c);
    }
    return c;
  }

  private readAt(buf: Uint8Array, position: number): void {
    let done = 0;
    while (done < buf.length) {
      const got = readSync(this.fd, buf, done, buf.length - done, position + done);
      if (got === 0) throw new Error('provscan: postings cache file is truncated');
      done += got;
    }
  }

  /**
   * An index holding only the postings of `wanted` hashes, laid out exactly as the full index (sorted by hash,
   * same order within a hash), so matching against it gives the same result as matching against the full index.
   */
  subset(channel: Channel, wanted: Uint32Array): PostingIndex {
    const dir = this.directory(channel);
    const { hashesAt, recordsAt } = this.header.channels[channel];
    const sorted = Uint32Array.from(new Set(wanted)).sort();
    // ranges [lo, hi) of postings of the wanted hashes, in hash order
    const ranges: number[] = [];
    const found: number[] = [];
    let bucket = -1;
    let hashes = new Uint32Array(0);
    let base = 0;
    for (const h of sorted) {
      const b = h >>> (32 - PREFIX_BITS);
      if (b !== bucket) {
        bucket = b;
        base = dir[b]!;
        const len = dir[b + 1]! - base;
        hashes = new Uint32Array(len);
        if (len > 0) this.readAt(new Uint8Array(hashes.buffer), hashesAt + 4 * base);
      }
      const lo = lowerBound(hashes, h);
      let end = lo;
      while (end < hashes.length && hashes[end] === h) end++;
      if (end > lo) {
        ranges.push(base + lo, base + end);
        found.push(h);
      }
    }
    let total = 0;
    for (let r = 0; r < ranges.length; r += 2) total += ranges[r + 1]! - ranges[r]!;
    const raw = new Uint32Array(4 * total);
    const bytes = new Uint8Array(raw.buffer);
    const H = new Uint32Array(total);
    let off = 0;
    for (let r = 0; r < ranges.length; r += 2) {
      const len = ranges[r + 1]! - ranges[r]!;
      this.readAt(bytes.subarray(16 * off, 16 * (off + len)), recordsAt + 16 * ranges[r]!);
      H.fill(found[r >>> 1]!, off, off + len);
      off += len;
    }
    const F = new Uint32Array(total);
    const P = new Uint32Array(total);
    const S = new Uint32Array(total);
    const E = new Uint32Array(total);
    for (let i = 0; i < total; i++) {
      F[i] = raw[4 * i]!;
      P[i] = raw[4 * i + 1]!;
      S[i] = raw[4 * i + 2]!;
      E[i] = raw[4 * i + 3]!;
    }
    return new PostingIndex(H, F, P, S, E, this.common(channel));
  }

  close(): void {
    closeSync(this.fd);
  }
}
