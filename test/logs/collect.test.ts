import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/git/repo.js';
import type { ProgressEvent } from '../../src/model.js';
import { collectLogSpans } from '../../src/provenance/logs/index.js';
import { gplCorpus } from '../check/fixtures.js';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { aiderHistory, claudeSession, writeTranscript } from './transcripts.js';

const FN = `export function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
`;
const HUMAN = `// written by a person
export const VERSION = '1.2.3';
`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const repo = TestRepo.create();
  const home = tempDir('provscan-home-');
  cleanups.push(() => repo.cleanup(), home.cleanup);
  repo.write('src/human.ts', HUMAN).commit('Initial commit');
  const root = repo.git('rev-parse', '--show-toplevel').trim();
  return { repo, home, root };
}

async function collect(root: string, claudeDir?: string) {
  const repo = await openRepo(root);
  const warnings: string[] = [];
  const res = await collectLogSpans({
    root,
    repo,
    read: async (p) => {
      try {
        return await readFile(join(root, p), 'utf8');
      } catch {
        return undefined;
      }
    },
    ...(claudeDir ? { claudeDir } : {}),
    onProgress: (e: ProgressEvent) => {
      if (e.kind === 'warning') warnings.push(e.message);
    },
  });
  return { ...res, warnings };
}

describe('collectLogSpans on a real repository', () => {
  it('maps a Claude Code Write onto the current file, after a human added lines above it', async () => {
    const { repo, home, root } = setup();
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/slug.ts'), content: FN } }], {
        sessionId: 's1',
      }),
    );
    repo.write('src/slug.ts', `// SPDX-License-Identifier: MIT\nimport { x } from './x';\n\n${FN}`);
    const res = await collect(root, join(home.path, '.claude', 'projects'));
    expect(res.spans.get('src/slug.ts')).toEqual([
      expect.objectContaining({
        start: 4,
        end: 9,
        agent: 'claude-code',
        source: 'claude-code-log',
        session: 's1',
        model: 'claude-sonnet-4-5-20250929',
      }),
    ]);
    expect(res.spans.has('src/human.ts')).toBe(false);
  });

  it('finds Writes anywhere in a transcript of several megabytes: across read chunks, longer than one, on the last line', async () => {
    const { repo, home, root } = setup();
    // A Write of a file of ~1.5 MB (one record longer than the 1 MB read chunk), chatter around the chunk boundaries,
    // and the last record without a line break.
    const big = Array.from({ length: 30_000 }, (_, i) => `export const big_${i} = ${i} * 2 + 1; // line ${i}`).join(
      '\n',
    );
    const chatter = (n: number) =>
      Array.from({ length: n }, (_, i) =>
        JSON.stringify({
          type: 'user',
          cwd: root,
          message: { role: 'user', content: `question ${i} ${'lorem '.repeat(60)}` },
        }),
      ).join('\n');
    const write = (file: string, content: string, id: string) =>
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, file), content } }], {
        sessionId: id,
      }).trim();
    const jsonl = [chatter(2500), write('src/big.ts', big, 's1'), chatter(2500), write('src/slug.ts', FN, 's2')].join(
      '\n',
    );
    expect(jsonl.length).toBeGreaterThan(3 * 2 ** 20);
    writeTranscript(home.path, root, jsonl);
    repo.write('src/big.ts', `${big}\n`).write('src/slug.ts', FN);
    const res = await collect(root, join(home.path, '.claude', 'projects'));
    expect(res.spans.get('src/big.ts')).toEqual([expect.objectContaining({ start: 1, end: 30_000, session: 's1' })]);
    expect(res.spans.get('src/slug.ts')).toEqual([expect.objectContaining({ start: 1, end: 6, session: 's2' })]);
  });

  it('ignores a logged file that was deleted since, with a warning', async () => {
    const { home, root } = setup();
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/gone.ts'), content: FN } }]),
    );
    const res = await collect(root, join(home.path, '.claude', 'projects'));
    expect(res.spans.size).toBe(0);
    expect(res.missing).toEqual(['src/gone.ts']);
    expect(res.warnings.join('\n')).toMatch(/no longer exist/);
  });

  it('ignores transcripts of another project', async () => {
    const { repo, home, root } = setup();
    repo.write('src/slug.ts', FN);
    const elsewhere = `${root}-other`;
    writeTranscript(
      home.path,
      elsewhere,
      claudeSession(elsewhere, [{ name: 'Write', input: { file_path: join(elsewhere, 'src/slug.ts'), content: FN } }]),
    );
    const res = await collect(root, join(home.path, '.claude', 'projects'));
    expect(res.spans.size).toBe(0);
  });

  it('reads the aider history at the repository root', async () => {
    const { repo, root } = setup();
    repo.write('src/slug.ts', FN);
    repo.write('.aider.chat.history.md', aiderHistory([{ path: 'src/slug.ts', search: '', replace: FN }]));
    const res = await collect(root, '/nonexistent');
    expect(res.spans.get('src/slug.ts')?.[0]).toMatchObject({ start: 1, end: 6, agent: 'aider', source: 'aider-log' });
  });

  it('reads Agent Trace records kept under .agent-trace/', async () => {
    const { repo, root } = setup();
    repo.write('src/slug.ts', FN);
    mkdirSync(join(root, '.agent-trace'), { recursive: true });
    const record = {
      version: '0.1.0',
      id: '7d0f5c1e-0000-4000-8000-000000000009',
      timestamp: '2026-11-21T08:00:00Z',
      tool: { name: 'claude-code' },
      files: [
        {
          path: 'src/slug.ts',
          conversations: [
            {
              contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5' },
              ranges: [{ start_line: 2, end_line: 5 }],
            },
          ],
        },
      ],
    };
    writeFileSync(join(root, '.agent-trace', 'trace-1.json'), JSON.stringify(record));
    writeFileSync(join(root, '.agent-trace', 'broken.json'), '{"version": "0.1.0", "files": [');
    const res = await collect(root, '/nonexistent');
    expect(res.spans.get('src/slug.ts')).toEqual([
      expect.objectContaining({
        start: 2,
        end: 5,
        agent: 'claude-code',
        model: 'claude-opus-4-5',
        source: 'agent-trace',
      }),
    ]);
    expect(res.warnings.join('\n')).toMatch(/broken\.json: skipped 1 malformed/);
  });

  it('reads git-ai notes and follows the lines after a human edits around them', async () => {
    const { repo, root } = setup();
    repo.write('src/slug.ts', FN);
    const commit = repo.commit('Add slugify');
    const note = `src/slug.ts\n  0123456789abcdef 1-6\n---\n${JSON.stringify({ schema_version: 'authorship/3.0.0', base_commit_sha: commit, prompts: { '0123456789abcdef': { agent_id: { tool: 'cursor', id: 'conv-9', model: 'gpt-5' }, messages: [{ type: 'user', text: 'PRIVATE' }] } } })}\n`;
    execFileSync('git', ['notes', '--ref=ai', 'add', '-m', note, commit], { cwd: root });
    repo.write('src/slug.ts', `import a from 'a';\nimport b from 'b';\n${FN.replace("'-'", "'_'")}`);
    const res = await collect(root, '/nonexistent');
    // line 4 of the function changed ('-' -> '_'): a human's line now
    expect(res.spans.get('src/slug.ts')).toEqual([
      expect.objectContaining({
        start: 3,
        end: 5,
        agent: 'cursor',
        model: 'gpt-5',
        source: 'git-ai',
        session: 'conv-9',
      }),
      expect.objectContaining({ start: 7, end: 8, agent: 'cursor' }),
    ]);
    expect(JSON.stringify([...res.spans])).not.toContain('PRIVATE');
  });

  it('reports a line found by two logs once, with both sources', async () => {
    const { repo, home, root } = setup();
    repo.write('src/slug.ts', FN);
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/slug.ts'), content: FN } }]),
    );
    repo.write('.aider.chat.history.md', aiderHistory([{ path: 'src/slug.ts', search: '', replace: FN }]));
    const res = await collect(root, join(home.path, '.claude', 'projects'));
    const spans = res.spans.get('src/slug.ts') ?? [];
    expect(spans).toHaveLength(1);
    expect(spans[0]?.sources).toEqual(['aider-log', 'claude-code-log']);
  });
});

