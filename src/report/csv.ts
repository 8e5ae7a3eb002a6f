// One row per finding, for spreadsheets and ticket imports. The columns are a public contract (docs/report.md):
// add columns at the end, never rename or reorder. RFC 4180: CRLF line ends, fields with a comma, quote or line
// break are quoted, quotes doubled. Cells that a spreadsheet would run as a formula get a leading apostrophe.
import type { Conflict, ScanResult } from '../model.js';
import { printable } from '../util/printable.js';
import { findingId, matchOf } from './summary.js';

export const CSV_COLUMNS = [
  'id',
  'severity',
  'rule',
  'path',
  'start',
  'end',
  'ai',
  'license',
  'project_license',
  'verdict',
  'matched_name',
  'matched_version',
  'matched_purl',
  'matched_path',
  'matched_start',
  'matched_end',
  'similarity',
  'abstract_share',
  'channel',
  'waived',
  'waiver_reason',
  'message',
  'how_to_fix',
] as const;

type Cell = string | number | boolean | null | undefined;

/** Spreadsheets evaluate cells starting with these as formulas (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Control characters other than line breaks and tabs: a NUL ends the cell for C-string tools, ESC colours terminals. */
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

export function csvCell(value: Cell): string {
  if (value === null || value === undefined) return '';
  let text = String(value).replace(CONTROLS, (c) => printable(c));
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function matchedSource(result: ScanResult, c: Conflict): Conflict['match'] {
  if (c.match) return c.match;
  const ref = matchOf(result, c);
  const m = ref ? result.files[ref.fileIndex]?.matches[ref.matchIndex] : undefined;
  if (!m) return undefined;
  const { name, version, purl, path, start, end } = m.corpus;
  return {
    name,
    version,
    purl,
    path,
    start,
    end,
    similarity: m.similarity,
    ...(m.abstractShare !== undefined ? { abstractShare: m.abstractShare } : {}),
    channel: m.channel,
  };
}

export function renderCsv(result: ScanResult): string {
  const lines = [CSV_COLUMNS.join(',')];
  result.conflicts.forEach((c, i) => {
    const m = matchedSource(result, c);
    const row: Record<(typeof CSV_COLUMNS)[number], Cell> = {
      id: findingId(c, i),
      severity: c.severity,
      rule: c.rule,
      path: c.path,
      start: c.start,
      end: c.end,
      ai: c.ai,
      license: c.license,
      project_license: c.projectLicense,
      verdict: c.verdict,
      matched_name: m?.name,
      matched_version: m?.version,
      matched_purl: m?.purl,
      matched_path: m?.path,
      matched_start: m?.start,
      matched_end: m?.end,
      similarity: m ? Math.round(m.similarity * 10000) / 10000 : undefined,
      abstract_share: m?.abstractShare !== undefined ? Math.round(m.abstractShare * 10000) / 10000 : undefined,
      channel: m?.channel,
      waived: c.waived !== undefined,
      waiver_reason: c.waived?.reason,
      message: c.message,
      how_to_fix: c.howToFix,
    };
    lines.push(CSV_COLUMNS.map((k) => csvCell(row[k])).join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
