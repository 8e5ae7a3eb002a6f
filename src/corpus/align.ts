// Alignment of one host file against one corpus file, per channel: shared hashes are (host, corpus) pairs, and
// pairs are chained into runs where both the host token position and the corpus token position increase, with
// bounded gaps (edits inside a copy break a few fingerprints, not the run) and a bounded skew between the two gaps
// (an edit inserts or deletes a line or two, so consecutive hits of a real copy stay near one diagonal; hits of
// unrelated code that merely shares idioms land at unrelated offsets). A longest-chain DP over pairs sorted by host
// position, looking back only within the gap bound, keeps it linear in practice.

/** Largest gap (tokens) between consecutive fingerprints of one run, on either side. */
export const MAX_GAP = 90;
/**
 * Largest difference (tokens) between the host gap and the corpus gap of two consecutive fingerprints of one run:
 * a deleted or inserted line of typical code. Measured with bench/accuracy.bench.mjs (renamed+edited recall) and a
 * scan of unrelated code (false matches): 8 keeps edited copies whole and drops most chance chains.
 */
export const MAX_SKEW = 8;
const LOOKBACK = 256;

export interface Run {
  /** Indices into the host channel arrays, increasing. */
  readonly host: number[];
  /** Indices of the corpus side (postings), parallel to `host`. */
  readonly corpus: number[];
}

/**
 * Chains pairs (ph[i] on the host, pc[i] on the corpus side; their token positions in hostPos / corpusPos) into
 * runs, longest first. Every pair ends up in exactly one run.
 */
export function alignRuns(
  hostPos: Uint32Array,
  corpusPos: Uint32Array,
  ph: ReadonlyArray<number>,
  pc: ReadonlyArray<number>,
): Run[] {
  const n = ph.length;
  if (n === 0) return [];
  const order = Array.from({ length: n }, (_, i) => i).sort(
    (x, y) => hostPos[ph[x]!]! - hostPos[ph[y]!]! || corpusPos[pc[x]!]! - corpusPos[pc[y]!]!,
  );
  const hp = new Float64Array(n);
  const cp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hp[i] = hostPos[ph[order[i]!]!]!;
    cp[i] = corpusPos[pc[order[i]!]!]!;
  }
  const best = new Int32Array(n);
  const prev = new Int32Array(n).fill(-1);
  for (let j = 0; j < n; j++) {
    best[j] = 1;
    let bestSkew = Number.POSITIVE_INFINITY;
    const stop = Math.max(0, j - LOOKBACK);
    for (let i = j - 1; i >= stop; i--) {
      const dh = hp[j]! - hp[i]!;
      if (dh > MAX_GAP) break;
      if (dh <= 0) continue;
      const dc = cp[j]! - cp[i]!;
      if (dc <= 0 || dc > MAX_GAP) continue;
      // Prefer the longer chain; on ties, the predecessor on the closest diagonal.
      const skew = Math.abs(dh - dc);
      if (skew > MAX_SKEW) continue;
      if (best[i]! + 1 > best[j]! || (best[i]! + 1 === best[j]! && skew < bestSkew)) {
        best[j] = best[i]! + 1;
        prev[j] = i;
        bestSkew = skew;
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
