// PLACEHOLDER (owned by the fingerprint work): decide whether bytes are scannable source text, and in which language.
import type { SkippedFile } from '../model.js';

export interface PreparedFile {
  readonly path: string;
  readonly text: string;
  readonly language: string;
  readonly lines: number;
}

/** Turns raw bytes into text to fingerprint, or says why the file is skipped (binary, minified, too large, …). */
export function prepareFile(path: string, bytes: Uint8Array): PreparedFile | SkippedFile {
  if (bytes.length === 0) return { path, reason: 'empty' };
  if (bytes.includes(0)) return { path, reason: 'binary' };
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.length === 0 ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  return { path, text, language: 'text', lines };
}

export function isSkipped(x: PreparedFile | SkippedFile): x is SkippedFile {
  return 'reason' in x;
}
