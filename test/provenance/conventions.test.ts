import { describe, expect, it } from 'vitest';
import {
  BUILTIN_CONVENTIONS,
  type CommitFacts,
  classifyCommit,
  matchCommit,
  parseAgentModel,
} from '../../src/provenance/conventions.js';
import { parseUserConventions } from '../../src/provenance/user-conventions.js';

const human = { name: 'Ada Human', email: 'ada@example.com' };

function commit(message: string, author = human, committer = author): CommitFacts {
  return {
    authorName: author.name,
    authorEmail: author.email,
    committerName: committer.name,
    committerEmail: committer.email,
    message,
  };
}

const classify = (c: CommitFacts) => classifyCommit(c, BUILTIN_CONVENTIONS);

describe('the conventions table', () => {
  it('gives every convention an agent id, a name, evidence and a confidence in (0, 1]', () => {
    for (const c of BUILTIN_CONVENTIONS) {
      expect(c.agent).toMatch(/^[a-z0-9-]+$/);
      expect(c.name.length).toBeGreaterThan(0);
      expect(c.evidence?.length ?? 0).toBeGreaterThan(20);
      expect(c.confidence).toBeGreaterThan(0);
      expect(c.confidence).toBeLessThanOrEqual(1);
      expect(c.match.length).toBeGreaterThan(0);
    }
  });

  it('covers every agent the issue names', () => {
    const agents = new Set(BUILTIN_CONVENTIONS.map((c) => c.agent));
    for (const a of [
      'claude-code',
      'aider',
      'github-copilot',
      'cursor',
      'openai-codex',
      'google-jules',
      'gemini-cli',
      'devin',
      'amazon-q',
      'windsurf',
      'replit-agent',
      'unknown-ai',
    ]) {
      expect(agents).toContain(a);
    }
  });
});

