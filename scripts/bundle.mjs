// The one build of provscan that ships: esbuild bundles the TypeScript sources of the CLI (cli/main.ts) and of the
// library (src/index.ts) into dist/bundle/, one chunk per command plus shared chunks, so a command loads a few files
// instead of ~80 modules (the pre-commit check starts faster: bench/check.bench.mjs). npm packages stay external
// (loaded from node_modules: native addons, JSON data, CJS). dist/bundle sits two levels below the package root,
// like dist/src/, so src/paths.ts finds package.json and the bundled corpus from either.
// Usage: node scripts/bundle.mjs [--esbuild DIR] (DIR: a node_modules folder holding esbuild, for scripts/prepare.mjs).
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = join(root, 'dist/bundle');
export const STAMP = join(outdir, '.source-digest');

/** A digest of everything the bundle is built from: a bundle with the same digest need not be rebuilt. */
export function sourceDigest() {
  const hash = createHash('sha256');
  const files = [];
  const walk = (dir) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) files.push(full);
    }
  };
  walk(join(root, 'src'));
  walk(join(root, 'cli'));
  files.push(join(root, 'package.json'), join(root, 'scripts/bundle.mjs'));
  for (const f of files.sort()) hash.update(`${relative(root, f)}\0`).update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}

/** Builds dist/bundle from the sources; the new bundle replaces the old one only once complete. */
export async function bundle(esbuildDir) {
  const require = createRequire(esbuildDir ? join(esbuildDir, 'noop.js') : import.meta.url);
  const esbuild = await import(pathToFileURL(require.resolve('esbuild')).href);
  const digest = sourceDigest();
  const tmp = `${outdir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: { main: join(root, 'cli/main.ts'), index: join(root, 'src/index.ts') },
    outdir: tmp,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  writeFileSync(join(tmp, '.source-digest'), `${digest}\n`);
  // Swap in the finished build: a CLI started meanwhile sees the old bundle or the new one, never half of one.
  rmSync(outdir, { recursive: true, force: true });
  renameSync(tmp, outdir);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const i = process.argv.indexOf('--esbuild');
  await bundle(i > 0 ? process.argv[i + 1] : undefined);
}
