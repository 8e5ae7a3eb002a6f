// The two-threshold blame: lines whose text repeats in the file take the strict blame's owner, the others git's.
import { describe, expect, it } from 'vitest';
import { mergeRepeated, repeatedLines } from '../../src/git/blame.js';

describe('repeatedLines', () => {
  it('lists every occurrence of a line that repeats and has a letter or digit', () => {
    const text = 'a = 1\n}\nb = 2\n}\na = 1\n\n\nb = 2\nc\n';
    expect([...repeatedLines(Buffer.from(text))].sort((x, y) => x - y)).toEqual([1, 3, 5, 8]);
  });

  it('compares exact text: indentation makes a different line', () => {
    expect(repeatedLines(Buffer.from('  key: true\n    key: true\n')).size).toBe(0);
  });
});

describe('mergeRepeated', () => {
  const low = [
    { sha: 'old', start: 1, count: 3 },
    { sha: 'new', start: 4, count: 2 },
  ];
  const strict = [
    { sha: 'new', start: 1, count: 1 },
    { sha: 'mid', start: 2, count: 4 },
  ];

  it('takes the strict owner for repeated lines only, and joins adjacent lines of one commit', () => {
    expect(mergeRepeated(low, strict, new Set([2, 3]))).toEqual([
      { sha: 'old', start: 1, count: 1 },
      { sha: 'mid', start: 2, count: 2 },
      { sha: 'new', start: 4, count: 2 },
    ]);
  });

  it('returns the first blame unchanged when no line repeats', () => {
    expect(mergeRepeated(low, strict, new Set())).toEqual(low);
  });
});
