import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ScannerEvents, WfpCalculator, WinnowingMode } from 'scanoss';
import { afterAll, describe, expect, it } from 'vitest';
import { crc32c } from '../../src/fingerprint/wfp/crc32c.js';
import { wfpSkipsDir, wfpSkipsFile } from '../../src/fingerprint/wfp/skip.js';
import { wfpForFile } from '../../src/fingerprint/wfp/wfp.js';
import { realCodePath } from '../corpus/helpers.js';

/** Runs the scanoss npm client's own WFP calculator over files of `root`; returns its WFP block per path. */
async function scanossWfp(root: string, names: string[], hpsm = false): Promise<Map<string, string>> {
  const calc = new WfpCalculator();
  let text = '';
  calc.on(ScannerEvents.WINNOWING_NEW_CONTENT, (pkg: { getContent(): string }) => {
    text += pkg.getContent();
  });
  await calc.start({
    fileList: names.map((n) => join(root, n)),
    folderRoot: `${root}/`,
    ...(hpsm ? { winnowingMode: WinnowingMode.FULL_WINNOWING_HPSM } : {}),
  });
  const blocks = new Map<string, string>();
  for (const block of text.split(/^(?=file=)/m)) {
    const path = /^file=[0-9a-f]+,\d+,(.*)$/m.exec(block)?.[1];
    if (path !== undefined) blocks.set(path, block);
  }
  return blocks;
}

const dir = mkdtempSync(join(tmpdir(), 'provscan-wfp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Real source files of several languages and sizes (commander's command.js is long enough to hit the size cap).
const sources: Record<string, string> = {
  'command.js': realCodePath('commander/lib/command.js'),
  'help.js': realCodePath('commander/lib/help.js'),
  'index.d.ts': realCodePath('commander/typings/index.d.ts'),
  'winnow.ts': 'src/fingerprint/winnow.ts',
  'lexer.ts': 'src/fingerprint/lex/lexer.ts',
};
for (const [name, from] of Object.entries(sources)) copyFileSync(from, join(dir, name));
const help = readFileSync(join(dir, 'help.js'), 'utf8');
writeFileSync(join(dir, 'help-crlf.js'), help.replace(/\n/g, '\r\n'));
writeFileSync(join(dir, 'mixed.c'), 'int a;\r\nint b;\nint c;\rint d;\n'.repeat(40));
writeFileSync(
  join(dir, 'unicode.py'),
  Array.from(
    { length: 60 },
    (_, i) => `def größe_${i}(名前, naïve="héllo wörld ${i}"):\n    return f"{名前}: Ωμέγα {naïve!r} — ✓"\n`,
  ).join(''),
);
writeFileSync(join(dir, 'tiny.go'), 'package main\n');
writeFileSync(
  join(dir, 'no-newline.rs'),
  'fn main() { println!("no line feed at all, but enough characters to form several grams of thirty"); }'.repeat(30),
);

describe('SCANOSS WFP', () => {
  const names = Object.keys(sources).concat(['help-crlf.js', 'mixed.c', 'unicode.py', 'tiny.go', 'no-newline.rs']);

  it('matches the scanoss npm client byte for byte on real, CRLF, mixed line ending and non-ASCII files', async () => {
    const theirs = await scanossWfp(dir, names);
    expect(theirs.size).toBe(names.length);
    for (const name of names) {
      const ours = wfpForFile(name, readFileSync(join(dir, name)));
      expect(ours, name).toBe(theirs.get(name));
    }
    // The long file really was cut at the client's 32 KiB limit, and the others carry snippet lines.
    expect(theirs.get('command.js')!.length).toBeLessThanOrEqual(32 * 1024 + 1);
    expect(theirs.get('help.js')).toMatch(/^\d+=[0-9a-f]{8}(,[0-9a-f]{8})*$/m);
  });

  it('matches the scanoss npm client with HPSM line hashes', async () => {
    const theirs = await scanossWfp(dir, names, true);
    for (const name of names) {
      expect(wfpForFile(name, readFileSync(join(dir, name)), { hpsm: true }), name).toBe(theirs.get(name));
    }
  });

  it('writes only the file line for binary content', () => {
    const bytes = Uint8Array.from([0, 1, 2, 10, 3]);
    const md5 = createHash('md5').update(bytes).digest('hex');
    expect(wfpForFile('a.bin', bytes, { binary: true })).toBe(`file=${md5},5,a.bin\n`);
  });

  it('computes CRC-32C with the Castagnoli check value', () => {
    expect(crc32c(new TextEncoder().encode('123456789'))).toBe(0xe3069283);
  });

  it('skips the files and folders the SCANOSS clients skip', () => {
    expect(wfpSkipsFile('package.json')).toBe(true);
    expect(wfpSkipsFile('README.md')).toBe(true);
    expect(wfpSkipsFile('LICENSE')).toBe(true);
    expect(wfpSkipsFile('.eslintrc.js')).toBe(true);
    expect(wfpSkipsFile('app.min.js')).toBe(false);
    expect(wfpSkipsFile('main.c')).toBe(false);
    expect(wfpSkipsDir('.git')).toBe(true);
    expect(wfpSkipsDir('__pycache__')).toBe(true);
    expect(wfpSkipsDir('foo.egg-info')).toBe(true);
    expect(wfpSkipsDir('src')).toBe(false);
  });
});
