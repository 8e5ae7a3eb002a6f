// provscan's CycloneDX checked by cdxgen's validator (`cdx-validate` from @cyclonedx/cdxgen 12.8.4): its schema and
// deep checks read `dependsOn` of every dependency entry and failed on provscan's BOMs, which left the optional list
// out. cdxgen is heavy (about 280 MB installed), so it is not a devDependency: the test installs it once into a
// cache folder outside the repository. Slow: runs when PROVSCAN_SLOW_TESTS=1, as .ci/run sets it.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { SLOW_TESTS } from '../helpers/fresh-copy.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { run } from '../helpers/run.js';

const CDXGEN = '12.8.4';
const TOOLS = process.env['PROVSCAN_TOOLS_DIR'] ?? join(tmpdir(), 'provscan-test-tools');
const PREFIX = join(TOOLS, `cdxgen-${CDXGEN}`);
const VALIDATE = join(PREFIX, 'node_modules/@cyclonedx/cdxgen/bin/validate.js');

// biome-ignore lint/suspicious/noExplicitAny: BOMs are walked untyped
type Json = Record<string, any>;

describe.skipIf(!SLOW_TESTS)("cdxgen's cdx-validate", () => {
  let corpus: { db: string; cleanup(): void };
  let repo: TestRepo;
  const out = tempDir('provscan-cdx-');
  beforeAll(async () => {
    if (!existsSync(VALIDATE)) {
      mkdirSync(PREFIX, { recursive: true });
      const res = await run(
        'npm',
        [
          'install',
          '--prefix',
          PREFIX,
          '--no-save',
          '--no-audit',
          '--no-fund',
          '--ignore-scripts',
          `@cyclonedx/cdxgen@${CDXGEN}`,
        ],
        { timeoutMs: 15 * 60_000 },
      );
      expect(res.code, res.output.slice(-3000)).toBe(0);
    }
    corpus = await gplCorpus();
    repo = mitProject();
    repo.write('src/utils.c', GPL_UTILS_C).commit('Add utils');
  }, 16 * 60_000);
  afterAll(() => {
    corpus?.cleanup();
    repo?.cleanup();
    out.cleanup();
  });

  async function cdxValidate(bom: Json, name: string): Promise<{ schemaValid: boolean; deepValid: boolean }> {
    const input = join(out.path, `${name}.json`);
    const report = join(out.path, `${name}.report.json`);
    writeFileSync(input, JSON.stringify(bom));
    // exit 3 reports failed compliance benchmarks (SCVS, CRA: signatures, suppliers …), not validity
    const res = await run(process.execPath, [VALIDATE, '-i', input, '-r', 'json', '-o', report, '--no-include-manual']);
    expect([0, 3], res.output.slice(-3000)).toContain(res.code);
    return JSON.parse(readFileSync(report, 'utf8')) as { schemaValid: boolean; deepValid: boolean };
  }

  it("passes provscan SBOMs, plain and merged into another generator's, and fails them without dependsOn", async () => {
    const res = await runCli(['sbom', '.', '--db', corpus.db, '-q'], { cwd: repo.path });
    expect(res.code).toBe(1);
    const bom = JSON.parse(res.stdout) as Json;
    expect((bom['dependencies'] as Json[]).every((d) => Array.isArray(d['dependsOn']))).toBe(true);
    expect(await cdxValidate(bom, 'provscan')).toMatchObject({ schemaValid: true, deepValid: true });

    // another generator's BOM whose root has no dependencies and an entry without dependsOn (cyclonedx-npm writes
    // such entries); cdx-validate reads the root entry's dependsOn.length and fails
    const other = {
      bomFormat: 'CycloneDX',
      specVersion: '1.6',
      serialNumber: 'urn:uuid:0b7fa0a4-3c1e-4b8e-9a52-6a0f3e1d2c4b',
      version: 1,
      metadata: { component: { type: 'application', name: 'demo', version: '1.0.0', 'bom-ref': 'demo@1.0.0' } },
      components: [
        {
          type: 'library',
          name: 'left-pad',
          version: '1.3.0',
          'bom-ref': 'left-pad@1.3.0',
          purl: 'pkg:npm/left-pad@1.3.0',
        },
      ],
      dependencies: [{ ref: 'demo@1.0.0' }, { ref: 'left-pad@1.3.0' }],
    };
    expect((await cdxValidate(other, 'other')).schemaValid).toBe(false);
    const input = join(out.path, 'other.cdx.json');
    writeFileSync(input, JSON.stringify(other));
    const merged = await runCli(['sbom', '.', '--db', corpus.db, '--merge', input, '-q'], { cwd: repo.path });
    expect(merged.code, merged.stderr).toBe(1);
    expect(await cdxValidate(JSON.parse(merged.stdout) as Json, 'merged')).toMatchObject({
      schemaValid: true,
      deepValid: true,
    });

    const without = structuredClone(bom);
    for (const d of without['dependencies'] as Json[]) if (d['dependsOn']?.length === 0) delete d['dependsOn'];
    expect((await cdxValidate(without, 'without')).schemaValid).toBe(false);
  });
});
