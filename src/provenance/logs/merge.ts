// Turning per-line evidence into AI spans, and merging spans found in different ways: a line found by a trailer
// and by a log is reported once, with both sources.
import type { AiSource, AiSpan, LineSpan } from '../../model.js';
import type { LogOrigin } from './types.js';

interface LineVote {
  origin: LogOrigin;
  sources: Set<AiSource>;
}

/** Builds spans from (origin, spans) evidence: per line the most confident origin wins; every source is kept. */
export function spansFromEvidence(
  evidence: ReadonlyArray<{ origin: LogOrigin; spans: ReadonlyArray<LineSpan> }>,
): AiSpan[] {
  // Evidence sharing one spans array (a text logged many times, aligned once) votes once per line: with the origin
  // that wins among it (the first of the best) and all its sources, in the order of those winners. Per line, the
  // result is the same as voting one by one: the first of the best origins, every source.
  const groups = new Map<ReadonlyArray<LineSpan>, { origin: LogOrigin; sources: Set<AiSource>; at: number }>();
  evidence.forEach(({ origin, spans }, at) => {
    const g = groups.get(spans);
    if (!g) groups.set(spans, { origin, sources: new Set([origin.source]), at });
    else {
      g.sources.add(origin.source);
      if (better(origin, g.origin)) {
        g.origin = origin;
        g.at = at;
      }
    }
  });
  const votes = new Map<number, LineVote>();
  for (const [spans, { origin, sources }] of [...groups].sort((a, b) => a[1].at - b[1].at)) {
    for (const s of spans) {
      for (let l = s.start; l <= s.end; l++) {
        const v = votes.get(l);
        if (!v) votes.set(l, { origin, sources: new Set(sources) });
        else {
          for (const src of sources) v.sources.add(src);
          if (better(origin, v.origin)) v.origin = origin;
        }
      }
    }
  }
  const lines = [...votes.keys()].sort((a, b) => a - b);
  const out: AiSpan[] = [];
  let run: { start: number; end: number; vote: LineVote; sources: Set<AiSource> } | undefined;
  const flush = () => {
    if (!run) return;
    out.push(toSpan(run.start, run.end, run.vote.origin, run.sources));
    run = undefined;
  };
  for (const l of lines) {
    const v = votes.get(l) as LineVote;
    if (run && l === run.end + 1 && sameOrigin(run.vote.origin, v.origin)) {
      run.end = l;
      for (const s of v.sources) run.sources.add(s);
    } else {
      flush();
      run = { start: l, end: l, vote: v, sources: new Set(v.sources) };
    }
  }
  flush();
  return out;
}

function better(a: LogOrigin, b: LogOrigin): boolean {
  if (a.confidence !== b.confidence) return a.confidence > b.confidence;
  return (a.time ?? '') > (b.time ?? '');
}

function sameOrigin(a: LogOrigin, b: LogOrigin): boolean {
  return (
    a.agent === b.agent &&
    a.model === b.model &&
    a.session === b.session &&
    a.source === b.source &&
    a.commit === b.commit &&
    a.confidence === b.confidence
  );
}

function toSpan(start: number, end: number, o: LogOrigin, sources: Set<AiSource>): AiSpan {
  return {
    start,
    end,
    agent: o.agent,
    model: o.model,
    source: o.source,
    ...(sources.size > 1 ? { sources: [...sources].sort() } : { sources: [o.source] }),
    ...(o.session !== undefined ? { session: o.session } : {}),
    ...(o.time !== undefined ? { time: o.time } : {}),
    ...(o.commit !== undefined ? { commit: o.commit } : {}),
    confidence: o.confidence,
  };
}

/**
 * Merges log-derived spans into spans found from commits (trailers, authors): lines both found are reported once,
 * on the commit span, which lists the log sources too; log lines no commit span covers stay as log spans.
 */
export function mergeAiSpans(primary: ReadonlyArray<AiSpan>, fromLogs: ReadonlyArray<AiSpan>): AiSpan[] {
  if (fromLogs.length === 0) return [...primary];
  if (primary.length === 0) return [...fromLogs];
  const merged: AiSpan[] = primary.map((p) => {
    const extra = new Set<AiSource>(p.sources ?? [p.source]);
    let found = false;
    for (const l of fromLogs) {
      if (l.start <= p.end && l.end >= p.start) {
        found = true;
        for (const s of l.sources ?? [l.source]) extra.add(s);
      }
    }
    return found ? { ...p, sources: [...extra].sort() } : p;
  });
  for (const l of fromLogs) {
    let pieces: LineSpan[] = [{ start: l.start, end: l.end }];
    for (const p of primary) pieces = pieces.flatMap((x) => subtract(x, p));
    for (const x of pieces) merged.push({ ...l, start: x.start, end: x.end });
  }
  return merged.sort((a, b) => a.start - b.start || a.end - b.end);
}

function subtract(x: LineSpan, y: LineSpan): LineSpan[] {
  if (y.end < x.start || y.start > x.end) return [x];
  const out: LineSpan[] = [];
  if (y.start > x.start) out.push({ start: x.start, end: y.start - 1 });
  if (y.end < x.end) out.push({ start: y.end + 1, end: x.end });
  return out;
}
