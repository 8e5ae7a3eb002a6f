// The built-in registry of how AI agents mark their commits. Each entry says what was checked and where
// (`evidence`); entries whose convention could only be observed in the wild, not in the agent's own source or
// documentation, carry a lower confidence. Keep this file data only: the matching logic is in conventions.ts.
import type { AgentAlias, Convention } from './convention-types.js';

const CO_AUTHOR = /^co-authored-by$/i;
const BOT = (login: string) => new RegExp(`^${login}(?:\\[bot\\])?$`, 'i');
const BOT_EMAIL = (login: string) =>
  new RegExp(`^(?:\\d+\\+)?${login}(?:\\[bot\\])?@users\\.noreply\\.github\\.com$`, 'i');

export const BUILTIN_CONVENTIONS: ReadonlyArray<Convention> = [
  {
    agent: 'claude-code',
    name: 'Claude Code',
    confidence: 1,
    evidence:
      'Claude Code default commit attribution: body "🤖 Generated with [Claude Code](https://claude.com/claude-code)" ' +
      '(older: claude.ai/code) and "Co-Authored-By: Claude <noreply@anthropic.com>", newer versions name the model ' +
      '("Claude Sonnet 4.5"); switched off by the `attribution` (formerly `includeCoAuthoredBy`) setting.',
    match: [
      {
        kind: 'trailer',
        key: CO_AUTHOR,
        value: /^claude(?:\s+(?<model>[^<]*?))?\s*<noreply@anthropic\.com>$/i,
        model: { prefix: 'claude-', slug: true },
      },
      { kind: 'message', where: 'body', pattern: /generated with \[?claude code\]?/i, confidence: 0.95 },
      { kind: 'author', who: 'author', name: /\((?:claude|claude-code|claude code)\)$/i, confidence: 0.9 },
    ],
  },
  {
    agent: 'aider',
    name: 'aider',
    confidence: 1,
    evidence:
      'aider/repo.py: --attribute-co-authored-by adds "Co-authored-by: aider (<model>) <aider@aider.chat>"; ' +
      '--attribute-author / --attribute-committer append " (aider)" to the name; ' +
      '--attribute-commit-message-author/-committer prefix the message with "aider: ". repo.py and the git ' +
      "docs (aider.chat/docs/git.html): the committer alone is marked when aider commits the user's own pending " +
      "edits, so that mark names a commit aider made, not lines it wrote (as in aider's scripts/blame.py).",
    match: [
      { kind: 'trailer', key: CO_AUTHOR, value: /^aider\s*\((?<model>[^)]+)\)/i },
      { kind: 'author', who: 'author', name: /\s\(aider\)$/i, confidence: 0.95 },
      { kind: 'author', who: 'committer', name: /\s\(aider\)$/i, confidence: 0.9, commitOnly: true },
      { kind: 'message', where: 'subject', pattern: /^aider:\s/i, confidence: 0.95 },
    ],
  },
  {
    agent: 'github-copilot',
    name: 'GitHub Copilot',
    confidence: 1,
    evidence:
      'Copilot coding agent commits are authored by "Copilot <198982749+Copilot@users.noreply.github.com>" ' +
      '(copilot-coding-agent/user-feedback#76); VS Code/Copilot CLI add "Co-authored-by: Copilot <…+Copilot@users.noreply.github.com>".',
    match: [
      { kind: 'author', who: 'author', name: /^copilot$/i, email: BOT_EMAIL('copilot') },
      { kind: 'author', who: 'author', name: BOT('copilot-swe-agent') },
      {
        kind: 'trailer',
        key: CO_AUTHOR,
        value: /^copilot\b[^<]*<(?:\d+\+)?copilot@users\.noreply\.github\.com>$/i,
        confidence: 0.9,
      },
    ],
  },
  {
    agent: 'cursor',
    name: 'Cursor',
    confidence: 1,
    evidence: 'Cursor background/cloud agents: "Co-authored-by: Cursor Agent <cursoragent@cursor.com>".',
    match: [
      { kind: 'trailer', key: CO_AUTHOR, value: /<cursoragent@cursor\.com>$/i },
      { kind: 'author', who: 'either', email: /^cursoragent@cursor\.com$/i },
    ],
  },
  {
    agent: 'openai-codex',
    name: 'OpenAI Codex',
    confidence: 0.9,
    evidence:
      'Observed: Codex cloud PR commits via the chatgpt-codex-connector app; "Co-authored-by: Codex <…@openai.com>".',
    match: [
      { kind: 'author', who: 'either', name: BOT('chatgpt-codex-connector') },
      { kind: 'author', who: 'either', email: BOT_EMAIL('chatgpt-codex-connector') },
      { kind: 'trailer', key: CO_AUTHOR, value: /^codex\b[^<]*<[^>]*@openai\.com>$/i },
      { kind: 'trailer', key: CO_AUTHOR, value: /<codex@openai\.com>$/i },
    ],
  },
  {
    agent: 'google-jules',
    name: 'Google Jules',
    confidence: 1,
    evidence: 'Jules commits as the GitHub app google-labs-jules[bot].',
    match: [
      { kind: 'author', who: 'either', name: BOT('google-labs-jules') },
      { kind: 'author', who: 'either', email: BOT_EMAIL('google-labs-jules') },
      { kind: 'trailer', key: CO_AUTHOR, value: /google-labs-jules/i },
    ],
  },
  {
    agent: 'gemini-cli',
    name: 'Gemini CLI',
    confidence: 0.9,
    evidence:
      'Observed: "Co-authored-by: Gemini CLI <…@google.com>"; gemini-cli[bot] / gemini-code-assist[bot] authors.',
    match: [
      { kind: 'trailer', key: CO_AUTHOR, value: /^gemini(?:[- ]cli|[- ]code[- ]assist)?\b[^<]*<[^>]*@google\.com>$/i },
      { kind: 'author', who: 'either', name: BOT('gemini-(?:cli|code-assist)') },
    ],
  },
  {
    agent: 'devin',
    name: 'Devin',
    confidence: 1,
    evidence:
      'Devin commits as devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>.',
    match: [
      { kind: 'author', who: 'either', name: BOT('devin-ai-integration') },
      { kind: 'author', who: 'either', email: BOT_EMAIL('devin-ai-integration') },
      { kind: 'trailer', key: CO_AUTHOR, value: /devin-ai-integration|<devin@cognition(?:-labs)?\.(?:ai|com)>/i },
    ],
  },
  {
    agent: 'amazon-q',
    name: 'Amazon Q Developer',
    confidence: 0.85,
    evidence: 'Observed: amazon-q-developer[bot] authored commits; "Co-authored-by: Amazon Q …".',
    match: [
      { kind: 'author', who: 'either', name: BOT('amazon-q-developer') },
      { kind: 'trailer', key: CO_AUTHOR, value: /^amazon q\b/i },
    ],
  },
  {
    agent: 'windsurf',
    name: 'Windsurf',
    confidence: 0.85,
    evidence: 'Observed: "Co-authored-by: Windsurf/Cascade <…@codeium.com|windsurf.com>", "Generated with Windsurf".',
    match: [
      { kind: 'trailer', key: CO_AUTHOR, value: /^(?:windsurf|cascade|codeium)\b/i },
      { kind: 'trailer', key: CO_AUTHOR, value: /@(?:codeium|windsurf)\.com>$/i },
      { kind: 'message', where: 'body', pattern: /generated (?:with|by) \[?windsurf\b/i },
    ],
  },
  {
    agent: 'replit-agent',
    name: 'Replit Agent',
    confidence: 1,
    evidence: 'Replit checkpoints carry "Replit-Commit-Author: Agent" (or "Assistant") and "Replit-Commit-Session-Id".',
    match: [{ kind: 'trailer', key: /^replit-commit-author$/i, value: /^(?:agent|assistant)$/i }],
  },
  {
    agent: 'unknown-ai',
    name: 'AI assistant (policy trailer)',
    confidence: 0.9,
    evidence:
      'Linux kernel Documentation/process/coding-assistants.rst: "Assisted-by: AGENT_NAME:MODEL_VERSION [TOOL…]"; ' +
      'Fedora AI policy: "Assisted-by:"; ASF generative tooling guidance: "Generated-by:"; OpenInfra: "Generated-By:"; ' +
      'team variants "AI-assisted:", "AI-Agent:", "AI-Generated-By:".',
    match: [
      { kind: 'trailer', key: /^(?:assisted-by|generated-by)$/i, parse: 'agent-model' },
      {
        kind: 'trailer',
        key: /^(?:ai-assisted(?:-by)?|ai-generated(?:-by)?|ai-agent|ai-tool|ai-model|co-developed-with-ai)$/i,
        parse: 'agent-model',
        confidence: 0.85,
      },
    ],
  },
];

