// The report's pictures, as inline SVG strings (no chart library, nothing to load): AI share by directory,
// matches by license category, and one strip per file showing where AI lines and matched lines sit.
import type { FileResult } from '../../model.js';
import { type CategoryCount, type DirectoryShare, type LicenseCategory, linesCovered, percent } from '../summary.js';
import { esc } from './escape.js';

export const CATEGORY_COLORS: Record<LicenseCategory, string> = {
  'network-copyleft': '#7f1d1d',
  'strong-copyleft': '#c0392b',
  'weak-copyleft-library': '#e67e22',
  'weak-copyleft-file': '#f0a04b',
  'source-available': '#8e44ad',
  proprietary: '#6a1b9a',
  unknown: '#757575',
  permissive: '#2e7d32',
  'public-domain': '#5d9c59',
};

const LABEL_W = 230;
const BAR_W = 360;
const ROW_H = 26;

function clip(text: string, max: number): string {
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}

/** One 100% bar per directory; the filled part is the AI-written share of its lines. */
export function aiByDirectoryChart(dirs: ReadonlyArray<DirectoryShare>): string {
  if (dirs.length === 0) return '<p class="empty">No files were scanned.</p>';
  const h = dirs.length * ROW_H + 10;
  const w = LABEL_W + BAR_W + 210;
  const rows = dirs.map((d, i) => {
    const y = 5 + i * ROW_H;
    const share = d.lines > 0 ? d.aiLines / d.lines : 0;
    const fill = Math.round(share * BAR_W);
    return (
      `<g class="bar-row"><title>${esc(d.dir)}: ${esc(percent(share))} AI-written (${d.aiLines} of ${d.lines} lines, ${d.files} files)</title>` +
      `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" class="lbl">${esc(clip(d.dir, 32))}</text>` +
      `<rect x="${LABEL_W}" y="${y + 3}" width="${BAR_W}" height="16" class="track"/>` +
      `<rect x="${LABEL_W}" y="${y + 3}" width="${fill}" height="16" class="ai-fill"/>` +
      `<text x="${LABEL_W + BAR_W + 8}" y="${y + 15}" class="val">${esc(percent(share))} of ${d.lines} lines</text></g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-label="AI-written share of lines by directory" viewBox="0 0 ${w} ${h}" ` +
    `width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`
  );
}

/** Horizontal bars: number of matches per license category, coloured by category. */
export function categoryChart(cats: ReadonlyArray<CategoryCount>): string {
  if (cats.length === 0) return '<p class="empty">No snippet matches.</p>';
  const max = Math.max(...cats.map((c) => c.matches));
  const h = cats.length * ROW_H + 10;
  const w = LABEL_W + BAR_W + 210;
  const rows = cats.map((c, i) => {
    const y = 5 + i * ROW_H;
    const width = Math.max(2, Math.round((c.matches / max) * BAR_W));
    return (
      `<g class="bar-row"><title>${esc(c.category)}: ${c.matches} matches, ${c.lines} lines (${esc(c.licenses.join(', '))})</title>` +
      `<text x="${LABEL_W - 8}" y="${y + 15}" text-anchor="end" class="lbl">${esc(c.category)}</text>` +
      `<rect x="${LABEL_W}" y="${y + 3}" width="${width}" height="16" fill="${CATEGORY_COLORS[c.category]}"/>` +
      `<text x="${LABEL_W + width + 8}" y="${y + 15}" class="val">${c.matches} ${c.matches === 1 ? 'match' : 'matches'}, ${c.lines} lines</text></g>`
    );
  });
  return (
    `<svg class="chart" role="img" aria-label="Snippet matches by license category" viewBox="0 0 ${w} ${h}" ` +
    `width="${w}" height="${h}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`
  );
}

const STRIP_W = 600;

/** Files worth a strip: those with AI lines or matches, most matched first. */
export function stripFiles(files: ReadonlyArray<FileResult>, max: number): FileResult[] {
  return files
    .filter((f) => f.ai.length > 0 || f.matches.length > 0)
    .map((f) => ({ f, m: linesCovered(f.matches), a: linesCovered(f.ai) }))
    .sort((x, y) => y.m - x.m || y.a - x.a || (x.f.path < y.f.path ? -1 : 1))
    .slice(0, max)
    .map((x) => x.f);
}

/** One file as a strip: the top half marks AI-written lines, the bottom half matched lines. */
export function fileStrip(file: FileResult, href: string | undefined): string {
  const n = Math.max(1, file.lines);
  const x = (line: number) => ((line - 1) / n) * STRIP_W;
  const span = (s: { start: number; end: number }) => {
    const x0 = x(s.start);
    return { x: x0.toFixed(1), w: Math.max(1.5, x(s.end + 1) - x0).toFixed(1) };
  };
  const ai = file.ai
    .map((s) => {
      const r = span(s);
      return `<rect x="${r.x}" y="2" width="${r.w}" height="11" class="ai-fill"><title>AI lines ${s.start}–${s.end} (${esc(s.agent)})</title></rect>`;
    })
    .join('');
  const matched = file.matches
    .map((m) => {
      const r = span(m);
      return `<rect x="${r.x}" y="15" width="${r.w}" height="11" class="match-fill"><title>Matched lines ${m.start}–${m.end}: ${esc(m.corpus.name)} (${esc(m.corpus.license)})</title></rect>`;
    })
    .join('');
  const label = href ? `<a href="#${href}">${esc(file.path)}</a>` : esc(file.path);
  return (
    `<div class="strip"><div class="strip-label">${label} <span class="muted">${file.lines} lines</span></div>` +
    `<svg role="img" aria-label="AI and matched lines along ${esc(file.path)}" viewBox="0 0 ${STRIP_W} 28" width="${STRIP_W}" height="28" xmlns="http://www.w3.org/2000/svg">` +
    `<rect x="0" y="0" width="${STRIP_W}" height="28" class="track"/>${ai}${matched}</svg></div>`
  );
}
