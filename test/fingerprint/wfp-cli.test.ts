import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { wfpForFile } from '../../src/fingerprint/wfp/wfp.js';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/repo.js';

const code = (name: string) =>
  Array.from(
    { length: 40 },
    (_, i) => `export function ${name}${i}(a, b) { return a * ${i} + b - ${name.length}; }\n`,
  ).join('');

describe('provscan wfp', () => {
  const dir = tempDir('provscan-wfp-cli-');
  const outside = tempDir('provscan-wfp-outside-');
  afterAll(() => {
    dir.cleanup();
    outside.cleanup();
  });
  const root = dir.path;
  mkdirSync(join(root, 'src/deep'), { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  mkdirSync(join(root, '__pycache__'), { recursive: true });
  writeFileSync(join(root, 'src/a.js'), code('alpha'));
  writeFileSync(join(root, 'src/deep/b.py'), code('beta').replace(/\n/g, '\r\n'));
  writeFileSync(join(root, 'src/logo.bin'), Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1, 2]));
  writeFileSync(join(root, 'src/empty.c'), '');
  writeFileSync(join(root, 'package.json'), '{"name": "x"}\n');
  writeFileSync(join(root, 'README.md'), '# hello\n');
  writeFileSync(join(root, 'LICENSE'), 'MIT\n');
  writeFileSync(join(root, '.git/config'), code('hidden'));
  writeFileSync(join(root, '__pycache__/c.py'), code('cache'));
  writeFileSync(join(outside.path, 'secret.js'), code('secret'));
  symlinkSync(join(outside.path, 'secret.js'), join(root, 'src/link.js'));
  symlinkSync(outside.path, join(root, 'linked-dir'));

  it('fingerprints the files a SCANOSS client would, in path order, skipping symlinks and empty files', async () => {
    const res = await runCli(['wfp', root]);
    expect(res.code).toBe(0);
    const files = [...res.stdout.matchAll(/^file=[0-9a-f]{32},\d+,(.*)$/gm)].map((m) => m[1]);
    expect(files).toEqual(['src/a.js', 'src/deep/b.py', 'src/logo.bin']);
    expect(res.stdout).not.toContain('secret');
  });

  it('writes the same blocks as the library for each file, binary files with the file line only', async () => {
    const res = await runCli(['wfp', root]);
    const expected =
      wfpForFile('src/a.js', readFileSync(join(root, 'src/a.js'))) +
      wfpForFile('src/deep/b.py', readFileSync(join(root, 'src/deep/b.py'))) +
      wfpForFile('src/logo.bin', readFileSync(join(root, 'src/logo.bin')), { binary: true });
    expect(res.stdout).toBe(expected);
    expect(res.stdout).toMatch(/,src\/logo\.bin\n(file=|$)/);
  });

  it('writes a single file to -o atomically and names it as given', async () => {
    const out = join(root, 'out.wfp');
    const res = await runCli(['wfp', join(root, 'src/a.js'), '-o', out]);
    expect(res.code).toBe(0);
    expect(res.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith(`file=`)).toBe(true);
    expect(text).toContain(`,${join(root, 'src/a.js')}\n`);
    expect(text).toMatch(/^\d+=[0-9a-f]{8}/m);
  });

  it('exits 2 naming the path when it does not exist, and for a bad --max-size', async () => {
    const missing = await runCli(['wfp', join(root, 'nope')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`${join(root, 'nope')}: no such file or folder`);
    const bad = await runCli(['wfp', root, '--max-size', 'lots']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--max-size');
  });
});
