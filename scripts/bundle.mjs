// Bundles the built CLI (dist/cli/main.js and everything it imports from dist/) into dist/bundle/, one chunk per
// command plus shared chunks, so a command loads a few files instead of ~80 modules: the pre-commit check spends
// less on module resolution and loading (bench/check.bench.mjs: ~20 ms CPU, ~30 ms wall of ~250 on the benchmark
// machine). npm packages stay external (loaded from node_modules as before). Run by `npm run build` after tsc;
// bin/provscan.js uses the bundle only when it is at least as new as dist/cli/main.js (a bare `tsc` re-emits that
// file, so a stale bundle is never run), and falls back to dist/cli/ without it (esbuild is a dev dependency).
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const outdir = `${root}dist/bundle`;
rmSync(outdir, { recursive: true, force: true });
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stderr.write('bundle: esbuild is not installed; bin/provscan.js will run dist/cli/ unbundled\n');
  process.exit(0);
}
await esbuild.build({
  entryPoints: [`${root}dist/cli/main.js`],
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // npm packages are loaded from node_modules, as by the unbundled build (native addons, JSON data, CJS)
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
