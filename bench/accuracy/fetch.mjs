// Fetching the real code of the accuracy benchmark with the ordinary channels, once: Debian source packages (the
// .dsc from the archive's pool, then the upstream tarball it names, checked against the .dsc's SHA-256), Debian
// binary packages that carry source (Go's golang-*-dev ship their .go files), and npm packages (`npm pack`). Every
// download is cached under bench/work/accuracy/ (git-ignored): later runs are offline.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const WORK = join(ROOT, 'bench/work/accuracy');
const DOWNLOADS = join(WORK, 'downloads');
const TREES = join(WORK, 'trees');
const POOL = 'http://deb.debian.org/debian/pool/main';

const poolDir = (source) => `${source.startsWith('lib') ? source.slice(0, 4) : source[0]}/${source}`;
const noEpoch = (version) => version.replace(/^\d+:/, '');

async function download(url, file) {
  if (existsSync(file)) return readFileSync(file);
  mkdirSync(DOWNLOADS, { recursive: true });
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  const bytes = Buffer.from(await res.arrayBuffer());
  writeFileSync(`${file}.part`, bytes);
  renameSync(`${file}.part`, file);
  return bytes;
}

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Extracts `archive` into a fresh tree folder (atomically: a half-extracted tree is never left behind). */
function extract(name, run) {
  const dir = join(TREES, name);
  if (existsSync(dir)) return dir;
  const tmp = `${dir}.part`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  run(tmp);
  renameSync(tmp, dir);
  return dir;
}

/** A Debian source package's upstream tree (the .orig tarball, without Debian's patches). */
export async function debSource(source, version) {
  const key = `deb-src-${source}-${noEpoch(version)}`;
  if (existsSync(join(TREES, key))) return join(TREES, key);
  const base = `${POOL}/${poolDir(source)}/`;
  const dscName = `${source}_${noEpoch(version)}.dsc`;
  const dsc = (await download(base + dscName, join(DOWNLOADS, dscName))).toString('utf8');
  const sums = /Checksums-Sha256:\n((?: .+\n?)+)/.exec(dsc)?.[1] ?? '';
  const orig = sums
    .split('\n')
    .map((l) => l.trim().split(/\s+/))
    .find((p) => p.length === 3 && /\.orig\.tar\.(xz|gz|bz2)$/.test(p[2]));
  if (!orig) throw new Error(`${dscName}: no .orig tarball listed`);
  const [sum, , file] = orig;
  const bytes = await download(base + file, join(DOWNLOADS, file));
  if (sha256(bytes) !== sum) {
    rmSync(join(DOWNLOADS, file), { force: true });
    throw new Error(`${file}: SHA-256 does not match ${dscName}`);
  }
  return extract(key, (dir) =>
    execFileSync('tar', ['-xf', join(DOWNLOADS, file), '-C', dir, '--strip-components=1', '--no-same-owner']),
  );
}

/** A Debian binary package's files (`dpkg-deb -x`): golang-*-dev packages hold the Go sources. */
export async function debBinary(source, binary, version, arch = 'all') {
  const file = `${binary}_${noEpoch(version)}_${arch}.deb`;
  const key = `deb-${binary}-${noEpoch(version)}`;
  if (existsSync(join(TREES, key))) return join(TREES, key);
  await download(`${POOL}/${poolDir(source)}/${file}`, join(DOWNLOADS, file));
  return extract(key, (dir) => execFileSync('dpkg-deb', ['-x', join(DOWNLOADS, file), dir]));
}

/** An npm package's published tree (`npm pack`, offline once the npm cache has it). */
export function npmPackage(spec) {
  const key = `npm-${spec.replace(/[@/]/g, '_')}`;
  if (existsSync(join(TREES, key))) return join(TREES, key);
  const dl = join(DOWNLOADS, key);
  mkdirSync(dl, { recursive: true });
  if (!readdirSync(dl).some((f) => f.endsWith('.tgz')))
    execFileSync('npm', ['pack', spec, '--pack-destination', dl, '--ignore-scripts', '--silent'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  const tgz = readdirSync(dl).find((f) => f.endsWith('.tgz'));
  return extract(key, (dir) =>
    execFileSync('tar', ['-xzf', join(dl, tgz), '-C', dir, '--strip-components=1', '--no-same-owner']),
  );
}
