// Claude Code's own attribution on a real project that carries it at volume: Peekaboo (steipete/Peekaboo, a macOS
// screenshot and automation tool in Swift; about 320 of its 2,700 commits carry Claude Code's trailer). The
// reference blames every text file at the tag and calls a line Claude Code's when the commit that last changed it
// carries Claude Code's default attribution (`Co-Authored-By: Claude … <noreply@anthropic.com>` or
// `Generated with [Claude Code]`), once with git's move/copy thresholds and once with aider's; provscan must find
// the same lines while blaming only the files AI commits touched.
//
// Usage: PROVSCAN_PEEKABOO_REPO=/path/to/Peekaboo node bench/peekaboo.bench.mjs [--tags v3.2.0]
//        (or: node bench/peekaboo.bench.mjs /path/to/Peekaboo). Get a clone:
//        git clone https://github.com/steipete/Peekaboo
// Without a clone the benchmark says so and exits 0, so `npm run bench` skips it.
import { readBlobs } from '../dist/src/git/cat-file.js';
import { writeSection } from './lib.mjs';
import {
  WORKERS,
  agreement,
  blameLines,
  cpuSeconds,
  filesAt,
  git,
  moveHead,
  num,
  pct,
  pool,
  privateClone,
  provscanSpans,
  replacedNote,
  sourceClone,
} from './real-history.mjs';

const source = sourceClone(
  'PROVSCAN_PEEKABOO_REPO',
  'Set PROVSCAN_PEEKABOO_REPO to a clone of Peekaboo (git clone https://github.com/steipete/Peekaboo) to run it.',
);
if (!source) process.exit(0);
const tagsArg = process.argv.indexOf('--tags');
const TAGS = tagsArg > 0 ? process.argv[tagsArg + 1].split(',') : ['v3.2.0'];

// Claude Code's default attribution, as its settings document it; deliberately not provscan's parser.
const CLAUDE_TRAILER = /^co-authored-by:\s*claude\b[^\n<]*<noreply@anthropic\.com>\s*$/im;
const CLAUDE_MARKER = /generated with \[claude code\]/i;
function claudeCommits(repo, tag) {
  const ai = new Set();
  for (const record of git(repo, ['log', '--format=%x1e%H%x1f%B', tag]).split('\x1e').slice(1)) {
    const [sha, body] = record.split('\x1f');
    if (CLAUDE_TRAILER.test(body) || CLAUDE_MARKER.test(body)) ai.add(sha);
  }
  return ai;
}

// The two references: `git blame -M -C` as anyone runs it, and aider's thresholds (scripts/blame.py without its
// costly extra -C levels). provscan takes the first for lines whose text is unique in the file, the second for
// repeated lines, so it should sit between them.
const REFERENCES = [
  ['-M', '-C'],
  ['-M100', '-C100'],
];
const repo = privateClone(source, 'peekaboo');
const rows = [];
for (const tag of TAGS) {
  const sha = moveHead(repo, tag);
  // Text files only: git's own binary test (a NUL byte in the first 8,000 bytes).
  const all = filesAt(repo, tag);
  const blobs = await readBlobs(
    repo,
    all.map((f) => f.blob),
  );
  const files = all.filter((f) => !blobs.get(f.blob).subarray(0, 8000).includes(0));
  console.log(`${tag} (${sha.slice(0, 9)}): ${files.length} text files`);
  const claude = claudeCommits(repo, tag);
  const run = await provscanSpans(repo, files);
  const others = new Map();
  for (const list of run.result.spans.values())
    for (const s of list)
      if (s.agent !== 'claude-code') others.set(s.agent, (others.get(s.agent) ?? 0) + s.end - s.start + 1);

  for (const flags of REFERENCES) {
    const cpu0 = cpuSeconds();
    const truth = new Map();
    await pool(files, WORKERS, async (f) => {
      const { shas } = await blameLines(repo, tag, f.path, flags);
      truth.set(
        f.path,
        shas.map((s) => ({ ai: claude.has(s), sha: s })),
      );
    });
    const referenceCpu = cpuSeconds() - cpu0;
    const a = agreement(truth, run.result.spans, (s) => s.agent === 'claude-code');
    console.log(
      `  reference (${flags.join(' ')}) ${num(a.truthAi)} of ${num(a.total)} lines; provscan ${num(a.predictedAi)}; ` +
        `P ${pct(a.precision)} R ${pct(a.recall)} F1 ${a.f1.toFixed(4)}; CPU reference ${referenceCpu.toFixed(1)} s, provscan ${run.cpu.toFixed(1)} s`,
      run.result.stats,
    );
    rows.push({ tag, flags, files: files.length, claude: claude.size, a, referenceCpu, run, others });
  }
}

const body = rows
  .map(
    ({ tag, flags, files, claude, a, referenceCpu, run, others }) =>
      `| ${tag} | \`${flags.join(' ')}\` | ${files} | ${num(claude)} | ${num(a.truthAi)} of ${num(a.total)} (${pct(a.truthAi / a.total)}) | ${num(a.predictedAi)} | ${pct(a.precision)} | ${pct(a.recall)} | ${a.f1.toFixed(4)} | ${num(run.result.stats.blamed)} | ${referenceCpu.toFixed(1)} s | ${run.cpu.toFixed(1)} s | ${[...others].map(([k, v]) => `${k} ${num(v)}`).join(', ') || 'none'} |`,
  )
  .join('\n');

writeSection(
  'peekaboo',
  "Claude Code's attribution on a real project (Peekaboo)",
  `PROVSCAN_PEEKABOO_REPO=/path/to/Peekaboo node bench/peekaboo.bench.mjs --tags ${TAGS.join(',')}`,
  `Why this repository: no project found besides aider publishes its own per-line count (aider's forks republish
aider's), so the next best ground truth is an agent's own attribution carried at volume. Of the projects checked,
ccusage has Claude Code's trailer on 37 of 1,425 commits; Peekaboo on 319 of 2,732 (one in nine), over a year of
history with renames and moved files, in a clone of a few hundred MB; the Linux kernel's \`Assisted-by:\` is too
recent and the repository too large to check here. The ground truth is that attribution itself: \`git blame\` of every text file at the tag (not only the
files provscan picks), with git's thresholds and with aider's, and a line is Claude Code's when its commit's message has a
\`Co-Authored-By: Claude … <noreply@anthropic.com>\` trailer or the \`Generated with [Claude Code]\` line
(two regular expressions, not provscan's trailer parser). provscan runs through its library on the same files,
cold cache, agent logs off; only its \`claude-code\` lines are compared, other agents' lines are listed. CPU time
includes git; the reference blames every file, provscan only the files AI commits touched (here nearly all), and a
second time when a file has repeated lines (nearly every Swift file), so its CPU is about that of both references
together. Timings were taken on a shared, loaded machine. ${replacedNote(repo)}

| tag | reference blame | text files | Claude Code commits (reference) | reference: AI lines | provscan: claude-code lines | precision | recall | line F1 | files provscan blamed | CPU, reference | CPU, provscan | other agents' lines (provscan) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |
${body}
`,
);
