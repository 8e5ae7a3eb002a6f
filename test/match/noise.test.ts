import { describe, expect, it } from 'vitest';
import { mostlyPlumbing } from '../../src/corpus/boilerplate.js';
import { linesOf } from '../../src/corpus/index.js';
import { languageFamily } from '../../src/corpus/match.js';

describe('noise the matcher refuses', () => {
  it('recognises import, require and export plumbing', () => {
    const lines = [
      "import { readFile, writeFile } from 'node:fs';",
      'import {',
      '  join,',
      '  resolve as r,',
      "} from 'node:path';",
      "const a = require('a');",
      'Object.defineProperty(exports, "__esModule", { value: true });',
      '#include <stdio.h>',
      'from os import path',
      '',
    ];
    expect(mostlyPlumbing(lines, 1, lines.length)).toBe(true);
  });

  it('does not take real code for plumbing', () => {
    const lines = [
      'function add(a, b) {',
      '  const sum = a + b;',
      '  if (sum > 10) return sum * 2;',
      '  return sum;',
      '}',
    ];
    expect(mostlyPlumbing(lines, 1, lines.length)).toBe(false);
  });

  it('compares JavaScript with TypeScript and C with C++, but not across families', () => {
    expect(languageFamily('typescript')).toBe(languageFamily('javascript'));
    expect(languageFamily('cpp')).toBe(languageFamily('c'));
    expect(languageFamily('python')).not.toBe(languageFamily('javascript'));
  });

  it("cuts a match's lines out of the text exactly as splitting all of it would", () => {
    for (const text of ['a\nb\nc', 'a\nb\nc\n', '', '\n\n', 'x', 'a\r\nb\r\n\r\nc'])
      for (let start = 1; start <= 5; start++)
        for (let end = start; end <= 6; end++)
          expect(linesOf(text, start, end)).toEqual(text.split('\n').slice(start - 1, end));
  });
});
