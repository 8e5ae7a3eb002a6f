// The provscan facts about one scanned file, in plain data: the `provscan:` properties (docs/cyclonedx-taxonomy.md),
// the sentence an auditor reads, the snippet matches and the AI commits. Both the CycloneDX and the SPDX renderers
// read these, so the wording and numbers agree between formats.
import type { AiCommit, Conflict, FileResult, ScanResult, SnippetMatch } from '../model.js';
import { similarityText } from '../util/similarity.js';
import { formatSpans, mergeSpans, uniqueSorted } from './ranges.js';

export type Property = readonly [name: string, value: string];

/** Files that get a component: those with AI lines, matches or conflicts (every scanned file with `allFiles`). */
export function filesToDescribe(result: ScanResult, allFiles: boolean): FileResult[] {
  const withConflicts = new Set(result.conflicts.map((c) => c.path));
  return result.files.filter((f) => allFiles || f.ai.length > 0 || f.matches.length > 0 || withConflicts.has(f.path));
}

// Per-result indexes: renderers ask per file, and a result can describe thousands of files.
const conflictIndex = new WeakMap<ScanResult, Map<string, Conflict[]>>();
const nameIndex = new WeakMap<ScanResult, Map<string, string>>();

export function conflictsOf(result: ScanResult, path: string): Conflict[] {
  let index = conflictIndex.get(result);
  if (!index) {
    index = new Map();
    for (const c of result.conflicts) index.set(c.path, [...(index.get(c.path) ?? []), c]);
    conflictIndex.set(result, index);
  }
  return index.get(path) ?? [];
}

/** Number of lines covered by spans (overlaps counted once). */
export function spanLines(spans: ReadonlyArray<{ start: number; end: number }>): number {
  return mergeSpans(spans).reduce((n, s) => n + s.end - s.start + 1, 0);
}

/** Two decimals, as a string (a property value): "0.42". */
export function ratio(value: number): string {
  return (Math.round(value * 100) / 100).toFixed(2);
}

/** Display name of an agent id: from the commits that name it, else the id itself. */
export function agentNames(result: ScanResult): Map<string, string> {
  let names = nameIndex.get(result);
  if (!names) {
    names = new Map<string, string>();
    for (const c of result.commits) if (!names.has(c.agent)) names.set(c.agent, c.agentName);
    nameIndex.set(result, names);
  }
  return names;
}

/** The concluded license of a file: its own (or the project's) license AND the licenses of code copied into it. */
export function concludedLicense(file: FileResult, result: ScanResult): string | null {
  const own = file.license ?? result.projectLicense;
  const inbound = uniqueSorted(file.matches.map((m) => m.corpus.license)).filter(
    (l) => l !== own && l !== 'NOASSERTION',
  );
  const parts = [...(own ? [own] : []), ...inbound];
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0] ?? null;
  return parts.map((p) => (/\s/.test(p) ? `(${p})` : p)).join(' AND ');
}

