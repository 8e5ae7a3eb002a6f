/// <reference lib="dom" />
// The report's one script, run by the browser that opens the HTML file: opens the match a link points to, sorts,
// filters and pages the findings table (rows drawn with textContent only: no repository string is ever parsed as
// HTML), and shows every row and every match when printing. A function, so that it is type-checked and linted with
// the rest of the code; html.ts inlines its source. It must not use anything from outside its own body.
import type { FindingRow } from './findings.js';

export function reportScript(): void {
  const openTarget = (): void => {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id ? document.getElementById(id) : null;
    if (el instanceof HTMLDetailsElement) el.open = true;
  };
  window.addEventListener('hashchange', openTarget);
  openTarget();

  let saved: Array<[HTMLDetailsElement, boolean]> | null = null;
  const printHooks: Array<(printing: boolean) => void> = [];
  window.addEventListener('beforeprint', () => {
    saved = [];
    for (const d of Array.from(document.querySelectorAll('details'))) {
      saved.push([d, d.open]);
      d.open = true;
    }
    for (const hook of printHooks) hook(true);
  });
  window.addEventListener('afterprint', () => {
    if (saved) for (const [d, open] of saved) d.open = open;
    for (const hook of printHooks) hook(false);
  });

  const dataEl = document.getElementById('findings-data');
  const table = document.getElementById('findings');
  if (!dataEl || !(table instanceof HTMLTableElement)) return;
  const payload = JSON.parse(dataEl.textContent || '{}') as {
    rows?: FindingRow[];
    pageSize?: number;
    printAll?: boolean;
  };
  const rows = payload.rows ?? [];
  const PAGE = payload.pageSize || 50;
  type SortKey = keyof FindingRow;
  type FilterKey = 'q' | 'sev' | 'lic' | 'ai' | 'waived' | 'path';
  const state: { key: SortKey; dir: number; page: number; all: boolean } & Record<FilterKey, string> = {
    key: 'sev',
    dir: 1,
    page: 0,
    q: '',
    sev: '',
    lic: '',
    ai: '',
    waived: '',
    path: '',
    all: payload.printAll === true,
  };
  const SEV: Record<string, number> = { error: 0, warning: 1, notice: 2 };
  const tbody = table.tBodies[0];
  const head = table.tHead?.rows[0];
  if (!tbody || !head) return;
  const byId = (id: string): HTMLElement | null => document.getElementById(id);
  const text = (tag: string, value: string, cls?: string): HTMLElement => {
    const el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  };

  const sortValue = (r: FindingRow): string | number => {
    const v = r[state.key];
    if (state.key === 'sev') return SEV[r.sev] ?? 3;
    if (state.key === 'path') return `${r.path}\u0000${String(1e9 + r.start)}`;
    if (v === null || v === undefined) return -1;
    if (typeof v === 'boolean') return v ? 1 : 0;
    return v;
  };
  const cmp = (a: FindingRow, b: FindingRow): number => {
    const x = sortValue(a);
    const y = sortValue(b);
    let r = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    if (r === 0) r = a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start;
    return r * state.dir;
  };
  const shown = (r: FindingRow): boolean => {
    if (state.sev && r.sev !== state.sev) return false;
    if (state.lic && r.lic !== state.lic) return false;
    if (state.ai === 'ai' && !r.ai) return false;
    if (state.ai === 'human' && r.ai) return false;
    if (state.waived === 'open' && r.waived) return false;
    if (state.waived === 'waived' && !r.waived) return false;
    if (state.path && r.path.toLowerCase().indexOf(state.path) < 0) return false;
    if (state.q) {
      const hay = [r.id, r.path, r.lic, r.plic, r.src, r.rule, r.msg, r.wr].join(' ').toLowerCase();
      if (hay.indexOf(state.q) < 0) return false;
    }
    return true;
  };
  const row = (r: FindingRow): HTMLTableRowElement => {
    const tr = document.createElement('tr');
    tr.setAttribute('data-id', r.id);
    const sev = document.createElement('td');
    sev.appendChild(text('span', r.sev, `sev sev-${r.sev}`));
    tr.appendChild(sev);
    const loc = document.createElement('td');
    const where = `${r.path}:${r.start}-${r.end}`;
    if (r.href) {
      const a = text('a', where) as HTMLAnchorElement;
      a.href = `#${r.href}`;
      loc.appendChild(a);
    } else {
      loc.appendChild(document.createTextNode(where));
    }
    tr.appendChild(loc);
    tr.appendChild(text('td', r.lic + (r.plic ? ` → ${r.plic}` : '')));
    tr.appendChild(text('td', r.src));
    const renamed = r.abs ? ` + ${r.abs}% renamed` : '';
    tr.appendChild(text('td', r.sim === null ? '' : `${r.sim}% identical${renamed}${r.ch ? ` (${r.ch})` : ''}`));
    const ai = document.createElement('td');
    if (r.ai) ai.appendChild(text('span', 'AI', 'tag'));
    tr.appendChild(ai);
    tr.appendChild(text('td', r.rule));
    const w = document.createElement('td');
    if (r.waived) {
      w.appendChild(text('span', 'waived', 'tag waived'));
      w.appendChild(document.createTextNode(` ${r.wr}`));
    }
    tr.appendChild(w);
    tr.appendChild(text('td', r.msg));
    return tr;
  };
  const setText = (id: string, value: string): void => {
    const el = byId(id);
    if (el) el.textContent = value;
  };
  const setDisabled = (id: string, disabled: boolean): void => {
    const el = byId(id);
    if (el instanceof HTMLButtonElement) el.disabled = disabled;
  };

  const render = (): void => {
    const list = rows.filter(shown).sort(cmp);
    const pages = Math.max(1, Math.ceil(list.length / PAGE));
    if (state.page >= pages) state.page = pages - 1;
    const page = state.all ? list : list.slice(state.page * PAGE, state.page * PAGE + PAGE);
    const frag = document.createDocumentFragment();
    for (const r of page) frag.appendChild(row(r));
    tbody.textContent = '';
    tbody.appendChild(frag);
    const from = list.length === 0 ? 0 : state.all ? 1 : state.page * PAGE + 1;
    const to = state.all ? list.length : Math.min(list.length, state.page * PAGE + PAGE);
    const filtered = list.length !== rows.length ? ` (filtered from ${rows.length})` : '';
    setText('f-count', `Showing ${from}–${to} of ${list.length} findings${filtered}`);
    setText('f-page', `Page ${state.page + 1} of ${pages}`);
    setDisabled('f-prev', state.all || state.page === 0);
    setDisabled('f-next', state.all || state.page >= pages - 1);
    for (const th of Array.from(head.cells)) {
      const k = th.getAttribute('data-key');
      th.setAttribute('aria-sort', k === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  };

  const bind = (id: string, key: FilterKey, lower = false): void => {
    const el = byId(id);
    if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) return;
    el.addEventListener('input', () => {
      state[key] = lower ? el.value.trim().toLowerCase() : el.value;
      state.page = 0;
      render();
    });
  };
  bind('f-search', 'q', true);
  bind('f-sev', 'sev');
  bind('f-lic', 'lic');
  bind('f-ai', 'ai');
  bind('f-waived', 'waived');
  bind('f-path', 'path', true);
  byId('f-prev')?.addEventListener('click', () => {
    state.page--;
    render();
  });
  byId('f-next')?.addEventListener('click', () => {
    state.page++;
    render();
  });
  for (const th of Array.from(head.cells)) {
    const sort = (): void => {
      const k = th.getAttribute('data-key') as SortKey | null;
      if (k === null) return;
      if (state.key === k) state.dir = -state.dir;
      else {
        state.key = k;
        state.dir = 1;
      }
      render();
    };
    th.addEventListener('click', sort);
    th.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        sort();
      }
    });
  }
  const allBefore = state.all;
  printHooks.push((printing) => {
    state.all = printing ? true : allBefore;
    render();
  });
  render();
}

let source: string | undefined;
/** The script as the report inlines it: the function's compiled source, called once. */
export function reportScriptSource(): string {
  source ??= `(${reportScript.toString()})();`;
  return source;
}
