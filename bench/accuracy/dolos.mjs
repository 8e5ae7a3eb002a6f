// Dolos (`@dodona/dolos-lib`: winnowing over tree-sitter node types, so renaming never changes its tokens) as an
// anchor for renamed code: run on one (host file with its insertions, corpus file) pair at a time, with its defaults.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WORK } from './fetch.mjs';

/**
 * Dolos is not a dependency of provscan: it needs native tree-sitter builds of some twenty grammars (node-gyp, several
 * minutes; its build tools ask for Node 22 but build on 20), which every `npm ci` would pay. The benchmark installs it
 * once into bench/work/dolos (git-ignored), with the install scripts of the tree-sitter packages allowed.
 */
const DOLOS_DIR = join(WORK, '..', 'dolos');
const DOLOS_SPEC = '@dodona/dolos-lib@3.5.1';
let lib;

/** Whether the library loads here (installing it on first use; false when that fails). */
export async function dolosAvailable() {
  if (lib !== undefined) return lib !== null;
  const entry = join(DOLOS_DIR, 'node_modules/@dodona/dolos-lib/dist/index.js');
  try {
    if (!existsSync(entry)) {
      mkdirSync(DOLOS_DIR, { recursive: true });
      writeFileSync(
        join(DOLOS_DIR, 'package.json'),
        JSON.stringify({
          private: true,
          allowScripts: { 'tree-sitter': true, 'tree-sitter-compat': true, '@dodona/dolos-parsers': true },
        }),
      );
      process.stderr.write(`accuracy: installing ${DOLOS_SPEC} into ${DOLOS_DIR} (native builds, once)\n`);
      execFileSync('npm', ['install', '--no-audit', '--no-fund', DOLOS_SPEC], { cwd: DOLOS_DIR, stdio: 'ignore' });
      execFileSync('npm', ['rebuild', 'tree-sitter', 'tree-sitter-compat', '@dodona/dolos-parsers'], {
        cwd: DOLOS_DIR,
        stdio: 'ignore',
      });
    }
    lib = await import(pathToFileURL(entry).href);
  } catch (err) {
    process.stderr.write(`accuracy: Dolos unavailable (${String(err.message).split('\n')[0]})\n`);
    lib = null;
  }
  return lib !== null;
}

const rowsOverlap = (region, start, end) => region.startRow + 1 <= end && start <= region.endRow + 1;

/**
 * Whether Dolos reports a fragment between lines [start, end] of the host text and the fragment's lines of the corpus
 * text. Generous on purpose: any fragment counts, whatever its length (Dolos has no report threshold of its own).
 */
export async function dolosFinds(language, hostText, start, end, corpusText, frag) {
  const dolos = new lib.Dolos({ language });
  const ext = { c: 'c', go: 'go', java: 'java', javascript: 'js', typescript: 'ts', python: 'py' }[language];
  const host = new lib.File(`host.${ext}`, hostText);
  const corpus = new lib.File(`corpus.${ext}`, corpusText);
  let report;
  try {
    report = await dolos.analyze([host, corpus]);
  } catch {
    return false;
  }
  for (const pair of report.allPairs()) {
    const hostLeft = pair.leftFile.path === host.path;
    for (const f of pair.buildFragments()) {
      const h = hostLeft ? f.leftSelection : f.rightSelection;
      const c = hostLeft ? f.rightSelection : f.leftSelection;
      if (rowsOverlap(h, start, end) && rowsOverlap(c, frag.start, frag.end)) return true;
    }
  }
  return false;
}
