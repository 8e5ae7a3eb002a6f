// aider's own count against provscan's, on aider's repository. aider publishes per release how many of its lines
// aider wrote, counted by its scripts/blame.py; this benchmark re-implements that script's rules (read from its
// public source) over the whole history at each tag, runs provscan on the same files, and compares line by line.
//
// Usage: PROVSCAN_AIDER_REPO=/path/to/aider node bench/aider.bench.mjs [--tags v0.30.0,v0.60.0,v0.86.0]
//        (or: node bench/aider.bench.mjs /path/to/aider). Get a clone: git clone https://github.com/Aider-AI/aider
// Without a clone the benchmark says so and exits 0, so `npm run bench` skips it.
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
import { writeSection } from './lib.mjs';

const source = sourceClone(
  'PROVSCAN_AIDER_REPO',
  'Set PROVSCAN_AIDER_REPO to a clone of aider (git clone https://github.com/Aider-AI/aider) to run it.',
);
if (!source) process.exit(0);
const tagsArg = process.argv.indexOf('--tags');
const TAGS = tagsArg > 0 ? process.argv[tagsArg + 1].split(',') : ['v0.30.0', 'v0.60.0', 'v0.86.0'];

// scripts/blame.py: the files it blames at a revision.
const WEBSITE_FILES = new Set([
  'aider/website/index.html',
  'aider/website/share/index.md',
  'aider/website/_includes/head_custom.html',
  'aider/website/_includes/home.css',
  'aider/website/docs/leaderboards/index.md',
]);
const EXCLUDED = new Set(['aider/website/install.ps1', 'aider/website/install.sh']);
function blamePyFiles(files) {
  return files.filter(({ path: f }) => {
    const testFile = f.startsWith('tests/fixtures/languages/') && f.includes('/test.');
    const chosen =
      /(\.js|\.py|\.scm|\.sh|Dockerfile|Gemfile)$/.test(f) ||
      (f.startsWith('.github/workflows/') && f.endsWith('.yml')) ||
      (f.startsWith('aider/resources/') && f.endsWith('.yml')) ||
      WEBSITE_FILES.has(f) ||
      testFile;
    return chosen && !f.endsWith('prompts.py') && !f.startsWith('tests/fixtures/watch') && !EXCLUDED.has(f);
  });
}

// scripts/blame.py: a commit is aider's when its author name contains "(aider)", or (lower-cased) the subject starts
// with "aider:" or the message contains "co-authored-by: aider". One `git log` here, where the script runs three
// `git show` per commit: the reference's CPU time below is, if anything, lower than the script's.
function aiderCommits(repo, tag) {
  const out = git(repo, ['log', '--format=%x1e%H%x1f%an%x1f%s%x1f%B', tag]);
  const ai = new Set();
  for (const record of out.split('\x1e').slice(1)) {
    const [sha, author, subject, body] = record.split('\x1f');
    if (
      author.toLowerCase().includes('(aider)') ||
      subject.trim().toLowerCase().startsWith('aider:') ||
      body.trim().toLowerCase().includes('co-authored-by: aider')
    )
      ai.add(sha);
  }
  return ai;
}

// scripts/blame.py: `git blame -M100 -C100 -C -C`; lines of a boundary commit ("^") are not counted.
const AIDER_BLAME = ['-M100', '-C100', '-C', '-C'];

