// From snippet matches to findings a release manager can act on. For each match: inbound = the corpus code's
// license, outbound = the file's SPDX header or the project license. Policy (allow/deny, severity overrides, AI
// strictness) and waivers are applied here, so every output renders the same findings.
//
// Ordering (documented in docs/policy.md): severity first (error, warning, notice); within a severity AI-written
// lines come before human ones, since an assistant reproducing licensed code is the case this tool exists for;
// then path, line and rule, so the order is stable across runs.
import type { LicensePolicy, Waiver } from './policy.js';
import type { Conflict, FileResult, Severity, SnippetMatch, WaiverStatus } from '../model.js';
import { type LicenseCategory, licenseCategory } from './categories.js';
import { type Compatibility, nodeCompatibility } from './compatibility.js';
import { NO_ATTRIBUTION, RULES } from './data/rules.js';
import { type LicenseNode, canonicalLeaf, parseExpression } from './expression.js';
import { similarityText } from '../util/similarity.js';
import { cachedGlob } from '../util/glob.js';

const RANK: Record<Severity, number> = { notice: 1, warning: 2, error: 3 };
const STRICTER: Record<Severity, Severity> = { notice: 'warning', warning: 'error', error: 'error' };

export interface EvaluateInput {
  readonly files: ReadonlyArray<FileResult>;
  readonly projectLicense: string | null;
  readonly config: LicensePolicy;
  readonly now: Date;
}

interface Draft {
  rule: string;
  verdict: Conflict['verdict'];
  reason: string;
  factSource: string;
  detail: string;
}

/** Can the expression be satisfied using only leaves that pass `ok`? (`A OR B`: either; `A AND B`: both.) */
function satisfiable(node: LicenseNode, ok: (id: string) => boolean): boolean {
  if (node.kind === 'license') return ok(canonicalLeaf(node).id);
  return node.kind === 'or'
    ? satisfiable(node.left, ok) || satisfiable(node.right, ok)
    : satisfiable(node.left, ok) && satisfiable(node.right, ok);
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start <= b.end && b.start <= a.end;
}

function policyFinding(node: LicenseNode, config: LicensePolicy): Draft | undefined {
  const { allow, deny } = config.licenses;
  const denyIds = new Set(deny.map((d) => canonicalId(d)));
  const allowIds = new Set(allow.map((a) => canonicalId(a)));
  if (!satisfiable(node, (id) => !denyIds.has(id) && (allowIds.size === 0 || allowIds.has(id)))) {
    const why =
      allowIds.size > 0 ? "is not on the policy's licenses.allow list" : "is on the policy's licenses.deny list";
    return {
      rule: 'denied-license',
      verdict: 'no',
      reason: `The license ${why}.`,
      factSource: 'policy file',
      detail: why,
    };
  }
  const catDeny = new Set(config.categories.deny);
  const catAllow = new Set(config.categories.allow);
  const catOk = (id: string): boolean => {
    const cat = licenseCategory(id);
    return !catDeny.has(cat) && (catAllow.size === 0 || catAllow.has(cat));
  };
  if (!satisfiable(node, catOk)) {
    const why = catAllow.size > 0 ? 'is in a category not on categories.allow' : 'is in a category on categories.deny';
    return {
      rule: 'denied-category',
      verdict: 'no',
      reason: `The license ${why}.`,
      factSource: 'policy file',
      detail: why,
    };
  }
  return undefined;
}

const canonical = new Map<string, string>();
function canonicalId(expression: string): string {
  const known = canonical.get(expression);
  if (known !== undefined) return known;
  const id = computeCanonicalId(expression);
  if (canonical.size < 10_000) canonical.set(expression, id);
  return id;
}

function computeCanonicalId(expression: string): string {
  const parsed = parseExpression(expression);
  return parsed.ok && parsed.node.kind === 'license' ? canonicalLeaf(parsed.node).id : expression;
}

function ruleForNo(category: LicenseCategory, outboundCategory: LicenseCategory): string {
  if (category === 'network-copyleft') return 'network-copyleft';
  if (category === 'source-available') return 'source-available-code';
  if (category === 'proprietary') return 'proprietary-code';
  if (category === 'strong-copyleft' || category === 'weak-copyleft-file' || category === 'weak-copyleft-library') {
    const nonCopyleft =
      outboundCategory === 'permissive' || outboundCategory === 'public-domain' || outboundCategory === 'proprietary';
    return nonCopyleft ? 'copyleft-in-permissive' : 'incompatible-license';
  }
  return 'incompatible-license';
}

