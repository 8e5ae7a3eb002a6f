// git-ai authorship logs (Git AI Standard v3.0.0): a git note under `refs/notes/ai` per commit. An attestation
// section (file path lines; entries `  <16-hex session hash> 1-4,9,12-20`), a line `---`, then JSON metadata
// (`schema_version: "authorship/3.x"`, `prompts {<hash>: {agent_id {tool, id, model}, …}}`). Line numbers hold
// for the file as committed, so spans are anchored at that commit and mapped to the current content by text.
// The prompts' `messages` (conversation text) are never read into a span.
import { agentId, modelName } from './agent-ids.js';
import type { LoggedAtRevision, WarningSink } from './types.js';

const GIT_AI_REF = 'refs/notes/ai';

interface PromptInfo {
  readonly agent: string;
  readonly model: string | null;
  readonly session?: string;
}

/** Parses one authorship note attached to `commit`. */
export function parseAuthorshipNote(commit: string, text: string, warn: WarningSink): LoggedAtRevision[] {
  const lines = text.split(/\r?\n/);
  const divider = lines.indexOf('---');
  if (divider < 0) {
    warn(`git-ai note on ${commit.slice(0, 12)}: no "---" divider; skipped`);
    return [];
  }
  const prompts = new Map<string, PromptInfo>();
  try {
    const meta = JSON.parse(lines.slice(divider + 1).join('\n')) as unknown;
    const version = isObject(meta) && typeof meta['schema_version'] === 'string' ? meta['schema_version'] : '';
    const major = Number(/^authorship\/(\d+)/.exec(version)?.[1] ?? 'NaN');
    if (Number.isFinite(major) && major > 3) {
      warn(`git-ai note on ${commit.slice(0, 12)}: schema ${version} is newer than provscan understands; skipped`);
      return [];
    }
    const p = isObject(meta) && isObject(meta['prompts']) ? meta['prompts'] : {};
    for (const [hash, rec] of Object.entries(p)) {
      if (!isObject(rec) || !isObject(rec['agent_id'])) continue;
      const a = rec['agent_id'];
      prompts.set(hash, {
        agent: agentId(typeof a['tool'] === 'string' ? a['tool'] : undefined),
        model: modelName(a['model']),
        ...(typeof a['id'] === 'string' ? { session: a['id'] } : {}),
      });
    }
  } catch {
    warn(`git-ai note on ${commit.slice(0, 12)}: metadata is not valid JSON; agents unknown`);
  }
  const out: LoggedAtRevision[] = [];
  let path: string | undefined;
  for (const line of lines.slice(0, divider)) {
    if (line.trim() === '') continue;
    if (!line.startsWith(' ')) {
      path = line.startsWith('"') && line.endsWith('"') ? line.slice(1, -1) : line.trimEnd();
      continue;
    }
    const m = /^\s+([0-9a-f]{7,64})\s+([\d,-]+)\s*$/.exec(line);
    if (!m || path === undefined) continue;
    const ranges = parseRanges(m[2] ?? '');
    if (ranges.length === 0) continue;
    const info = prompts.get(m[1] ?? '') ?? { agent: 'unknown-ai', model: null };
    out.push({
      kind: 'revision',
      source: 'git-ai',
      path,
      revision: commit,
      ranges,
      agent: info.agent,
      model: info.model,
      confidence: 0.95,
      ...(info.session !== undefined ? { session: info.session } : {}),
    });
  }
  return out;
}

/** `1-4,9,12-20` → spans; malformed parts are dropped. */
export function parseRanges(spec: string): Array<{ start: number; end: number }> {
  const out: Array<{ start: number; end: number }> = [];
  for (const part of spec.split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const start = Number(m[1]);
    const end = m[2] === undefined ? start : Number(m[2]);
    if (start >= 1 && end >= start) out.push({ start, end });
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
