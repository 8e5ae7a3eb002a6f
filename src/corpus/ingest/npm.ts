// npm packages as corpus sources: a package tarball, `name@version` fetched with `npm pack` (offline when the npm
// cache has it), or every package of a node_modules tree. License and purl come from each package.json.
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { InputError, UsageError } from '../../errors.js';
import type { IngestEntry, IngestSource, SourceInfo } from '../store.js';
import { npmNameProblem, npmPurl } from './purl.js';
import { normaliseLicense } from './spdx.js';
import { readTarball } from './tarball.js';
import { listTree, readMetadataFile, readTree } from './walk.js';

export interface PackageJson {
  name?: unknown;
  version?: unknown;
  license?: unknown;
  licenses?: unknown;
}

/** The declared license of a package.json: `license` string or `{type}` object, or the old `licenses` array. */
export function packageLicense(pkg: PackageJson): string {
  const typeOf = (x: unknown): string | undefined =>
    typeof x === 'string'
      ? x
      : x && typeof x === 'object' && typeof (x as { type?: unknown }).type === 'string'
        ? (x as { type: string }).type
        : undefined;
  const one = typeOf(pkg.license);
  if (one !== undefined) return normaliseLicense(one);
  const list = Array.isArray(pkg.licenses) ? pkg.licenses : Array.isArray(pkg.license) ? pkg.license : [];
  const types = list
    .map(typeOf)
    .filter((t): t is string => t !== undefined)
    .map(normaliseLicense);
  if (types.length === 0) return 'NOASSERTION';
  return types.length === 1 ? types[0]! : types.map((t) => (/\s/.test(t) ? `(${t})` : t)).join(' OR ');
}

export interface Overrides {
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
}

export function npmInfo(pkg: PackageJson, origin: string, o: Overrides = {}): SourceInfo {
  const name = o.name ?? (typeof pkg.name === 'string' ? pkg.name : undefined);
  if (!name) throw new InputError(origin, 'package.json has no "name" (give --name)');
  // the name becomes the purl in the corpus, SBOMs and reports: `<img src=x>` is refused, not encoded into one
  const problem = npmNameProblem(name);
  if (problem !== undefined) {
    if (o.name !== undefined)
      throw new UsageError(`--name: ${JSON.stringify(name)} is not an npm package name (${problem})`);
    throw new InputError(
      origin,
      `package.json names ${JSON.stringify(name)}, not a valid npm package name (${problem})`,
      'give --name (and --purl) to ingest it under another name',
    );
  }
  const version = o.version ?? (typeof pkg.version === 'string' ? pkg.version : null);
  return {
    name,
    version,
    purl: o.purl ?? npmPurl(name, version),
    license: o.license ?? packageLicense(pkg),
    origin,
  };
}

/** An npm package tarball (members under `package/`), read in one pass and held in memory (packages are small). */
export async function npmTarballSource(file: string, o: Overrides = {}): Promise<IngestSource> {
  const entries: IngestEntry[] = [];
  for await (const e of readTarball(file, 1)) entries.push(e);
  const manifest = entries.find((e) => e.path === 'package.json' && e.bytes);
  let pkg: PackageJson = {};
  if (manifest?.bytes) {
    try {
      pkg = JSON.parse(Buffer.from(manifest.bytes).toString('utf8')) as PackageJson;
    } catch {
      throw new InputError(file, 'package/package.json is not valid JSON');
    }
  } else if (!o.name || !o.license) {
    throw new InputError(file, 'not an npm package tarball (no package/package.json); give --name and --license');
  }
  entries.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return { info: npmInfo(pkg, file, o), total: entries.length, entries };
}

const run = promisify(execFile);

/** `npm pack name@version` into a temporary folder (works offline when cached), then ingest that tarball. */
export async function npmSpecSource(spec: string, o: Overrides = {}): Promise<IngestSource> {
  const dir = mkdtempSync(join(tmpdir(), 'provscan-pack-'));
  try {
    let out: string;
    try {
      ({ stdout: out } = await run(
        'npm',
        ['pack', spec, '--pack-destination', dir, '--json', '--prefer-offline', '--ignore-scripts'],
        {
          maxBuffer: 64 * 1024 * 1024,
        },
      ));
    } catch (err) {
      const msg = ((err as { stderr?: string }).stderr ?? (err as Error).message)
        .trim()
        .split('\n')
        .filter((l) => /err/i.test(l))[0];
      throw new InputError(spec, `npm pack failed${msg ? `: ${msg}` : ''}`);
    }
    const parsed = JSON.parse(out) as Array<{ filename: string }>;
    const tgz = join(dir, parsed[0]?.filename.replace(/^@/, '').replace(/\//, '-') ?? '');
    const found = existsSync(tgz) ? tgz : join(dir, readdirSync(dir).find((f) => f.endsWith('.tgz')) ?? '');
    const source = await npmTarballSource(found, o);
    return { ...source, info: { ...source.info, origin: `npm:${spec}` } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The package.json of a package folder, read without following links (readMetadataFile).
 * @throws InputError naming the file when it is missing, a link, or not a JSON object.
 */
export function readPackageJson(dir: string): PackageJson {
  const file = join(dir, 'package.json');
  const bytes = readMetadataFile(dir, 'package.json');
  if (bytes === undefined) throw new InputError(file, 'no such file');
  let pkg: unknown;
  try {
    pkg = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new InputError(file, `package.json is not valid JSON (${(err as Error).message.split('\n')[0]})`);
  }
  if (typeof pkg !== 'object' || pkg === null || Array.isArray(pkg))
    throw new InputError(file, 'package.json is not a JSON object');
  return pkg as PackageJson;
}

/** A package folder of a node_modules tree that could not be ingested, and why. */
export interface LeftOut {
  readonly path: string;
  readonly reason: string;
}

/**
 * One source per package folder of a node_modules tree (scoped and nested ones too), in path order. A package whose
 * package.json cannot
 * be read or names no package is left out and pushed to `leftOut`, so the report can say so.
 */
export function* nodeModulesSources(root: string, leftOut: LeftOut[] = []): Generator<IngestSource> {
  const packages: string[] = [];
  const scan = (nm: string) => {
    for (const name of readdirSync(nm).sort()) {
      if (name.startsWith('.')) continue;
      const dir = join(nm, name);
      if (!statSync(dir).isDirectory()) continue;
      if (name.startsWith('@')) {
        for (const sub of readdirSync(dir).sort()) visit(join(dir, sub));
      } else visit(dir);
    }
  };
  const visit = (dir: string) => {
    if (!existsSync(join(dir, 'package.json'))) return;
    packages.push(dir);
    const nested = join(dir, 'node_modules');
    if (existsSync(nested)) scan(nested);
  };
  scan(root);
  for (const dir of packages) {
    let pkg: PackageJson;
    try {
      pkg = readPackageJson(dir);
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      leftOut.push({ path: dir, reason: err.problem });
      continue;
    }
    if (typeof pkg.name !== 'string' || pkg.name === '') {
      leftOut.push({ path: dir, reason: 'package.json names no package' });
      continue;
    }
    const problem = npmNameProblem(pkg.name);
    if (problem !== undefined) {
      leftOut.push({
        path: dir,
        reason: `package.json names ${JSON.stringify(pkg.name)}, not a valid npm package name (${problem})`,
      });
      continue;
    }
    const paths = listTree(dir);
    yield { info: npmInfo(pkg, dir), total: paths.length, entries: readTree(dir, paths) };
  }
}
