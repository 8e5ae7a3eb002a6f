import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addToCorpus, detectInput, listCorpus } from '../../src/corpus/api.js';
import { debianToSpdx, dep5License, parseDep5 } from '../../src/corpus/ingest/debian.js';
import { fileLicenseHeader } from '../../src/license/header.js';
import { packageLicense } from '../../src/corpus/ingest/npm.js';
import { npmPurl } from '../../src/corpus/ingest/purl.js';
import { archivePath } from '../../src/corpus/ingest/tarball.js';
import { tempDir } from '../helpers/repo.js';
import { realCode } from './helpers.js';

const tmp = tempDir('provscan-ingest-');
afterAll(() => tmp.cleanup());
let n = 0;

function tree(files: Record<string, string | Buffer>, root = join(tmp.path, `t${++n}`)): string {
  for (const [p, content] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), content);
  }
  return root;
}

/** Path → license of every member, straight from the database. */
function members(db: string): Record<string, string> {
  const conn = new Database(db, { readonly: true });
  const rows = conn
    .prepare(
      `SELECT s.name || ':' || m.path AS key, coalesce(f.header_license, m.license, s.license) AS license
         FROM members m JOIN sources s ON s.id = m.source_id JOIN files f ON f.id = m.file_id ORDER BY key`,
    )
    .all() as { key: string; license: string }[];
  conn.close();
  return Object.fromEntries(rows.map((r) => [r.key, r.license]));
}

