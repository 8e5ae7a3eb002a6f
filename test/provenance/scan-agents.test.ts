// One real repository per agent convention: a human writes a file, the agent's commit adds lines, and
// `provscan scan --format json` must report exactly those lines with the agent, model and commit.
import { afterAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/cli.js';
import { HUMAN, type Person, TestRepo, lines } from '../helpers/repo.js';

interface Span {
  start: number;
  end: number;
  agent: string;
  model: string | null;
  source: string;
  commit?: string;
  confidence: number;
}
interface Scan {
  files: { path: string; ai: Span[] }[];
  commits: { sha: string; agent: string; model: string | null; trailers: { key: string; value: string }[] }[];
  provenance: { available: boolean; complete: boolean; notes: string[] };
}

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.cleanup();
});

/** Human base of 5 lines, then the agent commit appends 3 lines (6..8); returns the scan and the AI commit. */
async function agentRepo(message: string, options: { author?: Person; committer?: Person } = {}) {
  const repo = TestRepo.create();
  repos.push(repo);
  repo.write('src/app.js', lines('human', 5)).commit('Start');
  repo.write('src/app.js', lines('human', 5) + lines('agent', 3)).commit(message, options);
  const sha = repo.git('rev-parse', 'HEAD').trim();
  const res = await runCliJson<Scan>(['scan', repo.path, '--format', 'json', '--quiet']);
  expect(res.code).toBe(0);
  const file = res.json.files.find((f) => f.path === 'src/app.js');
  return { scan: res.json, ai: file?.ai ?? [], sha };
}

const cases: {
  name: string;
  message: string;
  author?: Person;
  committer?: Person;
  agent: string;
  model: string | null;
  source: string;
}[] = [
  {
    name: 'Claude Code (co-author trailer naming the model)',
    message:
      'Add agent lines\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Opus 4.1 <noreply@anthropic.com>',
    agent: 'claude-code',
    model: 'claude-opus-4.1',
    source: 'trailer',
  },
  {
    name: 'aider (co-author trailer with the model)',
    message: 'feat: add lines\n\nCo-authored-by: aider (openai/gpt-4o) <aider@aider.chat>',
    agent: 'aider',
    model: 'openai/gpt-4o',
    source: 'trailer',
  },
  {
    name: 'aider (author suffix)',
    message: 'feat: add lines',
    author: { name: 'Ada Human (aider)', email: HUMAN.email },
    agent: 'aider',
    model: null,
    source: 'author',
  },
  { name: 'aider (old subject prefix)', message: 'aider: add lines', agent: 'aider', model: null, source: 'message' },
  {
    name: 'GitHub Copilot coding agent (bot author)',
    message: 'Add lines',
    author: { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' },
    committer: { name: 'GitHub', email: 'noreply@github.com' },
    agent: 'github-copilot',
    model: null,
    source: 'author',
  },
  {
    name: 'Cursor (agent trailer)',
    message: 'Add lines\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>',
    agent: 'cursor',
    model: null,
    source: 'trailer',
  },
  {
    name: 'OpenAI Codex (co-author trailer)',
    message: 'Add lines\n\nCo-authored-by: Codex <codex@openai.com>',
    agent: 'openai-codex',
    model: null,
    source: 'trailer',
  },
  {
    name: 'Google Jules (bot author)',
    message: 'Add lines',
    author: { name: 'google-labs-jules[bot]', email: '161369871+google-labs-jules[bot]@users.noreply.github.com' },
    agent: 'google-jules',
    model: null,
    source: 'author',
  },
  {
    name: 'Gemini CLI (co-author trailer)',
    message: 'Add lines\n\nCo-authored-by: Gemini CLI <gemini-cli@google.com>',
    agent: 'gemini-cli',
    model: null,
    source: 'trailer',
  },
  {
    name: 'Devin (bot author)',
    message: 'Add lines',
    author: {
      name: 'devin-ai-integration[bot]',
      email: '158243242+devin-ai-integration[bot]@users.noreply.github.com',
    },
    agent: 'devin',
    model: null,
    source: 'author',
  },
  {
    name: 'Amazon Q Developer (bot author)',
    message: 'Add lines',
    author: { name: 'amazon-q-developer[bot]', email: 'amazon-q@example.com' },
    agent: 'amazon-q',
    model: null,
    source: 'author',
  },
  {
    name: 'Windsurf (co-author trailer)',
    message: 'Add lines\n\nCo-authored-by: Windsurf <noreply@windsurf.com>',
    agent: 'windsurf',
    model: null,
    source: 'trailer',
  },
  {
    name: 'Replit Agent (checkpoint trailers)',
    message: 'Checkpoint\n\nReplit-Commit-Author: Agent\nReplit-Commit-Session-Id: 5e1f',
    agent: 'replit-agent',
    model: null,
    source: 'trailer',
  },
  {
    name: 'the Linux kernel Assisted-by trailer',
    message:
      'lib: add lines\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Ada Human <ada@example.com>',
    agent: 'claude',
    model: 'claude-3-opus',
    source: 'trailer',
  },
  {
    name: 'Fedora’s free-text Assisted-by',
    message: 'Add lines\n\nAssisted-by: Cursor',
    agent: 'cursor',
    model: null,
    source: 'trailer',
  },
  {
    name: 'the ASF Generated-by trailer',
    message: 'Add lines\n\nGenerated-by: ChatGPT (gpt-4o)',
    agent: 'chatgpt',
    model: 'gpt-4o',
    source: 'trailer',
  },
  {
    name: 'an AI-assisted trailer',
    message: 'Add lines\n\nAI-assisted: yes',
    agent: 'unknown-ai',
    model: null,
    source: 'trailer',
  },
];

describe('provscan scan finds the exact lines of each agent convention', () => {
  for (const c of cases) {
    it(`reports lines 6–8 for ${c.name}`, async () => {
      const { scan, ai, sha } = await agentRepo(c.message, {
        ...(c.author ? { author: c.author } : {}),
        ...(c.committer ? { committer: c.committer } : {}),
      });
      expect(ai).toEqual([
        expect.objectContaining({ start: 6, end: 8, agent: c.agent, model: c.model, source: c.source, commit: sha }),
      ]);
      expect(scan.commits.map((k) => k.sha)).toEqual([sha]);
      expect(scan.provenance).toEqual({ available: true, complete: true, notes: [] });
    });
  }

  it('reports no AI lines when a commit only mentions copilot in prose', async () => {
    const { ai, scan } = await agentRepo('fixed copilot bug\n\nThe copilot panel crashed: now it does not.');
    expect(ai).toEqual([]);
    expect(scan.commits).toEqual([]);
  });
});
