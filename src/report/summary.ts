// The numbers every report format shares (HTML, Markdown, CSV): AI share overall and by directory, matches by
// license category, findings by severity, waivers by state. Pure: a ScanResult in, plain numbers out, so the
// formats cannot disagree with each other.
import { coveredLines } from '../util/spans.js';
import { type LicenseCategory, licenseCategory as idCategory } from '../license/categories.js';
import type { Conflict, LineSpan, ScanResult, Severity, SnippetMatch } from '../model.js';

export type { LicenseCategory };

/** Display order: the heaviest obligations first. */
const CATEGORY_ORDER: ReadonlyArray<LicenseCategory> = [
  'network-copyleft',
  'strong-copyleft',
  'weak-copyleft-library',
  'weak-copyleft-file',
  'source-available',
  'proprietary',
  'unknown',
  'permissive',
  'public-domain',
];

const CATEGORY_STRENGTH: Record<LicenseCategory, number> = {
  'network-copyleft': 8,
  'strong-copyleft': 7,
  'weak-copyleft-library': 6,
  'weak-copyleft-file': 5,
  'source-available': 4,
  proprietary: 3,
  unknown: 2,
  permissive: 1,
  'public-domain': 0,
};

/**
 * Category of an SPDX expression (each id classified by src/license/categories.ts). For `A OR B` the licensee may choose, so the lightest obligation counts; for
 * `A AND B` both apply, so the heaviest counts.
 */
export function licenseCategory(expression: string | null | undefined): LicenseCategory {
  if (!expression || expression.trim() === '' || /^(NOASSERTION|NONE)$/i.test(expression.trim())) return 'unknown';
  let best: LicenseCategory | undefined;
  for (const part of expression.split(/\s+OR\s+/i)) {
    let worst: LicenseCategory | undefined;
    for (const raw of part.split(/\s+AND\s+/i)) {
      const id = raw
        .replace(/[()]/g, '')
        .replace(/\s+WITH\s+.*$/i, '')
        .trim();
      const found = idCategory(id);
      if (worst === undefined || CATEGORY_STRENGTH[found] > CATEGORY_STRENGTH[worst]) worst = found;
    }
    if (worst !== undefined && (best === undefined || CATEGORY_STRENGTH[worst] < CATEGORY_STRENGTH[best])) best = worst;
  }
  return best ?? 'unknown';
}

/** Number of distinct lines covered by possibly overlapping spans. */
export const linesCovered = coveredLines;

export function overlaps(a: LineSpan, b: LineSpan): boolean {
  return a.start <= b.end && b.start <= a.end;
}

export interface DirectoryShare {
  readonly dir: string;
  readonly files: number;
  readonly lines: number;
  readonly aiLines: number;
  readonly matchedLines: number;
}

export interface CategoryCount {
  readonly category: LicenseCategory;
  readonly matches: number;
  readonly lines: number;
  readonly licenses: ReadonlyArray<string>;
}

export type SeverityCounts = Record<Severity, number>;

export interface ReportSummary {
  readonly files: number;
  readonly lines: number;
  readonly aiLines: number;
  /** 0..1 */
  readonly aiShare: number;
  readonly matchedLines: number;
  readonly matches: number;
  readonly aiMatches: number;
  readonly byDirectory: ReadonlyArray<DirectoryShare>;
  readonly byCategory: ReadonlyArray<CategoryCount>;
  /** Findings not covered by a waiver, by severity. */
  readonly open: SeverityCounts;
  /** Findings covered by a waiver in force, by severity. */
  readonly waived: SeverityCounts;
  readonly waivers: { readonly active: number; readonly stale: number; readonly expired: number };
  readonly skipped: number;
  /** Open findings at or above the fail-on level (what makes the run exit 1). */
  readonly failing: number;
}

const RANK: Record<Severity, number> = { notice: 1, warning: 2, error: 3 };

/** Directory used to group a file: its first `depth` folders (`(root)` for top-level files). */
export function directoryOf(path: string, depth = 2): string {
  const parts = path.split('/');
  parts.pop();
  return parts.length === 0 ? '(root)' : parts.slice(0, depth).join('/');
}

/** Does the match cover any AI-written line of its file? */
function matchIsAi(match: SnippetMatch, ai: ReadonlyArray<LineSpan>): boolean {
  return ai.some((s) => overlaps(s, match));
}

function isFailing(c: Conflict, failOn: Severity | 'never'): boolean {
  return failOn !== 'never' && c.waived === undefined && RANK[c.severity] >= RANK[failOn];
}

