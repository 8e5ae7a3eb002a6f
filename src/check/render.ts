// How `provscan check --staged` reads to a person at commit time: one line per finding, a summary, and what to
// do about it. Pure: returns text; the CLI prints it.
import type { Conflict, Severity } from '../model.js';
import { printableLines } from '../util/printable.js';
import { similarityShort } from '../util/similarity.js';
import type { CheckResult } from './staged-check.js';

/** `src/x.c:12-40  GPL-3.0-or-later  nano src/utils.c:301-337  91%  AI` */
export function findingLine(c: Conflict): string {
  const where = `${c.path}:${c.start}-${c.end}`;
  const m = c.match;
  const source = m ? `${m.name}${m.version ? `@${m.version}` : ''} ${m.path}:${m.start}-${m.end}` : c.rule;
  const pct = m ? `${similarityShort(m)}${m.channel ? ` ${m.channel}` : ''}` : '';
  const tags = [c.severity, c.ai ? 'AI' : '', c.waived ? 'waived' : ''].filter(Boolean).join(' ');
  return [where, c.license, source, pct, tags].filter((x) => x !== '').join('  ');
}

export function renderCheckText(
  check: CheckResult,
  failing: ReadonlyArray<Conflict>,
  failOn: Severity | 'never',
): string {
  const out: string[] = [];
  for (const n of check.notes) out.push(`provscan: ${n}`);
  if (check.nothingStaged) return `${out.join('\n')}\n`;
  const r = check.result;
  const shown = [...r.conflicts].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.start - b.start));
  for (const c of shown) out.push(findingLine(c));
  for (const s of r.skipped) out.push(`skipped  ${s.path}  ${s.reason}${s.detail ? ` (${s.detail})` : ''}`);
  const ai = r.totals.aiLines;
  out.push(
    `provscan check: ${check.staged.length} staged file(s), ${check.stagedLines} staged line(s)${ai > 0 ? `, ${ai} written by an AI assistant` : ''}; ` +
      `${r.conflicts.length} finding(s), ${failing.length} failing (fail-on: ${failOn}); project license ${r.projectLicense ?? 'unknown'}`,
  );
  if (failing.length > 0) {
    out.push('');
    out.push('This commit is blocked: staged code matches licensed code your policy does not allow here. You can:');
    out.push('  - rewrite the matching lines (do not paste or regenerate them from the original),');
    out.push(
      '  - waive a finding you have reviewed: provscan waive <path>:<start>-<end> --reason "…" (or a `waivers` entry in .provscan.yml),',
    );
    out.push('  - or commit anyway, knowingly: git commit --no-verify');
  }
  return printableLines(out);
}

/** JSON for tools: the staged scan result plus what was staged. */
export function renderCheckJson(check: CheckResult, failing: ReadonlyArray<Conflict>): string {
  return `${JSON.stringify(
    {
      ...check.result,
      check: {
        nothingStaged: check.nothingStaged,
        staged: check.staged,
        stagedLines: check.stagedLines,
        failing: failing.length,
        notes: check.notes,
      },
    },
    null,
    2,
  )}\n`;
}
