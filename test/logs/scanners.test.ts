import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { addedLines, alignKeys, lineKey, splitLines } from '../../src/provenance/logs/align.js';
import { parsePatch, patchEdits, unifiedDiffEdits } from '../../src/provenance/logs/apply-patch.js';
import { editsFromArgs, searchReplaceBlocks } from '../../src/provenance/logs/edit-args.js';
import { scanJsonArray } from '../../src/provenance/logs/json-scan.js';
import { scanLines } from '../../src/provenance/logs/jsonl-scan.js';
import { tempDir } from '../helpers/repo.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function file(name: string, content: string): string {
  const dir = tempDir('provscan-scan-');
  cleanups.push(dir.cleanup);
  const f = join(dir.path, name);
  writeFileSync(f, content);
  return f;
}

describe('reading JSON Lines logs in chunks', () => {
  const lines = Array.from({ length: 300 }, (_, i) =>
    JSON.stringify({ n: i, kind: i % 7 === 0 ? 'wanted' : 'chatter', pad: 'é'.repeat(i % 50) }),
  );

  it('hands over exactly the lines containing a needle, whatever the chunk size', () => {
    const f = file('log.jsonl', `${lines.join('\n')}\n`);
    const expected = lines.filter((l) => l.includes('"wanted"'));
    for (const chunk of [1, 7, 64, 1000, 1 << 20]) {
      const got: string[] = [];
      scanLines(f, ['"wanted"'], (l) => got.push(l), { chunk });
      expect(got, `chunk ${chunk}`).toEqual(expected);
    }
  });

  it('offers a last line without a line break and says the log was cut short', () => {
    const f = file('cut.jsonl', `${lines.slice(0, 3).join('\n')}\n{"n": 3, "kind": "wan`);
    const got: string[] = [];
    const res = scanLines(f, undefined, (l) => got.push(l), { chunk: 16 });
    expect(got).toHaveLength(4);
    expect(got[3]).toBe('{"n": 3, "kind": "wan');
    expect(res.unterminated).toBe(true);
  });

  it('skips a line longer than the limit without buffering it, and goes on after it', () => {
    const long = JSON.stringify({ kind: 'wanted', blob: 'x'.repeat(5000) });
    const f = file('long.jsonl', [lines[0], long, lines[7], ''].join('\r\n'));
    const got: string[] = [];
    const res = scanLines(f, ['"wanted"'], (l) => got.push(l), { maxLine: 1024, chunk: 256 });
    expect(res.skippedLong).toBe(1);
    expect(got).toEqual([lines[0], lines[7]]);
  });
});

describe('streaming the elements of one big JSON document', () => {
  // strings with escaped quotes and runs of backslashes, so chunk boundaries fall inside escapes
  const messages = Array.from({ length: 40 }, (_, i) => ({
    role: i % 2 ? 'assistant' : 'user',
    content: [{ type: 'text', text: `say \\"hi\\" ${'\\\\'.repeat(i % 4)}\\" [${i}] {nested: "}"}` }],
    n: i,
  }));

  it('gives every element of a top-level array, equal to parsing the document whole, at every chunk size', () => {
    const f = file('history.json', JSON.stringify(messages, null, 1));
    for (let chunk = 1; chunk <= 48; chunk++) {
      const got: unknown[] = [];
      const res = scanJsonArray(f, (v) => got.push(v), { chunk });
      expect(got, `chunk ${chunk}`).toEqual(messages);
      expect(res.truncated).toBe(false);
    }
  });

  it('streams the array under one key of an object and keeps the small fields around it', () => {
    const doc = {
      sessionId: 'abc',
      title: 'T "q"',
      history: messages,
      workspaceDirectory: 'file:///w',
      n: 3,
      ok: true,
      x: null,
    };
    const f = file('session.json', `\ufeff${JSON.stringify(doc)}`);
    for (const chunk of [3, 17, 1 << 20]) {
      const got: unknown[] = [];
      const res = scanJsonArray(f, (v) => got.push(v), { arrayKey: 'history', chunk });
      expect(got).toEqual(messages);
      expect(res.fields).toEqual({
        sessionId: 'abc',
        title: 'T "q"',
        workspaceDirectory: 'file:///w',
        n: 3,
        ok: true,
        x: null,
      });
    }
  });

  it('parses only elements containing a needle, and reports a document cut short', () => {
    const text = JSON.stringify(messages);
    const f = file('cut.json', text.slice(0, Math.floor(text.length * 0.6)));
    const got: Array<{ n: number }> = [];
    const res = scanJsonArray(f, (v) => got.push(v as { n: number }), { needles: ['[1', '[2'], chunk: 50 });
    expect(res.truncated).toBe(true);
    expect(got.length).toBeGreaterThan(0);
    expect(got.every((m) => /^[12]/.test(String(m.n)))).toBe(true);
  });

  it('counts malformed elements and skips oversized ones without stopping', () => {
    const f = file('bad.json', `[{"a":1}, {"b": tru}, {"big": "${'y'.repeat(300)}"}, {"c":3}]`);
    const got: unknown[] = [];
    const res = scanJsonArray(f, (v) => got.push(v), { chunk: 32, maxElement: 100 });
    expect(got).toEqual([{ a: 1 }, { c: 3 }]);
    expect(res.malformed).toBe(1);
    expect(res.skipped).toBe(1);
  });

  it('says so when the file is not a JSON array or object', () => {
    expect(scanJsonArray(file('x.json', '"just a string"'), () => {}).notJson).toBe(true);
    expect(scanJsonArray(file('y.json', ''), () => {}).notJson).toBe(true);
  });
});

