// `provscan corpus add deb:PACKAGE[=VERSION]` and `--recipe`, through the real CLI and real apt/dpkg-source against a
// local Debian archive built by the test (no network): versions, purls, DEP-5 licenses per path, failures that
// leave the corpus as it was, resumable recipes.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { buildDebianArchive } from '../helpers/debian-archive.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { filler, realCode, slice } from './helpers.js';

interface Row {
  name: string;
  version: string | null;
  purl: string | null;
  license: string;
  origin: string | null;
  added: string;
  files: number;
}

const READER = realCode('libxmljs2/vendor/libxml/xmlreader.c');
const SCHEMATRON = realCode('libxmljs2/vendor/libxml/schematron.c');
const CATALOG = realCode('libxmljs2/vendor/libxml/catalog.c');

const DEP5 = (extra = '') =>
  'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n' +
  'Files: *\nCopyright: 2024 Hello Authors\nLicense: GPL-3+\n\n' +
  `Files: lib/*\nCopyright: 2023 Library Authors\nLicense: LGPL-2.1+\n${extra}`;

describe('provscan corpus add deb: and --recipe (local Debian archive)', () => {
  const tmp = tempDir('provscan-deb-');
  const cache = join(tmp.path, 'cache');
  let env: NodeJS.ProcessEnv;
  const repo = TestRepo.create();

  beforeAll(() => {
    const { sourcesFile } = buildDebianArchive(join(tmp.path, 'archive'), [
      {
        name: 'hello',
        upstream: '1.0',
        revisions: ['1', '2'],
        files: {
          'src/reader.c': slice(READER, 1, 900).join('\n'),
          'lib/schematron.c': slice(SCHEMATRON, 1, 600).join('\n'),
          'tests/check.c': slice(READER, 2000, 200).join('\n'),
        },
        copyright: DEP5(),
      },
      {
        name: 'greet',
        upstream: '2.0',
        revisions: ['1'],
        files: { 'catalog.c': slice(CATALOG, 1, 700).join('\n') },
        copyright:
          'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: 2024 Greet\nLicense: MPL-2.0\n',
      },
    ]);
    env = { PROVSCAN_CACHE_DIR: cache, PROVSCAN_APT_SOURCES: sourcesFile };
    const host = [...filler(60), ...slice(READER, 300, 40), ...filler(40, 3)];
    repo.write('src/app.c', `${host.join('\n')}\n`).commit('Initial commit');
  });
  afterAll(() => {
    tmp.cleanup();
    repo.cleanup();
  });

  const list = async (db: string) => (await runCliJson<Row[]>(['corpus', 'list', '--db', db, '--json'])).json;
  const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
  const unpacked = () => {
    const dir = join(cache, 'deb', 'tmp');
    return existsSync(dir) ? readdirSync(dir) : [];
  };

  it('adds the newest version of deb:hello with its purl and DEP-5 licenses, and a scan finds a copy of it', async () => {
    const db = join(tmp.path, 'newest.db');
    const add = await runCli(['corpus', 'add', 'deb:hello', '--db', db], { env });
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    expect(add.stdout).toContain('added hello@1.0-2 (GPL-3.0-or-later): 3 files');
    const rows = await list(db);
    expect(rows).toEqual([
      expect.objectContaining({
        name: 'hello',
        version: '1.0-2',
        purl: 'pkg:deb/debian/hello@1.0-2?arch=source',
        license: 'GPL-3.0-or-later',
        origin: 'deb:hello=1.0-2 pool/main/h/hello/hello_1.0-2.dsc',
        files: 3,
      }),
    ]);
    // the unpacked tree is gone; the downloads stay in the cache for the next run
    expect(unpacked()).toEqual([]);
    expect(readdirSync(join(cache, 'deb', 'pool', 'hello_1.0-2')).sort()).toEqual([
      'hello_1.0-2.debian.tar.xz',
      'hello_1.0-2.dsc',
      'hello_1.0.orig.tar.gz',
    ]);

    const scan = await runCliJson<ScanResult>(['scan', repo.path, '--db', db, '--format', 'json', '--quiet']);
    const app = scan.json.files.find((f) => f.path === 'src/app.c')!;
    expect(app.matches).toHaveLength(1);
    expect(app.matches[0]!.corpus).toMatchObject({
      name: 'hello',
      version: '1.0-2',
      purl: 'pkg:deb/debian/hello@1.0-2?arch=source',
      path: 'src/reader.c',
      license: 'GPL-3.0-or-later',
    });
  });

  it('adds deb:hello=1.0-1 beside 1.0-2, with the per-path license of lib/ from debian/copyright', async () => {
    const db = join(tmp.path, 'versions.db');
    expect((await runCli(['corpus', 'add', 'deb:hello', '--db', db, '--quiet'], { env })).code).toBe(0);
    const add = await runCliJson<{ sources: Array<{ version: string }> }>(
      ['corpus', 'add', 'deb:hello=1.0-1', '--db', db, '--json', '--quiet'],
      { env },
    );
    expect(add.code).toBe(0);
    expect(add.json.sources.map((s) => s.version)).toEqual(['1.0-1']);
    expect((await list(db)).map((r) => `${r.name}@${r.version} ${r.purl}`)).toEqual([
      'hello@1.0-1 pkg:deb/debian/hello@1.0-1?arch=source',
      'hello@1.0-2 pkg:deb/debian/hello@1.0-2?arch=source',
    ]);
    const host = [...filler(50), ...slice(SCHEMATRON, 200, 40), ...filler(30, 5)];
    const lib = TestRepo.create();
    try {
      lib.write('schema.c', `${host.join('\n')}\n`).commit('Add schema');
      const scan = await runCliJson<ScanResult>(['scan', lib.path, '--db', db, '--format', 'json', '--quiet']);
      const m = scan.json.files.find((f) => f.path === 'schema.c')!.matches[0]!;
      expect(m.corpus).toMatchObject({ path: 'lib/schematron.c', license: 'LGPL-2.1-or-later' });
    } finally {
      lib.cleanup();
    }
  });

  it('a package apt cannot find: exit 2, one line naming it, the corpus unchanged', async () => {
    const db = join(tmp.path, 'missing.db');
    expect((await runCli(['corpus', 'add', 'deb:greet', '--db', db, '--quiet'], { env })).code).toBe(0);
    const before = digest(db);
    const res = await runCli(['corpus', 'add', 'deb:nosuch', '--db', db], { env });
    expect(res.code).toBe(2);
    expect(res.stdout).toBe('');
    expect(res.stderr).toBe('provscan: deb:nosuch: no source package named nosuch in the configured apt sources\n');
    const wrongVersion = await runCli(['corpus', 'add', 'deb:greet=9.9-1', '--db', db], { env });
    expect(wrongVersion.code).toBe(2);
    expect(wrongVersion.stderr).toBe(
      'provscan: deb:greet=9.9-1: no version 9.9-1 of source package greet in the configured apt sources (have 2.0-1)\n',
    );
    expect(digest(db)).toBe(before);
    expect((await list(db)).map((r) => r.name)).toEqual(['greet']);
  });

  it('a recipe of two sources, run twice: the second run skips both and changes nothing', async () => {
    const db = join(tmp.path, 'recipe.db');
    const recipe = join(tmp.path, 'two.yml');
    writeFileSync(recipe, 'name: two\nsources:\n  - deb: hello=1.0-1\n    exclude: [tests/]\n  - deb:greet\n');
    const first = await runCli(['corpus', 'add', '--recipe', recipe, '--db', db], { env });
    expect(first.code).toBe(0);
    // without a terminal each source's outcome is one line on stderr, as it finishes (a CI log shows progress)
    expect(first.stderr).toMatch(
      /^\[1\/2\] deb:hello=1\.0-1: added hello@1\.0-1, [\d.]+ MB in [\d.]+ s\n\[2\/2\] deb:greet: added greet@2\.0-1, [\d.]+ MB in [\d.]+ s\n$/,
    );
    expect(first.stdout).toContain('added hello@1.0-1 (GPL-3.0-or-later): 2 files'); // tests/ excluded
    expect(first.stdout).toContain('added greet@2.0-1 (MPL-2.0): 1 files');
    expect(first.stdout).toContain('recipe two: 2 added, 0 in the corpus already, 0 failed');
    const rows = await list(db);
    const size = digest(db);

    const second = await runCli(['corpus', 'add', '--recipe', recipe, '--db', db], { env });
    expect(second.code).toBe(0);
    expect(second.stderr).toBe(
      '[1/2] deb:hello=1.0-1: in the corpus already\n[2/2] deb:greet: in the corpus already\n',
    );
    expect(second.stdout).toContain('in the corpus already: hello@1.0-1');
    expect(second.stdout).toContain('in the corpus already: greet@2.0-1');
    expect(second.stdout).toContain('recipe two: 0 added, 2 in the corpus already, 0 failed');
    expect(await list(db)).toEqual(rows);
    expect(digest(db)).toBe(size);
  });

  it('a recipe with failing sources builds the others, names each failure in one line and exits 2', async () => {
    const db = join(tmp.path, 'failing.db');
    const broken = join(tmp.path, 'broken.tar.gz');
    writeFileSync(broken, Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(64, 7)]));
    // a local folder with its own name and license, and a tarball that is not one
    mkdirSync(join(tmp.path, 'vendor'));
    writeFileSync(join(tmp.path, 'vendor', 'vendor.c'), slice(CATALOG, 800, 300).join('\n'));
    const recipe = join(tmp.path, 'failing.json');
    writeFileSync(
      recipe,
      JSON.stringify({
        sources: [
          'deb:greet',
          'deb:nosuch',
          { path: 'broken.tar.gz', name: 'broken', version: '1', license: 'MIT' },
          { path: 'vendor', name: 'vendor', version: '3.1', license: 'EPL-2.0' },
        ],
      }),
    );
    const res = await runCli(['corpus', 'add', '--recipe', recipe, '--db', db, '--quiet'], { env });
    expect(res.code).toBe(2);
    const errors = res.stderr.trim().split('\n');
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe('provscan: deb:nosuch: no source package named nosuch in the configured apt sources');
    expect(errors[1]).toMatch(/^provscan: .*broken\.tar\.gz: cannot read the tarball: /);
    expect(res.stdout).toContain('recipe failing: 2 added, 0 in the corpus already, 2 failed');
    expect(res.stdout).toContain('failed: deb:nosuch path:broken.tar.gz (run the recipe again to retry them)');
    expect((await list(db)).map((r) => `${r.name}@${r.version} ${r.license}`)).toEqual([
      'greet@2.0-1 MPL-2.0',
      'vendor@3.1 EPL-2.0',
    ]);

    const stop = await runCli(['corpus', 'add', '--recipe', recipe, '--db', join(tmp.path, 'ff.db'), '--fail-fast'], {
      env,
    });
    expect(stop.code).toBe(2);
    expect(stop.stdout).toContain(
      'recipe failing: 1 added, 0 in the corpus already, 1 failed, 2 not run (--fail-fast)',
    );
  });

  it('a recipe with a mistake is refused with its line before anything is fetched or written', async () => {
    const db = join(tmp.path, 'never.db');
    const recipe = join(tmp.path, 'typo.yml');
    writeFileSync(recipe, 'sources:\n  - deb:hello\n  - deb: greet\n    lisence: MIT\n');
    const res = await runCli(['corpus', 'add', '--recipe', recipe, '--db', db], { env });
    expect(res.code).toBe(2);
    expect(res.stderr).toBe(
      `provscan: ${recipe}: line 3: sources[1]: unknown key "lisence" for a deb source (expected deb, license, include, exclude, unpack)\n`,
    );
    expect(existsSync(db)).toBe(false);
    const bad = join(tmp.path, 'bad-license.yml');
    writeFileSync(bad, 'sources:\n  - path: vendor\n    name: v\n    license: GPL-2 or later\n');
    const lic = await runCli(['corpus', 'add', '--recipe', bad, '--db', db], { env });
    expect(lic.code).toBe(2);
    expect(lic.stderr).toBe(
      `provscan: ${bad}: line 2: sources[0]: license "GPL-2 or later" is not a valid SPDX expression\n`,
    );
  });

  it('checks the archive signature with the Signed-By keyring: a signed archive works, a wrong key is refused', async () => {
    const signed = join(tmp.path, 'signed');
    const { sourcesFile, keyring } = buildDebianArchive(
      signed,
      [
        {
          name: 'greet',
          upstream: '2.0',
          revisions: ['1'],
          files: { 'catalog.c': slice(CATALOG, 1, 300).join('\n') },
          copyright: DEP5(),
        },
      ],
      { sign: true },
    );
    const db = join(tmp.path, 'signed.db');
    const ok = await runCli(['corpus', 'add', 'deb:greet', '--db', db, '--apt-sources', sourcesFile, '--quiet'], {
      env: { PROVSCAN_CACHE_DIR: join(tmp.path, 'signed-cache') },
    });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    // the same archive, but the sources name another key (the test archive of the other tests has none)
    const other = join(tmp.path, 'other');
    const { keyring: otherKey } = buildDebianArchive(other, [], { sign: true });
    const wrong = join(tmp.path, 'wrong-key.list');
    writeFileSync(wrong, `deb [signed-by=${otherKey}] file:${signed} test main\n`);
    expect(otherKey).not.toBe(keyring);
    const refused = await runCli(
      ['corpus', 'add', 'deb:greet', '--db', join(tmp.path, 'refused.db'), '--apt-sources', wrong],
      {
        env: { PROVSCAN_CACHE_DIR: join(tmp.path, 'wrong-cache') },
      },
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(
      /^provscan: .*wrong-key\.list: apt-get update failed: .*(GPG error|NO_PUBKEY|not signed|signatures)/,
    );
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(join(tmp.path, 'refused.db'))).toBe(false);
  });
});
