#!/usr/bin/env node
// Thin launcher for the one CLI build that ships: dist/bundle/main.js (scripts/bundle.mjs, run by `npm run build`
// and by npm's `prepare` on install).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/bundle/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'provscan: the build is missing (dist/bundle/main.js). Run `npm run build` in the provscan folder.\n',
  );
  process.exit(3);
}
await import(entry.href);
