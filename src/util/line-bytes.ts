// Where lines sit in a file's bytes: SPDX snippets locate a match by byte range (1-based, both ends included), not
// only by lines. Lines end at LF (a CR before it belongs to the line); UTF-16 files count 2-byte code units.
import type { LineSpan } from '../model.js';

/** A 1-based, inclusive byte range. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Returns a function giving the byte range of lines START..END of `bytes` (a line includes its line feed). */
export function lineByteRanges(bytes: Uint8Array): (span: LineSpan) => ByteRange | undefined {
  const le = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
  const be = bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff;
  const unit = le || be ? 2 : 1;
  // starts[i]: 0-based offset of line i+1
  const starts: number[] = [0];
  for (let i = 0; i + unit - 1 < bytes.length; i += unit) {
    const lf =
      unit === 1
        ? bytes[i] === 0x0a
        : le
          ? bytes[i] === 0x0a && bytes[i + 1] === 0
          : bytes[i] === 0 && bytes[i + 1] === 0x0a;
    if (lf && i + unit < bytes.length) starts.push(i + unit);
  }
  return (span) => {
    const first = starts[span.start - 1];
    if (first === undefined || span.end < span.start || bytes.length === 0) return undefined;
    const next = starts[span.end]; // start of the line after the span
    const last = next === undefined ? bytes.length : next;
    return { start: first + 1, end: Math.max(first + 1, last) };
  };
}
