// `npm run lint` runs this after biome: the module map of docs/architecture.md, enforced. Every import (static,
// dynamic, type-only, re-export) of src/ and cli/ is checked against the table below, and import cycles between
// files are refused. Exit 1 with one line per violation; exit 0 when the tree keeps to the map.
//
// Usage: node scripts/check-architecture.mjs [ROOT]   (ROOT defaults to the repository this script is in)
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

/**
 * Which modules each module may import. A module is a folder of src/ (`src/corpus/**` is `corpus`), a top-level file
 * of src/ (`src/scan.ts` is `scan`), or `cli`. Third-party packages are not listed here, except those in RESTRICTED.
 */
export const ALLOWED = {
  model: [],
  errors: [],
  paths: [],
  verdict: ['model'],
  util: ['model', 'errors'],
  fingerprint: ['model', 'errors', 'util'],
  git: ['model', 'errors', 'util'],
  source: ['model', 'errors', 'util', 'git'],
  license: ['model', 'errors', 'util'],
  config: ['model', 'errors', 'util', 'license', 'provenance'],
  provenance: ['model', 'errors', 'util', 'git', 'source'],
  corpus: ['model', 'errors', 'util', 'paths', 'fingerprint', 'license'],
  sbom: ['model', 'errors', 'util', 'license'],
  report: ['model', 'errors', 'util', 'license'],
  hooks: ['model', 'errors', 'util', 'git'],
  check: [
    'model',
    'errors',
    'util',
    'paths',
    'verdict',
    'git',
    'source',
    'fingerprint',
    'license',
    'config',
    'provenance',
    'corpus',
    'report',
  ],
  // Orchestrators: one command's pipeline each, wiring the stages together.
  scan: ['*'],
  stats: ['model', 'errors', 'util', 'config', 'git', 'source', 'provenance'],
  blame: ['model', 'errors', 'util', 'config', 'git', 'provenance'],
  'scan-json': ['model', 'errors', 'util'],
  index: ['*'],
  cli: ['index'],
};

/**
 * Imports of cli/ past src/index.ts, each with its reason. The pre-commit check must start fast, so its command
 * loads only the modules it needs instead of the whole library behind src/index.ts.
 */
export const CLI_DEEP_IMPORTS = {
  'src/check/index.ts': 'the pre-commit check starts without the rest of the library',
  'src/check/prefetch.ts': 'the pre-commit check starts its git reads before the library has loaded',
};

/** Packages only some modules may import: the process, the terminal and git stay where the map puts them. */
export const RESTRICTED = {
  'node:child_process': {
    // git: every git process; ingest: `npm pack`, apt and dpkg-source for corpus sources; pdf: the browser that prints.
    allowed: ['src/git/', 'src/corpus/ingest/', 'src/report/pdf.ts'],
    why: 'only src/git/ starts git (src/git/exec.ts); other processes are started where the map says',
  },
  commander: { allowed: ['cli/'], why: 'argument parsing belongs to cli/' },
  'cli-progress': { allowed: ['cli/'], why: 'the terminal belongs to cli/' },
};

const here = dirname(fileURLToPath(import.meta.url));

/** The module a repository-relative POSIX path belongs to, or undefined for files outside src/ and cli/. */
export function moduleOf(path) {
  if (path.startsWith('cli/')) return 'cli';
  if (!path.startsWith('src/')) return undefined;
  const rest = path.slice(4);
  const slash = rest.indexOf('/');
  if (slash >= 0) return rest.slice(0, slash);
  return rest.replace(/\.ts$/, '');
}

function listTs(root, dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(join(root, d))) {
      const rel = d === '' ? name : `${d}/${name}`;
      const st = statSync(join(root, rel));
      if (st.isDirectory()) walk(rel);
      else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(rel);
    }
  };
  walk(dir);
  return out;
}

/** Import specifiers of a file: static, dynamic, type-only and re-exports alike. */
function importsOf(text) {
  return ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
}

/** Checks the tree under `root`; returns the violations, one line each. */
export function checkArchitecture(root) {
  const files = ['src', 'cli'].flatMap((d) => {
    try {
      return listTs(root, d);
    } catch {
      return [];
    }
  });
  const known = new Set(files);
  const problems = [];
  const edges = new Map();
  for (const file of files) {
    const from = moduleOf(file);
    const deps = [];
    for (const spec of importsOf(readFileSync(join(root, file), 'utf8'))) {
      if (!spec.startsWith('.')) {
        const rule = RESTRICTED[spec];
        if (rule && !rule.allowed.some((p) => file === p || (p.endsWith('/') && file.startsWith(p))))
          problems.push(`${file}: imports ${spec}: ${rule.why}`);
        continue;
      }
      const target = posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts');
      if (known.has(target)) deps.push(target);
      const to = moduleOf(target);
      if (to === undefined || to === from) continue;
      if (from === 'cli') {
        if (to === 'index' || target in CLI_DEEP_IMPORTS) continue;
        problems.push(`${file}: imports ${target}: cli/ imports the library through src/index.ts (or CLI_DEEP_IMPORTS)`);
        continue;
      }
      const allowed = ALLOWED[from];
      if (allowed === undefined) {
        problems.push(`${file}: module '${from}' is not in the module map (docs/architecture.md)`);
        continue;
      }
      if (!allowed.includes('*') && !allowed.includes(to))
        problems.push(`${file}: imports ${target}: module '${from}' may not import '${to}' (docs/architecture.md)`);
    }
    edges.set(file, deps);
  }
  for (const cycle of cycles(edges)) problems.push(`import cycle: ${cycle.join(' -> ')} -> ${cycle[0]}`);
  return [...new Set(problems)].sort();
}

/** Strongly connected components of more than one file (Tarjan), each as a list of files. */
function cycles(edges) {
  let next = 0;
  const index = new Map();
  const low = new Map();
  const stack = [];
  const onStack = new Set();
  const out = [];
  const visit = (v) => {
    index.set(v, next);
    low.set(v, next);
    next++;
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v), low.get(w)));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do {
        w = stack.pop();
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1) out.push(scc.sort());
    }
  };
  for (const v of edges.keys()) if (!index.has(v)) visit(v);
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = process.argv[2] ?? join(here, '..');
  const problems = checkArchitecture(root);
  for (const p of problems) process.stderr.write(`architecture: ${p.split(sep).join('/')}\n`);
  if (problems.length > 0) {
    process.stderr.write(`architecture: ${problems.length} violation(s) of the module map (docs/architecture.md)\n`);
    process.exitCode = 1;
  } else if (process.env['CI'] !== 'true') process.stdout.write(`architecture: ${relative(process.cwd(), root) || '.'} keeps to the module map\n`);
}
