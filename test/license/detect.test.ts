import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/errors.js';
import { detectProjectLicense, licenseForPath } from '../../src/license/detect.js';
import { commonReferenceWords, identifyLicenseText, normaliseLicenseText } from '../../src/license/license-text.js';

const require = createRequire(import.meta.url);
const TEXTS = require('spdx-license-list/full') as Record<string, { licenseText: string }>;

/** A real license text as a project would ship it: placeholders filled in. */
function licenseFile(id: string): string {
  return (TEXTS[id]?.licenseText ?? '')
    .replace(/<year>/g, '2024')
    .replace(/<copyright holders>|<owner>|<name of author>/g, 'Jane Example');
}

function detect(files: Record<string, string>, override?: string) {
  return detectProjectLicense({
    paths: Object.keys(files),
    readText: async (p) => files[p],
    ...(override !== undefined ? { override } : {}),
  });
}

describe('project license detection', () => {
  it('reads package.json license, name and version', async () => {
    const r = await detect({ 'package.json': JSON.stringify({ name: 'demo', version: '1.0.0', license: 'MIT' }) });
    expect(r.expression).toBe('MIT');
    expect(r.project).toEqual({ name: 'demo', version: '1.0.0' });
    expect(r.evidence[0]).toMatchObject({ source: 'package.json', confidence: 1 });
  });

  it('reads the legacy package.json licenses array as a choice', async () => {
    const r = await detect({
      'package.json': JSON.stringify({ name: 'old', licenses: [{ type: 'MIT' }, { type: 'Apache-2.0' }] }),
    });
    expect(r.expression).toBe('MIT OR Apache-2.0');
  });

  it('rejects an invalid package.json license with the key and a suggestion', async () => {
    const err = await detect({ 'package.json': JSON.stringify({ name: 'x', license: 'GPLv2' }) }).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(err.message).toBe(
      'package.json: license: "GPLv2" is not a valid SPDX expression (did you mean "GPL-2.0-only"?)',
    );
  });

  it('lets --license override detection, and validates it', async () => {
    const r = await detect({ 'package.json': JSON.stringify({ name: 'x', license: 'GPLv2' }) }, 'Apache-2.0');
    expect(r.expression).toBe('Apache-2.0');
    expect(r.evidence[0]).toMatchObject({ source: '--license' });
    const err = await detect({}, 'Apache 2').catch((e) => e);
    expect(err).toBeInstanceOf(UsageError);
    expect(err.message).toBe('--license: "Apache 2" is not a valid SPDX expression (did you mean "Apache-2.0"?)');
  });

  it('reads Cargo.toml license and the old slash form', async () => {
    const r = await detect({
      'Cargo.toml': '[package]\nname = "crab"\nversion = "0.3.1"\nlicense = "MIT/Apache-2.0"\n',
    });
    expect(r.expression).toBe('MIT OR Apache-2.0');
    expect(r.project).toEqual({ name: 'crab', version: '0.3.1' });
  });

  it('identifies a Cargo.toml license-file by its text', async () => {
    const r = await detect({
      'Cargo.toml': '[package]\nname = "c"\nlicense-file = "COPYRIGHT.txt"\n',
      'COPYRIGHT.txt': licenseFile('BSD-3-Clause'),
    });
    expect(r.expression).toBe('BSD-3-Clause');
  });

  it('reads pyproject.toml PEP 639 expressions, license tables and classifiers', async () => {
    const pep639 = await detect({
      'pyproject.toml': '[project]\nname = "snake"\nversion = "2.0"\nlicense = "BSD-3-Clause OR MIT"\n',
    });
    expect(pep639.expression).toBe('BSD-3-Clause OR MIT');
    expect(pep639.project).toEqual({ name: 'snake', version: '2.0' });
    const table = await detect({ 'pyproject.toml': '[project]\nname = "t"\nlicense = { text = "Apache-2.0" }\n' });
    expect(table.expression).toBe('Apache-2.0');
    const classifiers = await detect({
      'pyproject.toml':
        '[project]\nname = "c"\nclassifiers = ["License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)"]\n',
    });
    expect(classifiers.expression).toBe('GPL-3.0-or-later');
  });

  it('reads composer.json licenses as a choice', async () => {
    const r = await detect({
      'composer.json': JSON.stringify({ name: 'acme/pkg', license: ['LGPL-2.1-only', 'GPL-3.0-or-later'] }),
    });
    expect(r.expression).toBe('LGPL-2.1-only OR GPL-3.0-or-later');
    expect(r.project).toEqual({ name: 'acme/pkg', version: null });
  });

  it('maps pom.xml license names and urls to ids', async () => {
    const pom = `<project><artifactId>jar</artifactId><version>4.2</version><licenses>
      <license><name>The Apache Software License, Version 2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license>
    </licenses></project>`;
    const r = await detect({ 'pom.xml': pom });
    expect(r.expression).toBe('Apache-2.0');
    expect(r.project).toEqual({ name: 'jar', version: '4.2' });
  });

  it('identifies LICENSE, COPYING and LICENCE texts with a confidence', async () => {
    for (const [file, id] of [
      ['LICENSE', 'MIT'],
      ['COPYING', 'GPL-3.0-only'],
      ['LICENCE.md', 'Apache-2.0'],
      ['LICENSE.txt', 'MPL-2.0'],
    ] as const) {
      const r = await detect({ [file]: licenseFile(id) });
      expect(r.expression, file).toBe(id);
      expect(r.evidence[0]?.confidence, file).toBeGreaterThan(0.9);
    }
  });

  it('identifies each common license text as itself, loading only references of about its length', () => {
    // COMMON_WORDS (the length pre-filter) must describe the installed spdx-license-list
    const words = commonReferenceWords();
    const ids = Object.keys(words);
    expect(ids.length).toBeGreaterThanOrEqual(24);
    for (const [id, n] of Object.entries(words)) {
      const text = normaliseLicenseText(TEXTS[id]?.licenseText ?? '');
      expect(n, id).toBe(text.split(' ').length);
    }
    for (const id of ids) expect(identifyLicenseText(licenseFile(id))?.id, id).toBe(id);
  });

  it('uses the go module name and its LICENSE file', async () => {
    const r = await detect({ 'go.mod': 'module example.com/tool\n\ngo 1.22\n', LICENSE: licenseFile('BSD-2-Clause') });
    expect(r.expression).toBe('BSD-2-Clause');
    expect(r.project?.name).toBe('example.com/tool');
  });

  it('reads a dual LICENSE-MIT and LICENSE-APACHE layout as a choice', async () => {
    const r = await detect({ 'LICENSE-MIT': licenseFile('MIT'), 'LICENSE-APACHE': licenseFile('Apache-2.0') });
    expect(r.expression).toBe('Apache-2.0 OR MIT');
  });

  it('reads REUSE.toml and .reuse/dep5 annotations for the whole tree', async () => {
    const toml = await detect({
      'REUSE.toml': 'version = 1\n[[annotations]]\npath = "**"\nSPDX-License-Identifier = "EUPL-1.2"\n',
      'LICENSES/EUPL-1.2.txt': 'x',
    });
    expect(toml.expression).toBe('EUPL-1.2');
    const dep5 = await detect({
      '.reuse/dep5':
        'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: 2024 Jane\nLicense: MPL-2.0\n',
    });
    expect(dep5.expression).toBe('MPL-2.0');
  });

  it('gives files the licenses of REUSE path annotations, the last match winning', async () => {
    const r = await detect({
      'REUSE.toml':
        'version = 1\n[[annotations]]\npath = "vendor/**"\nSPDX-License-Identifier = "GPL-2.0-only"\n[[annotations]]\npath = ["vendor/ok/*.c"]\nSPDX-License-Identifier = "MIT"\n',
      '.reuse/dep5': 'Format: x\n\nFiles: docs/*\nCopyright: me\nLicense: CC-BY-4.0\n',
    });
    expect(licenseForPath(r, 'vendor/lib/a.c')).toBe('GPL-2.0-only');
    expect(licenseForPath(r, 'vendor/ok/b.c')).toBe('MIT');
    expect(licenseForPath(r, 'docs/guide/intro.md')).toBe('CC-BY-4.0');
    expect(licenseForPath(r, 'src/main.c')).toBeUndefined();
  });

  it('notes conflicting declarations and keeps the manifest', async () => {
    const r = await detect({
      'package.json': JSON.stringify({ name: 'x', license: 'MIT' }),
      LICENSE: licenseFile('Apache-2.0'),
    });
    expect(r.expression).toBe('MIT');
    expect(r.notes?.[0]).toContain('declarations differ');
  });

  it('concludes nothing from an unrecognisable license file', async () => {
    const r = await detect({
      LICENSE: 'All rights reserved. Ask us nicely before you use any of this software, please and thank you.',
    });
    expect(r.expression).toBeNull();
  });
});
