// CRC-32C (Castagnoli): reflected polynomial 0x82F63B78, initial value and final xor 0xFFFFFFFF — the checksum
// SCANOSS winnowing hashes its grams with. Table-driven, one byte at a time.

const CRC32C_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32C of bytes[start, end). */
export function crc32c(bytes: ArrayLike<number>, start = 0, end: number = bytes.length): number {
  let crc = -1;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ bytes[i]!) & 0xff]!;
  return (crc ^ -1) >>> 0;
}

/** CRC-32C of the 4 little-endian bytes of a 32-bit value (how SCANOSS re-hashes a selected minimum). */
export function crc32cOfUint32(v: number): number {
  let crc = -1;
  crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ v) & 0xff]!;
  crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ (v >>> 8)) & 0xff]!;
  crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ (v >>> 16)) & 0xff]!;
  crc = (crc >>> 8) ^ CRC32C_TABLE[(crc ^ (v >>> 24)) & 0xff]!;
  return (crc ^ -1) >>> 0;
}

/** CRC-8/MAXIM-DOW (reflected polynomial 0x8C, init 0): SCANOSS's per-line HPSM hash. */
const CRC8_TABLE: Uint8Array = (() => {
  const table = new Uint8Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x8c : c >>> 1;
    table[n] = c;
  }
  return table;
})();

export function crc8maxim(bytes: ArrayLike<number>, start = 0, end: number = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = CRC8_TABLE[(bytes[i]! ^ crc) & 0xff]!;
  return crc;
}
