// Tests run the built CLI (bin/provscan.js -> dist/). `npm test` builds first (pretest); this guards direct
// `npx vitest` runs against a missing build.
import { existsSync } from 'node:fs';

export default function setup(): void {
  if (!existsSync(new URL('../../dist/cli/main.js', import.meta.url))) {
    throw new Error('dist/ is missing: run `npm run build` (npm test does it for you)');
  }
}