function compatFinding(inbound: LicenseNode, outboundText: string | null): Draft | undefined {
  if (outboundText === null) {
    const cat = leafCategory(inbound);
    if (cat === 'public-domain') return undefined;
    if (cat === 'permissive') return attribution(friendliestLeaf(inbound), undefined);
    return {
      rule: 'unknown-project-license',
      verdict: 'unknown',
      reason: 'The project license is unknown, so provscan cannot tell whether this code may be included.',
      factSource: 'provscan',
      detail: 'the project license is unknown',
    };
  }
  const outbound = parseExpression(outboundText);
  if (!outbound.ok) {
    return {
      rule: 'compatibility-unknown',
      verdict: 'unknown',
      reason: `The outbound license "${outboundText}" is not a valid SPDX expression.`,
      factSource: 'provscan',
      detail: 'invalid outbound license',
    };
  }
  const compat = nodeCompatibility(inbound, outbound.node);
  const chosen = parseExpression(compat.inbound);
  const cat = chosen.ok ? leafCategory(chosen.node) : 'unknown';
  const base = { reason: compat.reason, factSource: compat.source };
  switch (compat.verdict) {
    case 'yes':
      return chosen.ok && cat !== 'public-domain' ? attribution(chosen.node, compat) : undefined;
    case 'no':
      return {
        ...base,
        rule: ruleForNo(cat, leafCategory(outbound.node)),
        verdict: 'no',
        detail: `may not be included in a work under ${compat.outbound}`,
      };
    case 'conditional':
      return {
        ...base,
        rule: 'conditional-license',
        verdict: 'conditional',
        detail: `may be included in a work under ${compat.outbound} only under conditions`,
      };
    default:
      return {
        ...base,
        rule: cat === 'unknown' ? 'unknown-license' : 'compatibility-unknown',
        verdict: 'unknown',
        detail:
          cat === 'unknown'
            ? 'is a license provscan does not know'
            : `has no known compatibility with ${compat.outbound}`,
      };
  }
}

/** Friendliest first: a choice takes the earliest, a conjunction the latest. */
const CATEGORY_ORDER: ReadonlyArray<LicenseCategory> = [
  'public-domain',
  'permissive',
  'weak-copyleft-file',
  'weak-copyleft-library',
  'strong-copyleft',
  'network-copyleft',
  'source-available',
  'proprietary',
  'unknown',
];

/** Category of the first leaf (callers pass a chosen single license, or judge a whole expression loosely). */
function leafCategory(node: LicenseNode): LicenseCategory {
  if (node.kind === 'license') return licenseCategory(canonicalLeaf(node).id);
  const l = leafCategory(node.left);
  const r = leafCategory(node.right);
  // For a choice the friendlier option counts; for a conjunction the stricter.

  const pick =
    node.kind === 'or'
      ? Math.min(CATEGORY_ORDER.indexOf(l), CATEGORY_ORDER.indexOf(r))
      : Math.max(CATEGORY_ORDER.indexOf(l), CATEGORY_ORDER.indexOf(r));
  return CATEGORY_ORDER[pick] ?? 'unknown';
}

/** For `A OR B` the option with the friendliest category (the one a project would take); leaves as they are. */
function friendliestLeaf(node: LicenseNode): LicenseNode {
  if (node.kind !== 'or') return node;
  const l = friendliestLeaf(node.left);
  const r = friendliestLeaf(node.right);
  return CATEGORY_ORDER.indexOf(leafCategory(r)) < CATEGORY_ORDER.indexOf(leafCategory(l)) ? r : l;
}

function attribution(node: LicenseNode, compat: Compatibility | undefined): Draft | undefined {
  if (node.kind !== 'license') return undefined;
  const id = canonicalLeaf(node).id;
  if (NO_ATTRIBUTION.has(id)) return undefined;
  const notice = id.startsWith('Apache-') ? ' and its NOTICE file' : '';
  return {
    rule: 'attribution-required',
    verdict: compat?.verdict ?? 'yes',
    reason: `${id} requires keeping the copyright and license notice${notice} with copies of the code.`,
    factSource: compat?.source ?? `${id} license text`,
    detail: 'requires attribution',
  };
}

