// Alignment of one host file against one corpus file, per channel: shared hashes are (host, corpus) pairs, and
// pairs are chained into runs where both the host token position and the corpus token position increase, with
// bounded gaps (edits inside a copy break a few fingerprints, not the run) and a bounded skew between the two gaps
// (an edit inserts or deletes a line or two, so consecutive hits of a real copy stay near one diagonal; hits of
// unrelated code that merely shares idioms land at unrelated offsets). A longest-chain DP over pairs sorted by host
// position, looking back only within the gap bound and on the pair's own and neighbouring diagonal bands, keeps it
// linear in practice.

/** Largest gap (tokens) between consecutive fingerprints of one run, on either side. */
const MAX_GAP = 90;
/**
 * Largest difference (tokens) between the host gap and the corpus gap of two consecutive fingerprints of one run:
 * a deleted or inserted line of typical code. Measured with bench/accuracy.bench.mjs (renamed+edited recall) and a
 * scan of unrelated code (false matches): 8 keeps edited copies whole and drops most chance chains.
 */
const MAX_SKEW = 8;

export interface Run {
  /** Indices into the host channel arrays, increasing. */
  readonly host: number[];
  /** Indices of the corpus side (postings), parallel to `host`. */
  readonly corpus: number[];
}

/** Scratch arrays shared by every call (alignment runs for thousands of small pair sets per scan). */
let scratchSize = 0;
let hp = new Int32Array(0);
let cp = new Int32Array(0);
let best = new Int32Array(0);
let prev = new Int32Array(0);
let sameBand = new Int32Array(0);
let byLength = new Int32Array(0);
let used = new Uint8Array(0);
/**
 * Last pair of each diagonal band so far (the band's earlier pairs are linked through sameBand): an open-addressing
 * table of band → pair with at least twice as many slots as pairs (a Map costs more than the whole DP here).
 */
let tableKeys = new Int32Array(0);
let tableValues = new Int32Array(0);
let tableMask = 0;
const EMPTY = -0x80000000;

function bandSlot(band: number): number {
  let i = Math.imul(band, 0x9e3779b1) & tableMask;
  for (;;) {
    const k = tableKeys[i]!;
    if (k === band || k === EMPTY) return i;
    i = (i + 1) & tableMask;
  }
}

function ensureScratch(n: number): void {
  if (n <= scratchSize) return;
  scratchSize = Math.max(n, 2 * scratchSize, 1024);
  hp = new Int32Array(scratchSize);
  cp = new Int32Array(scratchSize);
  best = new Int32Array(scratchSize);
  prev = new Int32Array(scratchSize);
  sameBand = new Int32Array(scratchSize);
  byLength = new Int32Array(scratchSize + 2);
  used = new Uint8Array(scratchSize);
  let slots = 1024;
  while (slots < 2 * scratchSize) slots *= 2;
  tableKeys = new Int32Array(slots);
  tableValues = new Int32Array(slots);
}

/**
 * Chains pairs (ph[i] on the host, pc[i] on the corpus side; their token positions in hostPos / corpusPos) into
 * runs, longest first. Every pair ends up in exactly one run; runs shorter than `minLength` pairs are not returned
 * (the matcher never reports a single hit, and most pairs of a busy file are single hits).
 */
export function alignRuns(
  hostPos: Uint32Array,
  corpusPos: Uint32Array,
  ph: ArrayLike<number>,
  pc: ArrayLike<number>,
  minLength = 1,
): Run[] {
  const n = ph.length;
  if (n === 0) return [];
  ensureScratch(n);
  // Small functions, each optimised on its own: a rarely taken branch of one does not deoptimise the others.
  const order = gather(hostPos, corpusPos, ph, pc);
  const longest = chain(n);
  if (longest < minLength) return [];
  return extractRuns(n, longest, minLength, ph, pc, order);
}

/** Fills hp / cp with the pairs' positions in host order; returns the order when the pairs were not in it. */
function gather(
  hostPos: Uint32Array,
  corpusPos: Uint32Array,
  ph: ArrayLike<number>,
  pc: ArrayLike<number>,
): Int32Array | undefined {
  const n = ph.length;
  // Callers (findCandidates) produce pairs in host order and, for one host fingerprint, in corpus order: the sort
  // is skipped then.
  let sorted = true;
  for (let i = 0; i < n; i++) {
    const h = hostPos[ph[i]!]!;
    const c = corpusPos[pc[i]!]!;
    hp[i] = h;
    cp[i] = c;
    if (i > 0 && (h < hp[i - 1]! || (h === hp[i - 1]! && c < cp[i - 1]!))) sorted = false;
  }
  if (sorted) return undefined;
  const order = Int32Array.from(
    Array.from({ length: n }, (_, i) => i).sort(
      (x, y) => hostPos[ph[x]!]! - hostPos[ph[y]!]! || corpusPos[pc[x]!]! - corpusPos[pc[y]!]!,
    ),
  );
  for (let i = 0; i < n; i++) {
    hp[i] = hostPos[ph[order[i]!]!]!;
    cp[i] = corpusPos[pc[order[i]!]!]!;
  }
  return order;
}

