// npm's `prepare`: builds provscan unless the build is already up to date. npm runs it on `npm install` in a clone,
// on `npm pack`, when `npx provscan` is run at the root of this repository (npm 11 links the root package into its
// npx cache and prepares it again) and when it prepares provscan as a git dependency — which is how the pre-commit
// framework installs the hook (`npm install -g git+file://…`, or `npm install` then `npm pack` in older versions).
// In that last case npm runs this script with no node_modules at all (neither devDependencies nor dependencies), so
// the CLI bundle is built with an esbuild fetched for the occasion, at the version the lock file pins.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle, STAMP, sourceDigest } from './bundle.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const require = createRequire(join(root, 'package.json'));
const say = (line) => process.stderr.write(`provscan prepare: ${line}\n`);

function resolvable(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

// A packed copy of provscan (no sources) is already built.
if (!existsSync(join(root, 'src'))) {
  if (existsSync(join(root, 'dist/bundle/main.js'))) process.exit(0);
  say('neither sources nor a build here (dist/bundle/main.js)');
  process.exit(1);
}

const devTools = resolvable('typescript') && resolvable('esbuild');
const upToDate = existsSync(STAMP) && readFileSync(STAMP, 'utf8').trim() === sourceDigest();
if (upToDate && (!devTools || existsSync(join(root, 'dist/src/index.d.ts')))) {
  say('the build is up to date');
  process.exit(0);
}

if (devTools) {
  // A clone with its devDependencies: the full build (type-checked library with declarations, and the bundle).
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(root, 'tsconfig.json')], {
    stdio: 'inherit',
  });
  if (tsc.status !== 0) process.exit(tsc.status ?? 1);
  await bundle();
  process.exit(0);
}

// npm's git-dependency preparation: only the CLI bundle is needed (the library's type declarations come with the
// registry package), and only esbuild can build it.
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const version = lock.packages?.['node_modules/esbuild']?.version;
if (typeof version !== 'string') {
  say('package-lock.json does not pin esbuild; cannot build');
  process.exit(1);
}
const tools = mkdtempSync(join(tmpdir(), 'provscan-build-'));
try {
  say(`no devDependencies here (a git dependency install): fetching esbuild ${version} to build the CLI`);
  const npm = process.env['npm_execpath'];
  const args = [
    'install',
    `--prefix=${tools}`,
    '--global=false',
    '--no-save',
    '--no-package-lock',
    '--no-audit',
    '--no-fund',
    '--ignore-scripts',
    // npm exports the outer install's settings to scripts (npm_config_omit=optional from a production install):
    // esbuild's binary is an optional dependency, so it is asked for explicitly
    '--include=optional',
    '--loglevel=error',
    `esbuild@${version}`,
  ];
  const res = npm?.endsWith('.js')
    ? spawnSync(process.execPath, [npm, ...args], { stdio: 'inherit' })
    : spawnSync('npm', args, { stdio: 'inherit' });
  if (res.status !== 0) {
    say(`could not install esbuild ${version} (npm exited ${res.status ?? res.signal})`);
    process.exit(1);
  }
  await bundle(join(tools, 'node_modules'));
} finally {
  rmSync(tools, { recursive: true, force: true });
}