describe('what edits write', () => {
  it('counts only the lines a replacement adds; the lines it repeats are context', () => {
    expect(addedLines('a\nb\nc', 'a\nB\nc\nd')).toEqual([1, 3]);
    expect(addedLines('', 'x\ny')).toEqual([0, 1]);
    expect(addedLines('x\nx', 'x\nx\nx')).toEqual([2]);
  });

  it('marks only the counted lines when aligning, while the context still places them', () => {
    const current = ['function f() {', '  return 1;', '}', 'function g() {', '  return 1;', '  call();', '}'];
    const logged = ['function g() {', '  return 1;', '  call();', '}'];
    const keys = (l: string[]) => l.map(lineKey);
    expect(alignKeys(keys(logged), keys(current), [2])).toEqual([{ start: 6, end: 6 }]);
    expect(alignKeys(keys(logged), keys(current))).toEqual([{ start: 4, end: 7 }]);
  });

  it('reads apply_patch bodies: added files whole, updated hunks with their context, moves, several files', () => {
    const patch = [
      '*** Begin Patch',
      '*** Add File: src/new.ts',
      '+export const a = 1;',
      '+export const b = 2;',
      '*** Update File: src/old.ts',
      '*** Move to: src/renamed.ts',
      '@@ class A',
      ' keep();',
      '-drop();',
      '+added();',
      ' tail();',
      '@@',
      '-gone();',
      '*** Delete File: src/dead.ts',
      '*** End Patch',
    ].join('\n');
    expect(patchEdits(`bash -lc "apply_patch <<'EOF'\n${patch}\nEOF"`)).toEqual([
      { path: 'src/new.ts', text: 'export const a = 1;\nexport const b = 2;', only: [0, 1] },
      { path: 'src/renamed.ts', text: 'keep();\nadded();\ntail();', only: [1] },
    ]);
    expect(parsePatch('*** Update File: x\n@@\n-only removed\n')).toEqual([]);
  });

  it('reads unified diffs hunk by hunk', () => {
    const diff = '--- a/x.ts\n+++ b/x.ts\n@@ -1,3 +1,3 @@\n a();\n-b();\n+B();\n c();\n@@ -9 +9,2 @@\n z();\n+y();\n';
    expect(unifiedDiffEdits('x.ts', diff)).toEqual([
      { path: 'x.ts', text: 'a();\nB();\nc();', only: [1] },
      { path: 'x.ts', text: 'z();\ny();', only: [1] },
    ]);
  });

  it('reads SEARCH/REPLACE blocks in Cline, Roo Code and aider markers', () => {
    const cline = '------- SEARCH\nold();\n=======\nold();\nnew();\n+++++++ REPLACE';
    const roo = '<<<<<<< SEARCH\n:start_line:10\n-------\nold();\n=======\nnewer();\n>>>>>>> REPLACE';
    expect(searchReplaceBlocks(cline)).toEqual([{ text: 'old();\nnew();', only: [1] }]);
    expect(searchReplaceBlocks(roo)).toEqual([{ text: 'newer();', only: [0] }]);
  });

  it('finds the file and text under each agent’s argument names', () => {
    expect(editsFromArgs({ filePath: '/r/a.ts', oldString: 'x', newString: 'x\ny' })).toEqual([
      { file: '/r/a.ts', text: 'x\ny', only: [1] },
    ]);
    expect(editsFromArgs({ target_file: 'a.ts', code_edit: '// ... existing code ...\nz();' })).toEqual([
      { file: 'a.ts', text: '// ... existing code ...\nz();' },
    ]);
    expect(editsFromArgs({ file_path: 'a.ts', edits: [{ old_string: 'p', new_string: 'q' }] })).toEqual([
      { file: 'a.ts', text: 'q', only: [0] },
    ]);
    expect(editsFromArgs({ command: 'ls' })).toEqual([]);
    expect(splitLines(editsFromArgs({ path: 'a.ts', content: 'l1\nl2\n' })[0]?.text ?? '')).toEqual(['l1', 'l2']);
  });
});
