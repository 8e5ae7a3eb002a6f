// Per-file fingerprints are stored as one BLOB per channel, not one row per fingerprint: a row per fingerprint costs
// ~31 bytes and caps ingest near 10 MB/s (research/snippet-matching.md). The BLOB holds the count, the 32-bit hashes
// as they are (random bits do not compress) and the positions and lines as unsigned LEB128 varints of their deltas:
// consecutive winnowed positions are at most w tokens apart and usually on the same or the next line, so a
// fingerprint takes about 7 bytes instead of 16. The BLOBs are read only to rebuild the postings after an ingest.
import type { ChannelFingerprints } from '../fingerprint/types.js';

/**
 * Packs one channel as: count (Uint32 LE), hashes (count × Uint32 LE), then per fingerprint three varints:
 * position − previous position, start line − previous start line, end line − start line (all ≥ 0: fingerprints
 * are in source order).
 */
export function packChannel(ch: ChannelFingerprints): Buffer {
  const n = ch.hashes.length;
  const out = Buffer.allocUnsafe(4 + 4 * n + 15 * n);
  out.writeUInt32LE(n, 0);
  let o = 4;
  for (let i = 0; i < n; i++) {
    out.writeUInt32LE(ch.hashes[i]!, o);
    o += 4;
  }
  let pos = 0;
  let line = 0;
  const put = (v: number) => {
    while (v >= 0x80) {
      out[o++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    out[o++] = v;
  };
  for (let i = 0; i < n; i++) {
    const p = ch.positions[i]!;
    const s = ch.startLines[i]!;
    put(p - pos);
    put(s - line);
    put(ch.endLines[i]! - s);
    pos = p;
    line = s;
  }
  return out.subarray(0, o);
}

/** Number of fingerprints in a packed channel (its header), without decoding it. */
export function packedCount(blob: Uint8Array | null | undefined): number {
  if (!blob || blob.byteLength < 4) return 0;
  return (blob[0]! | (blob[1]! << 8) | (blob[2]! << 16) | (blob[3]! << 24)) >>> 0;
}

/** A Uint32Array view of a BLOB (copied when SQLite hands us an unaligned buffer). */
export function u32(blob: Uint8Array | null | undefined): Uint32Array {
  if (!blob || blob.byteLength === 0) return new Uint32Array(0);
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 2);
  return new Uint32Array(new Uint8Array(blob).buffer);
}

export function unpackChannel(blob: Uint8Array | null | undefined): ChannelFingerprints {
  const n = packedCount(blob);
  const hashes = new Uint32Array(n);
  const positions = new Uint32Array(n);
  const startLines = new Uint32Array(n);
  const endLines = new Uint32Array(n);
  if (!blob || n === 0) return { hashes, positions, startLines, endLines };
  let o = 4;
  for (let i = 0; i < n; i++) {
    hashes[i] = (blob[o]! | (blob[o + 1]! << 8) | (blob[o + 2]! << 16) | (blob[o + 3]! << 24)) >>> 0;
    o += 4;
  }
  const get = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = blob[o++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  let pos = 0;
  let line = 0;
  for (let i = 0; i < n; i++) {
    pos += get();
    line += get();
    positions[i] = pos;
    startLines[i] = line;
    endLines[i] = line + get();
  }
  return { hashes, positions, startLines, endLines };
}

export function u32Blob(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
