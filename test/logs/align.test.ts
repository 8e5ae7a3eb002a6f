import { describe, expect, it } from 'vitest';
import { alignText, hashedKey, isTrivialLine, lineKey } from '../../src/provenance/logs/align.js';
import { alignKeys } from '../../src/provenance/logs/align.js';

const AI = `function parse(input) {
  const parts = input.split(',');
  return parts.map((p) => p.trim());
}
`;

describe('mapping logged text onto the current file', () => {
  it('finds the written lines where they are now, not where the log put them', () => {
    const current = `// header added later\nimport x from 'x';\n\n${AI}\nexport default parse;\n`;
    expect(alignText(AI, current)).toEqual([{ start: 4, end: 7 }]);
  });

  it('ignores indentation changes made since', () => {
    const current = AI.split('\n')
      .map((l) => `    ${l}`)
      .join('\n');
    expect(alignText(AI, current)).toEqual([{ start: 1, end: 4 }]);
  });

  it('drops a line a human has since changed', () => {
    const current = AI.replace("input.split(',')", "input.split(';')");
    expect(alignText(AI, current)).toEqual([
      { start: 1, end: 1 },
      { start: 3, end: 4 },
    ]);
  });

  it('does not start a span on a lone brace or a blank line', () => {
    expect(alignText('}\n\n{\n', 'int a;\n}\n\n{\nint b;\n')).toEqual([]);
    expect(isTrivialLine('  });')).toBe(true);
    expect(isTrivialLine('return 0;')).toBe(false);
  });

  it('finds nothing in a file that no longer holds the text', () => {
    expect(alignText(AI, 'something else entirely\n')).toEqual([]);
  });

  it('aligns hashed keys exactly like plain keys, without holding the text', () => {
    const current = `x\n${AI}`;
    const plain = alignText(AI, current);
    const hashed = alignKeys(AI.trimEnd().split('\n').map(hashedKey), current.trimEnd().split('\n').map(hashedKey));
    expect(hashed).toEqual(plain);
    expect(hashedKey('return parts;')).not.toContain('parts');
    expect(lineKey('  }')).toBe('~}');
  });
});