/** The `provscan:` properties of a file component, unsorted (the library sorts them). */
export function fileProperties(file: FileResult, result: ScanResult): Property[] {
  const props: Property[] = [
    ['provscan:file:language', file.language],
    ['provscan:file:lines', String(file.lines)],
  ];
  if (file.ai.length > 0) {
    const aiLines = spanLines(file.ai);
    props.push(
      ['provscan:ai:lines', formatSpans(file.ai)],
      ['provscan:ai:line-count', String(aiLines)],
      ['provscan:ai:share', ratio(file.lines > 0 ? aiLines / file.lines : 0)],
      ['provscan:ai:agents', uniqueSorted(file.ai.map((s) => s.agent)).join(',')],
      ['provscan:ai:sources', uniqueSorted(file.ai.flatMap((s) => s.sources ?? [s.source])).join(',')],
      ['provscan:ai:confidence', ratio(Math.max(...file.ai.map((s) => s.confidence)))],
    );
    const models = uniqueSorted(file.ai.flatMap((s) => (s.model ? [s.model] : [])));
    if (models.length > 0) props.push(['provscan:ai:models', models.join(',')]);
    const commits = uniqueSorted(file.ai.flatMap((s) => (s.commit ? [s.commit] : [])));
    if (commits.length > 0) props.push(['provscan:ai:commits', commits.join(',')]);
    const sessions = uniqueSorted(file.ai.flatMap((s) => (s.session ? [s.session] : [])));
    if (sessions.length > 0) props.push(['provscan:ai:sessions', sessions.join(',')]);
  }
  if (file.matches.length > 0) {
    props.push(
      ['provscan:match:count', String(file.matches.length)],
      ['provscan:match:lines', formatSpans(file.matches)],
      ['provscan:match:licenses', uniqueSorted(file.matches.map((m) => m.corpus.license)).join(',')],
    );
    const aiMatched = file.matches.filter((m) => file.ai.some((s) => s.start <= m.end && m.start <= s.end));
    props.push(['provscan:match:ai-count', String(aiMatched.length)]);
  }
  const conflicts = conflictsOf(result, file.path);
  if (conflicts.length > 0) {
    props.push(
      ['provscan:conflict:count', String(conflicts.length)],
      ['provscan:conflict:rules', uniqueSorted(conflicts.map((c) => c.rule)).join(',')],
      ['provscan:conflict:severity', worstSeverity(conflicts)],
    );
    const waived = conflicts.filter((c) => c.waived !== undefined).length;
    if (waived > 0) props.push(['provscan:conflict:waived', String(waived)]);
  }
  const concluded = concludedLicense(file, result);
  if (concluded) props.push(['provscan:license:concluded', concluded]);
  return props;
}

function worstSeverity(conflicts: ReadonlyArray<Conflict>): string {
  if (conflicts.some((c) => c.severity === 'error')) return 'error';
  if (conflicts.some((c) => c.severity === 'warning')) return 'warning';
  return 'notice';
}

/** Whole-project properties on the root component. */
export function projectProperties(result: ScanResult): Property[] {
  const props: Property[] = [
    ['provscan:scan:target', result.target],
    ['provscan:scan:files', String(result.totals.files)],
    ['provscan:scan:lines', String(result.totals.lines)],
    ['provscan:scan:ai-lines', String(result.totals.aiLines)],
    ['provscan:scan:matched-lines', String(result.totals.matchedLines)],
    ['provscan:scan:only-ai', String(result.settings.onlyAi)],
    ['provscan:provenance:available', String(result.provenance.available)],
    ['provscan:provenance:complete', String(result.provenance.complete)],
    ['provscan:conflict:count', String(result.conflicts.length)],
  ];
  if (result.commit) props.push(['provscan:scan:commit', result.commit]);
  const sources = uniqueSorted((result.projectLicenseEvidence ?? []).map((e) => e.source));
  if (sources.length > 0) props.push(['provscan:license:sources', sources.join(',')]);
  const waived = result.conflicts.filter((c) => c.waived !== undefined).length;
  if (waived > 0) props.push(['provscan:conflict:waived', String(waived)]);
  return props;
}

function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

/** "nano 7.2 src/utils.c:301-337 (GPL-3.0-or-later)" */
export function describeSource(m: SnippetMatch): string {
  const c = m.corpus;
  return `${c.name}${c.version ? ` ${c.version}` : ''} ${c.path}:${c.start}-${c.end} (${c.license})`;
}

/**
 * The sentence an auditor reads about one file:
 * "Lines 12–40 written by Claude Code (commit 9e1c4ab); lines 32–38 match nano 7.2 src/utils.c:301-337
 * (GPL-3.0-or-later), incompatible with MIT."
 */
