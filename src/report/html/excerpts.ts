// "Our code with the matched lines highlighted" needs file content that the scan JSON does not carry. The CLI
// reads the lines named here from the scanned root and hands them to the (pure) renderer as `Excerpts`.
import type { FileResult, LineSpan, ScanResult, SnippetMatch } from '../../model.js';

/** Lines of one file, by 1-based line number, or why the file could not be read. */
export type FileExcerpt =
  | { readonly kind: 'lines'; readonly lines: ReadonlyMap<number, string> }
  | { readonly kind: 'unavailable'; readonly problem: string };

export type Excerpts = ReadonlyMap<string, FileExcerpt>;

/** Lines of context shown around a match. */
const CONTEXT_LINES = 3;
/** Longest stretch of one match shown in full; longer matches show their start and say how much is left out. */
export const MAX_SHOWN_LINES = 40;
/** Matches shown in detail (code beside reference); the rest are in the findings table and the CSV. */
export const MAX_DETAILED_MATCHES = 400;

/** The line range shown for a match: the match with context around it; a long match is cut after MAX_SHOWN_LINES. */
export function shownWindow(match: LineSpan, fileLines: number): LineSpan {
  const cut = match.end - match.start + 1 > MAX_SHOWN_LINES;
  const end = cut ? match.start + MAX_SHOWN_LINES - 1 : Math.min(fileLines, match.end + CONTEXT_LINES);
  return { start: Math.max(1, match.start - CONTEXT_LINES), end };
}

export interface MatchRef {
  readonly file: FileResult;
  readonly fileIndex: number;
  readonly match: SnippetMatch;
  readonly matchIndex: number;
}

const SEVERITY_WEIGHT = { error: 3, warning: 2, notice: 1 } as const;

/**
 * Every match, most important first (open errors, then warnings, notices, then matches without a finding), so the
 * detail budget goes to what a reviewer must look at.
 */
export function orderedMatches(result: ScanResult): MatchRef[] {
  const byPath = new Map<string, Array<LineSpan & { w: number }>>();
  for (const c of result.conflicts) {
    const list = byPath.get(c.path) ?? [];
    list.push({ start: c.start, end: c.end, w: SEVERITY_WEIGHT[c.severity] + (c.waived ? 0 : 3) });
    byPath.set(c.path, list);
  }
  const refs: Array<MatchRef & { w: number }> = [];
  result.files.forEach((file, fileIndex) => {
    const findings = byPath.get(file.path) ?? [];
    file.matches.forEach((match, matchIndex) => {
      let w = 0;
      for (const c of findings) if (c.start <= match.end && match.start <= c.end) w = Math.max(w, c.w);
      refs.push({ file, fileIndex, match, matchIndex, w });
    });
  });
  refs.sort((a, b) => b.w - a.w || a.fileIndex - b.fileIndex || a.match.start - b.match.start);
  return refs.map(({ w: _w, ...ref }) => ref);
}

/** Every path → line ranges the HTML report will show, for the matches it shows in detail. */
export function excerptWindows(result: ScanResult): Map<string, LineSpan[]> {
  const out = new Map<string, LineSpan[]>();
  for (const { file, match } of orderedMatches(result).slice(0, MAX_DETAILED_MATCHES)) {
    const list = out.get(file.path) ?? [];
    list.push(shownWindow(match, file.lines));
    out.set(file.path, list);
  }
  return out;
}
