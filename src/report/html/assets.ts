// The report's inline stylesheet and script. Both are constants (nothing from the repository is interpolated into
// them); the script reads the findings from the JSON block and writes them with textContent only.

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

export const SCRIPT = `
(function () {
  'use strict';
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id ? document.getElementById(id) : null;
    if (el && el.tagName === 'DETAILS') el.open = true;
  }
  window.addEventListener('hashchange', openTarget);
  openTarget();
  var saved = null;
  var printHooks = [];
  window.addEventListener('beforeprint', function () {
    saved = [];
    var ds = document.querySelectorAll('details');
    for (var i = 0; i < ds.length; i++) { saved.push([ds[i], ds[i].open]); ds[i].open = true; }
    for (var j = 0; j < printHooks.length; j++) printHooks[j](true);
  });
  window.addEventListener('afterprint', function () {
    if (saved) for (var i = 0; i < saved.length; i++) saved[i][0].open = saved[i][1];
    for (var j = 0; j < printHooks.length; j++) printHooks[j](false);
  });
  var dataEl = document.getElementById('findings-data');
  var table = document.getElementById('findings');
  if (!dataEl || !table) return;
  var payload = JSON.parse(dataEl.textContent || '{}');
  var rows = payload.rows || [];
  var PAGE = payload.pageSize || 50;
  var state = { key: 'sev', dir: 1, page: 0, q: '', sev: '', lic: '', ai: '', waived: '', path: '', all: !!payload.printAll };
  var SEV = { error: 0, warning: 1, notice: 2 };
  var tbody = table.tBodies[0];
  function $(id) { return document.getElementById(id); }
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  function cmp(a, b) {
    var k = state.key, x = a[k], y = b[k];
    if (k === 'sev') { x = SEV[x]; y = SEV[y]; }
    if (k === 'path') { x = a.path + '\\u0000' + String(1e9 + a.start); y = b.path + '\\u0000' + String(1e9 + b.start); }
    if (x === null || x === undefined) x = -1;
    if (y === null || y === undefined) y = -1;
    if (typeof x === 'boolean') { x = x ? 1 : 0; y = y ? 1 : 0; }
    var r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    if (r === 0) r = a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start;
    return r * state.dir;
  }
  function matches(r) {
    if (state.sev && r.sev !== state.sev) return false;
    if (state.lic && r.lic !== state.lic) return false;
    if (state.ai === 'ai' && !r.ai) return false;
    if (state.ai === 'human' && r.ai) return false;
    if (state.waived === 'open' && r.waived) return false;
    if (state.waived === 'waived' && !r.waived) return false;
    if (state.path && r.path.toLowerCase().indexOf(state.path) < 0) return false;
    if (state.q) {
      var hay = (r.id + ' ' + r.path + ' ' + r.lic + ' ' + r.plic + ' ' + r.src + ' ' + r.rule + ' ' + r.msg + ' ' + r.wr).toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    return true;
  }
  function row(r) {
    var tr = document.createElement('tr');
    tr.setAttribute('data-id', r.id);
    var sev = document.createElement('td');
    sev.appendChild(text('span', r.sev, 'sev sev-' + r.sev));
    tr.appendChild(sev);
    var loc = document.createElement('td');
    var where = r.path + ':' + r.start + '-' + r.end;
    if (r.href) {
      var a = text('a', where);
      a.href = '#' + r.href;
      loc.appendChild(a);
    } else {
      loc.appendChild(document.createTextNode(where));
    }
    tr.appendChild(loc);
    tr.appendChild(text('td', r.lic + (r.plic ? ' → ' + r.plic : '')));
    tr.appendChild(text('td', r.src));
    tr.appendChild(
      text(
        'td',
        r.sim === null
          ? ''
          : r.sim + '% identical' + (r.abs ? ' + ' + r.abs + '% renamed' : '') + (r.ch ? ' (' + r.ch + ')' : ''),
      ),
    );
    var ai = document.createElement('td');
    if (r.ai) ai.appendChild(text('span', 'AI', 'tag'));
    tr.appendChild(ai);
    tr.appendChild(text('td', r.rule));
    var w = document.createElement('td');
    if (r.waived) { w.appendChild(text('span', 'waived', 'tag waived')); w.appendChild(document.createTextNode(' ' + r.wr)); }
    tr.appendChild(w);
    tr.appendChild(text('td', r.msg));
    return tr;
  }
  function render() {
    var list = rows.filter(matches).sort(cmp);
    var pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    var shown = state.all ? list : list.slice(state.page * PAGE, state.page * PAGE + PAGE);
    var frag = document.createDocumentFragment();
    for (var i = 0; i < shown.length; i++) frag.appendChild(row(shown[i]));
    tbody.textContent = '';
    tbody.appendChild(frag);
    var from = list.length === 0 ? 0 : (state.all ? 1 : state.page * PAGE + 1);
    var to = state.all ? list.length : Math.min(list.length, state.page * PAGE + PAGE);
    $('f-count').textContent = 'Showing ' + from + '–' + to + ' of ' + list.length + ' findings' + (list.length !== rows.length ? ' (filtered from ' + rows.length + ')' : '');
    $('f-page').textContent = 'Page ' + (state.page + 1) + ' of ' + pages;
    $('f-prev').disabled = state.all || state.page === 0;
    $('f-next').disabled = state.all || state.page >= pages - 1;
    var ths = table.tHead.rows[0].cells;
    for (var j = 0; j < ths.length; j++) {
      var k = ths[j].getAttribute('data-key');
      ths[j].setAttribute('aria-sort', k === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }
  function bind(id, key, lower) {
    var el = $(id);
    if (!el) return;
    el.addEventListener('input', function () { state[key] = lower ? el.value.trim().toLowerCase() : el.value; state.page = 0; render(); });
  }
  bind('f-search', 'q', true); bind('f-sev', 'sev'); bind('f-lic', 'lic'); bind('f-ai', 'ai'); bind('f-waived', 'waived'); bind('f-path', 'path', true);
  $('f-prev').addEventListener('click', function () { state.page--; render(); });
  $('f-next').addEventListener('click', function () { state.page++; render(); });
  var heads = table.tHead.rows[0].cells;
  for (var h = 0; h < heads.length; h++) {
    (function (th) {
      function sort() {
        var k = th.getAttribute('data-key');
        if (state.key === k) state.dir = -state.dir; else { state.key = k; state.dir = 1; }
        render();
      }
      th.addEventListener('click', sort);
      th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
    })(heads[h]);
  }
  var allBefore = state.all;
  printHooks.push(function (printing) { state.all = printing ? true : allBefore; render(); });
  render();
})();
`;
