// Streams one big JSON document (a task's whole conversation as one array, a chat session as one object) without
// holding it whole: the bytes are read in chunks and split at the elements of one array — the top-level array, or
// the array under one top-level key — and each element is parsed on its own. Memory is one chunk plus the largest
// element. Top-level fields other than that array are parsed too when they are small (ids, folders, titles).
import { closeSync, openSync, readSync } from 'node:fs';

const CHUNK = 1024 * 1024;
/** An element larger than this is skipped (counted), never buffered whole. */
const MAX_ELEMENT = 64 * 1024 * 1024;
/** Top-level fields larger than this are not kept. */
const MAX_FIELD = 1024 * 1024;

export interface JsonScanOptions {
  /** With a top-level object: the key of the array whose elements are streamed. A top-level array is always streamed. */
  readonly arrayKey?: string;
  /** Only elements containing one of these byte strings are parsed (all when absent). */
  readonly needles?: ReadonlyArray<string>;
  readonly maxElement?: number;
  /** Bytes read at a time (tests use small ones to cross chunk boundaries everywhere). */
  readonly chunk?: number;
}

export interface JsonScanResult {
  /** Small top-level fields of an object document (values parsed). */
  readonly fields: Readonly<Record<string, unknown>>;
  /** Elements that were not valid JSON. */
  readonly malformed: number;
  /** Elements over the size limit, skipped. */
  readonly skipped: number;
  /** The document ends before it is closed (cut short while written). */
  readonly truncated: boolean;
  /** The document is neither an array nor an object. */
  readonly notJson: boolean;
}

type Capture = { kind: 'element' | 'field' | 'key'; depth: number; container: boolean; pieces: Buffer[]; size: number };

/**
 * Calls `onElement` with each parsed element, in document order.
 * @throws the fs error when the file cannot be opened or read.
 */
export function scanJsonArray(
  file: string,
  onElement: (value: unknown) => void,
  options: JsonScanOptions = {},
): JsonScanResult {
  const maxElement = options.maxElement ?? MAX_ELEMENT;
  const fields: Record<string, unknown> = {};
  let malformed = 0;
  let skipped = 0;
  let notJson = false;

  let depth = 0;
  let top: number = 0; // '[' (91) or '{' (123) once seen
  let inString = false;
  let backslashes = 0; // consecutive backslashes just before the current position, inside a string
  let expectKey = false; // top-level object: the next string at depth 1 is a key
  let key: string | undefined;
  let arrayDepth = -1; // depth inside the streamed array (elements start there)
  let capture: Capture | undefined;
  let captureFrom = -1; // start of the capture inside the current chunk
  let skippingElement = false;

  const begin = (kind: Capture['kind'], container: boolean, at: number) => {
    capture = { kind, depth, container, pieces: [], size: 0 };
    captureFrom = at;
  };
  const finish = (buf: Buffer, end: number) => {
    const c = capture as Capture;
    capture = undefined;
    if (skippingElement) {
      skippingElement = false;
      return;
    }
    c.pieces.push(buf.subarray(captureFrom, end));
    const bytes = c.pieces.length === 1 ? (c.pieces[0] as Buffer) : Buffer.concat(c.pieces);
    if (c.kind === 'key') {
      try {
        key = JSON.parse(bytes.toString('utf8')) as string;
      } catch {
        key = undefined;
      }
      return;
    }
    if (c.kind === 'field') {
      if (key !== undefined && bytes.length <= MAX_FIELD) {
        try {
          fields[key] = JSON.parse(bytes.toString('utf8'));
        } catch {}
      }
      return;
    }
    if (options.needles && !options.needles.some((n) => bytes.includes(n))) return;
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8'));
    } catch {
      malformed++;
      return;
    }
    onElement(value);
  };
  /** A value starts at `at` (its first byte `c`) in the container at the current depth. */
  const valueStart = (c: number, at: number) => {
    const container = c === 123 || c === 91;
    if (depth === 0) {
      if (c === 91) {
        top = 91;
        arrayDepth = 1;
      } else if (c === 123) {
        top = 123;
        expectKey = true;
      } else notJson = true;
      return;
    }
    if (capture) return;
    if (depth === arrayDepth) begin('element', container, at);
    else if (depth === 1 && top === 123) {
      if (expectKey && c === 34) {
        begin('key', false, at);
        return;
      }
      if (key === options.arrayKey && c === 91) arrayDepth = 2;
      else begin('field', container, at);
    }
  };
  const keep = (buf: Buffer, end: number) => {
    if (!capture || captureFrom < 0 || skippingElement) return;
    const piece = Buffer.from(buf.subarray(captureFrom, end));
    capture.size += piece.length;
    if (capture.kind === 'element' && capture.size > maxElement) {
      skippingElement = true;
      skipped++;
      capture.pieces = [];
      return;
    }
    if (capture.kind !== 'element' && capture.size > MAX_FIELD) {
      skippingElement = true; // a huge field: not kept
      capture.pieces = [];
      return;
    }
    capture.pieces.push(piece);
  };

  const fd = openSync(file, 'r');
  try {
    const size = options.chunk ?? CHUNK;
    const buf = Buffer.allocUnsafe(size);
    let first = true;
    for (;;) {
      const n = readSync(fd, buf, 0, size, null);
      if (n === 0) break;
      if (capture) captureFrom = 0;
      let i = 0;
      if (first) {
        first = false;
        if (n >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) i = 3; // UTF-8 byte order mark
      }
      while (i < n && !notJson) {
        if (inString) {
          const q = buf.indexOf(34, i);
          if (q < 0 || q >= n) {
            let t = 0;
            while (t < n - i && buf[n - 1 - t] === 92) t++;
            backslashes = t === n - i ? backslashes + t : t;
            i = n;
            break;
          }
          let k = 0;
          while (k < q - i && buf[q - 1 - k] === 92) k++;
          if (k === q - i) k += backslashes;
          backslashes = 0;
          i = q + 1;
          if (k % 2 === 1) continue; // an escaped quote
          inString = false;
          if (capture && !capture.container && capture.depth === depth) {
            const kind = capture.kind;
            finish(buf, i);
            if (kind === 'key') expectKey = false;
          }
          continue;
        }
        const c = buf[i] as number;
        if (c === 34) {
          valueStart(c, i);
          inString = true;
          backslashes = 0;
          i++;
        } else if (c === 123 || c === 91) {
          valueStart(c, i);
          depth++;
          i++;
        } else if (c === 125 || c === 93) {
          endPrimitive(buf, i);
          depth--;
          i++;
          if (capture?.container && capture.depth === depth) finish(buf, i);
          if (depth < arrayDepth) arrayDepth = -1;
        } else if (c === 44) {
          endPrimitive(buf, i);
          if (depth === 1 && top === 123) expectKey = true;
          i++;
        } else if (c === 58 || c === 32 || c === 10 || c === 13 || c === 9) {
          endPrimitive(buf, i);
          i++;
        } else {
          valueStart(c, i);
          i++;
        }
      }
      keep(buf, n);
      if (capture) captureFrom = 0;
    }
  } finally {
    closeSync(fd);
  }
  return { fields, malformed, skipped, truncated: depth > 0 || inString, notJson: notJson || top === 0 };

  function endPrimitive(buf: Buffer, at: number): void {
    if (capture && !capture.container && capture.depth === depth && !inString && capture.kind !== 'key') {
      // a number, true, false or null ends at the first delimiter
      const first = capture.pieces.length > 0 ? capture.pieces[0]?.[0] : buf[captureFrom];
      if (first !== 34) finish(buf, at);
    }
  }
}
