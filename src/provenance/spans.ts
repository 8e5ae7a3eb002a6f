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
