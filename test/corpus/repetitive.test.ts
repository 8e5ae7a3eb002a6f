// Abstract-channel matches on code whose structure every project shares — runs of assertions, lists of literals,
// string-keyed option tables — are not evidence of copying and must not become license findings, while a renamed
// copy of real code still is one. Real CLI, real corpus built with `provscan corpus add`, real git repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { structuralVariety } from '../../src/fingerprint/index.js';
import type { ScanResult } from '../../src/model.js';
import { corpusAdd, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { realCode, renameIdentifiers, slice } from './helpers.js';

const assertions = (fn: string, n: number, seed: number) =>
  Array.from({ length: n }, (_, i) => `    expect(${fn}('v${(i * seed) % 97}')).toBe('r${i}');`).join('\n');
const literals = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `  '${prefix}-${i}',`).join('\n');

/** A test file in the style of a UI library's colour tests: describe/test blocks of one-line assertions. */
function upstreamColourTests(): string {
  const block = (fn: string, val: string, n: number, off: number) =>
    Array.from(
      { length: n },
      (_, i) => `\t\texpect( ${fn}( '#${(i + off).toString(16)}${i}' ) ).toBe( '${val}' );`,
    ).join('\n');
  let out = `import { shadeOf, tintOf } from '../colors';\n\n`;
  for (const [fn, vals] of [
    ['shadeOf', ['light', 'dark']],
    ['tintOf', ['#fff', '#000']],
    ['toneOf', ['warm', 'cold']],
  ] as const) {
    out += `describe( '${fn}', () => {\n`;
    vals.forEach((v, k) => {
      out += `\ttest( 'should be ${v}', () => {\n${block(fn, v, 5 + k, k * 7)}\n\t} );\n\n`;
    });
    out += `} );\n\n`;
  }
  return out;
}

/** Our own, unrelated test: a table of license ids and their categories. */
function ourLicenseTests(): string {
  const rows = [
    ['MIT', 'permissive'],
    ['GPL-2.0+', 'strong'],
    ['LGPL-2.1', 'weak'],
    ['MPL-2.0', 'file'],
    ['AGPL-3.0', 'network'],
    ['BUSL-1.1', 'available'],
    ['CC0-1.0', 'pd'],
    ['BSD-3', 'permissive'],
    ['LicenseRef-C', 'proprietary'],
    ['LicenseRef-S', 'available'],
    ['LicenseRef-x', 'unknown'],
    ['Glide', 'unknown'],
  ];
  return `import { describe, expect, it } from 'vitest';\n\ndescribe('categories', () => {\n  it('classifies ids', () => {\n${rows
    .map(([id, cat]) => `    expect(category('${id}')).toBe('${cat}');`)
    .join('\n')}\n  });\n\n  it('knows more', () => {\n    expect(category('X')).toBe('y');\n  });\n});\n`;
}

describe('structural variety', () => {
  it('is low for assertion runs and literal lists, high for real code', () => {
    expect(structuralVariety(assertions('parse', 20, 3), 'javascript').ratio).toBeLessThan(0.4);
    expect(structuralVariety(`const L = [\n${literals(30, 'x')}\n];`, 'javascript').ratio).toBeLessThan(0.4);
    const real = slice(realCode('commander/lib/help.js'), 100, 30).join('\n');
    expect(structuralVariety(real, 'javascript').ratio).toBeGreaterThan(0.6);
  });
});

describe('abstract matches on repetitive code', () => {
  const tmp = tempDir('provscan-repetitive-');
  const repo = TestRepo.create('provscan-repetitive-repo-');
  const db = join(tmp.path, 'gpl.db');
  const help = realCode('commander/lib/help.js');

  beforeAll(async () => {
    const upstream = join(tmp.path, 'upstream');
    mkdirSync(join(upstream, 'test'), { recursive: true });
    writeFileSync(join(upstream, 'test', 'colors.test.js'), upstreamColourTests());
    writeFileSync(join(upstream, 'names.js'), `export const NAMES = [\n${literals(60, 'color')}\n];\n`);
    writeFileSync(join(upstream, 'help.js'), help);
    await corpusAdd(upstream, db, { name: 'gpl-lib', version: '1.0', license: 'GPL-3.0-only' });

    repo.write('package.json', JSON.stringify({ name: 'app', version: '1.0.0', license: 'MIT' }));
    // Without the variety check this matched the colour tests line for line (abstract channel, 100% similar).
    repo.write('test/license.test.js', ourLicenseTests());
    repo.write('src/common.js', `export const COMMON = [\n${literals(40, 'license')}\n];\n`);
    // 40 lines of real code with every identifier renamed: only the abstract channel can see it.
    repo.write('src/render.js', `${renameIdentifiers(slice(help, 120, 40)).join('\n')}\n`);
    repo.commit('Add');
  });
  afterAll(() => {
    repo.cleanup();
    tmp.cleanup();
  });

  it('reports the renamed copy and nothing on the assertion run or the literal list', async () => {
    const { code, json } = await runCliJson<ScanResult>(['scan', repo.path, '--db', db, '--format', 'json', '-q']);
    expect(code).toBe(1);
    const matched = json.files.filter((f) => f.matches.length > 0).map((f) => f.path);
    expect(matched).toEqual(['src/render.js']);
    expect(json.files.find((f) => f.path === 'src/render.js')?.matches[0]?.channel).toBe('abstract');
    expect(json.conflicts.map((c) => c.path)).toEqual(['src/render.js']);
  });
});
