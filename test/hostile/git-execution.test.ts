// A scanned repository is untrusted input: its git config (or a file that config includes) can name commands git
// would run. Every provscan command runs here on a repository that names one at every place git looks — fsmonitor,
// clean/smudge/process filters on racy index entries, textconv and external diff drivers, hooks (in .git/hooks and
// core.hooksPath), pagers, gpg for a signed commit, ssh and askpass for a remote, a submodule's own filter — and
// each command must finish with its usual exit code while no marker file appears (docs/security.md).
import { chmodSync, existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, lines, tempDir } from '../helpers/repo.js';

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

interface Scan {
  files: { path: string; ai: { start: number; end: number }[] }[];
  skipped: { path: string; reason: string }[];
  provenance: { complete: boolean; notes: string[] };
}

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A folder that collects one file per command that ran; `fired()` lists them. */
function markers(): { cmd(name: string): string; fired(): string[]; clear(): void } {
  const t = tempDir('provscan-markers-');
  cleanups.push(t.cleanup);
  return {
    cmd: (name) => `touch '${join(t.path, name)}'`,
    fired: () => readdirSync(t.path).sort(),
    clear: () => {
      for (const f of readdirSync(t.path)) rmSync(join(t.path, f));
    },
  };
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

const HOOKS = [
  'pre-commit',
  'post-commit',
  'post-checkout',
  'post-index-change',
  'reference-transaction',
  'pre-auto-gc',
  'post-rewrite',
];

/**
 * Makes every tracked file's stat data racy (modified in the same second the index was written), so that git must
 * read the file — through the clean filter — to know whether it changed, as in a fresh CI checkout.
 */
function makeRacy(indexFile: string, worktree: string, paths: ReadonlyArray<string>): void {
  const t = Math.floor(Date.now() / 1000);
  for (const p of paths) if (existsSync(join(worktree, p))) utimesSync(join(worktree, p), t, t);
  utimesSync(indexFile, t, t);
}

describe('a repository whose git config names commands at every place git looks', () => {
  const m = markers();
  let repo: TestRepo;
  let out: string;
  /** Makes the index racy again before each command (in the repository and in the submodule). */
  let racy: () => void = () => {};

  beforeAll(() => {
    // a submodule whose own config names a clean filter
    const sub = TestRepo.create('provscan-hostile-sub-');
    cleanups.push(() => sub.cleanup());
    sub.write('.gitattributes', '*.js filter=subevil\n').write('s.js', 'export const s = 1;\n').commit('sub');

    repo = TestRepo.create('provscan-hostile-');
    cleanups.push(() => repo.cleanup());
    const o = tempDir('provscan-hostile-out-');
    cleanups.push(o.cleanup);
    out = o.path;

    // a signed commit: git log would run gpg.program to verify it (log.showSignature)
    const signer = join(out, 'sign.sh');
    script(
      signer,
      // reads what git signs first: git fails the signature when it cannot write all of it
      'cat >/dev/null\necho "[GNUPG:] SIG_CREATED " >&2\necho "-----BEGIN PGP SIGNATURE-----"\necho x\necho "-----END PGP SIGNATURE-----"',
    );
    repo.write('LICENSE', 'MIT License\n').write('a.js', lines('const human =', 3)).commit('Start');
    repo.git('-c', `gpg.program=${signer}`, 'commit', '-q', '-S', '--allow-empty', '-m', 'Signed');
    repo
      .write('.gitattributes', 'a.js filter=evil diff=evil\nb.js filter=proc\nc.js filter=x=y\n')
      .write('a.js', lines('const human =', 3) + lines('const ai =', 2))
      .write('b.js', lines('const b =', 3))
      .write('c.js', lines('const c =', 3))
      .commit(`Add code\n\n${CLAUDE}`);
    repo.git('-c', 'protocol.file.allow=always', 'submodule', '-q', 'add', sub.path, 'sub');
    repo.commit('Add the submodule');

    // a staged change for check and record (staged before the commands are set: git add would run them)
    repo.write('a.js', lines('const human =', 3) + lines('const ai =', 3));
    repo.git('add', 'a.js');

    // the commands, set after the commits (git itself would run them while we build the repository)
    const include = join(out, 'included.cfg');
    writeFileSync(include, `[core]\n\tfsmonitor = "${m.cmd('fsmonitor')}; false"\n`);
    const hooksPath = join(out, 'hooks');
    mkdirSync(hooksPath);
    for (const h of HOOKS) {
      script(join(repo.path, '.git', 'hooks', h), m.cmd(`hook-${h}`));
      script(join(hooksPath, h), m.cmd(`hooksPath-${h}`));
    }
    const gpg = join(out, 'gpg.sh');
    script(gpg, m.cmd('gpg'));
    const config: Array<[string, string]> = [
      ['include.path', include],
      ['core.hooksPath', hooksPath],
      ['core.pager', `${m.cmd('pager')}; cat`],
      ['pager.log', `${m.cmd('pager-log')}; cat`],
      ['pager.blame', `${m.cmd('pager-blame')}; cat`],
      ['filter.evil.clean', `${m.cmd('clean')}; cat`],
      ['filter.evil.smudge', `${m.cmd('smudge')}; cat`],
      ['filter.evil.required', 'true'],
      ['filter.proc.process', `${m.cmd('process')}; false`],
      ['filter.x=y.clean', `${m.cmd('clean-x=y')}; cat`],
      ['diff.evil.textconv', `${m.cmd('textconv')}; cat`],
      ['diff.evil.command', m.cmd('diff-command')],
      ['diff.external', m.cmd('diff-external')],
      ['log.showSignature', 'true'],
      ['gpg.program', gpg],
      ['core.sshCommand', m.cmd('ssh')],
      ['core.askPass', m.cmd('askpass')],
      ['credential.helper', `!${m.cmd('credential')}`],
      ['protocol.allow', 'always'],
      ['remote.origin.url', 'ssh://example.invalid/repo.git'],
      ['core.editor', m.cmd('editor')],
    ];
    for (const [k, v] of config) repo.git('config', k, v);
    const subGit = join(repo.path, '.git', 'modules', 'sub');
    repo.git('-C', join(repo.path, 'sub'), 'config', 'filter.subevil.clean', `${m.cmd('submodule-clean')}; cat`);
    repo.git('-C', join(repo.path, 'sub'), 'config', 'core.fsmonitor', `${m.cmd('submodule-fsmonitor')}; false`);

    expect(m.fired()).toEqual([]);
    racy = () => {
      makeRacy(join(repo.path, '.git', 'index'), repo.path, ['.gitattributes', 'LICENSE', 'a.js', 'b.js', 'c.js']);
      makeRacy(join(subGit, 'index'), join(repo.path, 'sub'), ['.gitattributes', 's.js']);
    };
  });

  const commands: Array<[string, () => string[]]> = [
    ['scan', () => ['scan', '.', '--format', 'json', '-o', join(out, 'scan.json')]],
    ['sbom', () => ['sbom', '.', '-o', join(out, 'bom.json')]],
    ['report', () => ['report', '.', '--format', 'md', '-o', join(out, 'report.md')]],
    ['stats', () => ['stats', '.']],
    ['blame', () => ['blame', 'a.js']],
    ['notice', () => ['notice', '.']],
    ['license', () => ['license', '.']],
    ['record', () => ['record', '.']],
    ['check --staged', () => ['check', '--staged', '.']],
    ['hook install --husky', () => ['hook', 'install', '--husky', '.']],
    ['hook uninstall --husky', () => ['hook', 'uninstall', '--husky', '.']],
  ];

  it.each(commands)('provscan %s runs none of them and exits 0', async (_name, args) => {
    m.clear();
    racy();
    rmSync(join(repo.path, '.git', 'provscan'), { recursive: true, force: true }); // blame every time
    const res = await runCli(args(), { cwd: repo.path });
    expect(m.fired()).toEqual([]);
    expect(res.code, res.stderr).toBe(0);
  });

  it('still finds the AI lines, and leaves the submodule alone', async () => {
    m.clear();
    racy();
    rmSync(join(repo.path, '.git', 'provscan'), { recursive: true, force: true });
    const res = await runCliJson<Scan>(['scan', '.', '--format', 'json', '--quiet'], { cwd: repo.path });
    expect(m.fired()).toEqual([]);
    expect(res.code, res.stderr).toBe(0);
    const ai = (p: string) => res.json.files.find((f) => f.path === p)?.ai.map((s) => [s.start, s.end]);
    expect(ai('a.js')).toEqual([[4, 5]]); // line 6 is only staged: not committed, not in the working tree's HEAD
    expect(ai('b.js')).toEqual([[1, 3]]);
    expect(ai('c.js')).toEqual([[1, 3]]);
    expect(res.json.skipped).toContainEqual({ path: 'sub', reason: 'submodule' });
    expect(res.json.provenance.complete).toBe(true);
  });
});

describe('a partial clone whose promisor remote would be reached over a hostile ssh command', () => {
  it('fetches nothing: blame of history that is not there fails, the scan says why, exit 0', async () => {
    const m = markers();
    const up = TestRepo.create('provscan-hostile-up-');
    cleanups.push(() => up.cleanup());
    up.write('a.js', lines('const human =', 3)).commit('Start');
    up.write('a.js', lines('const human =', 3) + lines('const ai =', 2)).commit(`AI\n\n${CLAUDE}`);
    up.git('config', 'uploadpack.allowFilter', 'true');
    const dir = tempDir('provscan-hostile-clone-');
    cleanups.push(dir.cleanup);
    const clone = new TestRepo(join(dir.path, 'clone'));
    up.git('clone', '-q', '--no-local', '--filter=blob:none', `file://${up.path}`, clone.path);
    clone.git('config', 'remote.origin.url', 'ssh://example.invalid/repo.git');
    clone.git('config', 'core.sshCommand', `${m.cmd('ssh')}; false`);
    clone.git('config', 'protocol.ssh.allow', 'always');

    const res = await runCliJson<Scan>(['scan', '.', '--format', 'json'], { cwd: clone.path });
    expect(m.fired()).toEqual([]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.provenance.complete).toBe(false);
    expect(res.json.provenance.notes.join('\n')).toMatch(/partial clone/);
  });
});
