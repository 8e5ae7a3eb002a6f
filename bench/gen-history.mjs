// Generates a synthetic git history for the provenance benchmark with `git fast-import`, keeping the ground
// truth of which final lines an AI wrote. Deterministic (seeded); cached under bench/work/ so reruns reuse it.
//
// Usage: node bench/gen-history.mjs [--commits N] [--files N] [--seed N] [--force]
//
// The history mixes every commit convention provscan knows with human commits: file creations, line edits
// (replace, insert, delete), follow-up human edits of AI lines, renames and moves between folders, blocks moved
// within a file and between files, squash-style messages, and human commits that mention assistants in prose.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const WORK = fileURLToPath(new URL('./work/', import.meta.url));

const HUMANS = [
  ['Ada Human', 'ada@example.com'],
  ['Brian Kernighan', 'bwk@example.com'],
  ['Grace Hopper', 'grace@example.com'],
];

// [message suffix or null, author override or null, subject prefix or null]
const AI_STYLES = [
  {
    body: '🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>',
  },
  { body: 'Co-Authored-By: Claude <noreply@anthropic.com>' },
  { body: 'Co-authored-by: aider (openai/gpt-4o) <aider@aider.chat>' },
  { authorSuffix: ' (aider)' },
  { prefix: 'aider: ' },
  { author: ['Copilot', '198982749+Copilot@users.noreply.github.com'] },
  { body: 'Co-authored-by: Cursor Agent <cursoragent@cursor.com>' },
  { body: 'Co-authored-by: Codex <codex@openai.com>' },
  { author: ['google-labs-jules[bot]', '161369871+google-labs-jules[bot]@users.noreply.github.com'] },
  { body: 'Co-authored-by: Gemini CLI <gemini-cli@google.com>' },
  { author: ['devin-ai-integration[bot]', '158243242+devin-ai-integration[bot]@users.noreply.github.com'] },
  { author: ['amazon-q-developer[bot]', 'amazon-q@example.com'] },
  { body: 'Co-authored-by: Windsurf <noreply@windsurf.com>' },
  { body: 'Replit-Commit-Author: Agent\nReplit-Commit-Session-Id: 7c1d' },
  { body: 'Assisted-by: Claude:claude-3-opus coccinelle\nSigned-off-by: Ada Human <ada@example.com>' },
  { body: 'Generated-by: ChatGPT (gpt-4o)' },
  { body: 'AI-assisted: yes' },
  { squash: true },
];

const HUMAN_PROSE = [
  'fixed copilot bug in the settings page',
  'Revert the Claude Code suggestion for the cache',
  'Note: aider config moved to docs',
];

function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function historyDir({ commits, files, seed }) {
  return `${WORK}history-c${commits}-f${files}-s${seed}/`;
}

