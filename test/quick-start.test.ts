// The README's quick start, as a newcomer types it. The fast test runs `provscan sbom .` at the root of this
// repository (the built CLI), against the bundled default corpus: it must print a valid CycloneDX 1.6 SBOM and exit
// 0 — a false license finding on provscan's own code would make the first command a newcomer runs fail. The slow
// test takes the quick start's first line from README.md and runs it, as written, in a fresh clone.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { type FreshCopy, freshCopy, SLOW_TESTS } from './helpers/fresh-copy.js';
import { run } from './helpers/run.js';
import { cyclonedxErrors } from './sbom/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const INSTALL_MS = 30 * 60_000;

function expectBundledSbom(stdout: string): void {
  const bom = JSON.parse(stdout) as { bomFormat: string; specVersion: string; metadata: { tools: unknown } };
  expect(bom.bomFormat).toBe('CycloneDX');
  expect(bom.specVersion).toBe('1.6');
  expect(JSON.stringify(bom.metadata.tools)).toContain('bundled:default');
}

/** The commands of the README's quick start code block. */
function quickStartCommands(): string[] {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block.split('\n').filter((l) => l.trim() !== '');
}

describe('the README quick start', () => {
  it('provscan sbom . on this repository prints a valid SBOM and exits 0', async () => {
    const res = await runCli(['sbom', '.'], { cwd: ROOT });
    expect(res.code, res.stderr).toBe(0);
    expectBundledSbom(res.stdout);
    expect(await cyclonedxErrors(res.stdout, '1.6', 'json')).toBeNull();
  });

  it('starts with `npm install && npx provscan sbom .`, then `npm test`', () => {
    expect(quickStartCommands()).toEqual(['npm install && npx provscan sbom .', 'npm test']);
  });
});

describe.skipIf(!SLOW_TESTS)('the README quick start in a fresh clone', () => {
  let clone: FreshCopy | undefined;
  afterAll(() => clone?.cleanup());

  it(
    'runs its first line as written: npm install, then npx provscan sbom . without installing provscan again',
    async () => {
      clone = freshCopy('provscan-clone-');
      const [first] = quickStartCommands();
      const res = await run('bash', ['-c', first as string], { cwd: clone.path, timeoutMs: INSTALL_MS });
      expect(res.code, res.output.slice(-4000)).toBe(0);
      // npm install prints its summary to stdout first; the SBOM follows
      const json = res.stdout.slice(res.stdout.search(/^\{$/m));
      expectBundledSbom(json);
      expect(await cyclonedxErrors(json, '1.6', 'json')).toBeNull();
      expect(res.stderr).not.toMatch(/npm (error|ERR)/);
      // npm 11 prepares the root package again for each npx run: an up-to-date build must not be redone (the
      // bundle folder is replaced whole when it is rebuilt, so its inode tells)
      const bundle = join(clone.path, 'dist/bundle');
      const before = statSync(bundle).ino;
      const again = await run('bash', ['-c', 'npx provscan sbom . > /dev/null'], { cwd: clone.path });
      expect(again.code, again.stderr).toBe(0);
      expect(statSync(bundle).ino).toBe(before);
      process.stderr.write(
        `quick start in a fresh clone: \`${first}\` ${(res.ms / 1000).toFixed(0)} s; again \`npx provscan sbom .\` ${(again.ms / 1000).toFixed(1)} s\n`,
      );
    },
    INSTALL_MS + 180_000,
  );
});
