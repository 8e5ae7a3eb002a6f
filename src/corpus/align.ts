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
 * runs, longest first. Every pair ends up in exactly one run; runs shorter than `minLength` pairs are not returned
 * (the matcher never reports a single hit, and most pairs of a busy file are single hits).
 */
export function alignRuns(
  hostPos: Uint32Array,
  corpusPos: Uint32Array,
  ph: ReadonlyArray<number>,
  pc: ReadonlyArray<number>,
  minLength = 1,
): Run[] {
  const n = ph.length;
  if (n === 0) return [];
  // Callers (findCandidates) produce pairs in host order and, for one host fingerprint, in corpus order: the sort
  // is skipped then.
  let sorted = true;
  for (let i = 1; i < n && sorted; i++) {
    const d = hostPos[ph[i]!]! - hostPos[ph[i - 1]!]!;
    if (d < 0 || (d === 0 && corpusPos[pc[i]!]! < corpusPos[pc[i - 1]!]!)) sorted = false;
  }
  let order: Int32Array | undefined;
  if (!sorted) {
    const o = Array.from({ length: n }, (_, i) => i).sort(
      (x, y) => hostPos[ph[x]!]! - hostPos[ph[y]!]! || corpusPos[pc[x]!]! - corpusPos[pc[y]!]!,
    );
    order = Int32Array.from(o);
  }
  const at = (i: number): number => (order === undefined ? i : order[i]!);
  const hp = new Float64Array(n);
  const cp = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    hp[i] = hostPos[ph[at(i)]!]!;
    cp[i] = corpusPos[pc[at(i)]!]!;
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
      const skew = Math.abs(dh - dc);
      if (skew > MAX_SKEW) continue;
      // Prefer the longer chain; on ties, the predecessor on the closest diagonal.
      if (best[i]! + 1 > best[j]! || (best[i]! + 1 === best[j]! && skew < bestSkew)) {
        best[j] = best[i]! + 1;
        prev[j] = i;
        bestSkew = skew;
      }
    }
  }
  // Chain ends by chain length, longest first, then by position (a counting sort: lengths are at most n).
  let longest = 0;
  for (let i = 0; i < n; i++) if (best[i]! > longest) longest = best[i]!;
  const start = new Int32Array(longest + 2);
  for (let i = 0; i < n; i++) start[longest - best[i]! + 1]!++;
  for (let b = 1; b <= longest + 1; b++) start[b]! += start[b - 1]!;
  const ends = new Int32Array(n);
  for (let i = 0; i < n; i++) ends[start[longest - best[i]!]!++] = i;
  const used = new Uint8Array(n);
  const runs: Run[] = [];
  for (const end of ends) {
    if (used[end]) continue;
    if (best[end]! < minLength) break; // ends come longest first: every later chain is shorter still
    const chain: number[] = [];
    for (let k = end; k >= 0 && !used[k]; k = prev[k]!) {
      used[k] = 1;
      chain.push(k);
    }
    chain.reverse();
    if (chain.length < minLength) continue; // the rest of a chain whose head another run took
    runs.push({ host: chain.map((k) => ph[at(k)]!), corpus: chain.map((k) => pc[at(k)]!) });
  }
  return runs;
}
