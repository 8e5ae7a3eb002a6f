// Install weight: the packed tarball (npm pack), a global install from it (time, size on disk, what compiled), the
// first command after it, and — when Debian's (or any) `pre-commit` is on PATH — how long the pre-commit framework
// takes to install provscan's hook environment from a clone. Run: `node bench/install.bench.mjs [--no-pre-commit]`.
// Timings depend on the load: the section records the load average at the start of each step.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeSection } from './lib.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'provscan-install-bench-'));
const load = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MB`;
const du = (dir) => Number(execFileSync('du', ['-sb', dir], { encoding: 'utf8' }).split('\t')[0]);

function timed(cmd, args, options = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 2 ** 20, ...options });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (res.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${res.status}):\n${res.stderr.slice(-3000)}`);
  return { seconds, stdout: res.stdout };
}

const rows = [];
try {
  // 1. the tarball
  const packLoad = load();
  const [info] = JSON.parse(timed('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).stdout);
  const tarball = join(work, info.filename);
  const biggest = [...info.files].sort((a, b) => b.size - a.size)[0];
  rows.push([
    '`npm pack`: tarball',
    `${mb(info.size)} (${info.entryCount} files, ${mb(info.unpackedSize)} unpacked; largest: ${biggest.path}, ${mb(biggest.size)})`,
    packLoad,
  ]);

  // 2. a global install from it, as a user would (npm's cache is warm after the first run)
  const prefix = join(work, 'global');
  const installLoad = load();
  const install = timed('npm', ['install', '-g', '--prefix', prefix, '--no-audit', '--no-fund', tarball]);
  const built = execFileSync('find', [join(prefix, 'lib/node_modules'), '-name', '*.node', '-path', '*/Release/*'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter(Boolean)
    .map((p) => p.split('/node_modules/').at(-1).split('/')[0]);
  rows.push([
    '`npm install -g` of the tarball',
    `${install.seconds.toFixed(0)} s, ${mb(du(prefix))} on disk; native modules: ${[...new Set(built)].join(', ') || 'none'}`,
    installLoad,
  ]);
  const bin = join(prefix, 'bin/provscan');
  const versionLoad = load();
  const version = timed(bin, ['--version']);
  rows.push(['first `provscan --version` after it', `${(version.seconds * 1000).toFixed(0)} ms`, versionLoad]);

  // 3. the pre-commit framework's hook install from a clone of this checkout
  const hasPreCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
  if (!process.argv.includes('--no-pre-commit') && hasPreCommit.status === 0) {
    const hooks = join(work, 'hooks');
    const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: root,
      encoding: 'utf8',
    })
      .split('\0')
      .filter(Boolean);
    for (const f of files) {
      try {
        cpSync(join(root, f), join(hooks, f));
      } catch {
        // deleted in the work tree
      }
    }
    const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8' });
    git(hooks, 'init', '-q');
    git(hooks, 'add', '-A');
    git(hooks, '-c', 'user.name=bench', '-c', 'user.email=bench@example.com', 'commit', '-q', '-m', 'snapshot');
    const rev = git(hooks, 'rev-parse', 'HEAD').trim();
    const project = join(work, 'project');
    git(work, 'init', '-q', project);
    writeFileSync(
      join(project, '.pre-commit-config.yaml'),
      `repos:\n  - repo: ${hooks}\n    rev: ${rev}\n    hooks:\n      - id: provscan-check\n`,
    );
    const env = { ...process.env, PRE_COMMIT_HOME: join(work, 'pre-commit-home') };
    const hookLoad = load();
    const hook = timed('pre-commit', ['install-hooks'], { cwd: project, env });
    rows.push([
      `\`pre-commit install-hooks\` (${hasPreCommit.stdout.trim()})`,
      `${hook.seconds.toFixed(0)} s`,
      hookLoad,
    ]);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
writeSection(
  'install',
  'Install weight',
  `node bench/install.bench.mjs${process.argv.includes('--no-pre-commit') ? ' --no-pre-commit' : ''}`,
  `provscan ${pkg.version}. Native modules compile where no prebuilt binary can be downloaded (this machine reaches
only the npm registry), which is most of every install's time.

| step | result | load average at start |
| --- | --- | --- |
${rows.map((r) => `| ${r.join(' | ')} |`).join('\n')}
`,
);
process.stdout.write(`${rows.map((r) => r.join(': ')).join('\n')}\n`);
