// Repositories of unusual shapes a CI job meets: a bare mirror (scanned as the tree of HEAD, with provenance), the
// .git folder itself (refused), and a sparse checkout whose AI commit touched a file outside the checkout (skipped
// with a reason, never a crash). Every case runs the built CLI.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, lines, tempDir } from '../helpers/repo.js';

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';
const schema = JSON.parse(readFileSync(new URL('../../schemas/provscan-scan.schema.json', import.meta.url), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

interface Scan {
  root: string;
  target: string;
  commit: string | null;
  files: { path: string; blob?: string; ai: { start: number; end: number; commit?: string }[] }[];
  skipped: { path: string; reason: string; detail?: string }[];
  provenance: { complete: boolean };
}

const cleanups: Array<() => void> = [];
afterAll(() => {
  for (const c of cleanups.splice(0)) c();
});

function project(): { repo: TestRepo; ai: string } {
  const repo = TestRepo.create();
  cleanups.push(() => repo.cleanup());
  repo.write('LICENSE', 'MIT License\n').write('src/a.js', lines('const human =', 3)).commit('Start');
  const ai = repo
    .write('src/a.js', lines('const human =', 3) + lines('const ai =', 2))
    .write('vendor/v.js', lines('const vendored =', 4))
    .write('.provscan.yml', 'exclude:\n  - "vendor/**"\n')
    .commit(`Add code\n\n${CLAUDE}`);
  return { repo, ai };
}

function bareMirror(repo: TestRepo): string {
  const dir = tempDir('provscan-bare-');
  cleanups.push(dir.cleanup);
  const bare = join(dir.path, 'mirror.git');
  repo.git('clone', '-q', '--mirror', repo.path, bare);
  return bare;
}

describe('a bare repository', () => {
  it('is scanned as the tree of HEAD, with provenance from its history and the policy committed there', async () => {
    const { repo, ai } = project();
    const bare = bareMirror(repo);
    const res = await runCliJson<Scan>(['scan', bare, '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    expect(validate(res.json), JSON.stringify(validate.errors)).toBe(true);
    expect(res.json).toMatchObject({
      root: 'mirror.git',
      target: 'commit',
      commit: repo.git('rev-parse', 'HEAD').trim(),
    });
    expect(res.json.files.map((f) => f.path)).toEqual(['.provscan.yml', 'LICENSE', 'src/a.js']); // no git internals
    const a = res.json.files.find((f) => f.path === 'src/a.js');
    expect(a?.blob).toBe(repo.git('rev-parse', 'HEAD:src/a.js').trim());
    expect(a?.ai.map((s) => [s.start, s.end, s.commit])).toEqual([[4, 5, ai]]);
    expect(res.json.skipped).toContainEqual({ path: 'vendor/v.js', reason: 'excluded' }); // its .provscan.yml
    expect(res.json.provenance.complete).toBe(true);
  });

  it('gives the same AI lines in sbom and stats as the work tree does', async () => {
    const { repo } = project();
    const bare = bareMirror(repo);
    const fromTree = await runCli(['stats', repo.path]);
    const fromBare = await runCli(['stats', bare]);
    expect(fromBare.code, fromBare.stderr).toBe(0);
    const share = (out: string) => out.split('\n').find((l) => l.startsWith('AI-written lines'));
    expect(share(fromBare.stdout)).toBe(share(fromTree.stdout));
    expect(share(fromBare.stdout)).toMatch(/AI-written lines: 4 of 8 /); // src/a.js and .provscan.yml
    const out = join(bare, 'bom.json');
    const sbom = await runCli(['sbom', bare, '-o', out]);
    expect(sbom.code, sbom.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('src/a.js');
  });

  it('has nothing to check, record or hook: exit 2 with one line saying so', async () => {
    const { repo } = project();
    const bare = bareMirror(repo);
    for (const args of [
      ['check', '--staged', bare],
      ['record', bare],
      ['hook', 'install', bare],
    ]) {
      const res = await runCli(args);
      expect(res.code, `${args.join(' ')}: ${res.stderr}`).toBe(2);
      expect(res.stderr.trim().split('\n')).toHaveLength(1);
      expect(res.stderr).toMatch(/bare repository/);
    }
  });

  it('without commits is scanned as empty', async () => {
    const dir = tempDir('provscan-bare-empty-');
    cleanups.push(dir.cleanup);
    const repo = new TestRepo(dir.path);
    repo.git('init', '-q', '--bare');
    const res = await runCliJson<Scan>(['scan', dir.path, '--format', 'json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json).toMatchObject({ target: 'commit', commit: null, files: [] });
  });
});

describe('the .git folder of a repository', () => {
  it('is refused with exit 2 instead of being scanned as files', async () => {
    const { repo } = project();
    const res = await runCli(['scan', join(repo.path, '.git')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/inside the \.git folder of a repository/);
  });
});

describe('a sparse checkout', () => {
  function sparse(): TestRepo {
    const repo = TestRepo.create();
    cleanups.push(() => repo.cleanup());
    repo.write('LICENSE', 'MIT License\n').write('a.js', lines('const human =', 2)).commit('Start');
    repo
      .write('a.js', lines('const human =', 2) + lines('const ai =', 1))
      .write('b.mp4', lines('frame', 3))
      .write('docs/c.js', lines('const doc =', 2))
      .commit(`AI work\n\n${CLAUDE}`);
    repo.git('sparse-checkout', 'set', '--no-cone', '/*', '!b.mp4', '!docs/');
    return repo;
  }

  it('skips the files outside it with a reason and a warning, and still blames the rest', async () => {
    const repo = sparse();
    const res = await runCliJson<Scan>(['scan', '.', '--format', 'json'], { cwd: repo.path });
    expect(res.code, res.stderr).toBe(0);
    expect(validate(res.json), JSON.stringify(validate.errors)).toBe(true);
    expect(res.json.files.map((f) => f.path)).toEqual(['LICENSE', 'a.js']);
    expect(res.json.skipped.filter((s) => s.reason === 'skip-worktree').map((s) => s.path)).toEqual([
      'b.mp4',
      'docs/c.js',
    ]);
    expect(res.json.skipped.find((s) => s.path === 'b.mp4')?.detail).toMatch(/sparse checkout/);
    expect(res.json.files.find((f) => f.path === 'a.js')?.ai.map((s) => [s.start, s.end])).toEqual([[3, 3]]);
    expect(res.stderr).toMatch(/2 tracked file\(s\) outside the sparse checkout/);
  });

  it('gives stats, sbom and report without a crash', async () => {
    const repo = sparse();
    const out = tempDir('provscan-sparse-out-');
    cleanups.push(out.cleanup);
    for (const args of [
      ['stats', '.'],
      ['sbom', '.', '-o', join(out.path, 'bom.json')],
      ['report', '.', '--format', 'md', '-o', join(out.path, 'report.md')],
    ]) {
      const res = await runCli(args, { cwd: repo.path });
      expect(res.code, `${args[0]}: ${res.stderr}`).toBe(0);
    }
  });
});
