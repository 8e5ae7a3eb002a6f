// Hostile inputs to `corpus add` and to the commands that read files besides the tree (issue 13, items 4, 9, 10, 11
// and 16, and the input sweep): DEP-5 globs built to backtrack, links out of a Debian tree, package names and purls
// that are markup, a broken license, a corpus that is an empty file or a folder, JSON nested to overflow the stack.
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

const CODE = Array.from({ length: 40 }, (_, i) => `export function step${i}(x) { return x * ${i} + ${i * 7}; }`).join(
  '\n',
);

/** A Debian source tree with the given debian/copyright text (and a parsable changelog unless one is given). */
function debianTree(root: string, copyright: string, changelog = 'hello (2.10-3) unstable; urgency=medium\n'): string {
  mkdirSync(join(root, 'debian'), { recursive: true });
  mkdirSync(join(root, 'src'), { recursive: true });
  writeFileSync(join(root, 'src', 'hello.js'), `${CODE}\n`);
  writeFileSync(join(root, 'debian', 'copyright'), copyright);
  writeFileSync(join(root, 'debian', 'changelog'), changelog);
  return root;
}

const DEP5_HEADER = 'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\n';

function expectInputError(res: { code: number; stderr: string }, ...parts: string[]): void {
  expect(res.code, res.stderr).toBe(2);
  for (const p of parts) expect(res.stderr).toContain(p);
  expect(res.stderr).not.toContain('internal error');
}

describe('hostile corpus inputs', () => {
  const tmp = tempDir('provscan-hostile-corpus-');
  afterAll(() => tmp.cleanup());
  let n = 0;
  const fresh = (name: string) => {
    const dir = join(tmp.path, `${name}-${++n}`);
    mkdirSync(dir, { recursive: true });
    return dir;
  };

  it('refuses a DEP-5 glob of 3,000 "*?" pairs fast, naming the file and the paragraph', async () => {
    const tree = debianTree(fresh('dep5-pairs'), `${DEP5_HEADER}Files: ${'*?'.repeat(3000)}\nLicense: GPL-2+\n`);
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'a.db'), '--debian', '-q'], {
      timeoutMs: 30_000,
    });
    expectInputError(res, 'debian/copyright: paragraph 2, Files: pattern 1: the pattern is 6,000 characters');
  });

  it('refuses a DEP-5 glob of 50,000 "*" with exit 2, not an internal error', async () => {
    const tree = debianTree(fresh('dep5-stars'), `${DEP5_HEADER}Files: ${'*'.repeat(50_000)}\nLicense: MIT\n`);
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'b.db'), '--debian', '-q']);
    expectInputError(res, 'debian/copyright', 'the pattern is 50,000 characters');
  });

  it('matches a DEP-5 glob that would make a backtracking matcher hang, in linear time', async () => {
    const name = `${'a'.repeat(200)}.js`;
    const tree = debianTree(
      fresh('dep5-backtrack'),
      `${DEP5_HEADER}Files: *\nLicense: MIT\n\nFiles: ${'*a'.repeat(40)}*b\nLicense: GPL-2+\n`,
    );
    writeFileSync(join(tree, 'src', name), `${CODE}\n// ${name}\n`);
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'c.db'), '--debian', '--json', '-q'], {
      timeoutMs: 60_000,
    });
    expect(res.code, res.stderr).toBe(0);
    const list = await runCli(['corpus', 'list', '--db', join(tmp.path, 'c.db'), '--json']);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'hello', license: 'MIT' })]);
  });

  it('never follows a debian/copyright that links out of the tree', async () => {
    const outside = join(fresh('outside'), 'copyright');
    writeFileSync(outside, `${DEP5_HEADER}Files: *\nLicense: MIT\n`);
    const tree = debianTree(fresh('dep5-link'), 'placeholder');
    const copyright = join(tree, 'debian', 'copyright');
    const { rmSync } = await import('node:fs');
    rmSync(copyright);
    symlinkSync(outside, copyright);
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'd.db'), '--debian', '-q']);
    expectInputError(res, `${copyright}: is a symbolic link; provscan never follows links`);
  });

  it('never follows a debian/changelog that links out of the tree', async () => {
    const outside = join(fresh('outside'), 'changelog');
    writeFileSync(outside, 'evil (6.6.6) unstable; urgency=low\n');
    const tree = debianTree(fresh('changelog-link'), `${DEP5_HEADER}Files: *\nLicense: MIT\n`);
    const changelog = join(tree, 'debian', 'changelog');
    const { rmSync } = await import('node:fs');
    rmSync(changelog);
    symlinkSync(outside, changelog);
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'e.db'), '--debian', '-q']);
    expectInputError(res, `${changelog}: is a symbolic link`);
  });

  it('reports an unparsable debian/changelog as unparsable, not as missing', async () => {
    const tree = debianTree(fresh('changelog-bad'), `${DEP5_HEADER}Files: *\nLicense: MIT\n`, 'not a changelog\n');
    const res = await runCli(['corpus', 'add', tree, '--db', join(tmp.path, 'f.db'), '--debian', '-q']);
    expectInputError(res, 'debian/changelog: cannot be parsed');
    expect(res.stderr).not.toContain('no debian/changelog');
  });

  it('refuses a package.json whose name is markup instead of writing it into a purl', async () => {
    const pkg = fresh('npm-markup');
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: '<img src=x>', version: '1.0.0', license: 'MIT' }));
    writeFileSync(join(pkg, 'index.js'), `${CODE}\n`);
    const db = join(tmp.path, 'g.db');
    const res = await runCli(['corpus', 'add', pkg, '--db', db, '--npm', '-q']);
    expectInputError(res, 'package.json names "<img src=x>", not a valid npm package name');
  });

  it('leaves a package with a markup name out of a node_modules ingest, with the reason', async () => {
    const nm = join(fresh('nm'), 'node_modules');
    for (const [dir, name] of [
      ['good', 'good'],
      ['bad', '<script>alert(1)</script>'],
    ]) {
      mkdirSync(join(nm, dir!), { recursive: true });
      writeFileSync(join(nm, dir!, 'package.json'), JSON.stringify({ name, version: '1.0.0', license: 'MIT' }));
      writeFileSync(join(nm, dir!, 'index.js'), `${CODE}\n// ${dir}\n`);
    }
    const db = join(tmp.path, 'h.db');
    const res = await runCli(['corpus', 'add', nm, '--db', db, '-q']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('left out');
    expect(res.stdout).toContain('not a valid npm package name');
    const list = await runCli(['corpus', 'list', '--db', db, '--json']);
    const rows = JSON.parse(list.stdout) as Array<{ name: string; purl: string }>;
    expect(rows.map((r) => r.purl)).toEqual(['pkg:npm/good@1.0.0']);
  });

  it('refuses a --purl that is not a package URL, naming the value', async () => {
    const src = fresh('purl');
    writeFileSync(join(src, 'a.js'), `${CODE}\n`);
    const res = await runCli([
      'corpus',
      'add',
      src,
      '--db',
      join(tmp.path, 'i.db'),
      '--name',
      'x',
      '--license',
      'MIT',
      '--purl',
      'javascript:alert(1)',
    ]);
    expectInputError(res, '--purl: "javascript:alert(1)" is not a package URL');
  });

  it('encodes the parts of a purl it builds (a scoped name, markup in the version)', async () => {
    const pkg = fresh('npm-scoped');
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: '@acme/widget', version: '1.0.0+<b>x</b>', license: 'MIT' }),
    );
    writeFileSync(join(pkg, 'index.js'), `${CODE}\n`);
    const db = join(tmp.path, 'j.db');
    const res = await runCli(['corpus', 'add', pkg, '--db', db, '--npm', '-q']);
    expect(res.code, res.stderr).toBe(0);
    const rows = JSON.parse((await runCli(['corpus', 'list', '--db', db, '--json'])).stdout) as Array<{ purl: string }>;
    expect(rows[0]?.purl).toBe('pkg:npm/%40acme/widget@1.0.0+%3Cb%3Ex%3C%2Fb%3E');
  });

  it('keeps a broken declared license "(MIT OR" as a LicenseRef-, never the guess MIT', async () => {
    const pkg = fresh('npm-license');
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'half', version: '1.0.0', license: '(MIT OR' }));
    writeFileSync(join(pkg, 'index.js'), `${CODE}\n`);
    const db = join(tmp.path, 'k.db');
    const res = await runCli(['corpus', 'add', pkg, '--db', db, '--npm', '-q']);
    expect(res.code, res.stderr).toBe(0);
    const rows = JSON.parse((await runCli(['corpus', 'list', '--db', db, '--json'])).stdout) as Array<{
      license: string;
    }>;
    expect(rows[0]?.license).toBe('LicenseRef-MIT-OR');
  });
});

