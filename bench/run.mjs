// `npm run bench`: runs every bench/*.bench.mjs (or the ones named on the command line) one after another,
// each in its own process so peak memory is measured per benchmark.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const wanted = process.argv.slice(2);
// Downloads GBs of Debian sources: only when named (`npm run bench:scale`).
const ON_REQUEST = new Set(['scale.bench.mjs']);
const benches = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.mjs'))
  .filter((f) => (wanted.length === 0 ? !ON_REQUEST.has(f) : wanted.some((w) => f.startsWith(w))))
  .sort();
let failed = 0;
for (const b of benches) {
  process.stdout.write(`\n=== ${b} ===\n`);
  const res = spawnSync(process.execPath, ['--expose-gc', `${dir}${b}`], { stdio: 'inherit' });
  if (res.status !== 0) failed++;
}
process.exitCode = failed > 0 ? 1 : 0;
