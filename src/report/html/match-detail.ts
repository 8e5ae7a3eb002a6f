// One match in detail: our code with the matched lines highlighted, beside the corpus reference, the findings on
// those lines and the AI commits behind them. A reviewer should be able to decide from this block alone.
import type { AiCommit, Conflict, FileResult, ScanResult, SnippetMatch } from '../../model.js';
import { commitsBehind, overlaps } from '../summary.js';
import { similarityShort, similarityText } from '../../util/similarity.js';
import { esc } from './escape.js';
import { type FileExcerpt, MAX_SHOWN_LINES, type MatchRef, shownWindow } from './excerpts.js';
import { findingId } from '../summary.js';
import { matchAnchor } from './findings.js';

/** How each fingerprint channel finds code, in a reviewer's words. */
export const CHANNEL_EXPLANATIONS: Record<SnippetMatch['channel'], string> = {
  exact: 'exact token fingerprints (survives reformatting and comment changes)',
  abstract: 'identifier-abstracted fingerprints (survives renaming of variables and functions)',
  file: 'whole-file signature (the file as a whole is a near copy)',
};

/** Longest part of one code line quoted (a minified line would otherwise swamp the report). */
const MAX_LINE_CHARS = 400;

function codeBlock(file: FileResult, match: SnippetMatch, excerpt: FileExcerpt | undefined): string {
  if (excerpt === undefined) {
    return `<div class="unavailable">The file content is not part of this report (lines ${match.start}–${match.end}).</div>`;
  }
  if (excerpt.kind === 'unavailable') {
    return `<div class="unavailable">Could not read <code>${esc(file.path)}</code> from the scanned folder: ${esc(excerpt.problem)}. The matched lines are ${match.start}–${match.end}.</div>`;
  }
  const win = shownWindow(match, file.lines);
  const out: string[] = [];
  let missing = 0;
  for (let n = win.start; n <= win.end; n++) {
    const text = excerpt.lines.get(n);
    if (text === undefined) {
      missing++;
      continue;
    }
    const hit = n >= match.start && n <= match.end;
    const ai = file.ai.some((s) => n >= s.start && n <= s.end);
    const cls = `l${hit ? ' hit' : ''}${ai ? ' ai' : ''}`;
    const shown =
      text.length > MAX_LINE_CHARS
        ? `${text.slice(0, MAX_LINE_CHARS)} … (${text.length - MAX_LINE_CHARS} more characters)`
        : text;
    out.push(`<span class="${cls}"><span class="ln">${n}${ai ? '·AI' : ''}</span>${esc(shown)}</span>`);
  }
  const cut = match.end - Math.min(match.end, match.start + MAX_SHOWN_LINES - 1);
  if (cut > 0)
    out.push(
      `<span class="gap">… ${cut} more matched line${cut === 1 ? '' : 's'} (to line ${match.end}) not shown …</span>`,
    );
  if (out.length === 0 || missing === win.end - win.start + 1) {
    return `<div class="unavailable">The lines ${match.start}–${match.end} of <code>${esc(file.path)}</code> are no longer in the file (it changed since the scan).</div>`;
  }
  return `<pre class="code" aria-label="Our code, lines ${win.start} to ${win.end}">${out.join('')}</pre>`;
}

function refList(m: SnippetMatch): string {
  const c = m.corpus;
  const row = (k: string, v: string) => `<dt>${esc(k)}</dt><dd>${v}</dd>`;
  return `<dl class="ref">${[
    row('Source', esc(c.name)),
    row('Version', esc(c.version ?? 'unknown')),
    row('Package URL', c.purl ? `<code>${esc(c.purl)}</code>` : 'none'),
    row('Path', `<code>${esc(c.path)}</code>`),
    row('Lines', `${c.start}–${c.end}`),
    row('License', `<strong>${esc(c.license)}</strong>`),
    row('Similarity', `${esc(similarityText(m))}${m.tokens !== undefined ? ` of ${m.tokens} tokens` : ''}`),
    row('Found by', `${esc(m.channel)}: ${esc(CHANNEL_EXPLANATIONS[m.channel] ?? '')}`),
    row('Kind', m.kind === 'file' ? 'whole file' : 'snippet'),
    ...(c.db ? [row('Corpus database', esc(c.db))] : []),
    ...(m.fingerprint ? [row('Fingerprint', `<code>${esc(m.fingerprint)}</code>`)] : []),
  ].join('')}</dl>`;
}