export function fileSentence(file: FileResult, result: ScanResult): string {
  const names = agentNames(result);
  const parts: string[] = [];
  const groups = new Map<string, { agent: string; commit: string | undefined; spans: FileResult['ai'][number][] }>();
  for (const s of file.ai) {
    const key = `${s.agent}\u0000${s.commit ?? ''}`;
    const g = groups.get(key) ?? { agent: s.agent, commit: s.commit, spans: [] };
    g.spans.push(s);
    groups.set(key, g);
  }
  for (const g of [...groups.values()].sort((a, b) => (a.spans[0]?.start ?? 0) - (b.spans[0]?.start ?? 0))) {
    const who = names.get(g.agent) ?? g.agent;
    const model = uniqueSorted(g.spans.flatMap((s) => (s.model ? [s.model] : [])));
    const via = `${who}${model.length > 0 ? ` (${model.join(', ')})` : ''}`;
    const where = g.commit ? ` in commit ${shortSha(g.commit)}` : ' (not yet committed)';
    parts.push(`${capitalise(linesWord(g.spans))} ${formatSpans(g.spans, '–', ', ')} written by ${via}${where}`);
  }
  const conflicts = conflictsOf(result, file.path);
  for (const m of [...file.matches].sort((a, b) => a.start - b.start)) {
    const c = conflicts.find((x) => x.start <= m.end && m.start <= x.end && x.license === m.corpus.license);
    const outbound = c?.projectLicense ?? 'the project license';
    const verdict = c
      ? `, ${c.verdict === 'no' || c.rule.startsWith('copyleft') ? 'incompatible with' : 'a finding against'} ${outbound} (${c.rule}, ${c.severity}${c.waived ? ', waived' : ''})`
      : '';
    parts.push(`${linesWord([m])} ${m.start}–${m.end} match ${describeSource(m)}: ${similarityText(m)}${verdict}`);
  }
  if (parts.length === 0) return `${file.path}: no AI-written lines and no matches.`;
  return `${file.path}: ${capitalise(parts.join('; '))}.`;
}

function linesWord(spans: ReadonlyArray<{ start: number; end: number }>): string {
  return spans.length === 1 && spans[0]?.start === spans[0]?.end ? 'line' : 'lines';
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The sentence for one conflict (its own annotation). */
export function conflictSentence(c: Conflict): string {
  const src = c.match
    ? ` (${c.match.name}${c.match.version ? ` ${c.match.version}` : ''} ${c.match.path}:${c.match.start}-${c.match.end})`
    : '';
  const who = c.ai ? 'AI-written ' : '';
  // A policy message that already names the license and the lines reads on its own: do not say it twice.
  const selfContained = c.message.includes(c.license) && c.message.includes(String(c.start));
  const facts = `${who}lines ${c.start}–${c.end} of ${c.path} carry ${c.license}${src}; outbound license ${c.projectLicense ?? 'unknown'}.`;
  const parts = [`${c.severity.toUpperCase()} ${c.rule} in ${c.path}:${selfContained ? '' : ` ${facts}`}`, c.message];
  // Policy messages often already state the reason: say it once.
  if (c.reason && !c.message.includes(c.reason)) parts.push(`Why: ${c.reason}`);
  if (c.factSource) parts.push(`Source: ${c.factSource}`);
  if (c.howToFix) parts.push(`Fix: ${c.howToFix}`);
  if (c.waived)
    parts.push(
      `Waived by ${c.waived.approver}: ${c.waived.reason}${c.waived.expires ? ` (until ${c.waived.expires})` : ''}`,
    );
  return parts.map((p) => (/[.!?:]$/.test(p) ? p : `${p}.`)).join(' ');
}

/** AI commits that brought lines into this file, in history order then id. */
export function commitsOf(file: FileResult, result: ScanResult): AiCommit[] {
  const ids = new Set(file.ai.flatMap((s) => (s.commit ? [s.commit] : [])));
  return result.commits.filter((c) => ids.has(c.sha)).sort((a, b) => (a.sha < b.sha ? -1 : a.sha > b.sha ? 1 : 0));
}

/** A commit message as pedigree records it: subject, blank line, every trailer. */
export function commitMessage(c: AiCommit): string {
  const trailers = c.trailers.map((t) => `${t.key}: ${t.value}`).join('\n');
  return trailers ? `${c.subject}\n\n${trailers}` : c.subject;
}
