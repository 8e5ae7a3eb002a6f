// A tiny local Debian archive for tests: real source packages built by dpkg-source from small trees (DEP-5
// debian/copyright, debian/changelog), indexed by dpkg-scansources, with a Release file, served to apt through a
// file: URI marked [trusted=yes]. No network. The Debian tools it needs come with apt and dpkg-dev (.ci/run installs
// them); without them the tests fail saying so, never skip.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface DebPackage {
  readonly name: string;
  /** Upstream version; the Debian revisions below are built from one orig tarball of it. */
  readonly upstream: string;
  /** Debian revisions to publish (`1`, `2` → 1.0-1, 1.0-2). */
  readonly revisions: ReadonlyArray<string>;
  /** Upstream files, relative to the tree. */
  readonly files: Readonly<Record<string, string>>;
  /** debian/copyright. */
  readonly copyright: string;
}

const TOOLS = ['apt-get', 'apt-cache', 'dpkg-source', 'dpkg-scansources', 'tar'];

/** Fails (never skips) when a tool the deb: tests need is missing. */
export function requireDebianTools(): void {
  const missing = TOOLS.filter((t) => {
    try {
      execFileSync('sh', ['-c', 'command -v "$1"', 'sh', t], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0)
    throw new Error(
      `the deb: tests need ${missing.join(', ')}: install them with \`apt-get install -y apt dpkg-dev\` (.ci/run does)`,
    );
}

function write(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}

function changelog(name: string, upstream: string, revisions: ReadonlyArray<string>): string {
  return [...revisions]
    .reverse()
    .map(
      (r) =>
        `${name} (${upstream}-${r}) unstable; urgency=medium\n\n  * Release ${r}.\n\n -- Test <test@example.org>  Mon, 01 Jan 2024 00:00:0${r} +0000\n`,
    )
    .join('\n');
}

/**
 * Builds the archive under `root` (pool/ and dists/test/main/source/) and returns a one-line apt sources file that
 * points at it: `deb [trusted=yes] file:ROOT test main`, mirrored by provscan as deb-src like a machine's own entries.
 */
export function buildDebianArchive(
  root: string,
  packages: ReadonlyArray<DebPackage>,
  options: { readonly sign?: boolean } = {},
): { sourcesFile: string; keyring?: string } {
  requireDebianTools();
  const work = join(root, 'work');
  mkdirSync(join(root, 'pool'), { recursive: true });
  for (const p of packages) {
    const pool = join(root, 'pool', 'main', p.name[0]!, p.name);
    mkdirSync(pool, { recursive: true });
    const tree = join(work, `${p.name}-${p.upstream}`);
    for (const [path, text] of Object.entries(p.files)) write(join(tree, path), text);
    const orig = `${p.name}_${p.upstream}.orig.tar.gz`;
    execFileSync('tar', ['czf', join(work, orig), '--sort=name', '--mtime=2024-01-01', `${p.name}-${p.upstream}`], {
      cwd: work,
    });
    for (let i = 0; i < p.revisions.length; i++) {
      write(join(tree, 'debian', 'source', 'format'), '3.0 (quilt)\n');
      write(
        join(tree, 'debian', 'control'),
        `Source: ${p.name}\nMaintainer: Test <test@example.org>\nSection: devel\nPriority: optional\nStandards-Version: 4.6.2\n\n` +
          `Package: ${p.name}\nArchitecture: any\nDescription: test package\n test package\n`,
      );
      write(join(tree, 'debian', 'changelog'), changelog(p.name, p.upstream, p.revisions.slice(0, i + 1)));
      write(join(tree, 'debian', 'copyright'), p.copyright);
      execFileSync('dpkg-source', ['-b', `${p.name}-${p.upstream}`], { cwd: work, stdio: 'pipe' });
      for (const f of readdirSync(work)) {
        if (f.startsWith(`${p.name}_`) && !f.endsWith('.orig.tar.gz')) renameSync(join(work, f), join(pool, f));
      }
    }
    renameSync(join(work, orig), join(pool, orig));
    rmSync(tree, { recursive: true, force: true });
  }
  rmSync(work, { recursive: true, force: true });
  const dist = join(root, 'dists', 'test');
  const index = join(dist, 'main', 'source', 'Sources');
  mkdirSync(dirname(index), { recursive: true });
  writeFileSync(index, execFileSync('dpkg-scansources', ['pool'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }));
  const sha = createHash('sha256').update(readFileSync(index)).digest('hex');
  writeFileSync(
    join(dist, 'Release'),
    'Origin: Test\nLabel: Test\nSuite: test\nCodename: test\nComponents: main\nArchitectures: source\n' +
      `Date: Mon, 01 Jan 2024 00:00:00 UTC\nSHA256:\n ${sha} ${statSync(index).size} main/source/Sources\n`,
  );
  const sourcesFile = join(root, 'test.list');
  if (!options.sign) {
    writeFileSync(sourcesFile, `# a test archive\ndeb [trusted=yes] file:${root} test main\n`);
    return { sourcesFile };
  }
  const keyring = signRelease(root, dist);
  writeFileSync(sourcesFile, `deb [signed-by=${keyring}] file:${root} test main\n`);
  return { sourcesFile, keyring };
}

/** Signs dists/test/Release into InRelease with a fresh key (gpg, a throw-away home); returns the public keyring. */
function signRelease(root: string, dist: string): string {
  const home = join(root, 'gnupg');
  mkdirSync(home, { recursive: true, mode: 0o700 });
  const gpg = (...args: string[]) =>
    execFileSync(
      'gpg',
      ['--homedir', home, '--batch', '--quiet', '--pinentry-mode', 'loopback', '--passphrase', '', ...args],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  try {
    gpg('--quick-gen-key', 'provscan test archive <archive@example.org>', 'ed25519', 'sign', 'never');
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT')
      throw new Error('the signed-archive test needs gpg: install it with `apt-get install -y gpg` (.ci/run does)');
    throw err;
  }
  gpg('--clearsign', '--output', join(dist, 'InRelease'), join(dist, 'Release'));
  const keyring = join(root, 'archive-key.gpg');
  writeFileSync(keyring, gpg('--export'));
  return keyring;
}
