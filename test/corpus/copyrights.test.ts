// Copyright statements: kept at ingest (file headers, LICENSE/NOTICE files, DEP-5 fields) and carried through a
// match into `provscan notice`, the SBOM variant and SPDX snippets — real corpora built with `provscan corpus add`.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  copyrightStatements,
  fileCopyrights,
  isNoticeFile,
  noticeFileCopyrights,
  uniqueStatements,
} from '../../src/corpus/copyright.js';
import { SCHEMA_VERSION } from '../../src/corpus/schema.js';
import type { ScanResult } from '../../src/model.js';
import { corpusAdd, runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { cyclonedxErrors, jsonSchemaErrors, schemaPath } from '../sbom/validate.js';
import { realCode } from './helpers.js';

describe('copyright statements in text', () => {
  it('keeps real statements and drops license prose and templates', () => {
    const mit = [
      'MIT License',
      '',
      'Copyright (c) 2014-present Sebastian McKenzie and other contributors',
      'Copyright (c) <year> <copyright holders>',
      '',
      'The above copyright notice and this permission notice shall be included in all',
      'copies or substantial portions of the Software.',
    ].join('\n');
    expect(copyrightStatements(mit)).toEqual(['Copyright (c) 2014-present Sebastian McKenzie and other contributors']);
    const header = [
      '/*!',
      ' * express',
      ' * Copyright(c) 2009-2013 TJ Holowaychuk',
      ' * Copyright(c) 2009-2013 TJ Holowaychuk',
      ' * @copyright 2003-2024 Cksource Holding sp. z o.o.',
      ' * @license Copyright (c) 2003-2024, CKSource Holding sp. z o.o. All rights reserved.',
      ' */',
      '// © Jane Doe',
      '# Copyright: 2019, Foo Bar <foo@bar.org>',
      '// keep this copyright notice intact',
    ].join('\n');
    expect(fileCopyrights(header)).toEqual([
      'Copyright(c) 2009-2013 TJ Holowaychuk',
      'Copyright 2003-2024 Cksource Holding sp. z o.o.',
      'Copyright (c) 2003-2024, CKSource Holding sp. z o.o. All rights reserved.',
      '© Jane Doe',
      'Copyright 2019, Foo Bar <foo@bar.org>',
    ]);
    // Only the head of a code file is a header.
    expect(fileCopyrights(`${'x = 1\n'.repeat(100)}// Copyright 2020 Late Comer\n`)).toEqual([]);
  });

  it('leaves out the copyright of a quoted license text and templates, and keeps Markdown link text', () => {
    const license = [
      'Copyright (c) 2003–2024, [CKSource Holding sp. z o.o.](https://cksource.com) All rights reserved.',
      '',
      '                    GNU GENERAL PUBLIC LICENSE',
      '                       Version 2, June 1991',
      ' Copyright (C) 1989, 1991 Free Software Foundation, Inc.,',
      ' Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>',
      '    Copyright (C) yyyy  name of author',
    ].join('\n');
    expect(noticeFileCopyrights(license)).toEqual([
      'Copyright (c) 2003–2024, CKSource Holding sp. z o.o. All rights reserved.',
    ]);
    // In a GNU program's own source file the FSF line is the program's copyright: kept.
    expect(fileCopyrights('/* Copyright (C) 2007 Free Software Foundation, Inc. */\nint x;\n')).toEqual([
      'Copyright (C) 2007 Free Software Foundation, Inc.',
    ]);
  });

  it('treats statements that differ only in dash, case or spacing as one', () => {
    expect(
      uniqueStatements([
        'Copyright (c) 2003-2024, CKSource Holding sp. z o.o.',
        'Copyright (c) 2003–2024,  CKSource Holding sp. z o.o',
        'Copyright (c) 2010 Someone',
      ]),
    ).toEqual(['Copyright (c) 2003-2024, CKSource Holding sp. z o.o.', 'Copyright (c) 2010 Someone']);
  });

  it('knows license and notice files from code files', () => {
    for (const p of ['LICENSE', 'LICENSE.md', 'COPYING', 'COPYING.LESSER', 'NOTICE.txt', 'pkg/LICENSE-MIT', 'AUTHORS'])
      expect(isNoticeFile(p), p).toBe(true);
    for (const p of ['license.js', 'src/licenses.ts', 'notice.py', 'index.js']) expect(isNoticeFile(p), p).toBe(false);
  });
});

describe('copyright statements through a corpus', () => {
  const tmp = tempDir('provscan-copyright-');
  const repo = TestRepo.create('provscan-copyright-repo-');
  const db = join(tmp.path, 'corpus.db');
  const code = realCode('commander/lib/help.js');
  const headed = `/*!\n * helpful\n * Copyright (c) 2021 File Author\n */\n${code}`;

  beforeAll(async () => {
    const upstream = join(tmp.path, 'helpful-2.0.0');
    mkdirSync(join(upstream, 'lib'), { recursive: true });
    writeFileSync(join(upstream, 'lib', 'help.js'), headed);
    writeFileSync(
      join(upstream, 'LICENSE'),
      'MIT License\n\nCopyright (c) 2015-2024 Jane Roe\n\nPermission is hereby granted, free of charge, ...\n' +
        'The above copyright notice and this permission notice shall be included in all copies.\n',
    );
    await corpusAdd(upstream, db, { name: 'helpful', version: '2.0.0', license: 'MIT' });
    repo.write('package.json', JSON.stringify({ name: 'demo-app', version: '1.0.0', license: 'Apache-2.0' }));
    repo.write('src/help.js', code).commit('Add help');
  });
  afterAll(() => {
    repo.cleanup();
    tmp.cleanup();
  });

  it('counts them in corpus stats', async () => {
    const { code: exit, json } = await runCliJson<{ copyrights: number; schemaVersion: number }>([
      'corpus',
      'stats',
      '--db',
      db,
      '--json',
    ]);
    expect(exit).toBe(0);
    expect(json.copyrights).toBe(2);
    expect(json.schemaVersion).toBe(SCHEMA_VERSION);
  });

  it('puts the file header first, then the source, into the match, the notice and the SBOM', async () => {
    const { code: exit, json } = await runCliJson<ScanResult>([
      'scan',
      repo.path,
      '--db',
      db,
      '--format',
      'json',
      '-q',
    ]);
    expect(exit).toBe(0);
    const match = json.files.find((f) => f.path === 'src/help.js')?.matches[0];
    expect(match?.corpus.copyrights).toEqual(['Copyright (c) 2021 File Author', 'Copyright (c) 2015-2024 Jane Roe']);
    expect(json.conflicts[0]).toMatchObject({ rule: 'attribution-required' });

    const out = join(tmp.path, 'NOTICE');
    const notice = await runCli(['notice', repo.path, '--db', db, '-q', '-o', out]);
    expect(notice.code, notice.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain(
      'helpful 2.0.0\nLicense: MIT\nCopyright (c) 2021 File Author\nCopyright (c) 2015-2024 Jane Roe\n',
    );
    expect(text).not.toContain('none recorded');

    const sbom = await runCli(['sbom', repo.path, '--db', db, '-q']);
    expect(sbom.code, sbom.stderr).toBe(0);
    const bom = JSON.parse(sbom.stdout) as {
      components: Array<{ name: string; pedigree?: { variants?: Array<{ copyright?: string }> } }>;
    };
    const variant = bom.components.find((c) => c.name.endsWith('help.js'))?.pedigree?.variants?.[0];
    expect(variant?.copyright).toBe('Copyright (c) 2021 File Author\nCopyright (c) 2015-2024 Jane Roe');
    expect(await cyclonedxErrors(sbom.stdout, '1.6', 'json')).toBeNull();
    const xml = await runCli(['sbom', repo.path, '--db', db, '-q', '--format', 'xml', '--spec', '1.5']);
    expect(xml.code, xml.stderr).toBe(0);
    expect(xml.stdout).toContain('<copyright>Copyright (c) 2021 File Author');
    expect(await cyclonedxErrors(xml.stdout, '1.5', 'xml')).toBeNull();

    const spdx = await runCli(['sbom', repo.path, '--db', db, '-q', '--format', 'spdx-json']);
    expect(spdx.code, spdx.stderr).toBe(0);
    const doc = JSON.parse(spdx.stdout) as { snippets: Array<{ copyrightText: string }> };
    expect(doc.snippets[0]?.copyrightText).toContain('Jane Roe');
    const spdxSchema = schemaPath('spdx-schema-2.3.json');
    expect(spdxSchema).toBeDefined();
    expect(jsonSchemaErrors(spdxSchema ?? '', doc)).toBeNull();
  });

  it('keeps a license text out of the fingerprints, so a project shipping the same COPYING matches nothing', async () => {
    const gpl = (
      JSON.parse(
        readFileSync(
          new URL('../../node_modules/spdx-license-list/licenses/GPL-3.0-only.json', import.meta.url),
          'utf8',
        ),
      ) as { licenseText: string }
    ).licenseText;
    const upstream = join(tmp.path, 'gnu-tool');
    mkdirSync(upstream);
    writeFileSync(join(upstream, 'COPYING'), gpl);
    writeFileSync(join(upstream, 'help.js'), headed);
    const gnuDb = join(tmp.path, 'gnu.db');
    await corpusAdd(upstream, gnuDb, { name: 'gnu-tool', license: 'GPL-3.0-only' });
    const project = TestRepo.create('provscan-copying-');
    try {
      project.write('package.json', JSON.stringify({ name: 'gpl-app', license: 'GPL-3.0-only' }));
      project.write('COPYING', gpl).commit('License');
      const { json } = await runCliJson<ScanResult>(['scan', project.path, '--db', gnuDb, '--format', 'json', '-q']);
      expect(json.files.flatMap((f) => f.matches)).toEqual([]);
    } finally {
      project.cleanup();
    }
  });

  it('takes per-path statements from a Debian copyright file', async () => {
    const deb = join(tmp.path, 'helpful-deb');
    mkdirSync(join(deb, 'debian'), { recursive: true });
    mkdirSync(join(deb, 'lib'), { recursive: true });
    writeFileSync(join(deb, 'lib', 'help.js'), code);
    writeFileSync(join(deb, 'debian', 'changelog'), 'helpful (2.0.0-1) unstable; urgency=medium\n');
    writeFileSync(
      join(deb, 'debian', 'copyright'),
      [
        'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
        '',
        'Files: *',
        'Copyright: 2010 Someone Else',
        'License: GPL-2+',
        '',
        'Files: lib/*',
        'Copyright: 2015-2024 Jane Roe',
        '           2020 Richard Roe',
        'License: Expat',
        '',
      ].join('\n'),
    );
    const debDb = join(tmp.path, 'deb.db');
    const add = await runCli(['corpus', 'add', deb, '--db', debDb, '--debian']);
    expect(add.code, add.stderr).toBe(0);
    const { json } = await runCliJson<ScanResult>(['scan', repo.path, '--db', debDb, '--format', 'json', '-q']);
    const match = json.files.find((f) => f.path === 'src/help.js')?.matches[0];
    expect(match?.corpus.license).toBe('MIT');
    expect(match?.corpus.copyrights).toEqual(['Copyright 2015-2024 Jane Roe', 'Copyright 2020 Richard Roe']);
  });
});
