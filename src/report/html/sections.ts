// The report's static sections: summary, pictures, waivers, skipped files, methodology and limits.
import type { ScanResult } from '../../model.js';
import { type ReportSummary, percent } from '../summary.js';
import { CATEGORY_COLORS, aiByDirectoryChart, categoryChart, fileStrip, stripFiles } from './charts.js';
import { esc } from './escape.js';

function card(key: string, value: string, sub = ''): string {
  return `<div class="card"><div class="k">${esc(key)}</div><div class="v">${value}</div>${sub ? `<div class="s">${sub}</div>` : ''}</div>`;
}

function counts(c: ReportSummary['open']): string {
  return `${c.error} error${c.error === 1 ? '' : 's'}, ${c.warning} warning${c.warning === 1 ? '' : 's'}, ${c.notice} notice${c.notice === 1 ? '' : 's'}`;
}

export function headerSection(result: ScanResult): string {
  const name = result.project
    ? `${result.project.name}${result.project.version ? ` ${result.project.version}` : ''}`
    : result.root;
  const commit = result.commit
    ? `commit <code>${esc(result.commit.slice(0, 12))}</code>`
    : `target: ${esc(result.target)}`;
  return `<header class="top"><h1>License review: ${esc(name)}</h1>
<div class="meta">Folder <code>${esc(result.root)}</code> · ${commit} · scanned ${esc(result.generatedAt)} · ${esc(result.tool.name)} ${esc(result.tool.version)}</div></header>
<nav class="toc" aria-label="Sections"><a href="#summary">Summary</a><a href="#pictures">Pictures</a><a href="#findings-section">Findings</a><a href="#matches">Matches</a><a href="#waivers">Waivers</a><a href="#skipped">Skipped files</a><a href="#method">Methodology and limits</a></nav>`;
}

export function summarySection(result: ScanResult, s: ReportSummary): string {
  const failOn = result.settings.failOn;
  const verdict =
    s.failing > 0
      ? `<div class="verdict fail" id="verdict">Policy check fails: ${s.failing} open finding${s.failing === 1 ? '' : 's'} at or above “${esc(failOn)}”.</div>`
      : `<div class="verdict pass" id="verdict">Policy check passes${failOn === 'never' ? ' (fail-on is “never”)' : `: no open finding at or above “${esc(failOn)}”`}.</div>`;
  const evidence = result.projectLicenseEvidence ?? [];
  const evidenceRows =
    evidence.length === 0
      ? '<tr><td colspan="4" class="empty">No license evidence recorded.</td></tr>'
      : evidence
          .map(
            (e) =>
              `<tr><td>${esc(e.source)}</td><td><code>${esc(e.expression)}</code></td><td>${Math.round(e.confidence * 100)}%</td><td>${esc(e.note ?? '')}</td></tr>`,
          )
          .join('');
  const corpora =
    result.corpora.length === 0
      ? '<tr><td colspan="5" class="empty">No corpus database was consulted: no snippet matching was done.</td></tr>'
      : result.corpora
          .map(
            (c) =>
              `<tr><td>${esc(c.label)}</td><td><code>${esc(c.path)}</code></td><td>${c.sources}</td><td>${c.files}</td><td>${esc(c.version ?? '')}</td></tr>`,
          )
          .join('');
  const prov = result.provenance;
  const provText = !prov.available
    ? 'Not available (not a git repository): AI provenance was not computed.'
    : prov.complete
      ? 'Complete.'
      : 'Incomplete — see the notes below.';
  const notes = prov.notes.map((n) => `<li>${esc(n)}</li>`).join('');
  return `<section id="summary"><h2>Summary</h2>${verdict}
<div class="cards">
${card('Declared license', `<span id="s-license">${esc(result.projectLicense ?? 'unknown')}</span>`)}
${card('Files scanned', `<span id="s-files">${s.files}</span>`, `${s.lines} lines; ${s.skipped} skipped`)}
${card('AI-written lines', `<span id="s-ai-share">${percent(s.aiShare)}</span>`, `<span id="s-ai-lines">${s.aiLines}</span> of ${s.lines} lines`)}
${card('Snippet matches', `<span id="s-matches">${s.matches}</span>`, `${s.matchedLines} lines; ${s.aiMatches} in AI-written code`)}
${card('Open findings', `<span id="s-open">${s.open.error + s.open.warning + s.open.notice}</span>`, `<span id="s-open-detail">${counts(s.open)}</span>`)}
${card('Waived findings', `<span id="s-waived">${s.waived.error + s.waived.warning + s.waived.notice}</span>`, counts(s.waived))}
${card('Waivers', `<span id="s-waivers-active">${s.waivers.active}</span> in force`, `<span id="s-waivers-stale">${s.waivers.stale}</span> stale, <span id="s-waivers-expired">${s.waivers.expired}</span> expired`)}
</div>
<h3>Declared license and evidence</h3>
<table class="evidence"><thead><tr><th>Found in</th><th>Expression</th><th>Confidence</th><th>Note</th></tr></thead><tbody>${evidenceRows}</tbody></table>
<h3>Corpus databases consulted</h3>
<table class="corpora"><thead><tr><th>Label</th><th>Path</th><th>Sources</th><th>Files</th><th>Version</th></tr></thead><tbody>${corpora}</tbody></table>
<h3>AI provenance</h3><p>${provText}</p>${notes ? `<ul>${notes}</ul>` : ''}
</section>`;
}

