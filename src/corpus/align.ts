// Alignment of one host file against one corpus file, per channel: shared hashes become (host, corpus) pairs, and
// pairs are chained into runs where both the host token position and the corpus token position increase, with
// bounded gaps (edits inside a copy break a few fingerprints, not the run). A longest-chain DP over pairs sorted by
// host position, looking back only within the gap bound, keeps it linear in practice.
import type { ChannelFingerprints } from '../fingerprint/types.js';

/** Largest gap (tokens) between consecutive fingerprints of one run, on either side. */
export const MAX_GAP = 90;
/** A hash repeated this often on both sides (repetitive code) produces too many pairs to be informative. */
const MAX_PAIRS_PER_HASH = 64;
const LOOKBACK = 256;

export interface Run {
  /** Indices into the host channel arrays, increasing. */
  readonly host: number[];
  /** Indices into the corpus channel arrays, parallel to `host`. */
  readonly corpus: number[];
}

/** Host hash → indices of host fingerprints with that hash (built once per host file and channel). */
export function hostHashMap(ch: ChannelFingerprints): Map<number, number[]> {
  const m = new Map<number, number[]>();
  for (let i = 0; i < ch.hashes.length; i++) {
    const h = ch.hashes[i]!;
    const list = m.get(h);
    if (list) list.push(i);
    else m.set(h, [i]);
  }
  return m;
}

/** Chains shared fingerprints of `host` and `corpus` into runs, longest first. */
export function alignRuns(
  host: ChannelFingerprints,
  hostMap: Map<number, number[]>,
  corpus: ChannelFingerprints,
): Run[] {
  // Corpus occurrences per shared hash, to cap repetitive hashes.
  const corpusOcc = new Map<number, number[]>();
  for (let j = 0; j < corpus.hashes.length; j++) {
    const h = corpus.hashes[j]!;
    if (!hostMap.has(h)) continue;
    const list = corpusOcc.get(h);
    if (list) list.push(j);
    else corpusOcc.set(h, [j]);
  }
  const ph: number[] = [];
  const pc: number[] = [];
  for (const [h, cs] of corpusOcc) {
    const hs = hostMap.get(h)!;
    if (hs.length * cs.length > MAX_PAIRS_PER_HASH) continue;
    for (const a of hs)
      for (const b of cs) {
        ph.push(a);
        pc.push(b);
      }
  }
  const n = ph.length;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) =>
      host.positions[ph[x]!]! - host.positions[ph[y]!]! || corpus.positions[pc[x]!]! - corpus.positions[pc[y]!]!,
  );
  const hp = new Float64Array(n);
  const cp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hp[i] = host.positions[ph[order[i]!]!]!;
    cp[i] = corpus.positions[pc[order[i]!]!]!;
  }
  const best = new Int32Array(n);
  const prev = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    best[j] = 1;
    const stop = Math.max(0, j - LOOKBACK);
    for (let i = j - 1; i >= stop; i--) {
      const dh = hp[j]! - hp[i]!;
      if (dh > MAX_GAP) break;
      if (dh <= 0) continue;
      const dc = cp[j]! - cp[i]!;
      if (dc <= 0 || dc > MAX_GAP) continue;
      // Prefer the longer chain; on ties, the predecessor on the closest diagonal.
      if (
        best[i]! + 1 > best[j]! ||
        (best[i]! + 1 === best[j]! &&
          prev[j]! >= 0 &&
          Math.abs(dh - dc) < Math.abs(hp[j]! - hp[prev[j]!]! - (cp[j]! - cp[prev[j]!]!)))
      ) {
        best[j] = best[i]! + 1;
        prev[j] = i;
      }
    }
  }
  const ends = Array.from({ length: n }, (_, i) => i).sort((x, y) => best[y]! - best[x]! || x - y);
  const used = new Uint8Array(n);
  const runs: Run[] = [];
  for (const end of ends) {
    if (used[end]) continue;
    const chain: number[] = [];
    for (let k = end; k >= 0 && !used[k]; k = prev[k]!) {
      used[k] = 1;
      chain.push(k);
    }
    chain.reverse();
    runs.push({ host: chain.map((k) => ph[order[k]!]!), corpus: chain.map((k) => pc[order[k]!]!) });
  }
  return runs;
}