/** Names the policy trailers use for agents, tried in order on the agent part of the value. */
export const AGENT_ALIASES: ReadonlyArray<AgentAlias> = [
  { pattern: /claude[\s_-]*code/i, agent: 'claude-code', name: 'Claude Code' },
  { pattern: /\baider\b/i, agent: 'aider', name: 'aider' },
  { pattern: /copilot/i, agent: 'github-copilot', name: 'GitHub Copilot' },
  { pattern: /\bcursor\b/i, agent: 'cursor', name: 'Cursor' },
  { pattern: /\bcodex\b/i, agent: 'openai-codex', name: 'OpenAI Codex' },
  { pattern: /\bjules\b/i, agent: 'google-jules', name: 'Google Jules' },
  { pattern: /gemini[\s_-]*cli/i, agent: 'gemini-cli', name: 'Gemini CLI' },
  { pattern: /\bdevin\b/i, agent: 'devin', name: 'Devin' },
  { pattern: /amazon[\s_-]*q\b/i, agent: 'amazon-q', name: 'Amazon Q Developer' },
  { pattern: /windsurf|cascade/i, agent: 'windsurf', name: 'Windsurf' },
  { pattern: /replit/i, agent: 'replit-agent', name: 'Replit Agent' },
  { pattern: /^claude\b/i, agent: 'claude', name: 'Claude' },
  { pattern: /chatgpt|^gpt-|openai/i, agent: 'chatgpt', name: 'ChatGPT' },
  { pattern: /^gemini\b/i, agent: 'gemini', name: 'Gemini' },
];

/** Values of an `AI-assisted:`-style trailer that say "no AI was used". */
export const NEGATIVE_VALUES = /^(?:no|none|false|n\/?a|0|nothing|not used)\.?$/i;

/** Words that look like a model name when a policy trailer gives only one word. */
export const MODEL_LIKE = /^(?:gpt-|o\d\b|claude-|gemini-|llama|qwen|deepseek|mistral|codestral|grok|phi-)/i;
