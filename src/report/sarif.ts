// SARIF 2.1.0 as GitHub code scanning reads it: one result per independently fixable finding (a license conflict,
// or AI-written code that matches copyleft code), located by file and line region, with partialFingerprints that
// survive line shifts (they hash the rule, the path and the matched content, never line numbers).
import { createHash } from 'node:crypto';
import { isCopyleft, licenseCategory } from '../license/categories.js';
import type { Conflict, FileResult, ScanResult, Severity, SnippetMatch } from '../model.js';
import { similarityText } from '../util/similarity.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://www.npmjs.com/package/provscan';
/** The rules' documentation (docs/policy.md, one anchor per rule) at the provscan version that wrote the log. */
const RULE_DOCS = 'https://github.com/provscan/provscan/blob/v{version}/docs/policy.md';

/** Where a rule is explained: its row in docs/policy.md's rules table (`ai-copyleft-match` has a section of its own). */
export function ruleHelpUri(id: string, version: string): string {
  return `${RULE_DOCS.replace('{version}', encodeURIComponent(version))}#${encodeURIComponent(id)}`;
}
/** Rule for AI-written lines that match copyleft code without (yet) being a policy conflict. */
export const AI_COPYLEFT_RULE = 'ai-copyleft-match';

interface RuleText {
  readonly name: string;
  readonly short: string;
  readonly full: string;
  readonly help: string;
  readonly tags: ReadonlyArray<string>;
}

// What each rule means, for the code-scanning UI. Rules not listed here (new policy rules) get a generic text.
const RULES: Record<string, RuleText> = {
  'copyleft-in-permissive': {
    name: 'CopyleftInPermissive',
    short: 'Copyleft code in a permissively licensed work',
    full: 'Lines match code under a copyleft license whose terms the project license cannot satisfy.',
    help: 'Remove or rewrite the matched lines, relicense the work, or record a waiver approved by legal review.',
    tags: ['license', 'copyleft', 'compliance'],
  },
  'attribution-required': {
    name: 'AttributionRequired',
    short: 'Matched code requires attribution',
    full: 'Lines match code whose license requires keeping its copyright and license notice.',
    help: 'Keep the original notice with the code (e.g. in a NOTICE file), or rewrite the lines.',
    tags: ['license', 'attribution', 'compliance'],
  },
  'denied-license': {
    name: 'DeniedLicense',
    short: 'Matched code is under a license the policy denies',
    full: 'Lines match code under a license listed as denied in the provscan policy file.',
    help: 'Remove or rewrite the lines, or change the policy after legal review.',
    tags: ['license', 'policy', 'compliance'],
  },
  'unknown-license': {
    name: 'UnknownLicense',
    short: 'Matched code has an unknown license',
    full: 'Lines match code whose license could not be identified, so its compatibility is unknown.',
    help: 'Identify the license of the matched source, then rewrite the lines or record a waiver.',
    tags: ['license', 'compliance'],
  },
  [AI_COPYLEFT_RULE]: {
    name: 'AiCopyleftMatch',
    short: 'AI-written code matches copyleft code',
    full: 'Lines an AI assistant wrote reproduce code under a copyleft license.',
    help: 'Check whether the copyleft terms apply to your distribution; rewrite the lines if in doubt.',
    tags: ['license', 'copyleft', 'ai-provenance'],
  },
};

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', notice: 'note' };

function ruleText(id: string): RuleText {
  return (
    RULES[id] ?? {
      name: id.replace(/(^|[-_])(\w)/g, (_, __, c: string) => c.toUpperCase()),
      short: `License finding: ${id}`,
      full: `A license finding of rule ${id} reported by the provscan policy.`,
      help: 'Read the finding message; rewrite the matched lines or record a waiver approved by legal review.',
      tags: ['license', 'compliance'],
    }
  );
}

