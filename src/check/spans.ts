// Line-span predicates the staged check uses to keep only what touches staged lines.
import type { LineSpan } from '../model.js';

export function overlaps(a: LineSpan, b: LineSpan): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export function touchesAny(span: LineSpan, spans: ReadonlyArray<LineSpan>): boolean {
  for (const s of spans) if (overlaps(span, s)) return true;
  return false;
}
