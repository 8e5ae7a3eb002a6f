import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { licenseCategory } from '../../src/license/categories.js';
import { compatibility } from '../../src/license/compatibility.js';
import { COLUMNS, PERMISSIVE_ROW, ROWS } from '../../src/license/data/osadl-matrix.js';

const verdict = (inbound: string, outbound: string) => compatibility(inbound, outbound).verdict;

describe('the compatibility table', () => {
  it('forbids GPL-2.0-only code in an MIT project', () => {
    const c = compatibility('GPL-2.0-only', 'MIT');
    expect(c.verdict).toBe('no');
    expect(c.source).toContain('OSADL');
    expect(c.reason).toMatch(/GPL-2.0-only/);
  });

  it('lets an MIT project take MIT OR GPL-2.0-or-later code under MIT', () => {
    const c = compatibility('MIT OR GPL-2.0-or-later', 'MIT');
    expect(c.verdict).toBe('yes');
    expect(c.inbound).toBe('MIT');
  });

  it('needs every part of an AND expression to fit', () => {
    expect(verdict('MIT AND GPL-3.0-only', 'MIT')).toBe('no');
    expect(verdict('MIT AND BSD-3-Clause', 'Apache-2.0')).toBe('yes');
  });

  it('lets a project with an OR license choose the option that fits', () => {
    const c = compatibility('GPL-2.0-only', 'MIT OR GPL-2.0-only');
    expect(c.verdict).toBe('yes');
    expect(c.reason).toContain('may distribute under GPL-2.0-only');
  });

  it('accepts GPL-2.0-or-later code into GPL-3.0 but not GPL-2.0-only code', () => {
    expect(verdict('GPL-2.0-or-later', 'GPL-3.0-only')).toBe('yes');
    expect(verdict('GPL-2.0+', 'GPL-3.0-or-later')).toBe('yes');
    expect(verdict('GPL-2.0-only', 'GPL-3.0-only')).toBe('no');
    expect(verdict('GPL-2.0', 'GPL-3.0-only')).toBe('no');
  });

  it('rejects Apache-2.0 code in GPL-2.0-only but accepts it in GPL-3.0', () => {
    expect(verdict('Apache-2.0', 'GPL-2.0-only')).toBe('no');
    expect(verdict('Apache-2.0', 'GPL-3.0-only')).toBe('yes');
    expect(verdict('Apache-2.0', 'GPL-3.0-or-later')).toBe('yes');
  });

  it('treats the Classpath exception as allowing linking only: copied code stays GPL', () => {
    const c = compatibility('GPL-2.0-only WITH Classpath-exception-2.0', 'MIT');
    expect(c.verdict).toBe('no');
    expect(c.reason).toContain('Classpath');
    expect(c.reason).toContain('does not change this');
    // an output exception (generated parsers) and the kernel's syscall note (user-space header definitions) leave it
    // to the reviewer
    expect(verdict('GPL-3.0-or-later WITH Bison-exception-2.2', 'MIT')).toBe('conditional');
    expect(verdict('GPL-2.0-only WITH Linux-syscall-note', 'Apache-2.0')).toBe('conditional');
  });

  it('lets the LLVM exception carry Apache-2.0 code into GPL-2.0', () => {
    expect(verdict('Apache-2.0 WITH LLVM-exception', 'GPL-2.0-only')).toBe('yes');
  });

  it('makes weak copyleft conditional in a permissive project', () => {
    expect(verdict('LGPL-2.1-only', 'MIT')).toBe('conditional');
    expect(verdict('MPL-2.0', 'Apache-2.0')).toBe('conditional');
  });

  it('forbids network copyleft, source-available and proprietary code in a permissive project', () => {
    expect(verdict('AGPL-3.0-only', 'MIT')).toBe('no');
    expect(verdict('SSPL-1.0', 'MIT')).toBe('no');
    expect(verdict('BUSL-1.1', 'Apache-2.0')).toBe('no');
    expect(verdict('Elastic-2.0', 'MIT')).toBe('no');
    expect(verdict('PolyForm-Noncommercial-1.0.0', 'MIT')).toBe('no');
    expect(verdict('LicenseRef-Proprietary', 'MIT')).toBe('no');
  });

  it('accepts permissive and public-domain code everywhere it is known to fit', () => {
    for (const inbound of ['MIT', 'BSD-2-Clause', 'BSD-3-Clause', 'ISC', 'Zlib', 'BSL-1.0', 'CC0-1.0', 'Unlicense']) {
      expect(verdict(inbound, 'Apache-2.0'), inbound).toBe('yes');
      expect(verdict(inbound, 'GPL-3.0-only'), inbound).toBe('yes');
    }
    // OSADL has no fact for 0BSD inside a GPL work; we do not invent one.
    expect(verdict('0BSD', 'Apache-2.0')).toBe('yes');
    expect(verdict('0BSD', 'GPL-3.0-only')).toBe('unknown');
  });

  it('answers unknown for licenses it does not know, and says why', () => {
    const c = compatibility('LicenseRef-Foo', 'MIT');
    expect(c.verdict).toBe('unknown');
    expect(c.reason).toContain('ask counsel');
    expect(verdict('not a license', 'MIT')).toBe('unknown');
  });

  it('has a verdict with a reason and a source for every pair of 60 common licenses', () => {
    const common = [
      'MIT',
      'BSD-2-Clause',
      'BSD-3-Clause',
      'Apache-2.0',
      'ISC',
      '0BSD',
      'Unlicense',
      'CC0-1.0',
      'Zlib',
      'MPL-2.0',
      'EPL-2.0',
      'EPL-1.0',
      'LGPL-2.1-only',
      'LGPL-2.1-or-later',
      'LGPL-3.0-only',
      'LGPL-3.0-or-later',
      'GPL-2.0-only',
      'GPL-2.0-or-later',
      'GPL-3.0-only',
      'GPL-3.0-or-later',
      'AGPL-3.0-only',
      'AGPL-3.0-or-later',
      'EUPL-1.2',
      'CDDL-1.0',
      'CDDL-1.1',
      'Artistic-2.0',
      'BSL-1.0',
      'PSF-2.0',
      'CC-BY-4.0',
      'CC-BY-SA-4.0',
      'OFL-1.1',
      'WTFPL',
      'SSPL-1.0',
      'BUSL-1.1',
      'Elastic-2.0',
      'PolyForm-Noncommercial-1.0.0',
      'Python-2.0',
      'PostgreSQL',
      'NCSA',
      'UPL-1.0',
      'MIT-0',
      'BSD-4-Clause',
      'Apache-1.1',
      'AFL-3.0',
      'OSL-3.0',
      'MS-PL',
      'MS-RL',
      'CPL-1.0',
      'IPL-1.0',
      'MPL-1.1',
      'EUPL-1.1',
      'Sleepycat',
      'OpenSSL',
      'Unicode-DFS-2016',
      'X11',
      'curl',
      'Libpng',
      'ZPL-2.0',
      'BlueOak-1.0.0',
      'CC-BY-3.0',
      'LGPL-2.0-only',
      'GPL-1.0-or-later',
    ];
    expect(common.length).toBeGreaterThanOrEqual(60);
    for (const inbound of common) {
      for (const outbound of common) {
        const c = compatibility(inbound, outbound);
        expect(['yes', 'no', 'conditional', 'unknown']).toContain(c.verdict);
        expect(c.reason.length, `${inbound} > ${outbound}`).toBeGreaterThan(10);
        expect(c.source.length).toBeGreaterThan(3);
      }
      expect(licenseCategory(inbound), inbound).not.toBe('unknown');
    }
  });

  it('keeps the transcribed OSADL matrix square, with each row on its own diagonal', () => {
    expect(PERMISSIVE_ROW).toHaveLength(COLUMNS.length);
    for (const [id, row] of Object.entries(ROWS)) {
      expect(row, id).toHaveLength(COLUMNS.length);
      expect(row[COLUMNS.indexOf(id)], id).toBe('S');
    }
  });
});

