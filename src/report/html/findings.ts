// The findings table: the rows as data (embedded as JSON, drawn by the inline script with textContent only, so no
// repository string is ever parsed as HTML) and the static shell of controls around them.
import type { Conflict, ScanResult } from '../../model.js';
import { findingId, matchOf } from '../summary.js';
import { anchorId, esc } from './escape.js';
import type { MatchRef } from './excerpts.js';

/** One row of the findings table, with short keys to keep 5,000 rows small. */
export interface FindingRow {
  readonly id: string;
  readonly sev: Conflict['severity'];
  readonly rule: string;
  readonly path: string;
  readonly start: number;
  readonly end: number;
  readonly ai: boolean;
  readonly lic: string;
  readonly plic: string;
  readonly src: string;
  /** Identical share, in percent (the sort key). */
  readonly sim: number | null;
  /** Share matching only after abstraction, in percent. */
  readonly abs: number | null;
  readonly ch: string;
  readonly waived: boolean;
  readonly wr: string;
  readonly msg: string;
  /** Anchor of the match detail, when that match is shown in detail. */
  readonly href: string | null;
}

export function matchAnchor(ref: Pick<MatchRef, 'fileIndex' | 'matchIndex'>): string {
  return anchorId('m', ref.fileIndex, ref.matchIndex);
}

export function findingRows(result: ScanResult, detailed: ReadonlySet<string>): FindingRow[] {
  const index = new Map(result.files.map((f, i) => [f.path, i] as const));
  return result.conflicts.map((c, i) => {
    const ref = index.has(c.path) ? matchOf(result, c) : undefined;
    const anchor = ref ? matchAnchor(ref) : null;
    const m = c.match;
    return {
      id: findingId(c, i),
      sev: c.severity,
      rule: c.rule,
      path: c.path,
      start: c.start,
      end: c.end,
      ai: c.ai,
      lic: c.license,
      plic: c.projectLicense ?? 'unknown',
      src: m ? `${m.name}${m.version ? ` ${m.version}` : ''} ${m.path}:${m.start}-${m.end}` : '',
      sim: m ? Math.round(m.similarity * 100) : null,
      abs: m ? Math.round((m.abstractShare ?? 0) * 100) : null,
      ch: m?.channel ?? '',
      waived: c.waived !== undefined,
      wr: c.waived?.reason ?? '',
      msg: c.message,
      href: anchor && detailed.has(anchor) ? anchor : null,
    };
  });
}

const COLUMNS: ReadonlyArray<readonly [key: string, label: string]> = [
  ['sev', 'Severity'],
  ['path', 'Location'],
  ['lic', 'License'],
  ['src', 'Matched source'],
  ['sim', 'Similarity'],
  ['ai', 'AI'],
  ['rule', 'Rule'],
  ['waived', 'Waiver'],
  ['msg', 'Message'],
];

/** Controls and empty table; the inline script fills it from the JSON block. */
export function findingsShell(rows: ReadonlyArray<FindingRow>): string {
  if (rows.length === 0) return '<p class="empty" id="no-findings">No license findings.</p>';
  const licenses = [...new Set(rows.map((r) => r.lic))].sort();
  const head = COLUMNS.map(
    ([key, label]) => `<th scope="col" data-key="${key}" tabindex="0" aria-sort="none">${esc(label)}</th>`,
  ).join('');
  return `<div class="controls" role="search">
<label>Search <input type="search" id="f-search" placeholder="path, license, source, message…"></label>
<label>Severity <select id="f-sev"><option value="">all</option><option value="error">error</option><option value="warning">warning</option><option value="notice">notice</option></select></label>
<label>License <select id="f-lic"><option value="">all</option>${licenses.map((l) => `<option value="${esc(l)}">${esc(l)}</option>`).join('')}</select></label>
<label>Written by <select id="f-ai"><option value="">anyone</option><option value="ai">AI</option><option value="human">not AI</option></select></label>
<label>Waived <select id="f-waived"><option value="">all</option><option value="open">open only</option><option value="waived">waived only</option></select></label>
<label>Path <input type="text" id="f-path" placeholder="src/…"></label>
</div>
<p class="count" id="f-count" aria-live="polite"></p>
<div class="table-wrap"><table id="findings"><thead><tr>${head}</tr></thead><tbody></tbody></table></div>
<nav class="pager" aria-label="Findings pages"><button type="button" id="f-prev">← Previous</button> <span id="f-page"></span> <button type="button" id="f-next">Next →</button></nav>`;
}
