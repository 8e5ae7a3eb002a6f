// Provenance when many files need it: a file one AI commit wrote whole is attributed without running blame, and
// gives exactly what blame gives; blame of the rest is journalled file by file, so a killed scan (a CI timeout)
// leaves what it finished for the next run.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, lines } from '../helpers/repo.js';

const CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>';

interface Scan {
  files: { path: string; ai: { start: number; end: number; commit?: string }[] }[];
}

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos.splice(0)) r.cleanup();
});

function newRepo(): TestRepo {
  const repo = TestRepo.create();
  repos.push(repo);
  return repo;
}

const spansOf = (s: Scan) =>
  Object.fromEntries(s.files.map((f) => [f.path, f.ai.map((a) => [a.start, a.end, a.commit?.slice(0, 7)])]));

/** Lines long enough for blame -C to recognise them when they are copied (it wants 40 alphanumerics). */
const human = (n: number) => lines('const humanWrittenConfigurationValueNumber =', n);

describe('files one AI commit wrote whole', () => {
  it('are attributed exactly as blame attributes them, in every shape of history', async () => {
    const repo = newRepo();
    repo.write('LICENSE', 'MIT License\n').write('h.js', human(6)).commit('Start');
    // an AI commit that only adds files: each is its own, until something touches it
    const w1 = repo
      .write('a.js', lines('const a =', 3))
      .write('b.js', lines('const b =', 3))
      .write('c.js', lines('const c =', 3))
      .write('d/e.js', lines('const e =', 2))
      .commit(`Add modules\n\n${CLAUDE}`);
    repo.write('b.js', `${lines('const b =', 3)}// reviewed\n`).commit('Review b');
    repo.git('mv', 'c.js', 'c2.js');
    repo.commit('Rename c');
    // a human and an AI commit add the same file on two branches
    repo.git('checkout', '-q', '-b', 'side');
    repo.write('y.js', lines('const y =', 2)).commit('Add y on the side');
    repo.git('checkout', '-q', 'main');
    repo.write('y.js', lines('const y =', 2)).commit(`Add y\n\n${CLAUDE}`);
    repo.git('merge', '-q', '--no-edit', 'side');
    // an AI commit that edits h.js and adds f.js with h.js's human lines: blame -C gives those back to the human
    repo
      .write('h.js', human(3))
      .write('f.js', human(6) + lines('const f =', 1))
      .commit(`Split h\n\n${CLAUDE}`);
    // an AI commit that only adds g.js, copying human lines from a file it does not change: its own, for blame -C
    const w4 = repo.write('g.js', human(2)).commit(`Add g\n\n${CLAUDE}`);

    const shortcut = await runCliJson<Scan>(['scan', '.', '--format', 'json', '--quiet'], { cwd: repo.path });
    expect(shortcut.code, shortcut.stderr).toBe(0);
    // an ignore-revs file (empty) turns whole-file attribution off: every candidate is blamed
    writeFileSync(join(repo.path, '.git-blame-ignore-revs'), '');
    const blamed = await runCliJson<Scan>(['scan', '.', '--format', 'json', '--quiet'], { cwd: repo.path });
    expect(blamed.code, blamed.stderr).toBe(0);
    expect(spansOf(shortcut.json)).toEqual(spansOf(blamed.json));
    const s = spansOf(shortcut.json);
    expect(s['a.js']).toEqual([[1, 3, w1.slice(0, 7)]]);
    expect(s['d/e.js']).toEqual([[1, 2, w1.slice(0, 7)]]);
    expect(s['b.js']).toEqual([[1, 3, w1.slice(0, 7)]]);
    expect(s['c2.js']).toEqual([[1, 3, w1.slice(0, 7)]]);
    expect(s['f.js']?.map(([start, end]) => [start, end])).toEqual([[7, 7]]);
    expect(s['g.js']).toEqual([[1, 2, w4.slice(0, 7)]]);
  });

  it('need no blame: a few hundred of them do not make provscan suggest a commit-graph for blame', async () => {
    const repo = newRepo();
    repo.write('README.md', '# many\n').commit('Start');
    for (let i = 0; i < 220; i++) repo.write(`m/f${i}.js`, `export const v${i} = ${i};\n`);
    repo.commit(`Generate modules\n\n${CLAUDE}`);
    const whole = await runCli(['scan', '.', '--format', 'json'], { cwd: repo.path });
    expect(whole.code, whole.stderr).toBe(0);
    expect(whole.stderr).not.toMatch(/blaming/);
    expect(JSON.parse(whole.stdout).totals.aiLines).toBe(220);
    writeFileSync(join(repo.path, '.git-blame-ignore-revs'), '');
    // without a terminal, a long stage logs its progress (every 30 s by default; here at every step)
    const blamed = await runCli(['scan', '.', '--format', 'json'], {
      cwd: repo.path,
      env: { PROVSCAN_PROGRESS_SECONDS: '0.001' },
    });
    expect(blamed.stderr).toMatch(/blaming 220 files/);
    expect(blamed.stderr).toMatch(/^provscan: blame 16\/220 \(7%\)$/m);
    expect(blamed.stderr).toMatch(/^provscan: blame 220\/220 \(100%\)$/m);
    expect(JSON.parse(blamed.stdout).totals.aiLines).toBe(220);
    // --quiet logs nothing
    const quiet = await runCli(['scan', '.', '--format', 'json', '--quiet', '--no-cache'], {
      cwd: repo.path,
      env: { PROVSCAN_PROGRESS_SECONDS: '0.001' },
    });
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stderr).toBe('');
  });
});

