// The README's quick start, as a newcomer types it in a fresh clone: `npx provscan sbom .` at the root of this
// repository, against the bundled default corpus. It must print a valid CycloneDX 1.6 SBOM and exit 0 — a false
// license finding on provscan's own code would make the first command a newcomer runs fail.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { cyclonedxErrors } from './sbom/validate.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('the README quick start', () => {
  it('provscan sbom . on this repository prints a valid SBOM and exits 0', async () => {
    const res = await runCli(['sbom', '.'], { cwd: ROOT });
    expect(res.code, res.stderr).toBe(0);
    const bom = JSON.parse(res.stdout) as { bomFormat: string; specVersion: string; metadata: { tools: unknown } };
    expect(bom.bomFormat).toBe('CycloneDX');
    expect(bom.specVersion).toBe('1.6');
    expect(await cyclonedxErrors(res.stdout, '1.6', 'json')).toBeNull();
    expect(JSON.stringify(bom.metadata.tools)).toContain('bundled:default');
  });
});
