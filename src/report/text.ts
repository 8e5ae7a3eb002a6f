// Plain-text rendering of a scan for a terminal: one line per AI span and match, then conflicts and a summary.
import type { ScanResult } from '../model.js';
import { printableLines } from '../util/printable.js';
import { similarityText } from '../util/similarity.js';

export function renderText(result: ScanResult): string {
  const out: string[] = [];
  for (const f of result.files) {
    if (f.ai.length === 0 && f.matches.length === 0) continue;
    out.push(`${f.path}`);
    for (const s of f.ai) {
      const by = s.model ? `${s.agent} (${s.model})` : s.agent;
      const commit = s.commit ? ` ${s.commit.slice(0, 9)}` : '';
      out.push(`  AI     ${s.start}-${s.end}  ${by}${commit}  [${s.source}, ${s.confidence}]`);
    }
    for (const m of f.matches) {
      const c = m.corpus;
      const ver = c.version ? ` ${c.version}` : '';
      out.push(
        `  MATCH  ${m.start}-${m.end}  ${c.license}  ${c.name}${ver} ${c.path}:${c.start}-${c.end}  ${similarityText(m)} (${m.channel})`,
      );
    }
  }
  if (result.conflicts.length > 0) {
    out.push('', 'Conflicts:');
    for (const c of result.conflicts) {
      const waived = c.waived ? ' (waived)' : '';
      out.push(
        `  ${c.severity.toUpperCase().padEnd(7)} ${c.path}:${c.start}-${c.end}  ${c.rule}${waived}  ${c.message}`,
      );
    }
  }
  for (const note of result.provenance.notes) out.push(`note: ${note}`);
  const t = result.totals;
  const share = t.lines > 0 ? ((100 * t.aiLines) / t.lines).toFixed(1) : '0.0';
  out.push(
    '',
    `${plural(t.files, 'file')}, ${plural(t.lines, 'line')}, ${t.aiLines} AI-written (${share}%), ${t.matchedLines} matched, ` +
      `${plural(result.conflicts.length, 'finding')}, ${result.skipped.length} skipped; project license ${result.projectLicense ?? 'unknown'}`,
  );
  return printableLines(out);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
