// Which commits are AI commits: the conventions table (data) applied to one commit's identities, message and
// trailers. The strongest hit wins: higher confidence first, then trailer over author over message.
import { createHash } from 'node:crypto';
import type { AiSource, Trailer } from '../model.js';
import type { AgentAlias, Convention, Matcher, ModelRule } from './convention-types.js';
import { AGENT_ALIASES, MODEL_LIKE, NEGATIVE_VALUES } from './conventions-table.js';
import { parseTrailers } from './trailers.js';

export type { Convention } from './convention-types.js';
export { BUILTIN_CONVENTIONS } from './conventions-table.js';

/** What classification needs to know about a commit. */
export interface CommitFacts {
  readonly authorName: string;
  readonly authorEmail: string;
  readonly committerName: string;
  readonly committerEmail: string;
  /** The raw message (subject, body and trailers). */
  readonly message: string;
  /** Parsed trailers; parsed from `message` when absent. */
  readonly trailers?: ReadonlyArray<Trailer>;
}

export interface AiVerdict {
  readonly agent: string;
  readonly agentName: string;
  readonly model: string | null;
  readonly source: Extract<AiSource, 'trailer' | 'author' | 'message'>;
  readonly confidence: number;
}

/** What the conventions say about a commit: an AI verdict, or (`commitOnly`) that an agent only committed it. */
export interface CommitVerdict extends AiVerdict {
  /** The agent made the commit but did not write its changes: its lines are human lines. */
  readonly commitOnly: boolean;
}

const SOURCE_RANK = { trailer: 3, author: 2, message: 1 } as const;

/** The AI verdict for a commit, or null for a human commit (one an agent only committed included). */
export function classifyCommit(commit: CommitFacts, conventions: ReadonlyArray<Convention>): AiVerdict | null {
  const verdict = matchCommit(commit, conventions);
  if (!verdict || verdict.commitOnly) return null;
  const { commitOnly: _, ...ai } = verdict;
  return ai;
}

/**
 * The strongest convention hit on a commit, or null when none matches. A hit that says the agent wrote the change
 * always beats one that says it only committed it. User conventions are listed first and win ties.
 */
export function matchCommit(commit: CommitFacts, conventions: ReadonlyArray<Convention>): CommitVerdict | null {
  const trailers = commit.trailers ?? parseTrailers(commit.message);
  let best: CommitVerdict | null = null;
  const modelByAgent = new Map<string, string>();
  for (const convention of conventions) {
    for (const matcher of convention.match) {
      const hit = applyMatcher(matcher, convention, commit, trailers);
      if (!hit) continue;
      if (hit.model && !modelByAgent.has(hit.agent)) modelByAgent.set(hit.agent, hit.model);
      if (!best || better(hit, best)) best = hit;
    }
  }
  if (best && best.model === null) {
    // A weaker signal of the same agent may name the model (a marker line plus a model-naming trailer).
    const model = modelByAgent.get(best.agent);
    if (model) best = { ...best, model };
  }
  return best;
}

function better(a: CommitVerdict, b: CommitVerdict): boolean {
  if (a.commitOnly !== b.commitOnly) return !a.commitOnly;
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return SOURCE_RANK[a.source] > SOURCE_RANK[b.source];
}