export function summarize(result: ScanResult, options: { maxDirectories?: number } = {}): ReportSummary {
  const maxDirs = options.maxDirectories ?? 12;
  const dirs = new Map<string, { files: number; lines: number; aiLines: number; matchedLines: number }>();
  const cats = new Map<LicenseCategory, { matches: number; lines: number; licenses: Set<string> }>();
  let lines = 0;
  let aiLines = 0;
  let matchedLines = 0;
  let matches = 0;
  let aiMatches = 0;
  for (const f of result.files) {
    const ai = linesCovered(f.ai);
    const matched = linesCovered(f.matches);
    lines += f.lines;
    aiLines += ai;
    matchedLines += matched;
    const key = directoryOf(f.path);
    const d = dirs.get(key) ?? { files: 0, lines: 0, aiLines: 0, matchedLines: 0 };
    d.files++;
    d.lines += f.lines;
    d.aiLines += ai;
    d.matchedLines += matched;
    dirs.set(key, d);
    for (const m of f.matches) {
      matches++;
      if (matchIsAi(m, f.ai)) aiMatches++;
      const cat = licenseCategory(m.corpus.license);
      const c = cats.get(cat) ?? { matches: 0, lines: 0, licenses: new Set<string>() };
      c.matches++;
      c.lines += m.end - m.start + 1;
      c.licenses.add(m.corpus.license);
      cats.set(cat, c);
    }
  }

  // Largest directories first; the tail is folded into one bar so the chart stays readable.
  const sortedDirs = [...dirs.entries()]
    .map(([dir, d]) => ({ dir, ...d }))
    .sort((a, b) => b.lines - a.lines || (a.dir < b.dir ? -1 : 1));
  const byDirectory: DirectoryShare[] = sortedDirs.slice(0, maxDirs);
  const rest = sortedDirs.slice(maxDirs);
  if (rest.length > 0) {
    byDirectory.push({
      dir: `(${rest.length} more folders)`,
      files: rest.reduce((n, d) => n + d.files, 0),
      lines: rest.reduce((n, d) => n + d.lines, 0),
      aiLines: rest.reduce((n, d) => n + d.aiLines, 0),
      matchedLines: rest.reduce((n, d) => n + d.matchedLines, 0),
    });
  }

  const byCategory: CategoryCount[] = CATEGORY_ORDER.flatMap((category) => {
    const c = cats.get(category);
    return c ? [{ category, matches: c.matches, lines: c.lines, licenses: [...c.licenses].sort() }] : [];
  });

  const open: SeverityCounts = { error: 0, warning: 0, notice: 0 };
  const waived: SeverityCounts = { error: 0, warning: 0, notice: 0 };
  let failing = 0;
  for (const c of result.conflicts) {
    if (c.waived) waived[c.severity]++;
    else open[c.severity]++;
    if (isFailing(c, result.settings.failOn)) failing++;
  }
  const waivers = { active: 0, stale: 0, expired: 0 };
  for (const w of result.waivers) waivers[w.state]++;

  return {
    files: result.files.length,
    lines,
    aiLines,
    aiShare: lines > 0 ? aiLines / lines : 0,
    matchedLines,
    matches,
    aiMatches,
    byDirectory,
    byCategory,
    open,
    waived,
    waivers,
    skipped: result.skipped.length,
    failing,
  };
}

/** `12.5%` — one decimal, for display. */
export function percent(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

const FILE_INDEX = new WeakMap<ScanResult, Map<string, number>>();

/** Position of `path` in `result.files` (indexed once per result: reports look files up per finding). */
function fileIndexOf(result: ScanResult, path: string): number | undefined {
  let index = FILE_INDEX.get(result);
  if (!index) {
    index = new Map(result.files.map((f, i) => [f.path, i] as const));
    FILE_INDEX.set(result, index);
  }
  return index.get(path);
}

/** The AI commits (from `result.commits`) behind the AI spans that overlap `span` in `path`. */
export function commitsBehind(result: ScanResult, path: string, span: LineSpan): ScanResult['commits'] {
  const i = fileIndexOf(result, path);
  const file = i === undefined ? undefined : result.files[i];
  if (!file) return [];
  const shas = new Set(file.ai.filter((s) => s.commit !== undefined && overlaps(s, span)).map((s) => s.commit));
  return result.commits.filter((c) => shas.has(c.sha));
}

/** Stable per-run id for a finding without one: its position, so the CSV and the HTML agree. */
export function findingId(c: Conflict, index: number): string {
  return c.id ?? `F${index + 1}`;
}

/** The match a finding is about: same file, overlapping lines, same source when the finding names one. */
export function matchOf(result: ScanResult, c: Conflict): { fileIndex: number; matchIndex: number } | undefined {
  const fileIndex = fileIndexOf(result, c.path);
  const file = fileIndex === undefined ? undefined : result.files[fileIndex];
  if (!file || fileIndex === undefined) return undefined;
  let fallback: number | undefined;
  for (let i = 0; i < file.matches.length; i++) {
    const m = file.matches[i]!;
    if (m.start > c.end || c.start > m.end) continue;
    if (!c.match || (m.corpus.name === c.match.name && m.corpus.path === c.match.path))
      return { fileIndex, matchIndex: i };
    fallback ??= i;
  }
  return fallback === undefined || fileIndex === undefined ? undefined : { fileIndex, matchIndex: fallback };
}

/** error 3, warning 2, notice 1: for sorting worst first. */
export function severityOrder(s: Severity): number {
  return RANK[s];
}
