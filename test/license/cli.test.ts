// End to end through the built CLI: real git repositories, real corpus databases made with `provscan corpus add`.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/model.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

/** Forty distinct lines of C that the corpus and the project share. */
const UPSTREAM = Array.from(
  { length: 40 },
  (_, i) =>
    `static int checksum_step_${i}(const unsigned char *buf, size_t len) { int acc = ${i}; for (size_t k = 0; k < len; k++) acc = (acc * 31 + buf[k]) ^ (acc >> ${(i % 7) + 1}); return acc; }`,
);
const COPIED = `#include <stddef.h>\n${UPSTREAM.slice(5, 30).join('\n')}\nint main(void) { return 0; }\n`;

describe('license findings through the CLI', () => {
  const tmp = tempDir('provscan-license-cli-');
  const dbs: Record<string, string> = {};
  const repo = TestRepo.create('provscan-license-repo-');

  beforeAll(async () => {
    const upstream = join(tmp.path, 'upstream');
    mkdirSync(upstream);
    writeFileSync(join(upstream, 'checksum.c'), `${UPSTREAM.join('\n')}\n`);
    for (const [key, license] of Object.entries({
      gpl: 'GPL-2.0-only',
      dual: 'MIT OR GPL-2.0-or-later',
      apache: 'Apache-2.0',
    })) {
      const db = join(tmp.path, `${key}.db`);
      const res = await runCli([
        'corpus',
        'add',
        upstream,
        '--db',
        db,
        '--name',
        'checksums',
        '--version',
        '3.1',
        '--license',
        license,
      ]);
      expect(res.code, res.stderr).toBe(0);
      dbs[key] = db;
    }
    repo.write('package.json', JSON.stringify({ name: 'demo-app', version: '1.2.3', license: 'MIT' }));
    repo.write('src/hash.c', COPIED).commit('Add hashing');
  });
  afterAll(() => {
    repo.cleanup();
    tmp.cleanup();
  });

  const scanJson = async (db: string, extra: string[] = [], env: NodeJS.ProcessEnv = {}) =>
    await runCliJson<ScanResult>(['scan', repo.path, '--db', db, '--format', 'json', '-q', ...extra], {
      env,
      cwd: repo.path,
    });

  it('fails an MIT project with a GPL-2.0-only match and explains the conflict', async () => {
    const { code, json } = await scanJson(dbs['gpl'] ?? '');
    expect(code).toBe(1);
    expect(json.projectLicense).toBe('MIT');
    expect(json.project).toEqual({ name: 'demo-app', version: '1.2.3' });
    const c = json.conflicts.find((x) => x.rule === 'copyleft-in-permissive');
    expect(c).toMatchObject({
      path: 'src/hash.c',
      severity: 'error',
      license: 'GPL-2.0-only',
      projectLicense: 'MIT',
      verdict: 'no',
    });
    expect(c?.match?.name).toBe('checksums');
    expect(c?.message).toContain('may not be included in a work under MIT');
  });

  it('passes the same match when the code is offered as MIT OR GPL-2.0-or-later', async () => {
    const { code, json } = await scanJson(dbs['dual'] ?? '');
    expect(code).toBe(0);
    expect(json.conflicts.map((c) => c.rule)).toEqual(['attribution-required']);
  });

  it('turns an Apache-2.0 match into a notice and writes the attribution text', async () => {
    const { code, json } = await scanJson(dbs['apache'] ?? '');
    expect(code).toBe(0);
    expect(json.conflicts[0]).toMatchObject({
      rule: 'attribution-required',
      severity: 'notice',
      license: 'Apache-2.0',
    });
    const out = join(tmp.path, 'NOTICE.txt');
    const res = await runCli(['notice', repo.path, '--db', dbs['apache'] ?? '', '-q', '-o', out]);
    expect(res.code, res.stderr).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('THIRD-PARTY NOTICES for demo-app');
    expect(text).toContain('checksums 3.1');
    expect(text).toContain('License: Apache-2.0');
    expect(text).toContain('src/hash.c:');
    expect(text).toContain('Apache License');
    expect(text).toContain('NOTICE file');
  });

  it('silences a finding with a waiver until the waiver expires', async () => {
    const waived = TestRepo.create('provscan-waive-');
    try {
      waived.write('package.json', JSON.stringify({ name: 'w', license: 'MIT' })).write('src/hash.c', COPIED);
      waived.write('.provscan.yml', '# reviewed by legal\nfail-on: error\n').commit('Add');
      const add = await runCli(
        [
          'waive',
          'src/hash.c:1-40',
          '--inbound-license',
          'GPL-2.0-only',
          '--reason',
          'upstream relicensed to us',
          '--approver',
          'Legal',
          '--expires',
          '2030-01-31',
        ],
        { cwd: waived.path },
      );
      expect(add.code, add.stderr).toBe(0);
      const policy = readFileSync(join(waived.path, '.provscan.yml'), 'utf8');
      expect(policy).toContain('# reviewed by legal');
      expect(policy).toContain('approver: Legal');

      const scan = async (epoch: string) =>
        await runCliJson<ScanResult>(['scan', waived.path, '--db', dbs['gpl'] ?? '', '--format', 'json', '-q'], {
          env: { SOURCE_DATE_EPOCH: epoch },
        });
      const before = await scan(String(Date.parse('2030-01-31T23:00:00Z') / 1000));
      expect(before.code).toBe(0);
      expect(before.json.conflicts[0]?.waived?.approver).toBe('Legal');
      expect(before.json.waivers[0]).toMatchObject({ state: 'active', covers: 1 });

      const after = await scan(String(Date.parse('2030-02-01T00:00:00Z') / 1000));
      expect(after.code).toBe(1);
      expect(after.json.conflicts[0]?.waived).toBeUndefined();
      expect(after.json.waivers[0]?.state).toBe('expired');
    } finally {
      waived.cleanup();
    }
  });

  it('honours a REUSE annotation that puts a file under the matched license, and min-match from the policy', async () => {
    const reuse = TestRepo.create('provscan-reuse-');
    try {
      reuse.write('package.json', JSON.stringify({ name: 'r', license: 'MIT' })).write('src/hash.c', COPIED);
      reuse.write(
        'REUSE.toml',
        'version = 1\n[[annotations]]\npath = "src/hash.c"\nSPDX-License-Identifier = "GPL-2.0-only"\n',
      );
      reuse.commit('Add');
      const annotated = await runCliJson<ScanResult>([
        'scan',
        reuse.path,
        '--db',
        dbs['gpl'] ?? '',
        '--format',
        'json',
        '-q',
      ]);
      expect(annotated.code).toBe(0);
      expect(annotated.json.files.find((f) => f.path === 'src/hash.c')?.license).toBe('GPL-2.0-only');

      reuse
        .remove('REUSE.toml')
        .write('.provscan.yml', 'min-match: {lines: 200, tokens: 5000}\n')
        .commit('Only report huge matches');
      const big = await runCliJson<ScanResult>([
        'scan',
        reuse.path,
        '--db',
        dbs['gpl'] ?? '',
        '--format',
        'json',
        '-q',
      ]);
      expect(big.code).toBe(0);
      expect(big.json.conflicts).toEqual([]);
    } finally {
      reuse.cleanup();
    }
  });

  it('reports a waiver that matches nothing as stale', async () => {
    const stale = TestRepo.create('provscan-stale-');
    try {
      stale
        .write('package.json', JSON.stringify({ name: 's', license: 'MIT' }))
        .write('src/clean.c', 'int main(void) { return 0; }\n');
      stale
        .write('.provscan.yml', 'waivers:\n  - {path: src/old.c, lines: "1-9", reason: gone, approver: me}\n')
        .commit('Add');
      const { code, json } = await runCliJson<ScanResult>([
        'scan',
        stale.path,
        '--db',
        dbs['gpl'] ?? '',
        '--format',
        'json',
        '-q',
      ]);
      expect(code).toBe(0);
      expect(json.waivers).toEqual([
        { index: 0, path: 'src/old.c', reason: 'gone', approver: 'me', expires: null, state: 'stale', covers: 0 },
      ]);
    } finally {
      stale.cleanup();
    }
  });
});