/** 32-bit FNV-1a with a seed; two of them give a 64-bit id without the cost of a crypto hash per finding. */
function fnv1a(text: string, seed: number): number {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function findingId(path: string, rule: string, m: SnippetMatch): string {
  const where = m.fingerprint ?? `${m.start}-${m.end}`;
  const key = `${rule}\0${path}\0${m.corpus.license}\0${m.corpus.name}\0${m.corpus.path}\0${where}`;
  return fnv1a(key, 0x811c9dc5).toString(16).padStart(8, '0') + fnv1a(key, 0x01234567).toString(16).padStart(8, '0');
}

function isExpired(w: Waiver, now: Date): boolean {
  return w.expires !== null && now.getTime() >= Date.parse(`${w.expires}T00:00:00Z`) + 86_400_000;
}

function waiverCovers(w: Waiver, c: Conflict, m: SnippetMatch | undefined): boolean {
  // the policy parser compiled every waiver path once already: this cannot throw
  if (!cachedGlob(w.path, 'path').test(c.path)) return false;
  if (w.license !== undefined && canonicalId(w.license) !== canonicalId(c.license) && w.license !== c.license)
    return false;
  if (w.fingerprint !== undefined) return m?.fingerprint?.toLowerCase().startsWith(w.fingerprint) === true;
  if (w.lines !== undefined) return overlaps(w.lines, c);
  return true;
}

function severityFor(rule: string, license: string, ai: boolean, config: LicensePolicy): Severity | 'off' {
  const base = RULES[rule]?.severity ?? 'warning';
  const override = config.severity[license] ?? config.severity[canonicalId(license)] ?? config.severity[rule];
  const level = override ?? base;
  if (level === 'off') return 'off';
  return ai && config.aiStricter ? STRICTER[level] : level;
}

/** Findings for every match, with policy and waivers applied, in a stable order. */
export function evaluateConflicts(input: EvaluateInput): {
  readonly conflicts: ReadonlyArray<Conflict>;
  readonly waivers: ReadonlyArray<WaiverStatus>;
} {
  const { config } = input;
  const drafts: { conflict: Conflict; match: SnippetMatch }[] = [];
  // The judgement depends only on the two licenses (and the policy), and a scan has few distinct pairs.
  const judged = new Map<string, Draft | undefined>();
  const judge = (inboundText: string, outbound: string | null): Draft | undefined => {
    const key = `${inboundText}\0${outbound ?? ''}`;
    if (judged.has(key)) return judged.get(key);
    const parsed = parseExpression(inboundText);
    const draft: Draft | undefined =
      !parsed.ok || inboundText === 'NOASSERTION'
        ? {
            rule: 'unknown-license',
            verdict: 'unknown',
            reason: `The matched code's license "${inboundText}" is not a known SPDX expression.`,
            factSource: 'corpus',
            detail: 'has no known license',
          }
        : (policyFinding(parsed.node, config) ?? compatFinding(parsed.node, outbound));
    judged.set(key, draft);
    return draft;
  };
  for (const file of input.files) {
    const outbound = file.license ?? input.projectLicense;
    for (const m of file.matches) {
      const inboundText = m.corpus.license;
      const draft = judge(inboundText, outbound);
      if (!draft) continue;
      const ai = file.ai.some((s) => overlaps(s, m));
      const severity = severityFor(draft.rule, inboundText, ai, config);
      if (severity === 'off') continue;
      const rule = RULES[draft.rule];
      const source = `${m.corpus.name}${m.corpus.version ? ` ${m.corpus.version}` : ''} ${m.corpus.path}:${m.corpus.start}-${m.corpus.end}`;
      const who = ai ? 'AI-written lines' : 'Lines';
      const conflict: Conflict = {
        id: findingId(file.path, draft.rule, m),
        path: file.path,
        start: m.start,
        end: m.end,
        license: inboundText,
        projectLicense: outbound,
        severity,
        ai,
        rule: draft.rule,
        message: `${who} ${m.start}-${m.end} match ${source} (${similarityText(m)}, ${m.channel} channel); code under ${inboundText} ${draft.detail}. ${draft.reason}`,
        verdict: draft.verdict ?? 'unknown',
        reason: draft.reason,
        factSource: draft.factSource,
        ...(rule ? { howToFix: rule.howToFix } : {}),
        match: {
          name: m.corpus.name,
          version: m.corpus.version,
          purl: m.corpus.purl,
          path: m.corpus.path,
          start: m.corpus.start,
          end: m.corpus.end,
          similarity: m.similarity,
          ...(m.abstractShare !== undefined ? { abstractShare: m.abstractShare } : {}),
          channel: m.channel,
          ...(m.corpus.copyrights && m.corpus.copyrights.length > 0 ? { copyrights: m.corpus.copyrights } : {}),
        },
      };
      drafts.push({ conflict, match: m });
    }
  }

  const covers = new Map<number, number>();
  const withWaivers = drafts.map(({ conflict, match }) => {
    for (const w of config.waivers) {
      if (isExpired(w, input.now) || !waiverCovers(w, conflict, match)) continue;
      covers.set(w.index, (covers.get(w.index) ?? 0) + 1);
      return { ...conflict, waived: { reason: w.reason, approver: w.approver, expires: w.expires, index: w.index } };
    }
    return conflict;
  });

  const conflicts = withWaivers.sort(
    (a, b) =>
      RANK[b.severity] - RANK[a.severity] ||
      Number(b.ai) - Number(a.ai) ||
      (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) ||
      a.start - b.start ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) ||
      ((a.id ?? '') < (b.id ?? '') ? -1 : 1),
  );
  const waivers: WaiverStatus[] = config.waivers.map((w) => {
    const n = covers.get(w.index) ?? 0;
    return {
      index: w.index,
      path: w.path,
      reason: w.reason,
      approver: w.approver,
      expires: w.expires,
      state: isExpired(w, input.now) ? 'expired' : n > 0 ? 'active' : 'stale',
      covers: n,
    };
  });
  return { conflicts, waivers };
}
