// Tool names as logs spell them → provscan agent ids (the ids the conventions registry uses). Data, not code:
// add a row when a new tool shows up in Agent Trace records or git-ai notes.
const AGENT_IDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^claude(?:[-_ ]?code)?$/i, 'claude-code'],
  [/^cursor/i, 'cursor'],
  [/^(?:github[-_ ]?)?copilot/i, 'github-copilot'],
  [/^aider/i, 'aider'],
  [/^(?:openai[-_ ]?)?codex/i, 'openai-codex'],
  [/^gemini/i, 'gemini-cli'],
  [/^windsurf|^codeium/i, 'windsurf'],
  [/^amp$/i, 'amp'],
  [/^devin/i, 'devin'],
  [/^(?:amazon[-_ ]?)?q(?:[-_ ]developer)?$/i, 'amazon-q'],
  [/^opencode/i, 'opencode'],
  [/^cline/i, 'cline'],
  [/^roo[-_ ]?(code|cline)?$/i, 'roo-code'],
  [/^kilo[-_ ]?(code)?$/i, 'kilo-code'],
  [/^continue(\.dev)?$/i, 'continue'],
];

/** The provscan agent id for a tool name from a log; unknown tools keep a slug of their own name. */
export function agentId(tool: string | undefined): string {
  if (!tool) return 'unknown-ai';
  for (const [re, id] of AGENT_IDS) if (re.test(tool.trim())) return id;
  const slug = tool
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
  return slug || 'unknown-ai';
}

/** `anthropic/claude-opus-4-5` → `claude-opus-4-5`: records prefix the provider, provscan names the model. */
export function modelName(id: unknown): string | null {
  if (typeof id !== 'string' || id.trim() === '') return null;
  const slash = id.lastIndexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}