describe('classifying a commit', () => {
  it('recognises Claude Code by its co-author trailer and takes the model from the name', () => {
    const v = classify(
      commit(
        'Add x\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)\n\nCo-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>',
      ),
    );
    expect(v).toMatchObject({ agent: 'claude-code', model: 'claude-sonnet-4.5', source: 'trailer', confidence: 1 });
  });

  it('recognises Claude Code’s plain co-author trailer without a model', () => {
    expect(classify(commit('Add x\n\nCo-Authored-By: Claude <noreply@anthropic.com>'))).toMatchObject({
      agent: 'claude-code',
      model: null,
    });
  });

  it('recognises the Claude Code marker line alone as a message signal', () => {
    expect(classify(commit('Add x\n\n🤖 Generated with [Claude Code](https://claude.ai/code)'))).toMatchObject({
      agent: 'claude-code',
      source: 'message',
    });
  });

  it('recognises aider’s co-author trailer with the model', () => {
    expect(
      classify(commit('feat: y\n\nCo-authored-by: aider (anthropic/claude-sonnet-4-20250514) <aider@aider.chat>')),
    ).toMatchObject({
      agent: 'aider',
      model: 'anthropic/claude-sonnet-4-20250514',
      source: 'trailer',
    });
  });

  it('recognises aider’s “(aider)” author suffix', () => {
    expect(classify(commit('feat: y', { name: 'Ada Human (aider)', email: 'ada@example.com' }))).toMatchObject({
      agent: 'aider',
      source: 'author',
    });
  });

  it('takes aider’s “(aider)” committer suffix alone as a commit aider made, not lines it wrote', () => {
    const facts = commit('feat: y', human, { name: 'Ada Human (aider)', email: 'ada@example.com' });
    expect(classify(facts)).toBeNull();
    expect(matchCommit(facts, BUILTIN_CONVENTIONS)).toMatchObject({ agent: 'aider', commitOnly: true });
  });

  it('lets any writing mark beat the committer mark on the same commit', () => {
    const aiderCommitter = { name: 'Ada Human (aider)', email: 'ada@example.com' };
    expect(classify(commit('aider: y', human, aiderCommitter))).toMatchObject({ agent: 'aider', source: 'message' });
    expect(classify(commit('feat: y', aiderCommitter, aiderCommitter))).toMatchObject({
      agent: 'aider',
      source: 'author',
    });
    expect(
      matchCommit(
        commit('feat: y\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>', human, aiderCommitter),
        BUILTIN_CONVENTIONS,
      ),
    ).toMatchObject({ source: 'trailer', model: 'gpt-4o', commitOnly: false });
  });

  it('recognises aider’s old “aider:” subject prefix', () => {
    expect(classify(commit('aider: Added a parser'))).toMatchObject({ agent: 'aider', source: 'message' });
  });

  it('recognises the Copilot coding agent bot author', () => {
    expect(
      classify(commit('Fix', { name: 'Copilot', email: '198982749+Copilot@users.noreply.github.com' })),
    ).toMatchObject({
      agent: 'github-copilot',
      source: 'author',
      confidence: 1,
    });
  });

  it('recognises the Copilot co-author trailer', () => {
    expect(
      classify(commit('Fix\n\nCo-authored-by: Copilot <175728472+Copilot@users.noreply.github.com>')),
    ).toMatchObject({ agent: 'github-copilot', source: 'trailer' });
  });

  it('recognises the Cursor agent trailer', () => {
    expect(classify(commit('Fix\n\nCo-authored-by: Cursor Agent <cursoragent@cursor.com>'))).toMatchObject({
      agent: 'cursor',
      source: 'trailer',
    });
  });

  it('recognises OpenAI Codex', () => {
    expect(
      classify(
        commit('Fix', {
          name: 'chatgpt-codex-connector[bot]',
          email: '199175422+chatgpt-codex-connector[bot]@users.noreply.github.com',
        }),
      ),
    ).toMatchObject({ agent: 'openai-codex' });
    expect(classify(commit('Fix\n\nCo-authored-by: Codex <codex@openai.com>'))).toMatchObject({
      agent: 'openai-codex',
      source: 'trailer',
    });
  });

  it('recognises Google Jules', () => {
    expect(
      classify(
        commit('Fix', {
          name: 'google-labs-jules[bot]',
          email: '161369871+google-labs-jules[bot]@users.noreply.github.com',
        }),
      ),
    ).toMatchObject({ agent: 'google-jules', source: 'author' });
  });

  it('recognises Gemini CLI', () => {
    expect(classify(commit('Fix\n\nCo-authored-by: Gemini CLI <gemini-cli@google.com>'))).toMatchObject({
      agent: 'gemini-cli',
    });
  });

  it('recognises Devin', () => {
    expect(
      classify(
        commit('Fix', {
          name: 'devin-ai-integration[bot]',
          email: '158243242+devin-ai-integration[bot]@users.noreply.github.com',
        }),
      ),
    ).toMatchObject({ agent: 'devin' });
  });

  it('recognises Amazon Q Developer', () => {
    expect(classify(commit('Fix', { name: 'amazon-q-developer[bot]', email: 'q@example.com' }))).toMatchObject({
      agent: 'amazon-q',
    });
  });

  it('recognises Windsurf', () => {
    expect(classify(commit('Fix\n\nCo-authored-by: Windsurf <noreply@windsurf.com>'))).toMatchObject({
      agent: 'windsurf',
    });
  });

  it('recognises Replit Agent', () => {
    expect(classify(commit('Checkpoint\n\nReplit-Commit-Author: Agent\nReplit-Commit-Session-Id: 1234'))).toMatchObject(
      { agent: 'replit-agent', source: 'trailer' },
    );
  });

  it('reads the kernel Assisted-by form AGENT:MODEL [tools]', () => {
    expect(
      classify(
        commit('mm: fix\n\nAssisted-by: Claude:claude-3-opus coccinelle sparse\nSigned-off-by: Ada <ada@example.com>'),
      ),
    ).toMatchObject({
      agent: 'claude',
      model: 'claude-3-opus',
      source: 'trailer',
    });
  });

  it('reads the free Assisted-by form with a model in parentheses and a tool in brackets', () => {
    expect(classify(commit('fix\n\nAssisted-by: ChatGPT-4 (gpt-4-0314) [GitHub Copilot]'))).toMatchObject({
      agent: 'chatgpt',
      model: 'gpt-4-0314',
    });
  });

  it('reads Fedora’s free-text Assisted-by naming an agent', () => {
    expect(classify(commit('fix\n\nAssisted-by: Claude Code'))).toMatchObject({ agent: 'claude-code', model: null });
  });

  it('reads the ASF Generated-by trailer', () => {
    expect(classify(commit('fix\n\nGenerated-by: GitHub Copilot'))).toMatchObject({
      agent: 'github-copilot',
      source: 'trailer',
    });
  });

  it('reads AI-assisted style trailers, including a bare “yes”', () => {
    expect(classify(commit('fix\n\nAI-assisted: yes'))).toMatchObject({ agent: 'unknown-ai', model: null });
    expect(classify(commit('fix\n\nAI-Assisted-By: gpt-4o'))).toMatchObject({ agent: 'chatgpt', model: 'gpt-4o' });
  });

  it('treats “AI-assisted: no” as a human commit', () => {
    expect(classify(commit('fix\n\nAI-assisted: no'))).toBeNull();
  });

  it('treats a prose mention of copilot as a human commit', () => {
    expect(classify(commit('fixed copilot bug\n\nThe Copilot panel and Claude integration crashed.'))).toBeNull();
  });

  it('treats a human co-author as a human commit', () => {
    expect(classify(commit('Fix\n\nCo-authored-by: Bob <bob@example.com>'))).toBeNull();
  });
});