/** Generates (or reuses) the repository; returns { repo, truthFile, dir }. */
export async function generateHistory({ commits = 10_000, files = 3_000, seed = 42, force = false } = {}) {
  const dir = historyDir({ commits, files, seed });
  const repo = `${dir}repo`;
  const truthFile = `${dir}truth.json`;
  if (!force && existsSync(truthFile) && existsSync(`${repo}/.git`)) return { repo, truthFile, dir, cached: true };
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(repo, { recursive: true });
  const rand = rng(seed);
  const pick = (arr) => arr[Math.floor(rand() * arr.length)];
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

  let lineId = 0;
  const newLine = (ai) => {
    const r = rand();
    lineId++;
    if (r < 0.08) return { text: '', ai };
    if (r < 0.12) return { text: '}', ai };
    return { text: `  const v${lineId} = compute(${lineId}, ${int(0, 99999)}, "${lineId.toString(36)}");`, ai };
  };
  /** path -> array of { text, ai } */
  const tree = new Map();
  const paths = [];
  const dirs = Array.from({ length: 60 }, (_, i) => `pkg${i % 12}/src/mod${i}`);
  let fileSeq = 0;
  const newPath = () => `${pick(dirs)}/file${fileSeq++}.js`;

  // Init first, and pin GIT_DIR: a git started in a folder that is not yet a repository would find the
  // enclosing checkout's repository instead.
  const env = { ...process.env, GIT_DIR: `${repo}/.git`, GIT_WORK_TREE: repo };
  const init = spawn('git', ['init', '-q', '-b', 'main', repo], { stdio: 'inherit' });
  if ((await new Promise((r) => init.on('close', r))) !== 0) throw new Error('git init failed');
  const git = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: repo,
    env,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const chunks = [];
  let size = 0;
  const out = (s) => {
    const b = Buffer.from(s);
    chunks.push(b);
    size += b.length;
    if (size > 1 << 22) flush();
  };
  const flush = () => {
    if (chunks.length === 0) return;
    git.stdin.write(Buffer.concat(chunks));
    chunks.length = 0;
    size = 0;
  };
  const data = (text) => {
    const b = Buffer.from(text);
    out(`data ${b.length}\n`);
    chunks.push(b);
    size += b.length;
    out('\n');
  };
  const content = (lines) => (lines.length === 0 ? '' : `${lines.map((l) => l.text).join('\n')}\n`);

  const createCommits = Math.ceil(files / 10);
  let time = 1_600_000_000;
  for (let c = 1; c <= commits; c++) {
    const ai = rand() < 0.35;
    const changed = new Set();
    const deleted = new Set();
    const touch = (p) => changed.add(p);
    const humanOnlyOps = !ai;
    if (c <= createCommits) {
      for (let i = 0; i < 10 && paths.length < files; i++) {
        const p = newPath();
        tree.set(
          p,
          Array.from({ length: int(10, 40) }, () => newLine(ai)),
        );
        paths.push(p);
        touch(p);
      }
    } else {
      const op = rand();
      if (op < 0.08) {
        const p = newPath();
        tree.set(
          p,
          Array.from({ length: int(8, 30) }, () => newLine(ai)),
        );
        paths.push(p);
        touch(p);
      } else if (op < 0.15) {
        // rename / move to another folder (content unchanged, or one small edit)
        const i = Math.floor(rand() * paths.length);
        const from = paths[i];
        const to = newPath();
        tree.set(to, tree.get(from));
        tree.delete(from);
        paths[i] = to;
        deleted.add(from);
        touch(to);
      } else if (op < 0.2 && humanOnlyOps) {
        // human moves a block from one file into another in the same commit (blame -C follows it)
        const a = pick(paths);
        const b = pick(paths);
        const la = tree.get(a);
        if (a !== b && la.length > 12) {
          const n = int(4, 8);
          const at = int(0, la.length - n);
          const block = la.splice(at, n);
          const lb = tree.get(b);
          lb.splice(int(0, lb.length), 0, ...block);
          touch(a);
          touch(b);
        }
      } else if (op < 0.24) {
        // move a block within a file (blame -M follows it)
        const p = pick(paths);
        const l = tree.get(p);
        if (l.length > 12) {
          const n = int(3, 6);
          const block = l.splice(int(0, l.length - n), n);
          l.splice(int(0, l.length), 0, ...block);
          touch(p);
        }
      } else {
        for (let k = int(1, 3); k > 0; k--) {
          const p = pick(paths);
          const l = tree.get(p);
          for (let e = int(1, 2); e > 0; e--) {
            const kind = rand();
            if (kind < 0.45 && l.length > 0) {
              const n = Math.min(int(1, 4), l.length);
              const at = int(0, l.length - n);
              l.splice(at, n, ...Array.from({ length: n }, () => newLine(ai)));
            } else if (kind < 0.85 || l.length < 6) {
              l.splice(int(0, l.length), 0, ...Array.from({ length: int(1, 6) }, () => newLine(ai)));
            } else {
              l.splice(int(0, l.length - 3), int(1, 3));
            }
          }
          touch(p);
        }
      }
    }
    if (changed.size === 0 && deleted.size === 0) {
      const p = pick(paths);
      tree.get(p).push(newLine(ai));
      touch(p);
    }
    // message and identities
    let [name, email] = pick(HUMANS);
    let committer = [name, email];
    let subject = `Change ${c}`;
    let body = '';
    if (ai) {
      const style = pick(AI_STYLES);
      if (style.body) body = style.body;
      if (style.prefix) subject = `${style.prefix}${subject}`;
      if (style.authorSuffix) name = `${name}${style.authorSuffix}`;
      if (style.author) {
        [name, email] = style.author;
        committer = ['GitHub', 'noreply@github.com'];
      }
      if (style.squash) {
        subject = `Feature ${c} (#${c})`;
        body = `* First step\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>\n\n* Second step\n\n---------\n\nCo-authored-by: ${committer[0]} <${committer[1]}>`;
      }
    } else if (rand() < 0.03) {
      subject = pick(HUMAN_PROSE);
    }
    time += 60;
    out(`commit refs/heads/main\nmark :${c}\n`);
    out(`author ${name} <${email}> ${time} +0000\ncommitter ${committer[0]} <${committer[1]}> ${time} +0000\n`);
    data(body ? `${subject}\n\n${body}\n` : `${subject}\n`);
    if (c > 1) out(`from :${c - 1}\n`);
    for (const p of deleted) if (!changed.has(p)) out(`D ${p}\n`);
    for (const p of changed) {
      out(`M 100644 inline ${p}\n`);
      data(content(tree.get(p)));
    }
    out('\n');
  }
  out('done\n');
  flush();
  git.stdin.end();
  const code = await new Promise((r) => git.on('close', r));
  if (code !== 0) throw new Error(`git fast-import exited ${code}`);
  const reset = spawn('git', ['reset', '-q', '--hard', 'main'], { cwd: repo, env, stdio: 'inherit' });
  await new Promise((r) => reset.on('close', r));
  // A commit-graph with changed-path Bloom filters, as `git maintenance` / `gc` with commitGraph.changedPaths
  // leave behind: path-limited walks (blame, and so provscan and the git blame baseline alike) use it.
  const graph = spawn('git', ['commit-graph', 'write', '--reachable', '--changed-paths'], {
    cwd: repo,
    env,
    stdio: 'ignore',
  });
  await new Promise((r) => graph.on('close', r));

  const truth = {};
  let total = 0;
  let aiLines = 0;
  for (const p of paths) {
    const l = tree.get(p);
    const ai = [];
    l.forEach((line, i) => {
      if (line.text.trim() === '') return;
      total++;
      if (line.ai) {
        ai.push(i + 1);
        aiLines++;
      }
    });
    truth[p] = { lines: l.length, ai };
  }
  writeFileSync(truthFile, JSON.stringify({ commits, files: paths.length, nonBlankLines: total, aiLines, truth }));
  return { repo, truthFile, dir, cached: false };
}

export function readTruth(truthFile) {
  return JSON.parse(readFileSync(truthFile, 'utf8'));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const arg = (name, def) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? Number(process.argv[i + 1]) : def;
  };
  const t0 = Date.now();
  const res = await generateHistory({
    commits: arg('commits', 10_000),
    files: arg('files', 3_000),
    seed: arg('seed', 42),
    force: process.argv.includes('--force'),
  });
  console.log(`${res.cached ? 'reused' : 'generated'} ${res.repo} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}
