// The module map of docs/architecture.md is enforced by scripts/check-architecture.mjs (run by `npm run lint`).
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers/repo.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'check-architecture.mjs');

function runCheck(root: string): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, root], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

const dirs: Array<{ cleanup(): void }> = [];
afterAll(() => {
  for (const d of dirs) d.cleanup();
});

function tree(files: Record<string, string>): string {
  const dir = tempDir('provscan-arch-');
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true });
    writeFileSync(join(dir.path, path), text);
  }
  return dir.path;
}

describe('the module map', () => {
  it('holds for provscan itself', async () => {
    const res = await runCheck(ROOT);
    expect(res.stderr).toBe('');
    expect(res.code).toBe(0);
  });

  it('fails on an import the map forbids, naming the file and the rule', async () => {
    const root = tree({
      'src/fingerprint/lex.ts': "import { openCorpora } from '../corpus/index.js';\nexport const x = openCorpora;\n",
      'src/corpus/index.ts': 'export const openCorpora = 1;\n',
    });
    const res = await runCheck(root);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      "src/fingerprint/lex.ts: imports src/corpus/index.ts: module 'fingerprint' may not import 'corpus'",
    );
  });

  it('fails on an import cycle, type-only imports included', async () => {
    const root = tree({
      'src/sbom/a.ts': "import type { B } from './b.js';\nexport type A = B | 1;\n",
      'src/sbom/b.ts': "import type { A } from './a.js';\nexport type B = A | 2;\n",
    });
    const res = await runCheck(root);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('import cycle: src/sbom/a.ts -> src/sbom/b.ts');
  });

  it('keeps git, the terminal and argument parsing where the map puts them', async () => {
    const root = tree({
      'src/report/x.ts': "import { spawn } from 'node:child_process';\nexport const s = spawn;\n",
      'src/scan.ts': "import { Command } from 'commander';\nexport const c = Command;\n",
      'cli/x.ts': "import { scan } from '../src/scan.js';\nexport const s = scan;\n",
    });
    const res = await runCheck(root);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('src/report/x.ts: imports node:child_process');
    expect(res.stderr).toContain('src/scan.ts: imports commander');
    expect(res.stderr).toContain('cli/x.ts: imports src/scan.ts: cli/ imports the library through src/index.ts');
  });

  it('is the table docs/architecture.md shows', async () => {
    const { ALLOWED } = (await import(SCRIPT)) as { ALLOWED: Record<string, string[]> };
    const doc = readFileSync(join(ROOT, 'docs', 'architecture.md'), 'utf8');
    const table = doc.slice(doc.indexOf('<!-- module-table:start -->'), doc.indexOf('<!-- module-table:end -->'));
    const rows = table
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) => l.split('|').map((c) => c.trim()));
    const documented: Record<string, string[]> = {};
    for (const cells of rows) {
      const name = (cells[1] ?? '').replace(/`/g, '');
      const may = (cells[3] ?? '').replace(/\(.*\)/, '').trim();
      documented[name] =
        may === 'nothing'
          ? []
          : may === 'any'
            ? ['*']
            : may
                .split(',')
                .map((m) => m.trim())
                .filter(Boolean);
    }
    const expected = Object.fromEntries(Object.entries(ALLOWED).map(([k, v]) => [k, k === 'cli' ? ['index'] : [...v]]));
    expect(documented).toEqual(expected);
  });
});
