// A scanned tree and saved results shaped to break a scanner (issue 13's sweep): names at the file system's limits,
// one line of megabytes, NUL bytes in a saved scan's paths. None may end in exit 3 or a stack trace.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

describe('a hostile tree', () => {
  const tmp = tempDir('provscan-hostile-tree-');
  afterAll(() => tmp.cleanup());

  it('scans a file 4,000 characters deep with a 250-character name, and skips a single line of 4 MB', async () => {
    const repo = TestRepo.create('provscan-hostile-tree-');
    try {
      const deep = Array.from({ length: 18 }, () => 'd'.repeat(200)).join('/');
      const name = `${deep}/${'f'.repeat(250)}.js`;
      mkdirSync(join(repo.path, deep), { recursive: true });
      repo
        .write(name, 'export const deep = 1;\n')
        .write('one-line.js', `var a=${'1+'.repeat(2_000_000)}1;\n`)
        .commit('Start');
      const res = await runCli(['scan', repo.path, '--format', 'json', '-q']);
      expect(res.code, res.stderr).toBe(0);
      const json = JSON.parse(res.stdout) as {
        files: Array<{ path: string }>;
        skipped: Array<{ path: string; reason: string }>;
      };
      expect(json.files.map((f) => f.path)).toContain(name);
      expect(json.skipped.find((s) => s.path === 'one-line.js')?.reason).toBe('minified');
    } finally {
      repo.cleanup();
    }
  });

  it('renders a saved scan whose paths carry NUL bytes and markup without an internal error', async () => {
    const path = 'a\u0000b<script>.js';
    // a real saved scan (of an empty folder), with one file and one finding whose path carries a NUL and markup
    const empty = join(tmp.path, 'empty');
    mkdirSync(empty);
    const base = await runCli(['scan', empty, '--format', 'json', '-q']);
    expect(base.code, base.stderr).toBe(0);
    const scan = {
      ...(JSON.parse(base.stdout) as Record<string, unknown>),
      files: [{ path, language: 'javascript', lines: 3, sha256: '0'.repeat(64), ai: [], matches: [] }],
      conflicts: [
        {
          path,
          start: 1,
          end: 2,
          license: 'GPL-3.0-only',
          projectLicense: 'MIT',
          severity: 'warning',
          ai: false,
          rule: 'compatibility-unknown',
          message: 'm',
        },
      ],
    };
    const file = join(tmp.path, 'nul.json');
    writeFileSync(file, JSON.stringify(scan));
    for (const format of ['md', 'csv', 'html']) {
      const res = await runCli(['report', '--from', file, '--format', format, '--root', tmp.path]);
      expect(res.code, `${format}: ${res.stderr}`).toBe(0);
      expect(res.stderr).not.toContain('internal error');
      expect(res.stdout).not.toContain('\u0000');
    }
  });
});