function alternatives(m: SnippetMatch): string {
  const alts = m.alternatives ?? [];
  if (alts.length === 0) return '';
  const items = alts
    .map(
      (a) =>
        `<li>${esc(a.name)}${a.version ? ` ${esc(a.version)}` : ''} <code>${esc(a.path)}:${a.start}-${a.end}</code> — ${esc(a.license)}, ${esc(similarityText(a))}${a.purl ? ` <code>${esc(a.purl)}</code>` : ''}</li>`,
    )
    .join('');
  return `<h4>Also found in</h4><ul class="alts">${items}</ul>`;
}

function commitList(commits: ReadonlyArray<AiCommit>, file: FileResult, m: SnippetMatch): string {
  const spans = file.ai.filter((s) => overlaps(s, m));
  if (spans.length === 0) return '<p class="muted">No AI provenance recorded for these lines.</p>';
  const items = commits.map(
    (c) =>
      `<li><code>${esc(c.sha.slice(0, 12))}</code> ${esc(c.subject)} — ${esc(c.author.name)} &lt;${esc(c.author.email)}&gt;, ${esc(c.author.time)}; agent ${esc(c.agentName || c.agent)}${c.model ? ` (${esc(c.model)})` : ''}, via ${esc(c.source)}</li>`,
  );
  // Spans without a commit (uncommitted, log-only evidence) are still AI lines: say where the evidence came from.
  const known = new Set(commits.map((c) => c.sha));
  for (const s of spans) {
    if (s.commit !== undefined && known.has(s.commit)) continue;
    items.push(
      `<li>lines ${s.start}–${s.end}: ${esc(s.agent)}${s.model ? ` (${esc(s.model)})` : ''}, via ${esc(s.source)}${s.commit ? ` in <code>${esc(s.commit.slice(0, 12))}</code>` : ''}${s.session ? `, session ${esc(s.session)}` : ''}</li>`,
    );
  }
  return `<ul class="commits">${items.join('')}</ul>`;
}

function findingList(result: ScanResult, file: FileResult, m: SnippetMatch): string {
  const list: string[] = [];
  result.conflicts.forEach((c: Conflict, i) => {
    if (c.path !== file.path || !overlaps(c, m)) return;
    const waived = c.waived
      ? ` <span class="tag waived">waived</span> ${esc(c.waived.reason)} (approved by ${esc(c.waived.approver)}${c.waived.expires ? `, until ${esc(c.waived.expires)}` : ''})`
      : '';
    list.push(
      `<li><span class="sev sev-${c.severity}">${c.severity}</span> <code>${esc(findingId(c, i))}</code> ${esc(c.rule)}: ${esc(c.message)}${waived}` +
        (c.reason
          ? `<br><span class="muted">Why: ${esc(c.reason)}${c.factSource ? ` (source: ${esc(c.factSource)})` : ''}</span>`
          : '') +
        (c.howToFix ? `<br><span class="muted">How to fix: ${esc(c.howToFix)}</span>` : '') +
        '</li>',
    );
  });
  return list.length > 0 ? `<h4>Findings on these lines</h4><ul class="findings">${list.join('')}</ul>` : '';
}

export function matchDetail(
  result: ScanResult,
  ref: MatchRef,
  excerpt: FileExcerpt | undefined,
  options: { open: boolean },
): string {
  const { file, match: m } = ref;
  const worst = result.conflicts
    .filter((c) => c.path === file.path && overlaps(c, m))
    .sort((a, b) => Number(a.waived !== undefined) - Number(b.waived !== undefined))[0];
  const sev = worst
    ? `<span class="sev sev-${worst.severity}">${worst.severity}${worst.waived ? ' (waived)' : ''}</span> `
    : '';
  const isAi = file.ai.some((s) => overlaps(s, m));
  const c = m.corpus;
  return `<details class="match" id="${matchAnchor(ref)}"${options.open ? ' open' : ''}>
<summary>${sev}<code>${esc(file.path)}:${m.start}-${m.end}</code> ↔ ${esc(c.name)}${c.version ? ` ${esc(c.version)}` : ''} <code>${esc(c.path)}:${c.start}-${c.end}</code> · ${esc(c.license)} · ${esc(similarityShort(m))}${isAi ? ' <span class="tag">AI</span>' : ''}</summary>
<div class="pair"><div><h4>Our code — <code>${esc(file.path)}</code>, matched lines ${m.start}–${m.end} highlighted</h4>${codeBlock(file, m, excerpt)}</div>
<div><h4>Corpus reference</h4>${refList(m)}${alternatives(m)}<h4>AI commits behind these lines</h4>${commitList(commitsBehind(result, file.path, m), file, m)}${findingList(result, file, m)}</div></div>
</details>`;
}
