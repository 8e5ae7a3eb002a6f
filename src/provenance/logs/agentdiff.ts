// agentdiff captures edits through each agent's hooks (Claude Code, Cursor, Codex, Copilot, Windsurf, OpenCode,
// Gemini) and keeps Agent Trace records (`{version, id, timestamp, vcs: {type, revision}, tool: {name}, files:
// [{path, conversations: [{contributor: {type, model_id}, ranges: [{start_line, end_line}]}]}], metadata.agentdiff:
// {session_id, prompt_excerpt, …}}`), one per line, in `.git/agentdiff/traces/<branch>.jsonl` until pushed, then in
// a `traces.jsonl` file on the refs `refs/agentdiff/traces/<branch>` and `refs/agentdiff/meta` (earlier: the
// `agentdiff-meta` branch). Edits not committed yet are in `.git/agentdiff/session.jsonl` (`{timestamp, agent,
// model, session_id, tool, file, old?, new?, content_preview?, edits?: [{old, new}], prompt?}`). Prompt fields are
// never read into a span.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { agentId, modelName } from './agent-ids.js';
import { parseTraceRecord } from './agent-trace.js';
import { addedLines } from './align.js';
import { scanLines } from './jsonl-scan.js';
import { hasRef, refsUnder } from './refs.js';
import { isObject, isoTime, originExtras, str } from './scope.js';
import type { LoggedText, LoggedWork, ReaderContext } from './types.js';

export async function readAgentdiff(ctx: ReaderContext): Promise<LoggedWork[]> {
  const repo = ctx.repo;
  if (!repo) return [];
  const seen = new Set<string>();
  const out: LoggedWork[] = [];
  const addRecords = (text: string, label: string) => {
    let malformed = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch {
        malformed++;
        continue;
      }
      out.push(...traceWork(doc, label, ctx, seen));
    }
    if (malformed > 0) ctx.warn(`${label}: skipped ${malformed} malformed or truncated agentdiff record(s)`);
  };
  for (const base of new Set([join(repo.gitDir, 'agentdiff'), join(repo.commonDir, 'agentdiff')])) {
    const traces = join(base, 'traces');
    let names: string[] = [];
    try {
      names = readdirSync(traces).filter((n) => n.endsWith('.jsonl'));
    } catch {}
    for (const n of names.sort()) {
      const file = join(traces, n);
      let malformed = 0;
      try {
        scanLines(file, undefined, (line) => {
          let doc: unknown;
          try {
            doc = JSON.parse(line);
          } catch {
            malformed++;
            return;
          }
          out.push(...traceWork(doc, file, ctx, seen));
        });
      } catch (err) {
        ctx.warn(`${file}: cannot read agentdiff traces (${(err as Error).message})`);
      }
      if (malformed > 0) ctx.warn(`${file}: skipped ${malformed} malformed or truncated agentdiff record(s)`);
    }
    const session = join(base, 'session.jsonl');
    if (existsSync(session)) out.push(...readSession(session, ctx));
  }
  const refs = [
    'refs/agentdiff/meta',
    'refs/heads/agentdiff-meta',
    ...refsUnder(repo.commonDir, 'refs/agentdiff/traces/'),
  ].filter((r) => hasRef(repo.commonDir, r));
  if (refs.length > 0) {
    const { catFileBatch } = await import('../../git/batch.js');
    const specs = refs.flatMap((r) => [`${r}:traces.jsonl`, r]);
    const blobs = await catFileBatch(repo.root, specs);
    for (const r of refs) {
      const text = blobs.get(`${r}:traces.jsonl`)?.data?.toString('utf8') ?? blobs.get(r)?.data?.toString('utf8');
      if (text?.trimStart().startsWith('{')) addRecords(text, `agentdiff ${r}`);
    }
  }
  return out;
}

/** One Agent Trace record's ranges (each record once: the same one may be both local and on a ref). */
function traceWork(doc: unknown, label: string, ctx: ReaderContext, seen: Set<string>): LoggedWork[] {
  if (isObject(doc) && typeof doc['id'] === 'string') {
    if (seen.has(doc['id'])) return [];
    seen.add(doc['id']);
  }
  const meta = isObject(doc) && isObject(doc['metadata']) ? doc['metadata']['agentdiff'] : undefined;
  const session = isObject(meta) ? str(meta['session_id']) : undefined;
  return parseTraceRecord(doc, label, ctx.warn, 'agentdiff').map((w) => (session ? { ...w, session } : w));
}

/** Edits captured but not committed yet. */
function readSession(file: string, ctx: ReaderContext): LoggedText[] {
  const out: LoggedText[] = [];
  let malformed = 0;
  try {
    scanLines(file, undefined, (line) => {
      let e: unknown;
      try {
        e = JSON.parse(line);
      } catch {
        malformed++;
        return;
      }
      if (!isObject(e) || typeof e['file'] !== 'string') return;
      const origin = {
        kind: 'text' as const,
        source: 'agentdiff' as const,
        agent: agentId(str(e['agent'])),
        model: modelName(e['model']),
        confidence: 0.9,
        path: e['file'].replace(/^\.\//, ''),
        ...originExtras(str(e['session_id']), isoTime(e['timestamp'])),
      };
      const pairs: Array<[string, string]> = [];
      if (typeof e['new'] === 'string') pairs.push([typeof e['old'] === 'string' ? e['old'] : '', e['new']]);
      if (Array.isArray(e['edits'])) {
        for (const p of e['edits']) {
          if (isObject(p) && typeof p['new'] === 'string')
            pairs.push([typeof p['old'] === 'string' ? p['old'] : '', p['new']]);
        }
      }
      for (const [prev, next] of pairs) {
        const only = addedLines(prev, next);
        if (only.length > 0) out.push({ ...origin, text: next, only });
      }
      if (pairs.length === 0 && typeof e['content_preview'] === 'string')
        out.push({ ...origin, text: e['content_preview'] });
    });
  } catch (err) {
    ctx.warn(`${file}: cannot read agentdiff session log (${(err as Error).message})`);
  }
  if (malformed > 0)
    ctx.warn(`${file}: skipped ${malformed} malformed or truncated line(s) of the agentdiff session log`);
  return out;
}
