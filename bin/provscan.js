#!/usr/bin/env node
// Thin launcher: the CLI lives in dist/cli, bundled into dist/bundle (built by `npm install` through the prepare
// script).
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/cli/main.js', import.meta.url);
// The bundled CLI (scripts/bundle.mjs) loads faster; it is used only when built after dist/cli (not stale).
const bundle = new URL('../dist/bundle/main.js', import.meta.url);
const newer = (a, b) => {
  try {
    return statSync(fileURLToPath(a)).mtimeMs >= statSync(fileURLToPath(b)).mtimeMs;
  } catch {
    return false;
  }
};
if (newer(bundle, entry)) {
  await import(bundle.href);
} else {
  if (!existsSync(fileURLToPath(entry))) {
    process.stderr.write(
      'provscan: the build is missing (dist/cli/main.js). Run `npm run build` in the provscan folder.\n',
    );
    process.exit(3);
  }
  await import(entry.href);
}
