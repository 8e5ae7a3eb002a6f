// Decides whether raw bytes are scannable source text, and in which language. Runs on every file, so it looks at
// the bytes once (NUL, control bytes, line lengths) before paying for UTF-8 decoding.
import { isUtf8 } from 'node:buffer';
import type { SkippedFile } from '../model.js';
import { generatedBy, GENERATED_HEADER_CHARS } from './generated.js';
import { detectLanguage } from './language.js';

export interface PreparedFile {
  readonly path: string;
  readonly text: string;
  readonly language: string;
  readonly lines: number;
}

export interface PrepareOptions {
  /** Files larger than this are skipped as `too-large` (default 10 MB). */
  readonly maxBytes?: number;
  /** A line longer than this marks the file `minified` (default 100 kB). */
  readonly maxLineBytes?: number;
}

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_MAX_LINE_BYTES = 100 * 1024;
/** Average line length above which a file of more than a few lines is minified (bundles, packed data). */
const MINIFIED_AVERAGE_LINE = 300;
/** Control bytes (other than tab, line breaks, form feed, escape) per byte of the head above which it is binary. */
const CONTROL_RATIO = 0.1;
const HEAD_BYTES = 8192;

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

function mb(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Why bytes are binary (NUL bytes, or many control bytes in the first 8 KB), or undefined for text. */
export function binaryReason(bytes: Uint8Array): string | undefined {
  if (bytes.indexOf(0) >= 0) return 'contains NUL bytes';
  const head = Math.min(bytes.length, HEAD_BYTES);
  let control = 0;
  for (let i = 0; i < head; i++) {
    const b = bytes[i]!;
    if (b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27) control++;
  }
  return control > head * CONTROL_RATIO ? 'control bytes' : undefined;
}

/** 'utf-16le' or 'utf-16be' when the bytes start with that byte order mark (and are not UTF-32's). */
function utf16Encoding(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (bytes.length < 2) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes[2] === 0 && bytes[3] === 0 ? undefined : 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return undefined;
}

/** UTF-16 text (its byte order mark dropped), or undefined when the bytes are not valid in that encoding. */
function utf16Text(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * UTF-8 text (a leading byte order mark dropped), or undefined when the bytes are not valid UTF-8. Node's simdutf
 * check plus a plain decode: faster than a fatal TextDecoder.
 */
function utf8Text(bytes: Uint8Array): string | undefined {
  if (!isUtf8(bytes)) return undefined;
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = view.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/**
 * The text of a source file as a scan reads it: UTF-16 when it starts with that byte order mark, UTF-8 otherwise;
 * undefined when it is not valid in that encoding. For readers of scanned files (report excerpts).
 */
export function decodeSource(bytes: Uint8Array): string | undefined {
  const utf16 = utf16Encoding(bytes);
  return utf16 ? utf16Text(bytes, utf16) : utf8Text(bytes);
}

/** Turns raw bytes into text to fingerprint, or says why the file is skipped (binary, minified, too large, …). */
export function prepareFile(path: string, raw: Uint8Array, options: PrepareOptions = {}): PreparedFile | SkippedFile {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  if (raw.length === 0) return { path, reason: 'empty' };
  if (raw.length > maxBytes) return { path, reason: 'too-large', detail: `${mb(raw.length)} > ${mb(maxBytes)} limit` };
  // UTF-16 text (Windows editors and tools write it with a byte order mark) is read as the UTF-8 it would be: its
  // zero bytes do not make it binary.
  const utf16 = utf16Encoding(raw);
  let bytes = raw;
  if (utf16 !== undefined) {
    const decoded = utf16Text(raw, utf16);
    const name = utf16.toUpperCase();
    if (decoded === undefined)
      return { path, reason: 'binary', detail: `a ${name} byte order mark, but not ${name} text` };
    if (decoded === '') return { path, reason: 'empty' };
    bytes = Buffer.from(decoded, 'utf8');
  }
  const size = bytes.length;
  const binary = binaryReason(bytes);
  if (binary !== undefined) return { path, reason: 'binary', detail: binary };

  // Line statistics over the bytes (multi-byte UTF-8 counts per byte: close enough for the limits).
  let newlines = 0;
  let longest = 0;
  let lineStart = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) {
    newlines++;
    if (i - lineStart > longest) longest = i - lineStart;
    lineStart = i + 1;
  }
  if (size - lineStart > longest) longest = size - lineStart;
  const lines = newlines + (bytes[size - 1] === 10 ? 0 : 1);
  const name = baseName(path);
  if (longest > maxLine) return { path, reason: 'minified', detail: `a line of ${longest} bytes` };
  if (/\.min\.(js|mjs|cjs|css)$/i.test(name)) return { path, reason: 'minified', detail: 'minified file name' };
  // Prose (Markdown, plain text) keeps a paragraph on one line: long average lines only mean minified in code.
  if (lines >= 3 && size / lines > MINIFIED_AVERAGE_LINE && detectLanguage(path) !== 'text')
    return { path, reason: 'minified', detail: `average line of ${Math.round(size / lines)} bytes` };

  const text = utf8Text(bytes);
  if (text === undefined) return { path, reason: 'invalid-utf8' };
  let blank = true;
  for (let i = 0; i < text.length && blank; i++) {
    const c = text.charCodeAt(i);
    if (!(c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xfeff)) blank = false;
  }
  if (blank) return { path, reason: 'empty', detail: 'only whitespace' };

  const generated = generatedBy(
    name,
    text.length > GENERATED_HEADER_CHARS ? text.slice(0, GENERATED_HEADER_CHARS) : text,
  );
  if (generated !== undefined) return { path, reason: 'generated', detail: generated };

  return { path, text, language: detectLanguage(path, text), lines };
}

export function isSkipped(x: PreparedFile | SkippedFile): x is SkippedFile {
  return 'reason' in x;
}
