// 32-bit hashing primitives for the hot path: FNV-1a over UTF-16 code units of a text range (no substring
// allocation) and murmur3's finaliser to spread the bits of combined values.

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a of text[start, end), continuing from `seed` (FNV_OFFSET for a fresh hash). */
export function fnv1a(text: string, start: number, end: number, seed: number = FNV_OFFSET): number {
  let h = seed;
  for (let i = start; i < end; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

/** FNV-1a of a whole string. */
export function fnvString(s: string, seed: number = FNV_OFFSET): number {
  return fnv1a(s, 0, s.length, seed);
}

/** murmur3 fmix32: a bijective avalanche of a 32-bit value. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A set of 32-bit hashes with open addressing in a Uint32Array: membership tests without boxing (most hashes are
 * above V8's small-integer range, so a `Set<number>` would allocate heap numbers).
 */
export class HashSet32 {
  private readonly table: Uint32Array;
  private readonly mask: number;
  private hasZero = false;

  constructor(values: Iterable<number>, capacityHint = 64) {
    let size = 16;
    while (size < capacityHint * 2) size <<= 1;
    this.table = new Uint32Array(size);
    this.mask = size - 1;
    for (const v of values) this.add(v >>> 0);
  }

  private add(v: number): void {
    if (v === 0) {
      this.hasZero = true;
      return;
    }
    let i = fmix32(v) & this.mask;
    while (this.table[i] !== 0) {
      if (this.table[i] === v) return;
      i = (i + 1) & this.mask;
    }
    this.table[i] = v;
  }

  has(v: number): boolean {
    if (v === 0) return this.hasZero;
    let i = fmix32(v) & this.mask;
    for (;;) {
      const t = this.table[i];
      if (t === v) return true;
      if (t === 0) return false;
      i = (i + 1) & this.mask;
    }
  }
}