/** Starts the CLI without waiting for it (the test kills it). */
function startCli(args: ReadonlyArray<string>, cwd: string): ChildProcess {
  return spawn(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, CI: 'true', NO_COLOR: '1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
}

async function until(condition: () => boolean, what: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (child.exitCode !== null) throw new Error(`the scan ended (${child.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`no ${what} within 60 s`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('a scan killed while it blames', () => {
  it('leaves the files it finished in the cache, and the next run uses them', async () => {
    const repo = newRepo();
    repo.write('base.js', lines('const base =', 2)).commit('Start');
    // the AI commit also edits base.js: its files are not its alone, so each one is blamed
    for (let i = 0; i < 400; i++) repo.write(`src/f${String(i).padStart(3, '0')}.js`, `export const v${i} = ${i};\n`);
    repo.write('base.js', lines('const base =', 3));
    const ai = repo.commit(`Generate modules\n\n${CLAUDE}`);
    const cacheDir = join(repo.path, '.git', 'provscan');
    const journal = join(cacheDir, 'provenance-cache.journal');
    const entries = () =>
      existsSync(journal)
        ? readFileSync(journal, 'utf8')
            .split('\n')
            .filter((l) => l.endsWith(']'))
        : [];

    const child = startCli(['scan', '.', '--format', 'json'], repo.path);
    const closed = new Promise((resolve) => child.on('close', resolve));
    try {
      await until(() => entries().some((l) => l.includes(',"src/')), 'journalled file', child);
    } finally {
      child.kill('SIGKILL');
      await closed;
    }
    // each line: [settings tag, "path\0blob", spans]
    const done = entries().map((l) => JSON.parse(l) as [string, string, number[][]]);
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(401); // killed half-way
    const generated = done.find(([, k]) => k.startsWith('src/'));
    if (!generated) throw new Error(`no generated file among the journalled ones: ${done.map(([, k]) => k)}`);
    const [, key, spans] = generated;
    const path = key.split('\0')[0]!;
    expect(spans).toEqual([[1, 1, ai]]);
    const snapshot = JSON.parse(readFileSync(join(cacheDir, 'provenance-cache.json'), 'utf8'));
    expect(snapshot.history.head).toBe(ai);

    // Mark the journalled answer for one file (no AI lines, which blame would never say): if the next run shows it,
    // it took the answer from the journal instead of blaming the file again.
    writeFileSync(
      journal,
      readFileSync(journal, 'utf8').replace(
        `${JSON.stringify(key)},${JSON.stringify(spans)}`,
        `${JSON.stringify(key)},[]`,
      ),
    );
    const next = await runCliJson<Scan>(['scan', '.', '--format', 'json', '--quiet'], { cwd: repo.path });
    expect(next.code, next.stderr).toBe(0);
    const ai2 = Object.fromEntries(next.json.files.map((f) => [f.path, f.ai.length]));
    expect(ai2[path]).toBe(0);
    expect(Object.values(ai2).filter((n) => n === 1)).toHaveLength(400); // the 399 others and base.js line 3
    // a complete run folds the journal into the cache
    expect(existsSync(journal)).toBe(false);
    const saved = JSON.parse(readFileSync(join(cacheDir, 'provenance-cache.json'), 'utf8'));
    expect(Object.keys(saved.files)).toHaveLength(401);
  });
});
