// A compact Markdown report for pull-request comments: the summary and a table of findings, open ones first,
// cut to fit well under GitHub's 65,536-character comment limit. Repository strings are escaped so a file name
// cannot break the table, inject HTML or links, or mention people.
import type { Conflict, ScanResult } from '../model.js';
import { similarityShort } from '../util/similarity.js';
import { printable } from '../util/printable.js';
import { findingId, percent, severityOrder, summarize } from './summary.js';

/** GitHub rejects comments over 65,536 characters; stay clear of it with room for a header the caller adds. */
export const MARKDOWN_BUDGET = 60_000;
export const MARKDOWN_MAX_ROWS = 50;

/** Text that renders as itself inside a Markdown table cell. */
export function mdText(value: string | null | undefined, max = 200): string {
  if (value === null || value === undefined) return '';
  // line breaks read as spaces; other control characters (NUL, ESC) and bidi overrides are shown as escapes
  let text = printable(value.replace(/[\r\n\t]+/g, ' '));
  if (text.length > max) text = `${text.slice(0, max - 1)}…`;
  return text.replace(/&/g, '&amp;').replace(/[\\`*_{}[\]()<>#+!|~@:-]/g, (ch) => `\\${ch}`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function row(c: Conflict, i: number): string {
  const m = c.match;
  const source = m
    ? `${mdText(m.name)}${m.version ? ` ${mdText(m.version)}` : ''} ${mdText(m.path)}\\:${m.start}\\-${m.end}`
    : '';
  const sev = c.waived ? `${c.severity} (waived)` : `**${c.severity}**`;
  return `| ${sev} | ${mdText(c.path)}\\:${c.start}\\-${c.end} | ${mdText(c.license)} | ${source} | ${m ? similarityShort(m) : ''} | ${c.ai ? 'AI' : ''} | ${mdText(findingId(c, i), 40)} |`;
}

export function renderMarkdown(result: ScanResult): string {
  const s = summarize(result);
  const name = result.project?.name ?? result.root;
  const out: string[] = [];
  out.push(`## provscan license review: ${mdText(name)}`, '');
  const failOn = result.settings.failOn;
  out.push(
    s.failing > 0
      ? `**Policy check fails:** ${s.failing} open finding${s.failing === 1 ? '' : 's'} at or above \`${failOn}\`.`
      : `**Policy check passes** (fail-on: \`${failOn}\`).`,
    '',
  );
  const cats = s.byCategory.map((c) => `${c.category} ${c.matches}`).join(', ');
  out.push(
    '| | |',
    '| --- | --- |',
    `| Declared license | ${mdText(result.projectLicense ?? 'unknown')} |`,
    `| Commit | ${result.commit ? result.commit.slice(0, 12) : result.target} |`,
    `| Files scanned | ${s.files} (${s.lines} lines, ${s.skipped} skipped) |`,
    `| AI-written lines | ${percent(s.aiShare)} (${s.aiLines} lines) |`,
    `| Snippet matches | ${s.matches} (${s.matchedLines} lines, ${s.aiMatches} in AI-written code)${cats ? `: ${cats}` : ''} |`,
    `| Open findings | ${plural(s.open.error, 'error')}, ${plural(s.open.warning, 'warning')}, ${plural(s.open.notice, 'notice')} |`,
    `| Waived findings | ${s.waived.error + s.waived.warning + s.waived.notice} |`,
    `| Waivers | ${s.waivers.active} in force, ${s.waivers.stale} stale, ${s.waivers.expired} expired |`,
    `| Corpora | ${result.corpora.map((c) => mdText(c.label, 80)).join(', ') || 'none'} |`,
    '',
  );
  if (result.conflicts.length === 0) {
    out.push('No license findings.', '');
    return `${out.join('\n')}\n`;
  }
  // Open findings first, worst first, then by place: the rows a reviewer must act on survive truncation.
  const sorted = result.conflicts
    .map((c, i) => ({ c, i }))
    .sort(
      (a, b) =>
        Number(a.c.waived !== undefined) - Number(b.c.waived !== undefined) ||
        severityOrder(b.c.severity) - severityOrder(a.c.severity) ||
        (a.c.path < b.c.path ? -1 : a.c.path > b.c.path ? 1 : a.c.start - b.c.start),
    );
  out.push(
    '### Findings',
    '',
    '| Severity | Location | License | Matched source | Similarity | AI | Id |',
    '| --- | --- | --- | --- | --- | --- | --- |',
  );
  let size = out.join('\n').length;
  let shown = 0;
  for (const { c, i } of sorted) {
    if (shown >= MARKDOWN_MAX_ROWS) break;
    const line = row(c, i);
    if (size + line.length + 200 > MARKDOWN_BUDGET) break;
    out.push(line);
    size += line.length + 1;
    shown++;
  }
  if (shown < sorted.length)
    out.push('', `_… and ${sorted.length - shown} more findings: see the HTML or CSV report._`);
  out.push('');
  return `${out.join('\n')}\n`;
}