const repo = privateClone(source, 'aider');
const rows = [];
for (const tag of TAGS) {
  const sha = moveHead(repo, tag);
  const files = blamePyFiles(filesAt(repo, tag));
  console.log(`${tag} (${sha.slice(0, 9)}): ${files.length} files of scripts/blame.py's set`);

  const cpu0 = cpuSeconds();
  const t0 = performance.now();
  const aiderAi = aiderCommits(repo, tag);
  const truth = new Map();
  await pool(files, WORKERS, async (f) => {
    const { shas, boundary } = await blameLines(repo, tag, f.path, AIDER_BLAME);
    truth.set(
      f.path,
      shas.map((s) => (boundary.has(s) ? null : { ai: aiderAi.has(s), sha: s })),
    );
  });
  const aiderCpu = cpuSeconds() - cpu0;
  const aiderWall = (performance.now() - t0) / 1000;

  const run = await provscanSpans(repo, files);
  const a = agreement(truth, run.result.spans);
  const committerOnly = run.result.commits.filter((c) => c.source === 'committer').length;
  console.log(
    `  aider's rules ${num(a.truthAi)} of ${num(a.total)} lines; provscan ${num(a.predictedAi)}; ` +
      `P ${pct(a.precision)} R ${pct(a.recall)} F1 ${a.f1.toFixed(3)}; ` +
      `CPU aider ${aiderCpu.toFixed(1)} s, provscan ${run.cpu.toFixed(1)} s`,
    run.result.stats,
  );
  rows.push({ tag, files: files.length, a, aiderCpu, aiderWall, run, committerOnly, commits: aiderAi.size });
}

const ok = (cond) => (cond ? 'met' : '**missed**');
const table = rows
  .map(({ tag, files, a }) => {
    const diff = a.predictedAi / a.truthAi - 1;
    return `| ${tag} | ${files} | ${num(a.truthAi)} of ${num(a.total)} (${pct(a.truthAi / a.total)}) | ${num(a.predictedAi)} (${diff >= 0 ? '+' : ''}${pct(diff)}) ${ok(Math.abs(diff) <= 0.05)} | ${pct(a.precision)} | ${pct(a.recall)} | ${a.f1.toFixed(3)} ${ok(a.f1 >= 0.95)} | ${num(a.otherCommit)} |`;
  })
  .join('\n');
const cpuTable = rows
  .map(
    ({ tag, aiderCpu, aiderWall, run, committerOnly, commits }) =>
      `| ${tag} | ${num(commits)} | ${num(run.result.stats.aiCommits)} | ${num(committerOnly)} | ${num(run.result.stats.blamed)} (${num(run.result.stats.whole)}) | ${aiderCpu.toFixed(1)} s (${aiderWall.toFixed(0)} s wall) | ${run.cpu.toFixed(1)} s (${run.wall.toFixed(0)} s wall) ${ok(run.cpu < aiderCpu)} |`,
  )
  .join('\n');

writeSection(
  'aider',
  "aider's own count on aider's repository",
  `PROVSCAN_AIDER_REPO=/path/to/aider node bench/aider.bench.mjs --tags ${TAGS.join(',')}`,
  `The reference is aider's \`scripts/blame.py\` re-implemented over the whole history at each tag (a commit is aider's
when its author name contains "(aider)", its subject starts with \`aider:\` or its message has
\`Co-authored-by: aider\`; \`git blame -M100 -C100 -C -C\`; boundary lines left out; the script's file set).
provscan runs through its library on the same files at the same commit, cold cache, agent logs off. Both use the
clone's commit-graph with changed-path Bloom filters and ${WORKERS} blame processes at a time. CPU time includes
every git child process. Goal (issue 18): line F1 ≥ 0.95 and provscan's total within 5 % of aider's; keep CPU
below aider's method. Timings were taken on a shared, loaded machine: compare the two columns, not runs. ${replacedNote(repo)}

| tag | files | aider's rules: AI lines | provscan: AI lines | precision | recall | line F1 | both AI, other commit |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${table}

| tag | aider commits (aider's rules) | AI commits (provscan) | committed-only commits owning lines | files provscan blamed (created, untouched: no blame) | CPU, aider's method | CPU, provscan |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
${cpuTable}

"Committed-only" commits have a human author and a committer named "… (aider)": aider's mark when it commits the
user's own pending edits. provscan lists them in \`commits[]\` with \`source: "committer"\` and counts none of
their lines as AI, as aider's script does.
`,
);
