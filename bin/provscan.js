#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli (built by `npm install` through the prepare script).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write(
    'provscan: the build is missing (dist/cli/main.js). Run `npm run build` in the provscan folder.\n',
  );
  process.exit(3);
}
await import(entry.href);