export function picturesSection(result: ScanResult, s: ReportSummary, anchors: ReadonlyMap<string, string>): string {
  const strips = stripFiles(result.files, 40);
  const legend = s.byCategory
    .map(
      (c) =>
        `<span style="background:${CATEGORY_COLORS[c.category]}"></span>${esc(c.category)} (${esc(c.licenses.join(', '))})`,
    )
    .join(' ');
  return `<section id="pictures"><h2>Pictures</h2>
<h3>AI-written share of lines, by folder</h3>${aiByDirectoryChart(s.byDirectory)}
<h3>Snippet matches by license category</h3>${categoryChart(s.byCategory)}${legend ? `<p class="legend muted">${legend}</p>` : ''}
<h3>Where the AI lines and matched lines are</h3>
<p class="legend muted"><span class="ai-fill" style="background:var(--ai)"></span>AI-written lines (top) <span style="background:var(--match)"></span>matched lines (bottom); the strip is the whole file, first line on the left.</p>
${strips.length === 0 ? '<p class="empty">No file has AI-written or matched lines.</p>' : strips.map((f) => fileStrip(f, anchors.get(f.path))).join('\n')}
${strips.length < result.files.filter((f) => f.ai.length > 0 || f.matches.length > 0).length ? '<p class="muted">Only the 40 files with the most matched lines are drawn.</p>' : ''}
</section>`;
}

export function waiversSection(result: ScanResult): string {
  const rows = result.waivers
    .map(
      (w) =>
        `<tr><td>${w.index}</td><td><span class="tag${w.state === 'active' ? '' : ' waived'}">${esc(w.state)}</span></td><td><code>${esc(w.path)}</code></td><td>${esc(w.reason)}</td><td>${esc(w.approver)}</td><td>${esc(w.expires ?? 'never')}</td><td>${w.covers}</td></tr>`,
    )
    .join('');
  return `<section id="waivers"><h2>Waivers</h2>
<p class="muted">A waiver in force covers at least one finding; a stale waiver covers nothing any more (the code changed or moved) and can be removed; an expired waiver is past its date and no longer covers anything.</p>
${rows ? `<table class="waivers"><thead><tr><th>#</th><th>State</th><th>Path</th><th>Reason</th><th>Approver</th><th>Expires</th><th>Covers</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="empty">The policy has no waivers.</p>'}
</section>`;
}

export function skippedSection(result: ScanResult): string {
  const max = 500;
  const rows = result.skipped
    .slice(0, max)
    .map((f) => `<tr><td><code>${esc(f.path)}</code></td><td>${esc(f.reason)}</td><td>${esc(f.detail ?? '')}</td></tr>`)
    .join('');
  return `<section id="skipped"><h2>Skipped files</h2>
<p class="muted">These files were not fingerprinted, so they can hide copied code; review them by other means if they matter.</p>
${rows ? `<table class="skipped"><thead><tr><th>Path</th><th>Reason</th><th>Detail</th></tr></thead><tbody>${rows}</tbody></table>` : '<p class="empty">No file was skipped.</p>'}
${result.skipped.length > max ? `<p class="muted">… and ${result.skipped.length - max} more (see the scan JSON).</p>` : ''}
</section>`;
}

export function methodologySection(result: ScanResult): string {
  const st = result.settings;
  return `<section id="method" class="method"><h2>Methodology and limits</h2>
<h3>What was done</h3>
<ul>
<li><strong>AI provenance</strong>: lines are attributed to an AI assistant from commit conventions (trailers such as <code>Co-Authored-By: Claude</code>, bot authors, message markers) traced to the current lines with <code>git blame</code>, and from agent logs when present. Each span carries its evidence and a confidence.</li>
<li><strong>Snippet matching</strong>: the code is tokenised and fingerprinted (winnowing over k-grams of normalised tokens) and the fingerprints are looked up in the corpus databases listed above. Channels: <em>exact</em> survives reformatting and comment changes; <em>abstract</em> also survives renaming of identifiers; <em>file</em> compares whole-file signatures to find near copies.</li>
<li><strong>License evaluation</strong>: the license of matched corpus code is compared with the file's own license header or the project's declared license, using a compatibility table and the policy file; waivers in the policy can accept a finding with a reason and an approver.</li>
</ul>
<h3>Thresholds used in this scan</h3>
<table class="kv"><tbody>
<tr><th>Minimum matched lines</th><td id="t-min-lines">${st.minMatchLines}</td></tr>
<tr><th>Minimum matched tokens</th><td id="t-min-tokens">${st.minMatchTokens}</td></tr>
<tr><th>Lines matched</th><td>${st.onlyAi ? 'only AI-written lines (--only-ai)' : 'every line'}</td></tr>
<tr><th>Fails on</th><td>${esc(st.failOn)}</td></tr>
</tbody></table>
<h3>What a match can and cannot show</h3>
<ul>
<li>A fingerprint match shows that a stretch of our code has the same token sequence (or, for <em>abstract</em>, the same structure with different names) as code in the corpus. It is strong evidence of common origin for long matches; it does not by itself prove copying, nor who copied from whom — both may derive from a third source, and short or idiomatic code (boilerplate, generated tables, standard algorithms) can match by coincidence.</li>
<li>Similarity is the share of fingerprints the regions share, not a measure of legal substantiality. Whether a match is a protectable expression, or covered by an exception, is a legal judgement this report supports but does not make.</li>
<li><strong>No match is not proof of originality.</strong> Only the corpora listed above were consulted; code copied from elsewhere, code below the thresholds, heavily rewritten code, translated code and skipped files cannot be found.</li>
<li>AI provenance depends on commit conventions and logs: AI-written code committed without a trailer, marker or log is counted as human, and a trailer on a commit marks every line that commit last changed.</li>
<li>The corpus license is the file's own header or the packaging's (DEP-5) record where available, else the source's declared license; it can be wrong where upstream mislabels files.</li>
</ul></section>`;
}