describe('bad license and policy input through the CLI', () => {
  const tmp = tempDir('provscan-badpolicy-');
  afterAll(() => tmp.cleanup());

  /** Scans a fresh repository with the given files; returns the result and whether an output file appeared. */
  async function scanWith(files: Record<string, string>, extra: string[] = []) {
    const repo = TestRepo.create('provscan-bad-');
    try {
      repo.write('src/a.c', 'int main(void) { return 0; }\n');
      for (const [p, text] of Object.entries(files)) repo.write(p, text);
      repo.commit('Add');
      const out = join(tmp.path, `out-${Math.random().toString(36).slice(2)}.json`);
      const res = await runCli(['scan', repo.path, '--format', 'json', '-q', '-o', out, ...extra], { cwd: repo.path });
      return { ...res, wrote: existsSync(out) };
    } finally {
      repo.cleanup();
    }
  }

  it('rejects a typo’d policy key with exit 2, naming the file and key, and writes nothing', async () => {
    const res = await scanWith({ '.provscan.yml': 'fail_on: warning\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('.provscan.yml: unknown key "fail_on" (did you mean "fail-on"?)');
    expect(res.wrote).toBe(false);
  });

  it('rejects a wrong type with the key path', async () => {
    const res = await scanWith({ '.provscan.yml': 'min-match:\n  lines: lots\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('min-match.lines: expected a whole number');
    expect(res.wrote).toBe(false);
  });

  it('rejects a malformed waiver date naming waivers[N].expires', async () => {
    const res = await scanWith({
      '.provscan.yml': 'waivers:\n  - {path: a, reason: r, approver: a, expires: "2027-13-01"}\n',
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('waivers[0].expires: "2027-13-01" is not a date (expected YYYY-MM-DD)');
    expect(res.wrote).toBe(false);
  });

  it('rejects an unknown license id in the policy', async () => {
    const res = await scanWith({ '.provscan.yml': 'licenses:\n  deny: [Apache 2]\n' });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      'licenses.deny[0]: "Apache 2" is not a valid SPDX expression (did you mean "Apache-2.0"?)',
    );
  });

  it('rejects an invalid package.json license naming the file and key', async () => {
    const res = await scanWith({ 'package.json': JSON.stringify({ name: 'x', license: 'GPLv2' }) });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      'package.json: license: "GPLv2" is not a valid SPDX expression (did you mean "GPL-2.0-only"?)',
    );
    expect(res.wrote).toBe(false);
  });

  it('rejects an invalid --license value and a missing --config file', async () => {
    const bad = await scanWith({}, ['--license', 'Apache 2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--license: "Apache 2" is not a valid SPDX expression');
    const missing = await scanWith({}, ['--config', join(tmp.path, 'nope.yml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('nope.yml does not exist');
  });

  it('refuses a waiver with a bad date or license and leaves no policy file behind', async () => {
    const dir = tempDir('provscan-waive-bad-');
    try {
      const date = await runCli(
        ['waive', 'src/a.c:1-5', '--reason', 'r', '--approver', 'a', '--expires', '2027-02-30'],
        {
          cwd: dir.path,
        },
      );
      expect(date.code).toBe(2);
      expect(date.stderr).toContain('--expires: "2027-02-30" is not a date (expected YYYY-MM-DD)');
      const license = await runCli(
        ['waive', 'src/a.c:1-5', '--reason', 'r', '--approver', 'a', '--inbound-license', 'GPLv2'],
        {
          cwd: dir.path,
        },
      );
      expect(license.code).toBe(2);
      expect(license.stderr).toContain(
        '--inbound-license: "GPLv2" is not a valid SPDX expression (did you mean "GPL-2.0-only"?)',
      );
      expect(existsSync(join(dir.path, '.provscan.yml'))).toBe(false);
    } finally {
      dir.cleanup();
    }
  });

  it('shows the detected license with its evidence', async () => {
    const repo = TestRepo.create('provscan-license-show-');
    try {
      repo
        .write('Cargo.toml', '[package]\nname = "crab"\nversion = "0.1.0"\nlicense = "MIT OR Apache-2.0"\n')
        .commit('Add');
      const res = await runCli(['license', repo.path]);
      expect(res.code, res.stderr).toBe(0);
      expect(res.stdout).toContain('License: MIT OR Apache-2.0');
      expect(res.stdout).toContain('Cargo.toml: MIT OR Apache-2.0 (confidence 100%)');
    } finally {
      repo.cleanup();
    }
  });
});