describe('ingesting sources into a corpus', () => {
  it('ingests a folder and skips bad files, each with a reason', async () => {
    const outside = tree({ 'secret.js': realCode('commander/lib/option.js') });
    const dir = tree({
      'src/help.js': realCode('commander/lib/help.js'),
      'src/empty.js': '',
      'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
      'src/latin1.js': Buffer.from([
        0x76, 0x61, 0x72, 0x20, 0x78, 0x20, 0x3d, 0x20, 0x27, 0xe9, 0xff, 0x27, 0x3b, 0x0a,
      ]),
      'dist/bundle.js': `var a=${'x'.repeat(50 * 1024 * 1024)};`,
      '.git/config': '[core]\n',
    });
    symlinkSync(join(outside, 'secret.js'), join(dir, 'src/link.js'));
    const db = join(tmp.path, 'folder.db');
    const report = await addToCorpus(dir, { db, name: 'proj', license: 'MIT', version: '1.0' });
    expect(report.kind).toBe('folder');
    const s = report.sources[0]!;
    expect(s.files).toBe(1);
    const reasons = Object.fromEntries(s.skipped.map((k) => [k.path, k.reason]));
    expect(reasons).toEqual({
      'assets/logo.png': 'binary',
      'dist/bundle.js': 'too-large',
      'src/empty.js': 'empty',
      'src/latin1.js': 'invalid-utf8',
      'src/link.js': 'symlink',
    });
    expect(members(db)).toEqual({ 'proj:src/help.js': 'MIT' });
  });

  it('takes a file-level SPDX-License-Identifier header over the source license', async () => {
    const dir = tree({ 'a.js': `// SPDX-License-Identifier: GPL-3.0-only\n${realCode('commander/lib/help.js')}` });
    const db = join(tmp.path, 'header.db');
    await addToCorpus(dir, { db, name: 'h', license: 'MIT' });
    expect(members(db)).toEqual({ 'h:a.js': 'GPL-3.0-only' });
    expect(fileLicenseHeader('/* SPDX-License-Identifier: (MIT OR Apache-2.0) */\nx')).toBe('MIT OR Apache-2.0');
    // Inside code (a string, a scanner's regular expression) the words are not the file's header.
    expect(fileLicenseHeader('const TAG = /SPDX-License-Identifier:\\s*(.+)$/;\n')).toBeUndefined();
    expect(fileLicenseHeader('// SPDX-License-Identifier: GPLv2\n')).toBeUndefined();
    expect(fileLicenseHeader('# SPDX-License-Identifier: BSD-3-Clause\n')).toBe('BSD-3-Clause');
    expect(fileLicenseHeader('no header')).toBeUndefined();
  });

  it('ingests a plain tarball without extracting it', async () => {
    const dir = tree({ 'proj-1.0/lib/help.js': realCode('commander/lib/help.js'), 'proj-1.0/README': 'hello\n' });
    const tgz = join(tmp.path, 'proj-1.0.tar.gz');
    execFileSync('tar', ['-czf', tgz, '-C', dir, 'proj-1.0']);
    const db = join(tmp.path, 'tar.db');
    const report = await addToCorpus(tgz, { db, name: 'proj', license: 'BSD-3-Clause' });
    expect(report.kind).toBe('tarball');
    expect(Object.keys(members(db))).toContain('proj:proj-1.0/lib/help.js');
  });

  it('ingests an npm package tarball with the license and purl from its package.json', async () => {
    const dir = tree({
      'package.json': JSON.stringify({ name: '@acme/grid', version: '2.1.0', license: 'SEE LICENSE IN LICENSE.txt' }),
      'lib/help.js': realCode('commander/lib/help.js'),
    });
    const out = execFileSync('npm', ['pack', dir, '--pack-destination', tmp.path, '--json', '--ignore-scripts'], {
      encoding: 'utf8',
    });
    const tgz = join(
      tmp.path,
      (JSON.parse(out) as { filename: string }[])[0]!.filename.replace('@', '').replace('/', '-'),
    );
    const db = join(tmp.path, 'npm.db');
    const report = await addToCorpus(tgz, { db });
    expect(report.kind).toBe('npm-tarball');
    const [row] = listCorpus(db);
    expect(row).toMatchObject({
      name: '@acme/grid',
      version: '2.1.0',
      purl: 'pkg:npm/%40acme/grid@2.1.0',
      license: 'LicenseRef-LICENSE.txt',
    });
    expect(Object.keys(members(db))).toContain('@acme/grid:lib/help.js');
  });

  it('ingests every package of a node_modules tree, scoped and nested ones too', async () => {
    const nm = join(tmp.path, 'app', 'node_modules');
    tree(
      {
        'plain/package.json': JSON.stringify({ name: 'plain', version: '1.0.0', license: 'MIT' }),
        'plain/index.js': realCode('commander/lib/help.js'),
        '@scope/pkg/package.json': JSON.stringify({
          name: '@scope/pkg',
          version: '0.2.0',
          license: { type: 'GPL-2.0' },
        }),
        '@scope/pkg/index.js': realCode('commander/lib/option.js'),
        'plain/node_modules/old/package.json': JSON.stringify({
          name: 'old',
          version: '0.0.1',
          licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }],
        }),
        'plain/node_modules/old/index.js': realCode('commander/lib/argument.js'),
        // a broken manifest is left out, and the report says so
        'broken/package.json': '{"name": "broken", version: }',
        'broken/index.js': realCode('commander/lib/error.js'),
      },
      nm,
    );
    const db = join(tmp.path, 'nm.db');
    const report = await addToCorpus(nm, { db });
    expect(report.leftOut).toEqual([
      { path: join(nm, 'broken'), reason: expect.stringContaining('package.json is not valid JSON') },
    ]);
    expect(report.kind).toBe('node_modules');
    expect(listCorpus(db).map((r) => `${r.name}@${r.version} ${r.license} ${r.purl}`)).toEqual([
      '@scope/pkg@0.2.0 GPL-2.0-only pkg:npm/%40scope/pkg@0.2.0',
      'old@0.0.1 MIT OR Apache-2.0 pkg:npm/old@0.0.1',
      'plain@1.0.0 MIT pkg:npm/plain@1.0.0',
    ]);
    // A nested package's files belong to it, not to its parent.
    expect(Object.keys(members(db))).not.toContain('plain:node_modules/old/index.js');
  });

  it('reads per-path licenses of a Debian source tree from DEP-5 debian/copyright (last match wins)', async () => {
    const dir = tree({
      'debian/changelog': 'nanoedit (7.2-1) unstable; urgency=medium\n\n  * New upstream release.\n',
      'debian/copyright': [
        'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
        'Upstream-Name: nanoedit',
        '',
        'Files: *',
        'Copyright: 2020 Someone',
        'License: GPL-3+',
        '',
        'Files: lib/*.js',
        '       extra/?.js',
        'Copyright: 2019 Other',
        'License: Expat',
        ' Permission is hereby granted...',
        '',
        'Files: lib/special.js',
        'License: LGPL-2.1+ or BSD-3-clause',
        '',
      ].join('\n'),
      'src/main.js': realCode('commander/lib/help.js'),
      'lib/util.js': realCode('commander/lib/option.js'),
      'lib/special.js': realCode('commander/lib/argument.js'),
      'extra/a.js': realCode('commander/lib/command.js'),
    });
    const db = join(tmp.path, 'deb.db');
    const report = await addToCorpus(dir, { db });
    expect(report.kind).toBe('debian');
    expect(listCorpus(db)[0]).toMatchObject({
      name: 'nanoedit',
      version: '7.2-1',
      license: 'GPL-3.0-or-later',
      purl: 'pkg:deb/debian/nanoedit@7.2-1?arch=source',
    });
    expect(members(db)).toEqual({
      'nanoedit:extra/a.js': 'MIT',
      'nanoedit:lib/special.js': 'LGPL-2.1-or-later OR BSD-3-Clause',
      'nanoedit:lib/util.js': 'MIT',
      'nanoedit:src/main.js': 'GPL-3.0-or-later',
    });
  });

  it('maps Debian license names and DEP-5 wildcards', () => {
    expect(debianToSpdx('GPL-2+ with Autoconf exception')).toBe('GPL-2.0-or-later WITH Autoconf-exception-2.0');
    expect(debianToSpdx('GPL-3+ with Bison exception')).toBe('GPL-3.0-or-later WITH Bison-exception-2.2');
    expect(debianToSpdx('Apache-2.0 and MPL-2.0')).toBe('Apache-2.0 AND MPL-2.0');
    // Debian's Artistic is Perl's Artistic License 1.0; an unversioned GPL is any version
    expect(debianToSpdx('GPL-1+ or Artistic')).toBe('GPL-1.0-or-later OR Artistic-1.0-Perl');
    expect(debianToSpdx('GPL')).toBe('GPL-1.0-or-later');
    // SPDX ids in any letter case, deprecated ids in their current form
    expect(debianToSpdx('ZLIB')).toBe('Zlib');
    expect(debianToSpdx('BSD-1-clause')).toBe('BSD-1-Clause');
    expect(debianToSpdx('MPL-1.1 or GPL-2.0 or LGPL-2.0+')).toBe('MPL-1.1 OR GPL-2.0-only OR LGPL-2.0-or-later');
    expect(debianToSpdx('OpenLDAP-2.8')).toBe('OLDAP-2.8');
    // a comma lowers precedence: (A or B) and C
    expect(debianToSpdx('GPL-2+ or AFL-2.1, and Expat')).toBe('(GPL-2.0-or-later OR AFL-2.1) AND MIT');
    // names that are no SPDX id are never guessed into one
    expect(debianToSpdx('BSD-BY-LC-NE')).toBe('LicenseRef-BSD-BY-LC-NE');
    expect(debianToSpdx('FSF-unlimited-permission')).toBe('LicenseRef-FSF-unlimited-permission');
    expect(debianToSpdx('BSL-1.0 and OldBoost2')).toBe('BSL-1.0 AND LicenseRef-OldBoost2');
    // an exception provscan cannot name is dropped (stricter, never looser)
    expect(debianToSpdx('GPL-2+ with OpenSSL exception')).toBe('GPL-2.0-or-later');
    const stanzas = parseDep5('Files: *\nLicense: MIT\n\nFiles: src/*/gen?.c\nLicense: GPL-2\n');
    expect(dep5License(stanzas, 'src/a/b/gen1.c')).toBe('GPL-2.0-only');
    expect(dep5License(stanzas, 'src/a/gen12.c')).toBe('MIT');
  });

  it('normalises package.json licenses and builds npm purls', () => {
    expect(packageLicense({ license: 'MIT' })).toBe('MIT');
    expect(packageLicense({ license: 'Apache 2.0' })).toBe('Apache-2.0');
    expect(packageLicense({ license: 'Commercial' })).toBe('LicenseRef-Commercial');
    expect(packageLicense({ license: 'UNLICENSED' })).toBe('LicenseRef-UNLICENSED');
    expect(packageLicense({})).toBe('NOASSERTION');
    // deprecated ids in their current form, `+` included
    expect(packageLicense({ license: 'GPL-2.0+' })).toBe('GPL-2.0-or-later');
    expect(packageLicense({ license: '(AGPL-3.0 OR MIT)' })).toBe('AGPL-3.0-only OR MIT');
    // SPDX ids in another letter case, full names, "or later"
    expect(packageLicense({ license: 'Polyform-Noncommercial-1.0.0' })).toBe('PolyForm-Noncommercial-1.0.0');
    expect(packageLicense({ license: 'Elastic License 2.0' })).toBe('Elastic-2.0');
    expect(packageLicense({ license: 'Business Source License 1.1' })).toBe('BUSL-1.1');
    expect(packageLicense({ license: 'Mozilla Public License 2.0' })).toBe('MPL-2.0');
    expect(packageLicense({ license: 'GPL v2 or later' })).toBe('GPL-2.0-or-later');
    expect(packageLicense({ license: 'ISC License' })).toBe('ISC');
    // every license of a dual license is kept
    expect(packageLicense({ license: 'Dual MIT/GPL' })).toBe('MIT OR GPL-1.0-or-later');
    // a fix that names another license family is not taken (spdx-correct says UPL-1.0 for EUPL)
    expect(packageLicense({ license: 'EUPL' })).toBe('LicenseRef-EUPL');
    expect(packageLicense({ license: 'BSD-like' })).toBe('LicenseRef-BSD-like');
    expect(npmPurl('@mui/x-data-grid-pro', '7.0.0')).toBe('pkg:npm/%40mui/x-data-grid-pro@7.0.0');
  });

  it('records tarball entry names as paths inside the source, never above it', () => {
    expect(archivePath('package/lib/a.js', 1)).toBe('lib/a.js');
    expect(archivePath('./package/./lib//a.js', 1)).toBe('lib/a.js');
    expect(archivePath('package/lib/../src/b.js', 1)).toBe('src/b.js');
    expect(archivePath('../../../etc/evil.js', 0)).toBe('etc/evil.js');
    expect(archivePath('/abs/c.js', 0)).toBe('abs/c.js');
    expect(archivePath('package/', 1)).toBe('');
  });

  it('detects npm name@version specs and refuses unknown inputs', () => {
    expect(detectInput('tinymce@7.6.0', {})).toBe('npm-spec');
    expect(detectInput('@ckeditor/ckeditor5-engine@41.0.0', {})).toBe('npm-spec');
    expect(() => detectInput(join(tmp.path, 'nope'), {})).toThrow(/no such file or folder/);
  });
});
