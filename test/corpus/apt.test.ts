// The pure parts of fetching Debian source packages: version ordering (checked against dpkg itself), mirroring a
// machine's apt sources as deb-src entries, reading `apt-cache showsrc` records and picking one, the purl.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { toDebSrc } from '../../src/corpus/ingest/apt-sources.js';
import { parseDebSpec, parseSourceRecords, pickRecord } from '../../src/corpus/ingest/apt.js';
import { debianPurl as debPurl } from '../../src/corpus/ingest/purl.js';
import { compareDebianVersions } from '../../src/corpus/ingest/debian-version.js';
import { requireDebianTools } from '../helpers/debian-archive.js';

const PAIRS: Array<[string, string]> = [
  ['1.0-1', '1.0-2'],
  ['1.0', '1.0-1'],
  ['1.0~rc1-1', '1.0-1'],
  ['1.0~~', '1.0~'],
  ['1.0', '1.0+dfsg'],
  ['1.0+dfsg-1', '1.0.1-1'],
  ['1:0.9', '2.0'],
  ['2.36-9+deb12u7', '2.36-9+deb12u14'],
  ['6.1.170-3', '6.1.192-3'],
  ['1.2a', '1.2b'],
  ['1.2a', '1.2+'],
  ['0.0+git20190923.df201c7-1', '0.1-1'],
  ['1.000010', '1.11'],
  ['5.15.8+dfsg-11+deb12u3', '5.15.8+dfsg-11+deb12u10'],
  ['1.0-1', '1.0-1'],
  ['7:5.1.9-0+deb12u1', '7:5.1.10-0'],
];

describe('Debian versions', () => {
  it('order as dpkg --compare-versions orders them', () => {
    requireDebianTools();
    for (const [a, b] of PAIRS) {
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        const ours = Math.sign(compareDebianVersions(x, y));
        const dpkg = (op: string) => {
          try {
            execFileSync('dpkg', ['--compare-versions', x, op, y]);
            return true;
          } catch {
            return false;
          }
        };
        const theirs = dpkg('lt') ? -1 : dpkg('eq') ? 0 : 1;
        expect(`${x} vs ${y}: ${ours}`).toBe(`${x} vs ${y}: ${theirs}`);
      }
    }
  });
});

describe('mirroring apt sources as deb-src', () => {
  it('keeps every option of one-line entries, drops comments, cdrom: entries and duplicates', () => {
    const c = toDebSrc([
      {
        path: '/etc/apt/sources.list',
        text:
          '# main\ndeb [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.example.org/debian bookworm main contrib # trailing\n' +
          'deb-src [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.example.org/debian bookworm main contrib\n' +
          'deb cdrom:[Debian 12]/ bookworm main\n' +
          'deb http://security.example.org/debian-security bookworm-security main\n',
      },
    ]);
    expect(c.list).toBe(
      'deb-src [arch=amd64 signed-by=/usr/share/keyrings/x.gpg] http://deb.example.org/debian bookworm main contrib\n' +
        'deb-src http://security.example.org/debian-security bookworm-security main\n',
    );
    expect(c.sources).toBe('');
    expect(c.entries).toBe(2);
  });

  it('rewrites deb822 Types to deb-src and keeps Signed-By, an embedded key included; Enabled: no is left out', () => {
    const c = toDebSrc([
      {
        path: '/etc/apt/sources.list.d/debian.sources',
        text:
          'Types: deb\n# a snapshot\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n' +
          'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' +
          'Types: deb deb-src\nURIs: https://repo.example.org/apt\nSuites: stable\nComponents: main\nSigned-By:\n' +
          ' -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBF\n -----END PGP PUBLIC KEY BLOCK-----\n\n' +
          'Types: deb\nURIs: http://off.example.org/\nSuites: x\nComponents: main\nEnabled: no\n',
      },
    ]);
    expect(c.sources).toBe(
      'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm bookworm-updates\nComponents: main\n' +
        'Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\n' +
        'Types: deb-src\nURIs: https://repo.example.org/apt\nSuites: stable\nComponents: main\nSigned-By:\n' +
        ' -----BEGIN PGP PUBLIC KEY BLOCK-----\n .\n mQINBF\n -----END PGP PUBLIC KEY BLOCK-----\n',
    );
    expect(c.entries).toBe(2);
  });
});