function applyMatcher(
  matcher: Matcher,
  convention: Convention,
  commit: CommitFacts,
  trailers: ReadonlyArray<Trailer>,
): CommitVerdict | null {
  const confidence = matcher.confidence ?? convention.confidence;
  const commitOnly = matcher.kind === 'author' && matcher.commitOnly === true;
  const verdict = (source: AiVerdict['source'], model: string | null): CommitVerdict => ({
    agent: convention.agent,
    agentName: convention.name,
    model: model ?? convention.model ?? null,
    source,
    confidence,
    commitOnly,
  });
  switch (matcher.kind) {
    case 'trailer': {
      for (const t of trailers) {
        if (!matcher.key.test(t.key)) continue;
        if (matcher.parse === 'agent-model') {
          const parsed = parseAgentModel(t.value, AGENT_ALIASES);
          if (!parsed) continue;
          if (parsed.alias) {
            return { ...verdict('trailer', parsed.model), agent: parsed.alias.agent, agentName: parsed.alias.name };
          }
          return verdict('trailer', parsed.model);
        }
        if (!matcher.value) return verdict('trailer', null);
        const m = matcher.value.exec(t.value);
        if (m) return verdict('trailer', modelOf(m, matcher.model));
      }
      return null;
    }
    case 'author': {
      const identities =
        matcher.who === 'author'
          ? [[commit.authorName, commit.authorEmail]]
          : matcher.who === 'committer'
            ? [[commit.committerName, commit.committerEmail]]
            : [
                [commit.authorName, commit.authorEmail],
                [commit.committerName, commit.committerEmail],
              ];
      for (const [name = '', email = ''] of identities) {
        const nm = matcher.name ? matcher.name.exec(name) : null;
        const em = matcher.email ? matcher.email.exec(email) : null;
        const im = matcher.ident ? matcher.ident.exec(`${name} <${email}>`) : null;
        if ((matcher.name && !nm) || (matcher.email && !em) || (matcher.ident && !im)) continue;
        if (!matcher.name && !matcher.email && !matcher.ident) continue;
        return verdict('author', modelOf(nm ?? em ?? im, matcher.model));
      }
      return null;
    }
    case 'message': {
      const nl = commit.message.indexOf('\n');
      const subject = nl < 0 ? commit.message : commit.message.slice(0, nl);
      const body = nl < 0 ? '' : commit.message.slice(nl + 1);
      const text = matcher.where === 'subject' ? subject : matcher.where === 'body' ? body : commit.message;
      const m = matcher.pattern.exec(text);
      return m ? verdict('message', modelOf(m, matcher.model)) : null;
    }
  }
}

function modelOf(
  m: { readonly groups?: Readonly<Record<string, string | undefined>> } | null,
  rule: ModelRule | undefined,
): string | null {
  const raw = m?.groups?.['model']?.trim();
  if (!raw) return null;
  const text = `${rule?.prefix ?? ''}${raw}`;
  return rule?.slug ? text.toLowerCase().replace(/\s+/g, '-') : text;
}

/**
 * The agent and model a policy trailer names. Accepts the kernel form `AGENT:MODEL [TOOL…]`, the free forms
 * `Agent (model) [Tool]`, `Agent`, `model-name`, and `Name <email>`; null for a "no AI" value.
 */
export function parseAgentModel(
  value: string,
  aliases: ReadonlyArray<AgentAlias> = AGENT_ALIASES,
): { agentText: string; model: string | null; alias: AgentAlias | null } | null {
  let v = value.replace(/<[^>]*>/g, '').trim();
  if (v === '' || NEGATIVE_VALUES.test(v)) return null;
  let tools = '';
  v = v.replace(/\s*\[([^\]]*)\]/g, (_all, tool: string) => {
    tools += ` ${tool}`;
    return '';
  });
  let agentText = v;
  let model: string | null = null;
  const kernel = /^([^\s:]+(?:\s[^\s:]+)?):(\S+)/.exec(v);
  const paren = /^(.*?)\s*\(([^)]+)\)/.exec(v);
  if (kernel) {
    agentText = kernel[1]!;
    model = kernel[2]!;
  } else if (paren) {
    agentText = paren[1]!.trim();
    model = paren[2]!.trim();
  } else if (MODEL_LIKE.test(v)) {
    model = v.split(/\s+/)[0] ?? null;
  }
  if (/^(?:yes|true|y|1)$/i.test(agentText)) agentText = '';
  const alias =
    aliases.find((a) => a.pattern.test(agentText)) ??
    (agentText === '' ? aliases.find((a) => a.pattern.test(tools.trim())) : undefined) ??
    (model ? aliases.find((a) => a.pattern.test(model!)) : undefined) ??
    null;
  return { agentText, model, alias };
}

/** A stable hash of a convention list (part of cache keys: new conventions mean new answers). */
export function conventionsHash(conventions: ReadonlyArray<Convention>): string {
  const text = JSON.stringify(conventions, (_k, v: unknown) => (v instanceof RegExp ? `/${v.source}/${v.flags}` : v));
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}
