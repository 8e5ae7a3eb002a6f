// Line ranges as people read them: merged, sorted, "12-40,55-60".
import type { LineSpan } from '../model.js';

/** Merges overlapping or adjacent spans into sorted disjoint spans. */
export function mergeSpans(spans: ReadonlyArray<LineSpan>): LineSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start <= last.end + 1) last.end = Math.max(last.end, s.end);
    else out.push({ start: s.start, end: s.end });
  }
  return out;
}

/** `12-40,55-60` (a single line is written `7`). */
export function formatSpans(spans: ReadonlyArray<LineSpan>, dash = '-', sep = ','): string {
  return mergeSpans(spans)
    .map((s) => (s.start === s.end ? `${s.start}` : `${s.start}${dash}${s.end}`))
    .join(sep);
}

/** Deterministic string order (code unit order, not locale order: identical on every machine). */
function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function uniqueSorted(values: Iterable<string>): string[] {
  return [...new Set(values)].sort(byString);
}
