// Blame groups → AI spans: keep the lines whose last change is an AI commit, and merge runs of adjacent lines of
// the same commit into one span.
import type { BlameGroup } from '../git/blame.js';
import type { AiSpan } from '../model.js';
import type { AiCommitInfo } from './history.js';

export function spansFromBlame(
  groups: ReadonlyArray<BlameGroup>,
  ai: Readonly<Record<string, AiCommitInfo>>,
): AiSpan[] {
  const sorted = [...groups].filter((g) => ai[g.sha] !== undefined).sort((a, b) => a.start - b.start);
  const spans: AiSpan[] = [];
  for (const g of sorted) {
    const info = ai[g.sha]!;
    const end = g.start + g.count - 1;
    const last = spans[spans.length - 1];
    if (last && last.commit === g.sha && last.end + 1 === g.start) {
      spans[spans.length - 1] = { ...last, end };
      continue;
    }
    spans.push({
      start: g.start,
      end,
      agent: info.verdict.agent,
      model: info.verdict.model,
      source: info.verdict.source,
      commit: g.sha,
      time: info.authorTime,
      confidence: info.verdict.confidence,
    });
  }
  return spans;
}

/** Cached form of a file's spans: [start, end, commit] (the rest follows from the commit's verdict). */
export type CompactSpan = [number, number, string];

export function compactSpans(spans: ReadonlyArray<AiSpan>): CompactSpan[] {
  return spans.map((s) => [s.start, s.end, s.commit ?? '']);
}

/** Spans back from their cached form; null when a commit is unknown (the cache is then not trusted). */
export function expandSpans(
  compact: ReadonlyArray<CompactSpan>,
  ai: Readonly<Record<string, AiCommitInfo>>,
): AiSpan[] | null {
  const spans: AiSpan[] = [];
  for (const [start, end, sha] of compact) {
    const info = ai[sha];
    if (!info) return null;
    spans.push({
      start,
      end,
      agent: info.verdict.agent,
      model: info.verdict.model,
      source: info.verdict.source,
      commit: sha,
      time: info.authorTime,
      confidence: info.verdict.confidence,
    });
  }
  return spans;
}
