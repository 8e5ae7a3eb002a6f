// The report's inline stylesheet: a constant (nothing from the repository is interpolated into it). The script is
// browser-script.ts.

export const CSS = `
:root { --ai: #1f6feb; --match: #d9480f; --err: #b42318; --warn: #b54708; --note: #175cd3; --muted: #667085;
  --line: #e4e7ec; --bg: #fff; --fg: #1d2939; --soft: #f8f9fb; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--fg); background: var(--bg); }
header.top { background: #101828; color: #fff; padding: 18px 32px; }
header.top h1 { margin: 0 0 4px; font-size: 22px; }
header.top .meta { color: #d0d5dd; font-size: 13px; }
header.top .meta code { color: #fff; }
nav.toc { position: sticky; top: 0; z-index: 5; background: #fff; border-bottom: 1px solid var(--line); padding: 8px 32px; font-size: 14px; }
nav.toc a { margin-right: 16px; color: #344054; text-decoration: none; }
nav.toc a:hover { text-decoration: underline; }
main { padding: 8px 32px 48px; max-width: 1400px; }
section { margin-top: 28px; }
h2 { font-size: 19px; border-bottom: 2px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 8px; }
.muted { color: var(--muted); font-size: 13px; }
.empty { color: var(--muted); font-style: italic; }
.verdict { padding: 12px 16px; border-radius: 6px; font-weight: 600; margin: 12px 0; }
.verdict.fail { background: #fef3f2; border: 1px solid #fda29b; color: var(--err); }
.verdict.pass { background: #ecfdf3; border: 1px solid #75e0a7; color: #067647; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 12px; }
.card { border: 1px solid var(--line); border-radius: 8px; padding: 10px 14px; background: var(--soft); }
.card .k { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
.card .v { font-size: 22px; font-weight: 650; }
.card .s { font-size: 13px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { border-bottom: 1px solid var(--line); padding: 6px 8px; text-align: left; vertical-align: top; }
th { background: var(--soft); font-weight: 600; white-space: nowrap; }
td { overflow-wrap: break-word; }
#findings td:nth-child(2) { overflow-wrap: anywhere; min-width: 12em; }
#findings td:last-child { min-width: 22em; }
.sev, .tag { white-space: nowrap; }
table.kv th { width: 220px; }
#findings th[data-key] { cursor: pointer; user-select: none; }
#findings th[aria-sort="ascending"]::after { content: " ▲"; }
#findings th[aria-sort="descending"]::after { content: " ▼"; }
.table-wrap { overflow-x: auto; }
.controls { display: flex; flex-wrap: wrap; gap: 10px 16px; align-items: end; margin: 8px 0; font-size: 13px; }
.controls label { display: flex; flex-direction: column; gap: 2px; color: #344054; }
.controls input, .controls select { font: inherit; font-size: 14px; padding: 4px 6px; border: 1px solid #d0d5dd; border-radius: 4px; }
.pager { margin: 8px 0; font-size: 14px; }
.pager button { font: inherit; padding: 3px 10px; }
.sev { display: inline-block; padding: 0 8px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; }
.sev-error { background: var(--err); } .sev-warning { background: var(--warn); } .sev-notice { background: var(--note); }
.tag { display: inline-block; padding: 0 6px; border-radius: 4px; font-size: 12px; background: #eef4ff; color: var(--ai); border: 1px solid #c7d7fe; }
.tag.waived { background: #f2f4f7; color: #475467; border-color: #d0d5dd; }
.chart { max-width: 100%; height: auto; font-size: 13px; }
.chart .lbl { fill: #344054; } .chart .val { fill: var(--muted); }
.track { fill: #f2f4f7; } .ai-fill { fill: var(--ai); } .match-fill { fill: var(--match); }
.legend span { display: inline-block; width: 12px; height: 12px; vertical-align: -1px; margin: 0 4px 0 12px; }
.strip { margin: 6px 0 10px; } .strip svg { max-width: 100%; height: auto; display: block; }
.strip-label { font-size: 13px; font-family: ui-monospace, Menlo, Consolas, monospace; }
details.match { border: 1px solid var(--line); border-radius: 8px; margin: 10px 0; background: #fff; }
details.match > summary { padding: 8px 12px; cursor: pointer; background: var(--soft); border-radius: 8px; }
details.match[open] > summary { border-bottom: 1px solid var(--line); border-radius: 8px 8px 0 0; }
details.match:target { outline: 3px solid #84adff; }
.pair { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 16px; padding: 12px; }
pre.code { margin: 0; font: 12.5px/1.45 ui-monospace, Menlo, Consolas, monospace; background: #fcfcfd; border: 1px solid var(--line); border-radius: 6px; overflow-x: auto; }
pre.code .ln { display: inline-block; width: 4.5em; padding-right: 8px; text-align: right; color: #98a2b3; user-select: none; }
pre.code .l { display: block; white-space: pre; padding-right: 8px; }
pre.code .hit { background: #fff1e6; box-shadow: inset 3px 0 var(--match); }
pre.code .hit.ai .ln { color: var(--ai); font-weight: 600; }
.gap { color: var(--muted); font-style: italic; display: block; padding: 2px 8px; }
.unavailable { padding: 10px; background: #fffaeb; border: 1px solid #fedf89; border-radius: 6px; }
dl.ref { display: grid; grid-template-columns: max-content 1fr; gap: 3px 12px; margin: 0; font-size: 14px; }
dl.ref dt { color: var(--muted); } dl.ref dd { margin: 0; overflow-wrap: anywhere; }
ul.commits { padding-left: 18px; font-size: 14px; }
code { font-family: ui-monospace, Menlo, Consolas, monospace; font-size: 0.92em; }
.method p, .method li { max-width: 900px; }
footer { margin-top: 40px; color: var(--muted); font-size: 12px; }
@media (max-width: 900px) { .pair { grid-template-columns: 1fr; } main, header.top, nav.toc { padding-left: 12px; padding-right: 12px; } }
@media print {
  @page { margin: 14mm 12mm; }
  body { font-size: 11pt; }
  nav.toc, .controls, .pager, .no-print { display: none !important; }
  header.top { background: none; color: #000; padding: 0 0 8px; border-bottom: 2px solid #000; }
  header.top .meta, header.top .meta code { color: #000; }
  main { padding: 0; max-width: none; }
  section { break-inside: auto; }
  h2, h3 { break-after: avoid; }
  tr, .card, .strip, .pair, dl.ref { break-inside: avoid; }
  details.match { break-inside: avoid-page; border-color: #999; }
  details.match::details-content { content-visibility: visible; display: block; }
  details.match > summary { list-style: none; }
  .table-wrap { overflow: visible; }
  #findings { table-layout: fixed; font-size: 8pt; }
  #findings th, #findings td { padding: 3px 4px; overflow-wrap: anywhere; min-width: 0 !important; }
  #findings th:nth-child(1) { width: 9%; } #findings th:nth-child(2) { width: 16%; } #findings th:nth-child(3) { width: 11%; }
  #findings th:nth-child(4) { width: 14%; } #findings th:nth-child(5) { width: 8%; } #findings th:nth-child(6) { width: 4%; }
  #findings th:nth-child(7) { width: 10%; } #findings th:nth-child(8) { width: 9%; } #findings th:nth-child(9) { width: 19%; }
  pre.code { white-space: pre-wrap; }
  pre.code .l { white-space: pre-wrap; }
  .pair { grid-template-columns: 1fr 1fr; }
  a { color: inherit; text-decoration: none; }
  .sev, .ai-fill, .match-fill, .hit { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
`;
