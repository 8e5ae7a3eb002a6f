// Robust winnowing (Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting",
// SIGMOD 2003). In every window of `w` consecutive k-gram hashes the minimum is selected, the rightmost one on ties,
// and a position is recorded only when the selection changes. Invariant: every window of w k-grams has its
// selected minimum recorded, so two texts sharing t = k + w - 1 consecutive tokens share at least one fingerprint.

/**
 * Winnows `hashes` (one per k-gram, in order) with window `w`; returns the selected k-gram indices in increasing
 * order. Fewer than `w` hashes form one (partial) window: its rightmost minimum is selected. The result is a view of
 * `into` when that scratch array holds at least `hashes.length` entries.
 */
export function winnow(hashes: Uint32Array, w: number, into?: Uint32Array): Uint32Array {
  const m = hashes.length;
  if (m === 0) return new Uint32Array(0);
  // At most one selection per window end: `into` (scratch of at least m entries) can never overflow.
  const out = into !== undefined && into.length >= m ? into : new Uint32Array(Math.floor((2 * m) / (w + 1)) + 16);
  let count = 0;
  let sel = -1;
  const first = Math.min(w, m) - 1;
  for (let end = first; end < m; end++) {
    const start = end - first;
    if (sel < start) {
      // The selected minimum left the window: rescan it (amortised O(1) per position for random hashes).
      sel = start;
      let min = hashes[start]!;
      for (let j = start + 1; j <= end; j++) {
        const h = hashes[j]!;
        if (h <= min) {
          min = h;
          sel = j;
        }
      }
    } else if (hashes[end]! <= hashes[sel]!) {
      sel = end;
    } else continue;
    if (count === out.length) return winnowSlow(hashes, w); // cannot happen for sane input; keeps the bound safe
    out[count++] = sel;
  }
  return out.subarray(0, count);
}

/** Reference implementation (growable output), used only if the density bound is ever exceeded. */
function winnowSlow(hashes: Uint32Array, w: number): Uint32Array {
  const m = hashes.length;
  const out: number[] = [];
  let sel = -1;
  const first = Math.min(w, m) - 1;
  for (let end = first; end < m; end++) {
    const start = end - first;
    let next = sel;
    if (sel < start) {
      next = start;
      for (let j = start + 1; j <= end; j++) if (hashes[j]! <= hashes[next]!) next = j;
    } else if (hashes[end]! <= hashes[sel]!) next = end;
    if (next !== sel) out.push(next);
    sel = next;
  }
  return Uint32Array.from(out);
}

/**
 * k-gram hashes of a token-hash stream: a polynomial rolling hash over k token hashes (mod 2^32), finalised with
 * fmix32 so the low bits are well mixed. Returns `count - k + 1` hashes (none when count < k).
 */
export function kgramHashes(tokens: Uint32Array, count: number, k: number, into?: Uint32Array): Uint32Array {
  const m = count - k + 1;
  if (m <= 0) return new Uint32Array(0);
  const B = 0x01000193; // odd multiplier: multiplication by B is invertible mod 2^32
  let Bk = 1; // B^(k-1), to remove the outgoing token
  for (let i = 1; i < k; i++) Bk = Math.imul(Bk, B);
  // Written into `into` (scratch) when it is big enough: the caller copies what it keeps.
  const out = into !== undefined && into.length >= m ? into.subarray(0, m) : new Uint32Array(m);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, B) + tokens[i]!) | 0;
  out[0] = mix(h);
  for (let i = 1; i < m; i++) {
    h = (Math.imul(h - Math.imul(tokens[i - 1]!, Bk), B) + tokens[i + k - 1]!) | 0;
    out[i] = mix(h);
  }
  return out;
}

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Scratch for parameterisedKgramHashes, grown as needed. */
let fwdScratch = new Uint32Array(0);

/** Token value of an identifier that repeats one seen `d` tokens earlier in the same k-gram. */
const backRef = (d: number): number => Math.imul(d ^ 0x5bd1e995, 0x9e3779b1) ^ 0x7f4a7c15;

/**
 * Abstract k-gram hashes that keep how identifiers repeat (Baker's parameterised matching): an identifier whose
 * previous occurrence lies inside the same k-gram is the distance back to it, any other identifier is its class.
 * Consistent renaming changes no distance, so a renamed copy keeps every k-gram; unrelated code that merely has the
 * same shape (`I . I ( I , I )`) rarely reuses its names at the same places. `abstract` holds each token's class hash,
 * `names` the identifier's own hash, `isName[i]` is 1 for identifiers, `back` is scratch of `count` entries.
 */
export function parameterisedKgramHashes(
  abstract: Uint32Array,
  names: Uint32Array,
  isName: Uint8Array,
  count: number,
  k: number,
  back: Uint32Array,
  into?: Uint32Array,
): Uint32Array {
  const m = count - k + 1;
  if (m <= 0) return new Uint32Array(0);
  // back[i]: distance to the previous occurrence of identifier i, only when it is under k (0 otherwise): a ring of
  // the last k tokens is enough, since only repeats inside one k-gram count.
  // fwd[i]: the token whose back-reference points at i (0: none)
  if (fwdScratch.length < count) fwdScratch = new Uint32Array(Math.max(count, 2 * fwdScratch.length));
  const fwd = fwdScratch;
  fwd.fill(0, 0, count);
  for (let i = 0; i < count; i++) {
    back[i] = 0;
    if (isName[i] !== 1) continue;
    const n = names[i];
    for (let d = 1; d < k && d <= i; d++)
      if (isName[i - d] === 1 && names[i - d] === n) {
        back[i] = d;
        fwd[i - d] = i;
        break;
      }
  }
  const B = 0x01000193;
  let Bk = 1; // B^(k-1)
  for (let i = 1; i < k; i++) Bk = Math.imul(Bk, B);
  const out = into !== undefined && into.length >= m ? into.subarray(0, m) : new Uint32Array(m);
  // The first k-gram directly; then rolled: drop the leaving token, shift, add the entering one, and turn back into
  // its class the one identifier (at most) whose back-reference pointed at the leaving token. Same values as hashing
  // each k-gram from scratch (the polynomial is exact mod 2^32).
  let h = 0;
  for (let j = 0; j < k; j++) {
    const d = back[j]!;
    h = (Math.imul(h, B) + (d !== 0 ? backRef(d) : abstract[j]!)) | 0;
  }
  out[0] = mix(h);
  // weight of window index i is B^(k-1-i): pow[i]
  const pow = new Int32Array(k);
  pow[k - 1] = 1;
  for (let i = k - 2; i >= 0; i--) pow[i] = Math.imul(pow[i + 1]!, B);
  for (let s = 0; s + 1 < m; s++) {
    h = (h - Math.imul(abstract[s]!, Bk)) | 0;
    const e = s + k;
    const de = back[e]!;
    h = (Math.imul(h, B) + (de !== 0 ? backRef(de) : abstract[e]!)) | 0;
    // the next occurrence of token s's name referred back to s: it is its class again now that s has left
    const j = fwd[s]!;
    if (j !== 0) h = (h + Math.imul((abstract[j]! - backRef(j - s)) | 0, pow[j - s - 1]!)) | 0;
    out[s + 1] = mix(h);
  }
  return out;
}