describe('provscan record', () => {
  it('stores spans of uncommitted work as line hashes under .git/provscan, without transcript text', async () => {
    const { repo, home, root } = setup();
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/slug.ts'), content: FN } }], {
        prompt: 'SECRET-PROMPT-TEXT',
      }),
    );
    repo.write('src/slug.ts', FN);
    const res = await runCli(['record'], { cwd: root, env: { HOME: home.path } });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/recorded 6 AI-written line\(s\) in 1 file\(s\) \(claude-code: 1\)/);
    const dir = join(root, '.git', 'provscan', 'records');
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    const stored = readFileSync(join(dir, files[0] as string), 'utf8');
    expect(stored).not.toContain('slugify');
    expect(stored).not.toContain('SECRET-PROMPT-TEXT');
    expect(JSON.parse(stored)).toMatchObject({ schema: 1, entries: [{ path: 'src/slug.ts', agent: 'claude-code' }] });
  });

  it('lets the staged check see recorded spans after the transcript is gone', async () => {
    const { repo, home, root } = setup();
    const transcript = writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/slug.ts'), content: FN } }]),
    );
    repo.write('src/slug.ts', FN);
    const recorded = await runCli(['record'], { cwd: root, env: { HOME: home.path } });
    expect(recorded.stdout + recorded.stderr).toMatch(/^recorded 6 AI-written line/);
    writeFileSync(transcript, ''); // logs rotated away
    repo.write('src/slug.ts', `// note\n${FN}`);
    repo.git('add', 'src/slug.ts');
    const corpus = await gplCorpus();
    cleanups.push(corpus.cleanup);
    const { code, json } = await runCliJson<{
      files: Array<{ ai: Array<{ start: number; end: number; source: string }> }>;
    }>(['check', '--staged', '--format', 'json', '--db', corpus.db], { cwd: root, env: { HOME: home.path } });
    expect(code).toBe(0);
    expect(json.files[0]?.ai).toEqual([
      expect.objectContaining({ start: 2, end: 7, source: 'provscan-record', agent: 'claude-code' }),
    ]);
  });

  it('records the commit just made with --head', async () => {
    const { repo, home, root } = setup();
    writeTranscript(
      home.path,
      root,
      claudeSession(root, [{ name: 'Write', input: { file_path: join(root, 'src/slug.ts'), content: FN } }]),
    );
    repo.write('src/slug.ts', FN);
    const sha = repo.commit('Add slugify');
    const { code, json } = await runCliJson<{ commit: string; lines: number }>(['record', '--head', '--json'], {
      cwd: root,
      env: { HOME: home.path },
    });
    expect(code).toBe(0);
    expect(json).toMatchObject({ commit: sha, lines: 6 });
  });

  it('says so when the logs hold nothing for uncommitted work, and rejects unknown sources', async () => {
    const { root, home } = setup();
    const res = await runCli(['record'], { cwd: root, env: { HOME: home.path } });
    expect(res.code).toBe(0);
    expect(res.stdout).toMatch(/no AI-written lines found/);
    const bad = await runCli(['record', '--logs', 'copilot-chat'], { cwd: root, env: { HOME: home.path } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--logs: unknown log source "copilot-chat"/);
  });
});
