// Line-span arithmetic shared by the scan core, the staged check and the report summary.
import type { LineSpan } from '../model.js';

/** Number of distinct lines covered by possibly overlapping spans. */
export function coveredLines(spans: ReadonlyArray<LineSpan>): number {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  let total = 0;
  let start = 0;
  let end = -1;
  for (const s of sorted) {
    if (s.start > end + 1) {
      if (end >= start) total += end - start + 1;
      start = s.start;
      end = s.end;
    } else if (s.end > end) {
      end = s.end;
    }
  }
  if (end >= start) total += end - start + 1;
  return total;
}

export function overlaps(a: LineSpan, b: LineSpan): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function touchesAny(span: LineSpan, spans: ReadonlyArray<LineSpan>): boolean {
  for (const s of spans) if (overlaps(span, s)) return true;
  return false;
}