describe('parsing policy trailer values', () => {
  it('splits the kernel form', () => {
    expect(parseAgentModel('Claude:claude-3-opus coccinelle')).toMatchObject({
      agentText: 'Claude',
      model: 'claude-3-opus',
    });
  });
  it('returns null for a negative value', () => {
    expect(parseAgentModel('none')).toBeNull();
  });
});

describe('user conventions from the config file', () => {
  it('become conventions that classify commits, with a fixed model', () => {
    const user = parseUserConventions(
      [{ agent: 'acme-bot', name: 'Acme Bot', trailer: 'X-Acme-AI', model: 'acme-1', confidence: 0.7 }],
      '.provscan.yml',
    );
    expect(classifyCommit(commit('Do it\n\nX-Acme-AI: on'), user)).toMatchObject({
      agent: 'acme-bot',
      agentName: 'Acme Bot',
      model: 'acme-1',
      confidence: 0.7,
    });
  });

  it('match authors like git log --author, on name or email', () => {
    const user = parseUserConventions([{ agent: 'robo', author: 'robo@corp\\.example' }], 'c.yml');
    expect(classifyCommit(commit('x', { name: 'R', email: 'robo@corp.example' }), user)).toMatchObject({
      agent: 'robo',
      source: 'author',
    });
  });

  it('capture the model from a named group in the value regex', () => {
    const user = parseUserConventions([{ agent: 'tool', trailer: 'AI-Tool', value: '^tool/(?<model>\\S+)' }], 'c.yml');
    expect(classifyCommit(commit('x\n\nAI-Tool: tool/m-2'), user)).toMatchObject({ model: 'm-2' });
  });

  it('reject a bad entry naming the file, the entry and the key', () => {
    expect(() =>
      parseUserConventions(
        [
          { agent: 'a', trailer: 'T' },
          { agent: 'b', trailer: 'T' },
          { agent: 'c', trailer: 5 },
        ],
        '.provscan.yml',
      ),
    ).toThrow('.provscan.yml: conventions[2].trailer: expected a non-empty string, got number 5');
    expect(() => parseUserConventions([{ agent: 'a' }], 'p.yml')).toThrow(
      'p.yml: conventions[0]: needs at least one of trailer, author, committer, message',
    );
    expect(() => parseUserConventions([{ agent: 'a', message: '(' }], 'p.yml')).toThrow(
      /conventions\[0\]\.message: invalid regular expression/,
    );
    expect(() => parseUserConventions([{ agent: 'a', trailer: 'T', colour: 'red' }], 'p.yml')).toThrow(
      'conventions[0].colour: unknown key',
    );
    expect(() => parseUserConventions({}, 'p.yml')).toThrow('p.yml: conventions: expected a list, got a mapping');
  });
});