describe('hostile --db and JSON inputs', () => {
  const repo = TestRepo.create('provscan-hostile-db-');
  repo.write('a.js', 'export const a = 1;\n').commit('Start');
  const tmp = tempDir('provscan-hostile-db-');
  afterAll(() => {
    repo.cleanup();
    tmp.cleanup();
  });

  it('says a zero-byte --db is an empty file', async () => {
    const db = join(tmp.path, 'empty.db');
    writeFileSync(db, '');
    expectInputError(await runCli(['scan', repo.path, '--db', db]), `${db}: is an empty file (0 bytes), not a corpus`);
  });

  it('says a folder given as --db is a folder, for scanning and for adding', async () => {
    const db = join(tmp.path, 'folder.db');
    mkdirSync(db);
    expectInputError(await runCli(['scan', repo.path, '--db', db]), `${db}: is a folder, not a corpus database`);
    const add = await runCli(['corpus', 'add', repo.path, '--db', db, '--name', 'x', '--license', 'MIT', '-q']);
    expectInputError(add, `${db}: is a folder`);
    expect(add.stderr).not.toContain('disk I/O error');
  });

  it('refuses an SBOM to merge into that nests components deep enough to overflow the stack', async () => {
    const depth = 20_000;
    const bom = `{"bomFormat":"CycloneDX","specVersion":"1.6","version":1,"components":[${'{"type":"library","name":"x","components":['.repeat(depth)}${']}'.repeat(depth)}]}`;
    const file = join(tmp.path, 'deep-bom.json');
    writeFileSync(file, bom);
    const res = await runCli(['sbom', repo.path, '--merge', file, '-q']);
    expectInputError(res, `${file}: not an SBOM provscan merges into: nested more than 100 levels deep`);
  });

  it('refuses a scan JSON nested deep enough to overflow the stack, in sbom and in report', async () => {
    const depth = 20_000;
    const file = join(tmp.path, 'deep-scan.json');
    writeFileSync(
      file,
      `{"schema":1,"tool":{"name":"provscan","version":"0.1.0"},"root":"r","files":[],"conflicts":[],"x":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    );
    expectInputError(await runCli(['sbom', '--from', file]), file, 'nested more than 100 levels deep');
    expectInputError(
      await runCli(['report', '--from', file, '--format', 'md']),
      file,
      'nested more than 100 levels deep',
    );
  });

  it('names a folder given as --from', async () => {
    expectInputError(await runCli(['report', '--from', tmp.path, '--format', 'md']), 'the scan JSON is a folder');
  });
});
