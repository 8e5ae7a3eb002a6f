// Work arrays reused across calls on hot paths (fingerprinting and matching run once per file of a scan): fresh
// memory is not free, a page fault per 4 KB, which on a virtual machine costs more than the work done in it.

type Typed = Int32Array | Uint32Array | Uint8Array;

/** `a` when it holds `n` entries, else a new array of at least `n` (doubling, so growth is rare). */
export function atLeast<T extends Typed>(a: T, n: number, make: (size: number) => T): T {
  return a.length >= n ? a : make(Math.max(n, 2 * a.length, 1024));
}
