// Byte ranges of line spans (SPDX snippets): 1-based, both ends included, a line's LF belongs to it.
import { describe, expect, it } from 'vitest';
import { lineByteRanges } from '../../src/util/line-bytes.js';

describe('lineByteRanges', () => {
  it('counts bytes, not characters, and includes the line feed of the last line', () => {
    const bytes = Buffer.from('ä\nb\r\nc\n', 'utf8'); // "ä" is two bytes
    const range = lineByteRanges(bytes);
    expect(range({ start: 1, end: 1 })).toEqual({ start: 1, end: 3 });
    expect(range({ start: 2, end: 3 })).toEqual({ start: 4, end: 8 });
    expect(bytes.subarray(3, 8).toString()).toBe('b\r\nc\n');
  });

  it('ends a last line without a line feed at the end of the file, and knows no line past it', () => {
    const range = lineByteRanges(Buffer.from('one\ntwo'));
    expect(range({ start: 2, end: 2 })).toEqual({ start: 5, end: 7 });
    expect(range({ start: 3, end: 3 })).toBeUndefined();
  });

  it('counts UTF-16 files in 2-byte units', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('a\nb\n', 'utf16le')]);
    expect(lineByteRanges(le)({ start: 2, end: 2 })).toEqual({ start: 7, end: 10 });
  });
});