/**
 * The longest-chain DP over hp / cp[0, n): best[j] = pairs in the best chain ending at j, prev[j] its predecessor.
 * The skew of two pairs is the difference of their diagonals (corpus position − host position), so a pair's
 * predecessors lie on its own diagonal band or a neighbouring one (bands MAX_SKEW wide). Each band links its pairs
 * in host order; only those within MAX_GAP host tokens are looked at. Returns the longest chain's length.
 */
function chain(n: number): number {
  // The table in use is the first 2^k ≥ 2n slots: clearing it is linear in this call's pairs.
  let slots = 16;
  while (slots < 2 * n) slots *= 2;
  tableMask = slots - 1;
  tableKeys.fill(EMPTY, 0, slots);
  let longest = 1;
  for (let j = 0; j < n; j++) {
    const hj = hp[j]!;
    const cj = cp[j]!;
    const band = Math.floor((cj - hj) / MAX_SKEW);
    let bestLen = 1;
    let bestPrev = -1;
    let bestSkew = MAX_SKEW + 1;
    for (let b = band - 1; b <= band + 1; b++) {
      const slot = bandSlot(b);
      if (tableKeys[slot] === EMPTY) continue;
      for (let i = tableValues[slot]!; i >= 0; i = sameBand[i]!) {
        const dh = hj - hp[i]!;
        if (dh > MAX_GAP) break;
        if (dh <= 0) continue;
        const dc = cj - cp[i]!;
        if (dc <= 0 || dc > MAX_GAP) continue;
        const skew = Math.abs(dh - dc);
        if (skew > MAX_SKEW) continue;
        // The longer chain first; on ties the predecessor on the closest diagonal, then the latest one.
        const len = best[i]! + 1;
        if (len > bestLen || (len === bestLen && (skew < bestSkew || (skew === bestSkew && i > bestPrev)))) {
          bestLen = len;
          bestPrev = i;
          bestSkew = skew;
        }
      }
    }
    best[j] = bestLen;
    prev[j] = bestPrev;
    if (bestLen > longest) longest = bestLen;
    const slot = bandSlot(band);
    if (tableKeys[slot] === EMPTY) {
      tableKeys[slot] = band;
      sameBand[j] = -1;
    } else sameBand[j] = tableValues[slot]!;
    tableValues[slot] = j;
  }
  return longest;
}

/** Chains, longest first, each pair in at most one; those shorter than minLength are left out. */
function extractRuns(
  n: number,
  longest: number,
  minLength: number,
  ph: ArrayLike<number>,
  pc: ArrayLike<number>,
  order: Int32Array | undefined,
): Run[] {
  // Chain ends by chain length, longest first, then by position (a counting sort: lengths are at most n).
  const start = new Int32Array(longest + 2);
  for (let i = 0; i < n; i++) start[longest - best[i]! + 1]!++;
  for (let b = 1; b <= longest + 1; b++) start[b]! += start[b - 1]!;
  for (let i = 0; i < n; i++) byLength[start[longest - best[i]!]!++] = i;
  used.fill(0, 0, n);
  const runs: Run[] = [];
  for (let e = 0; e < n; e++) {
    const end = byLength[e]!;
    if (used[end]) continue;
    if (best[end]! < minLength) break; // ends come longest first: every later chain is shorter still
    const links: number[] = [];
    for (let k = end; k >= 0 && !used[k]; k = prev[k]!) {
      used[k] = 1;
      links.push(k);
    }
    if (links.length < minLength) continue; // the rest of a chain whose head another run took
    links.reverse();
    const host: number[] = new Array(links.length);
    const corpus: number[] = new Array(links.length);
    for (let x = 0; x < links.length; x++) {
      const k = order === undefined ? links[x]! : order[links[x]!]!;
      host[x] = ph[k]!;
      corpus[x] = pc[k]!;
    }
    runs.push({ host, corpus });
  }
  return runs;
}
