// Shared by the benchmarks that hold provscan's AI lines against a real project's own count (bench/aider.bench.mjs,
// bench/peekaboo.bench.mjs): a private clone of the user's clone at a tag, a reference `git blame` of a file set,
// provscan's library run on the same files, line-level agreement, and CPU time of both (children included).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { readBlobs } from '../dist/src/git/cat-file.js';
import { openRepo } from '../dist/src/git/repo.js';
import { collectProvenance } from '../dist/src/provenance/index.js';

export const WORK = fileURLToPath(new URL('./work/', import.meta.url));
export const WORKERS = Math.min(4, Math.max(2, availableParallelism()));

export function git(cwd, args, options = {}) {
  return execFileSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, ...options });
}

/**
 * The clone to measure, from PROVSCAN_<NAME>_REPO or the first command-line argument; null (with the message
 * printed) when none is given, so `npm run bench` skips the benchmark.
 */
export function sourceClone(envName, howTo) {
  const given = process.env[envName] ?? process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!given) {
    console.log(`skipped: no clone given. ${howTo}`);
    return null;
  }
  if (!existsSync(given)) {
    console.error(`${given}: no such folder (${envName} must name a git clone)`);
    process.exit(2);
  }
  return given;
}

/**
 * A private clone sharing the given clone's objects (`--shared`: no copy), so the benchmark can move HEAD to each
 * tag without touching the user's work tree. Replace refs are carried over (a snapshot lacking large media blobs
 * stands them in with `git replace`). The commit-graph with changed-path Bloom filters is what `git maintenance`
 * leaves; both methods measured use it alike.
 */
export function privateClone(source, name) {
  const dest = `${WORK}${name}-clone`;
  if (!existsSync(`${dest}/.git`)) {
    rmSync(dest, { recursive: true, force: true });
    git(WORK.replace(/\/$/, ''), ['clone', '--quiet', '--shared', '--no-checkout', source, dest], {
      stdio: 'ignore',
    });
  } else {
    git(dest, ['fetch', '--quiet', '--tags', source, '+refs/heads/*:refs/remotes/origin/*']);
  }
  git(dest, ['fetch', '--quiet', source, '+refs/replace/*:refs/replace/*']);
  git(dest, ['commit-graph', 'write', '--reachable', '--changed-paths'], { stdio: 'ignore' });
  return dest;
}

/** A sentence for RESULTS.md when the clone stands in missing objects with `git replace`, else ''. */
export function replacedNote(repo) {
  const n = git(repo, ['replace', '-l']).split('\n').filter(Boolean).length;
  return n === 0
    ? ''
    : `The clone used was a snapshot lacking ${n} large binary blobs, stood in by \`git replace\` placeholders; ` +
        'files with those blobs are left out of both counts.';
}

/** Detaches HEAD at `tag` (no checkout: the files are read from the tag's blobs) and drops provscan's cache. */
export function moveHead(repo, tag) {
  const sha = git(repo, ['rev-parse', '--verify', `${tag}^{commit}`]).trim();
  git(repo, ['update-ref', '--no-deref', 'HEAD', sha]);
  rmSync(`${repo}/.git/provscan`, { recursive: true, force: true });
  return sha;
}

/** Paths and blob ids of the files at `rev`, but symlinks and blobs stood in by `git replace` (not their content). */
export function filesAt(repo, rev) {
  const replaced = new Set(git(repo, ['replace', '-l']).split('\n').filter(Boolean));
  const out = git(repo, ['ls-tree', '-r', '-z', '--full-tree', rev]);
  const files = [];
  for (const entry of out.split('\0')) {
    const m = /^(\d+) blob ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (m && m[1] !== '120000' && !replaced.has(m[2])) files.push({ path: m[3], blob: m[2] });
  }
  return files;
}

/** CPU seconds used so far by this process and by every child it has waited for (git included). */
export function cpuSeconds() {
  const own = process.cpuUsage();
  let children = 0;
  try {
    // /proc/self/stat fields 16 and 17 (cutime, cstime), in clock ticks; the name field may hold spaces.
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ');
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    children = Number.NaN; // not Linux: child CPU is unknown
  }
  return (own.user + own.system) / 1e6 + children;
}

export async function pool(items, size, fn) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}

/**
 * `git blame --incremental FLAGS REV -- PATH`: per line (0-based) the commit that last changed it, and whether
 * that commit is a boundary (a root commit, which `git blame` marks `^` and aider's script leaves out).
 */
export function blameLines(repo, rev, path, flags) {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['blame', '--incremental', ...flags, rev, '--', path], { cwd: repo });
    const chunks = [];
    let err = '';
    child.stdout.on('data', (c) => chunks.push(c));
    child.stderr.on('data', (c) => {
      err += c;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new Error(`git blame ${path} failed: ${err.trim()}`));
        return;
      }
      const shas = [];
      const boundary = new Set();
      let current = null;
      for (const line of Buffer.concat(chunks).toString('utf8').split('\n')) {
        const m = /^([0-9a-f]{40,64}) (\d+) (\d+) (\d+)$/.exec(line);
        if (m) {
          current = m[1];
          for (let i = 0; i < Number(m[4]); i++) shas[Number(m[3]) - 1 + i] = m[1];
        } else if (line === 'boundary' && current) boundary.add(current);
      }
      resolve({ shas, boundary });
    });
  });
}

/** provscan's AI spans for `files` at the repository's HEAD, through the library, cold cache; with CPU time. */
export async function provscanSpans(repo, files) {
  const blobs = await readBlobs(
    repo,
    files.map((f) => f.blob),
  );
  const sources = files.map((f) => ({
    path: f.path,
    blob: f.blob,
    origin: 'worktree',
    read: async () => blobs.get(f.blob),
  }));
  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const r = await openRepo(repo);
  const result = await collectProvenance({ repo: r, files: sources, logs: false, workers: WORKERS });
  return { result, cpu: cpuSeconds() - cpu0, wall: (performance.now() - t0) / 1000 };
}

/**
 * Line-level agreement: `truth` maps path → per-line { ai, sha } (null for a line left out, e.g. a boundary
 * line), `spans` is provscan's map of AI spans (filtered by `keep`).
 */
export function agreement(truth, spans, keep = () => true) {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let total = 0;
  let otherCommit = 0;
  for (const [path, lines] of truth) {
    const predicted = new Map();
    for (const s of spans.get(path) ?? []) {
      if (!keep(s)) continue;
      for (let l = s.start; l <= s.end; l++) predicted.set(l - 1, s.commit);
    }
    lines.forEach((t, i) => {
      if (!t) return;
      total++;
      const p = predicted.has(i);
      if (p && t.ai) {
        tp++;
        if (predicted.get(i) !== t.sha) otherCommit++;
      } else if (p) fp++;
      else if (t.ai) fn++;
    });
  }
  const precision = tp + fp === 0 ? 1 : tp / (tp + fp);
  const recall = tp + fn === 0 ? 1 : tp / (tp + fn);
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { tp, fp, fn, total, truthAi: tp + fn, predictedAi: tp + fp, otherCommit, precision, recall, f1 };
}

export const pct = (x) => `${(x * 100).toFixed(1)} %`;
export const num = (x) => x.toLocaleString('en-US');
