// Agent Trace records (agent-trace.dev, a vendor-neutral 2026 spec): JSON objects with `version`, `id`,
// `timestamp`, optional `vcs {type, revision}` and `tool {name, version}`, and `files[] {path, conversations[]
// {url?, contributor {type, model_id}, ranges[] {start_line, end_line, content_hash?, contributor?}}}`. The spec
// leaves storage to tools; repositories keep them under `.agent-trace/` (one JSON record per file, or JSONL).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { agentId, modelName } from './agent-ids.js';
import type { LoggedAtRevision, LoggedRange, WarningSink } from './types.js';

export const AGENT_TRACE_DIR = '.agent-trace';
const MAX_FILES = 5000;

/** Ranges AI contributors wrote, from the repository's Agent Trace records. Never throws on bad input. */
export function readAgentTrace(root: string, warn: WarningSink): Array<LoggedRange | LoggedAtRevision> {
  const dir = join(root, AGENT_TRACE_DIR);
  if (!existsSync(dir)) return [];
  const out: Array<LoggedRange | LoggedAtRevision> = [];
  for (const file of recordFiles(dir)) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      warn(`${file}: cannot read Agent Trace record (${(err as Error).message})`);
      continue;
    }
    const label = file.slice(root.length + 1);
    const docs: unknown[] = [];
    let malformed = 0;
    if (file.endsWith('.jsonl')) {
      for (const line of text.split('\n')) {
        if (line.trim() === '') continue;
        try {
          docs.push(JSON.parse(line));
        } catch {
          malformed++;
        }
      }
    } else {
      try {
        docs.push(JSON.parse(text));
      } catch {
        malformed++;
      }
    }
    if (malformed > 0) warn(`${label}: skipped ${malformed} malformed or truncated Agent Trace record(s)`);
    for (const doc of docs) out.push(...parseTraceRecord(doc, label, warn));
  }
  return out;
}

function recordFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string, depth: number) => {
    if (depth > 4 || files.length >= MAX_FILES) return;
    let entries: string[];
    try {
      entries = readdirSync(d).sort();
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(d, e);
      try {
        const st = statSync(full);
        if (st.isDirectory()) walk(full, depth + 1);
        else if (/\.jsonl?$/.test(e)) files.push(full);
      } catch {}
    }
  };
  walk(dir, 0);
  return files;
}

/**
 * One record's AI ranges. Unknown fields are ignored; a record of an unsupported major version is skipped. `source`
 * names the tool that kept it (agentdiff stores Agent Trace records too).
 */
export function parseTraceRecord(
  doc: unknown,
  label: string,
  warn: WarningSink,
  source: 'agent-trace' | 'agentdiff' = 'agent-trace',
): Array<LoggedRange | LoggedAtRevision> {
  if (!isObject(doc) || !Array.isArray(doc['files'])) {
    warn(`${label}: not an Agent Trace record (no "files" list); skipped`);
    return [];
  }
  const version = typeof doc['version'] === 'string' ? doc['version'] : '';
  const major = Number(version.split('.')[0]);
  if (Number.isFinite(major) && major > 1) {
    warn(`${label}: Agent Trace version ${version} is newer than provscan understands; skipped`);
    return [];
  }
  const vcs = isObject(doc['vcs']) ? doc['vcs'] : undefined;
  const revision = vcs && vcs['type'] === 'git' && typeof vcs['revision'] === 'string' ? vcs['revision'] : undefined;
  const tool = isObject(doc['tool']) && typeof doc['tool']['name'] === 'string' ? doc['tool']['name'] : undefined;
  const time = typeof doc['timestamp'] === 'string' ? doc['timestamp'] : undefined;
  const session = typeof doc['id'] === 'string' ? doc['id'] : undefined;
  const out: Array<LoggedRange | LoggedAtRevision> = [];
  for (const f of doc['files']) {
    if (!isObject(f) || typeof f['path'] !== 'string' || !Array.isArray(f['conversations'])) continue;
    const path = f['path'].replace(/^\.\//, '');
    for (const conv of f['conversations']) {
      if (!isObject(conv) || !Array.isArray(conv['ranges'])) continue;
      const convContributor = isObject(conv['contributor']) ? conv['contributor'] : undefined;
      for (const r of conv['ranges']) {
        if (!isObject(r)) continue;
        const start = r['start_line'];
        const end = r['end_line'];
        if (typeof start !== 'number' || typeof end !== 'number' || start < 1 || end < start) continue;
        const contributor = isObject(r['contributor']) ? r['contributor'] : convContributor;
        const type = contributor?.['type'];
        if (type !== 'ai' && type !== 'mixed') continue;
        const origin = {
          source,
          agent: agentId(tool),
          model: modelName(contributor?.['model_id']),
          confidence: type === 'ai' ? 0.9 : 0.6,
          ...(session !== undefined ? { session } : {}),
          ...(time !== undefined ? { time } : {}),
        };
        if (revision) out.push({ kind: 'revision', path, revision, ranges: [{ start, end }], ...origin });
        else out.push({ kind: 'range', path, start, end, ...origin });
      }
    }
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
