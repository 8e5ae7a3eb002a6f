// Tests run the built CLI (bin/provscan.js -> dist/). `npm test` builds first (pretest); this guards direct
// `npx vitest` runs against a missing build.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  if (!existsSync(new URL('../../dist/bundle/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
  // `check --staged` keeps a postings cache in the user cache folder: tests keep theirs to themselves.
  const cache = mkdtempSync(join(tmpdir(), 'provscan-test-cache-'));
  process.env['PROVSCAN_CACHE_DIR'] ??= cache;
  return () => rmSync(cache, { recursive: true, force: true });
}
