// A project's own LICENSE must never "match" a license text the corpus holds: found on real data, where an MIT text
// vendored as `gui/default/vendor/angular/angular-dirPagination.js.LICENSE` in an MPL-2.0 source was reported as
// MPL-2.0 code in the scanned project's LICENSE file. License texts are recognised by content, at ingest and at scan.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { corpusAddArgs, runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { realCode } from '../corpus/helpers.js';

const require = createRequire(import.meta.url);
const spdxText = (id: string): string =>
  (require(`spdx-license-list/licenses/${id}.json`) as { licenseText: string }).licenseText;

describe('license texts are not code', () => {
  const tmp = tempDir('provscan-license-text-');
  const db = join(tmp.path, 'corpus.db');
  const repo = TestRepo.create();
  let added: { sources: Array<{ skipped: Array<{ path: string; reason: string }> }> };

  beforeAll(async () => {
    // An MPL-2.0 project that vendors a JavaScript library with its MIT text under an unusual name.
    const src = join(tmp.path, 'syncthing');
    mkdirSync(join(src, 'gui/default/vendor/angular'), { recursive: true });
    writeFileSync(
      join(src, 'gui/default/vendor/angular/angular-dirPagination.js.LICENSE'),
      spdxText('MIT').replace('<year>', '2014').replace('<copyright holders>', 'Michael Bromley'),
    );
    writeFileSync(join(src, 'gui/default/vendor/angular/command.js'), realCode('commander/lib/command.js'));
    const res = await runCliJson<typeof added>([
      ...corpusAddArgs(src, db, { name: 'syncthing', version: '1.27.0', license: 'MPL-2.0' }),
      '--json',
    ]);
    added = res.json;
    // A project under MIT: its own LICENSE is the same text with another holder, and a NOTICE-like copy too.
    const mit = spdxText('MIT').replace('<year>', '2024').replace('<copyright holders>', 'Example Maintainers');
    repo
      .write('LICENSE', mit)
      .write('third_party/pagination.LICENSE.txt', mit)
      .write('src/app.js', `${realCode('tar-stream/extract.js')}\n`)
      .commit('Initial commit');
  });
  afterAll(() => {
    tmp.cleanup();
    repo.cleanup();
  });

  it('leaves a license text under any name out of the corpus, saying why', () => {
    expect(added.sources[0]?.skipped).toContainEqual(
      expect.objectContaining({
        path: 'gui/default/vendor/angular/angular-dirPagination.js.LICENSE',
        reason: 'license-text',
      }),
    );
  });

  it("matches neither the project's LICENSE nor another license copy, so no MPL-2.0 finding appears", async () => {
    const out = join(tmp.path, 'scan.json');
    const res = await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--output', out]);
    expect(res.stderr).toBe('');
    const scan = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
    expect(scan.files.map((f) => f.path)).toContain('LICENSE');
    expect(scan.files.flatMap((f) => f.matches)).toEqual([]);
    expect(scan.conflicts).toEqual([]);
  });

  it('still matches code of the same corpus source', async () => {
    repo.write('src/cli.js', realCode('commander/lib/command.js')).commit('Vendor the command parser');
    const out = join(tmp.path, 'scan2.json');
    await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--output', out]);
    const scan = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
    const matched = scan.files.filter((f) => f.matches.length > 0).map((f) => f.path);
    expect(matched).toEqual(['src/cli.js']);
  });
});
