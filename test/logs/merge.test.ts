import { describe, expect, it } from 'vitest';
import type { AiSpan } from '../../src/model.js';
import { mergeAiSpans, spansFromEvidence } from '../../src/provenance/logs/merge.js';

const trailer: AiSpan = {
  start: 10,
  end: 20,
  agent: 'claude-code',
  model: null,
  source: 'trailer',
  commit: 'c'.repeat(40),
  confidence: 1,
};
const log = (start: number, end: number): AiSpan => ({
  start,
  end,
  agent: 'claude-code',
  model: 'claude-sonnet-4-5',
  source: 'claude-code-log',
  sources: ['claude-code-log'],
  session: 's1',
  confidence: 0.95,
});

describe('merging log spans with commit spans', () => {
  it('reports overlapping lines once, on the commit span, with both sources', () => {
    const merged = mergeAiSpans([trailer], [log(12, 18)]);
    expect(merged).toEqual([{ ...trailer, sources: ['claude-code-log', 'trailer'] }]);
  });

  it('keeps the log-only part of a span that sticks out of the commit span', () => {
    const merged = mergeAiSpans([trailer], [log(15, 25)]);
    expect(merged.map((s) => [s.start, s.end, s.source])).toEqual([
      [10, 20, 'trailer'],
      [21, 25, 'claude-code-log'],
    ]);
  });

  it('passes log spans through when no commit span exists', () => {
    expect(mergeAiSpans([], [log(1, 3)])).toEqual([log(1, 3)]);
  });
});

describe('spans from per-line evidence', () => {
  it('lets the more confident origin own a line and lists every source', () => {
    const aider = { source: 'aider-log' as const, agent: 'aider', model: 'gpt-4o', confidence: 0.9 };
    const claude = { source: 'claude-code-log' as const, agent: 'claude-code', model: null, confidence: 0.95 };
    const spans = spansFromEvidence([
      { origin: aider, spans: [{ start: 1, end: 4 }] },
      { origin: claude, spans: [{ start: 3, end: 6 }] },
    ]);
    expect(spans.map((s) => [s.start, s.end, s.agent, s.sources])).toEqual([
      [1, 2, 'aider', ['aider-log']],
      [3, 6, 'claude-code', ['aider-log', 'claude-code-log']],
    ]);
  });

  it('gives the same spans when many origins share one aligned text as when each votes alone', () => {
    // a text logged many times is aligned once and its spans array shared: the result must not depend on that
    let seed = 7;
    const rnd = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return (seed >>> 16) % n;
    };
    const sources = ['claude-code-log', 'aider-log', 'agent-trace'] as const;
    for (let round = 0; round < 300; round++) {
      const shared = Array.from({ length: 3 }, () => {
        const start = 1 + rnd(6);
        return [
          { start, end: start + rnd(10) },
          { start: start + 15, end: start + 15 + rnd(5) },
        ];
      });
      const evidence = Array.from({ length: 12 }, () => ({
        origin: {
          source: sources[rnd(3)]!,
          agent: `a${rnd(2)}`,
          model: null,
          confidence: [0.9, 0.95][rnd(2)]!,
          ...(rnd(2) ? { time: `2026-11-2${rnd(3)}T00:00:00Z` } : {}),
          session: `s${rnd(3)}`,
        },
        spans: shared[rnd(3)]!,
      }));
      // each with its own copy of the spans: nothing shared
      const alone = evidence.map((e) => ({ ...e, spans: e.spans.map((x) => ({ ...x })) }));
      expect(spansFromEvidence(evidence)).toEqual(spansFromEvidence(alone));
    }
  });
});
