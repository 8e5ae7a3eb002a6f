// How every output words a match's similarity: the identical share first, then what matched only after abstraction
// (renamed identifiers, changed literals), so "100%" is never read as "byte for byte" when names were changed.

/** What the wording needs from a match. */
export interface Shares {
  /** Share of the host range's tokens identical to the corpus code. */
  readonly similarity: number;
  /** Share matching only after abstraction. */
  readonly abstractShare?: number;
}

const pct = (x: number): number => Math.round(100 * x);

/** "87% identical" or "41% identical, 52% more after renaming". */
export function similarityText(m: Shares): string {
  const identical = `${pct(m.similarity)}% identical`;
  const renamed = pct(m.abstractShare ?? 0);
  return renamed > 0 ? `${identical}, ${renamed}% more after renaming` : identical;
}

/** Short form for tables: "87%" or "41% + 52% renamed". */
export function similarityShort(m: Shares): string {
  const renamed = pct(m.abstractShare ?? 0);
  return renamed > 0 ? `${pct(m.similarity)}% + ${renamed}% renamed` : `${pct(m.similarity)}%`;
}

/** Share of the range that matched either way (identical or after abstraction). */
export const matchedShare = (m: Shares): number => Math.min(1, m.similarity + (m.abstractShare ?? 0));