const SHOWSRC = `Package: linux
Binary: linux-doc, linux-headers-6.1.0-1-common
Version: 6.1.170-3
Directory: pool/main/l/linux
Checksums-Sha256:
 aa 399396 linux_6.1.170-3.dsc
 bb 140000000 linux_6.1.170.orig.tar.xz

Package: linux
Binary: linux-doc
Version: 6.1.192-3
Directory: pool/updates/main/l/linux
Checksums-Sha256:
 cc 399000 linux_6.1.192-3.dsc
 dd 140390000 linux_6.1.192.orig.tar.xz

Package: linux
Binary: linux-doc
Version: 6.1.8-1
Directory: pool/main/l/linux
Files:
 ee 1000 linux_6.1.8-1.dsc
`;

describe('choosing a source package version', () => {
  const records = parseSourceRecords(SHOWSRC);

  it('reads records with their files and sizes', () => {
    expect(records.map((r) => r.version)).toEqual(['6.1.170-3', '6.1.192-3', '6.1.8-1']);
    expect(records[1]).toMatchObject({
      directory: 'pool/updates/main/l/linux',
      files: [
        { name: 'linux_6.1.192-3.dsc', size: 399000 },
        { name: 'linux_6.1.192.orig.tar.xz', size: 140390000 },
      ],
    });
  });

  it('takes the newest by Debian ordering, an asked version, or a binary package’s source; else says why', () => {
    expect(pickRecord(records, { name: 'linux' })).toMatchObject({ version: '6.1.192-3' });
    expect(pickRecord(records, { name: 'linux', version: '6.1.8-1' })).toMatchObject({ version: '6.1.8-1' });
    expect(pickRecord(records, { name: 'linux-doc' })).toMatchObject({ name: 'linux', version: '6.1.192-3' });
    expect(pickRecord(records, { name: 'linux', version: '6.2-1' })).toBe(
      'no version 6.2-1 of source package linux in the configured apt sources (have 6.1.192-3, 6.1.170-3, 6.1.8-1)',
    );
    expect(pickRecord([], { name: 'nosuch' })).toBe('no source package named nosuch in the configured apt sources');
  });

  it('accepts a version without its epoch when only one version matches', () => {
    const withEpoch = parseSourceRecords('Package: ffmpeg\nVersion: 7:5.1.9-0+deb12u1\nFiles:\n x 1 ffmpeg.dsc\n');
    expect(pickRecord(withEpoch, { name: 'ffmpeg', version: '5.1.9-0+deb12u1' })).toMatchObject({
      version: '7:5.1.9-0+deb12u1',
    });
  });

  it('parses deb:NAME[=VERSION] and refuses what is not a package name', () => {
    expect(parseDebSpec('deb:gtk+3.0=3.24.38-2~deb12u3')).toEqual({ name: 'gtk+3.0', version: '3.24.38-2~deb12u3' });
    expect(() => parseDebSpec('deb:../etc')).toThrow('deb:../etc: "../etc" is not a Debian package name');
    expect(() => parseDebSpec('deb:xy=1 2')).toThrow('deb:xy=1 2: "1 2" is not a Debian version');
  });

  it('builds the purl with packageurl-js', () => {
    expect(debPurl('ffmpeg', '7:5.1.9-0+deb12u1')).toBe('pkg:deb/debian/ffmpeg@7:5.1.9-0+deb12u1?arch=source');
    expect(debPurl('gtk+3.0', '3.24.38-2~deb12u3')).toBe('pkg:deb/debian/gtk%2B3.0@3.24.38-2~deb12u3?arch=source');
    expect(debPurl('hello', '2.10-3')).toBe('pkg:deb/debian/hello@2.10-3?arch=source');
  });
});