describe('license categories', () => {
  it('classifies common ids, families and known LicenseRefs', () => {
    expect(licenseCategory('MIT')).toBe('permissive');
    expect(licenseCategory('GPL-2.0+')).toBe('strong-copyleft');
    expect(licenseCategory('LGPL-2.1-or-later')).toBe('weak-copyleft-library');
    expect(licenseCategory('MPL-2.0')).toBe('weak-copyleft-file');
    expect(licenseCategory('AGPL-3.0-or-later')).toBe('network-copyleft');
    expect(licenseCategory('BUSL-1.1')).toBe('source-available');
    expect(licenseCategory('CC0-1.0')).toBe('public-domain');
    expect(licenseCategory('BSD-3-Clause-LBNL')).toBe('permissive');
    expect(licenseCategory('LicenseRef-Commercial')).toBe('proprietary');
    expect(licenseCategory('LicenseRef-Sustainable-Use')).toBe('source-available');
    expect(licenseCategory('LicenseRef-my-own')).toBe('unknown');
    expect(licenseCategory('Glide')).toBe('unknown');
  });

  it('knows every OSI-approved license and every permissive license of the OSADL matrix', () => {
    const require = createRequire(import.meta.url);
    const list = require('spdx-license-list') as Record<string, { osiApproved: boolean }>;
    const ids = require('spdx-license-ids') as string[];
    const unknownOsi = ids.filter((id) => list[id]?.osiApproved && licenseCategory(id) === 'unknown');
    expect(unknownOsi).toEqual([]);
    for (const id of COLUMNS) {
      if (ROWS[id] === undefined) expect(['permissive', 'public-domain'], id).toContain(licenseCategory(id));
    }
  });
});