/** A license expression is copyleft when every OR-alternative carries a copyleft license. */
export function isCopyleftExpression(expression: string): boolean {
  const alternatives = expression.replace(/[()]/g, ' ').split(/\s+OR\s+/);
  return alternatives.every((alt) =>
    alt
      .split(/\s+(?:AND|WITH)\s+/)
      .map((s) => s.trim())
      .some((id) => id !== '' && isCopyleft(licenseCategory(id))),
  );
}

function fingerprint(...parts: ReadonlyArray<string>): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function uriOf(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

/** The match behind a conflict (same file, overlapping lines, same license), for its content fingerprint. */
function matchOf(c: Conflict, file: FileResult | undefined): SnippetMatch | undefined {
  return file?.matches.find((m) => overlaps(m, c) && m.corpus.license === c.license);
}

function matchContentKey(m: SnippetMatch | undefined, c?: Conflict): string {
  if (m?.fingerprint) return m.fingerprint;
  const src = m?.corpus ?? c?.match;
  // Without a content fingerprint, the matched corpus location identifies the content (our line numbers do not).
  return src ? `${src.name}|${src.version ?? ''}|${src.path}|${src.start}-${src.end}` : (c?.id ?? c?.license ?? '');
}

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: 'error' | 'warning' | 'note';
  message: { text: string };
  locations: {
    physicalLocation: {
      artifactLocation: { uri: string; uriBaseId: string };
      region: { startLine: number; endLine: number };
    };
  }[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
  suppressions?: { kind: 'external'; status: 'accepted'; justification: string }[];
}

function location(path: string, start: number, end: number): SarifResult['locations'][number] {
  return {
    physicalLocation: {
      artifactLocation: { uri: uriOf(path), uriBaseId: '%SRCROOT%' },
      region: { startLine: start, endLine: end },
    },
  };
}

/** Renders the SARIF 2.1.0 log of a scan (deterministic: results follow the scan's own order). */
export function renderSarif(result: ScanResult): string {
  const files = new Map(result.files.map((f) => [f.path, f] as const));
  const ruleIds: string[] = [];
  const ruleIndex = (id: string): number => {
    let i = ruleIds.indexOf(id);
    if (i < 0) i = ruleIds.push(id) - 1;
    return i;
  };
  const results: SarifResult[] = [];

  for (const c of result.conflicts) {
    const m = matchOf(c, files.get(c.path));
    const r: SarifResult = {
      ruleId: c.rule,
      ruleIndex: ruleIndex(c.rule),
      level: LEVEL[c.severity],
      message: { text: conflictText(c) },
      locations: [location(c.path, c.start, c.end)],
      partialFingerprints: { 'provscan/v1': fingerprint(c.rule, c.path, matchContentKey(m, c)) },
      properties: {
        license: c.license,
        projectLicense: c.projectLicense,
        aiWritten: c.ai,
        ...(c.id ? { findingId: c.id } : {}),
        ...(c.match
          ? {
              matchedSource: `${c.match.name}${c.match.version ? `@${c.match.version}` : ''}:${c.match.path}:${c.match.start}-${c.match.end}`,
              similarity: c.match.similarity,
              ...(c.match.abstractShare !== undefined ? { abstractShare: c.match.abstractShare } : {}),
              ...(c.match.channel ? { channel: c.match.channel } : {}),
            }
          : {}),
      },
    };
    if (c.waived) {
      r.suppressions = [
        {
          kind: 'external',
          status: 'accepted',
          justification: `${c.waived.reason} (approved by ${c.waived.approver}${c.waived.expires ? `, until ${c.waived.expires}` : ''})`,
        },
      ];
    }
    results.push(r);
  }

  // AI-written copyleft matches that no conflict already reports (e.g. the project itself is copyleft).
  for (const f of result.files) {
    for (const m of f.matches) {
      const aiSpan = f.ai.find((s) => overlaps(s, m));
      if (!aiSpan || !isCopyleftExpression(m.corpus.license)) continue;
      if (result.conflicts.some((c) => c.path === f.path && overlaps(c, m) && c.license === m.corpus.license)) continue;
      const src = `${m.corpus.name}${m.corpus.version ? ` ${m.corpus.version}` : ''} ${m.corpus.path}:${m.corpus.start}-${m.corpus.end}`;
      results.push({
        ruleId: AI_COPYLEFT_RULE,
        ruleIndex: ruleIndex(AI_COPYLEFT_RULE),
        level: 'note',
        message: {
          text: `Lines ${m.start}-${m.end}, written by ${aiSpan.agent}, match ${src} (${m.corpus.license}): ${similarityText(m)} (${m.channel} channel).`,
        },
        locations: [location(f.path, m.start, m.end)],
        partialFingerprints: { 'provscan/v1': fingerprint(AI_COPYLEFT_RULE, f.path, matchContentKey(m)) },
        properties: {
          license: m.corpus.license,
          aiWritten: true,
          agent: aiSpan.agent,
          similarity: m.similarity,
          ...(m.abstractShare !== undefined ? { abstractShare: m.abstractShare } : {}),
          channel: m.channel,
        },
      });
    }
  }

  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: result.tool.name,
            version: result.tool.version,
            semanticVersion: result.tool.version,
            informationUri: INFORMATION_URI,
            rules: ruleIds.map((id) => {
              const t = ruleText(id);
              const level = defaultLevel(id, result.conflicts);
              return {
                id,
                name: t.name,
                shortDescription: { text: t.short },
                fullDescription: { text: t.full },
                helpUri: ruleHelpUri(id, result.tool.version),
                help: { text: t.help, markdown: `**${t.short}.** ${t.help}` },
                defaultConfiguration: { level },
                properties: { tags: [...t.tags] },
              };
            }),
          },
        },
        ...(result.commit && result.repository
          ? {
              versionControlProvenance: [
                {
                  repositoryUri: result.repository.url,
                  revisionId: result.commit,
                  ...(result.repository.branch ? { branch: result.repository.branch } : {}),
                  mappedTo: { uriBaseId: '%SRCROOT%' },
                },
              ],
            }
          : {}),
        ...(result.commit ? { properties: { commit: result.commit, projectLicense: result.projectLicense } } : {}),
        columnKind: 'unicodeCodePoints',
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A rule's default level: the most severe level its findings carry in this scan (`note` for the AI rule). */
function defaultLevel(id: string, conflicts: ReadonlyArray<Conflict>): 'error' | 'warning' | 'note' {
  const severities = conflicts.filter((c) => c.rule === id).map((c) => c.severity);
  if (severities.includes('error')) return 'error';
  if (severities.includes('warning')) return 'warning';
  return severities.length > 0 ? 'note' : id === AI_COPYLEFT_RULE ? 'note' : 'warning';
}

function conflictText(c: Conflict): string {
  const who = c.ai ? 'AI-written lines' : 'Lines';
  const src = c.match
    ? ` match ${c.match.name}${c.match.version ? ` ${c.match.version}` : ''} ${c.match.path}:${c.match.start}-${c.match.end} and`
    : '';
  const shares = c.match ? ` (${similarityText(c.match)}${c.match.channel ? `, ${c.match.channel} channel` : ''})` : '';
  const head = `${who} ${c.start}-${c.end}${src}${shares} carry ${c.license}; outbound license ${c.projectLicense ?? 'unknown'}.`;
  // A policy message that already names the license and lines reads on its own; otherwise lead with the facts.
  const selfContained = c.message.includes(c.license) && c.message.includes(`${c.start}`);
  const parts = [selfContained ? '' : head, c.message, c.howToFix ? `Fix: ${c.howToFix}` : ''].filter((p) => p !== '');
  return parts.map((p) => (/[.!?]$/.test(p) ? p : `${p}.`)).join(' ');
}
