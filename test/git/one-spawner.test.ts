// Every git process provscan starts comes from src/git/exec.ts, which hardens it against the scanned repository
// (docs/security.md); src/git/cat-file.ts is the one reader of objects. A second place that spawns a process, or a
// second cat-file reader, fails here.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The modules that may start a process, and why. */
const SPAWNERS: Readonly<Record<string, string>> = {
  'src/git/exec.ts': 'git, hardened',
  'src/corpus/ingest/npm.ts': 'npm pack, for `corpus add npm:NAME@VERSION`',
  'src/report/pdf.ts': 'Chromium, for `report --format pdf`',
};

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|js|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split('\\').join('/'));
}

const product = [...sources('src'), ...sources('cli'), ...sources('bin')];

describe('starting processes', () => {
  it('happens only in the modules that are allowed to, and git only in src/git/exec.ts', () => {
    // a value import (a type-only import starts nothing)
    const spawns =
      /^import (?!type\b)[^;]*from ['"](node:)?child_process['"]|require\(['"](node:)?child_process['"]\)/m;
    const spawning = product.filter((f) => spawns.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(spawning.sort()).toEqual(Object.keys(SPAWNERS).sort());
    for (const f of spawning.filter((f) => f !== 'src/git/exec.ts')) {
      expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/['"]git['"]/);
    }
  });

  it('reads objects through src/git/cat-file.ts alone', () => {
    // git's arguments as an array beginning with the subcommand
    const readers = product.filter((f) => /\[\s*['"]cat-file['"]/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(readers).toEqual(['src/git/cat-file.ts']);
  });
});
