// Per-file fingerprints are stored as one BLOB per channel (four parallel Uint32 arrays back to back), not one row
// per fingerprint: a row per fingerprint costs ~31 bytes and caps ingest near 10 MB/s (research/snippet-matching.md).
import type { ChannelFingerprints } from '../fingerprint/types.js';

/** Packs one channel as [hashes | positions | startLines | endLines], little-endian Uint32. */
export function packChannel(ch: ChannelFingerprints): Buffer {
  const n = ch.hashes.length;
  const out = new Uint32Array(n * 4);
  out.set(ch.hashes, 0);
  out.set(ch.positions, n);
  out.set(ch.startLines, 2 * n);
  out.set(ch.endLines, 3 * n);
  return Buffer.from(out.buffer, out.byteOffset, out.byteLength);
}

/** A Uint32Array view of a BLOB (copied when SQLite hands us an unaligned buffer). */
export function u32(blob: Uint8Array | null | undefined): Uint32Array {
  if (!blob || blob.byteLength === 0) return new Uint32Array(0);
  if (blob.byteOffset % 4 === 0) return new Uint32Array(blob.buffer, blob.byteOffset, blob.byteLength >>> 2);
  return new Uint32Array(new Uint8Array(blob).buffer);
}

export function unpackChannel(blob: Uint8Array | null | undefined): ChannelFingerprints {
  const all = u32(blob);
  const n = all.length >>> 2;
  return {
    hashes: all.subarray(0, n),
    positions: all.subarray(n, 2 * n),
    startLines: all.subarray(2 * n, 3 * n),
    endLines: all.subarray(3 * n, 4 * n),
  };
}

export function u32Blob(a: Uint32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}
