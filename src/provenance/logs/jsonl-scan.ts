// Reads a JSON Lines log in fixed-size chunks and hands over only the lines that contain one of a few byte strings,
// so a multi-gigabyte session log costs one buffer of memory (plus its longest relevant line) and the time to search
// its bytes, and only relevant lines are decoded and parsed.
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time. */
const CHUNK = 1024 * 1024;
/** A single line longer than this is skipped (counted), never buffered whole. */
const MAX_LINE = 64 * 1024 * 1024;

export interface LineScanResult {
  /** Lines longer than the limit, skipped unread. */
  readonly skippedLong: number;
  /** The file did not end with a line break (a log cut short while written): its last line was still offered. */
  readonly unterminated: boolean;
}

/**
 * Calls `onLine` with each line of `file` that contains one of `needles` (every non-empty line when `needles` is
 * undefined), in file order. The last line is offered even without a line break; parsing it may fail, which the
 * caller counts as a truncated record.
 * @throws the fs error when the file cannot be opened or read.
 */
export function scanLines(
  file: string,
  needles: ReadonlyArray<string> | undefined,
  onLine: (line: string) => void,
  limits: { readonly maxLine?: number; readonly chunk?: number } = {},
): LineScanResult {
  const maxLine = limits.maxLine ?? MAX_LINE;
  const fd = openSync(file, 'r');
  let skippedLong = 0;
  let unterminated = false;
  try {
    let buf = Buffer.allocUnsafe(Math.min(limits.chunk ?? CHUNK, maxLine));
    let used = 0;
    let skipping = false; // inside a line longer than maxLine: drop bytes up to its end
    for (;;) {
      if (used === buf.length) {
        if (buf.length >= maxLine) {
          skippedLong++;
          skipping = true;
          used = 0;
        } else {
          const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, maxLine));
          buf.copy(bigger, 0, 0, used);
          buf = bigger;
        }
      }
      const read = readSync(fd, buf, used, buf.length - used, null);
      let end = used + read;
      let from = 0;
      if (skipping) {
        const nl = buf.indexOf(10, used);
        if (nl < 0 || nl >= end) {
          used = 0;
          if (read === 0) break;
          continue;
        }
        skipping = false;
        buf.copy(buf, 0, nl + 1, end);
        end -= nl + 1;
        from = 0;
      }
      const last = read === 0 ? end : buf.lastIndexOf(10, end - 1) + 1;
      if (last > from) {
        if (read === 0 && buf[last - 1] !== 10) unterminated = true;
        for (const [s, e] of matchingLines(buf, from, last, needles)) {
          if (e > s) onLine(buf.toString('utf8', s, e));
        }
      }
      if (read === 0) break;
      buf.copy(buf, 0, last, end);
      used = end - last;
    }
  } finally {
    closeSync(fd);
  }
  return { skippedLong, unterminated };
}

/** [start, end) of the lines in buf[from, to) containing a needle (all lines when none), without the line break. */
function matchingLines(
  buf: Buffer,
  from: number,
  to: number,
  needles: ReadonlyArray<string> | undefined,
): Array<[number, number]> {
  const lineEnd = (at: number) => {
    const nl = buf.indexOf(10, at);
    const e = nl < 0 || nl >= to ? to : nl;
    return e > 0 && buf[e - 1] === 13 ? e - 1 : e; // CRLF
  };
  const out: Array<[number, number]> = [];
  if (needles === undefined) {
    for (let s = from; s < to; ) {
      const nl = buf.indexOf(10, s);
      const next = nl < 0 || nl >= to ? to : nl + 1;
      out.push([s, lineEnd(s)]);
      s = next;
    }
    return out;
  }
  const starts = new Map<number, number>();
  const region = buf.subarray(from, to);
  for (const needle of needles) {
    if (needle === '') continue;
    let at = region.indexOf(needle, 0, 'utf8');
    while (at >= 0) {
      const abs = from + at;
      const start = abs === from ? from : Math.max(from, buf.lastIndexOf(10, abs - 1) + 1);
      const end = lineEnd(abs);
      starts.set(start, end);
      const nl = buf.indexOf(10, abs);
      if (nl < 0 || nl >= to) break;
      at = region.indexOf(needle, nl + 1 - from, 'utf8');
    }
  }
  return [...starts].sort((a, b) => a[0] - b[0]);
}
