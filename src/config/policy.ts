// The policy file's shape and its strict validation. Every problem names the key path and what is wrong
// (`waivers[2].expires: "2025-13-01" is not a date (expected YYYY-MM-DD)`); unknown keys get a "did you mean".
// Documented by schemas/provscan-policy.schema.json and docs/policy.md: keep the three in step.
import { InputError } from '../errors.js';
import { LICENSE_CATEGORIES, type LicenseCategory } from '../license/categories.js';
import { RULES } from '../license/data/rules.js';
import { describeInvalid, parseExpression } from '../license/expression.js';
import type { LicensePolicy, SeverityOverride, Waiver } from '../license/policy.js';
import type { Severity } from '../model.js';
import { parseUserConventions } from '../provenance/user-conventions.js';
import { GlobError, type GlobDialect, compileGlob } from '../util/glob.js';

export type { LicensePolicy, SeverityOverride, Waiver } from '../license/policy.js';

/** The whole policy file: the license policy (judged by src/license/) and the scan settings around it. */
export interface ProvscanConfig extends LicensePolicy {
  /** Path of the file the config came from, or null for defaults. */
  readonly file: string | null;
  readonly failOn: Severity | 'never';
  readonly exclude: ReadonlyArray<string>;
  readonly minMatchLines: number;
  readonly minMatchTokens: number;
  /** The `min-match` values the user wrote (absent keys leave the matcher's own defaults in force). */
  readonly minMatch?: { readonly lines?: number; readonly tokens?: number };
  /** User conventions, validated by the provenance module. */
  readonly conventions: ReadonlyArray<unknown>;
}

export const DEFAULT_CONFIG: ProvscanConfig = {
  file: null,
  failOn: 'error',
  exclude: [],
  minMatchLines: 6,
  minMatchTokens: 50,
  conventions: [],
  licenses: { allow: [], deny: [] },
  categories: { allow: [], deny: [] },
  severity: {},
  aiStricter: false,
  waivers: [],
};

const TOP_KEYS = [
  'fail-on',
  'licenses',
  'categories',
  'severity',
  'exclude',
  'min-match',
  'ai',
  'conventions',
  'waivers',
];
const WAIVER_KEYS = ['path', 'lines', 'fingerprint', 'license', 'reason', 'approver', 'expires'];
const LEVELS = ['error', 'warning', 'notice', 'never'];

/**
 * Most entries of each list (the scanned repository writes the policy: every exclude is tried on every file, every
 * waiver on every finding). Documented in docs/policy.md.
 */
export const POLICY_LIMITS = { exclude: 1000, waivers: 5000, licenses: 1000, categories: 100, severity: 1000 } as const;

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = row[j] ?? 0;
      row[j] = Math.min((row[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return row[b.length] ?? 0;
}

export function didYouMean(key: string, known: ReadonlyArray<string>): string {
  const norm = key.toLowerCase().replace(/_/g, '-');
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  for (const k of known) {
    const d = k === norm ? 0 : distance(norm, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${best}"?)` : '';
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  // a value is quoted in the message, so at most its start: a policy file may hold anything, even a secret
  if (typeof v === 'string') return `"${v.length > 80 ? `${v.slice(0, 80)}…` : v}"`;
  return `${typeof v} ${String(v)}`;
}

class Checker {
  constructor(readonly file: string) {}
  fail(at: string, problem: string): never {
    // at '' is the document itself (a file that is not a YAML mapping at all)
    throw new InputError(
      this.file,
      at === '' ? problem.replace(/^expected /, 'expected the whole file to be ') : `${at}: ${problem}`,
    );
  }
  map(v: unknown, at: string, keys: ReadonlyArray<string>): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v))
      this.fail(at, `expected a mapping, got ${describe(v)}`);
    const m = v as Record<string, unknown>;
    for (const k of Object.keys(m)) {
      if (!keys.includes(k)) {
        const where = at === '' ? '' : `${at}: `;
        throw new InputError(this.file, `${where}unknown key "${k}"${didYouMean(k, keys)}`);
      }
    }
    return m;
  }
  list(v: unknown, at: string, max: number): unknown[] {
    if (!Array.isArray(v)) this.fail(at, `expected a list, got ${describe(v)}`);
    if (v.length > max)
      this.fail(at, `has ${v.length.toLocaleString('en-US')} entries; the limit is ${max.toLocaleString('en-US')}`);
    return v;
  }
  glob(v: unknown, at: string, dialect: GlobDialect): string {
    const s = this.string(v, at);
    try {
      compileGlob(s, dialect);
    } catch (err) {
      if (!(err instanceof GlobError)) throw err;
      this.fail(at, err.message);
    }
    return s;
  }
  string(v: unknown, at: string): string {
    if (typeof v !== 'string' || v.trim() === '') this.fail(at, `expected a non-empty string, got ${describe(v)}`);
    return v.trim();
  }
  int(v: unknown, at: string, min: number): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min)
      this.fail(at, `expected a whole number ≥ ${min}, got ${describe(v)}`);
    return v;
  }
  expression(v: unknown, at: string): string {
    const s = this.string(v, at);
    const parsed = parseExpression(s);
    if (!parsed.ok) this.fail(at, describeInvalid(s, parsed));
    return parsed.expression;
  }
  category(v: unknown, at: string): LicenseCategory {
    const s = this.string(v, at);
    if (!(LICENSE_CATEGORIES as ReadonlyArray<string>).includes(s)) {
      this.fail(
        at,
        `unknown category "${s}"${didYouMean(s, LICENSE_CATEGORIES)} (one of ${LICENSE_CATEGORIES.join(', ')})`,
      );
    }
    return s as LicenseCategory;
  }
}

/** A date that exists, as YYYY-MM-DD. */
export function isIsoDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

function parseWaiver(c: Checker, raw: unknown, index: number): Waiver {
  const at = `waivers[${index}]`;
  const w = c.map(raw, at, WAIVER_KEYS);
  const path = c.glob(w['path'], `${at}.path`, 'path');
  for (const key of ['reason', 'approver']) if (w[key] === undefined) c.fail(`${at}.${key}`, 'is required');
  let lines: Waiver['lines'];
  if (w['lines'] !== undefined) {
    const v = w['lines'];
    const text = typeof v === 'number' ? String(v) : c.string(v, `${at}.lines`);
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(text);
    const start = Number(m?.[1]);
    const end = Number(m?.[2] ?? m?.[1]);
    if (!m || start < 1 || end < start)
      c.fail(`${at}.lines`, `"${text}" is not a line range (expected START-END, e.g. "10-40")`);
    lines = { start, end };
  }
  let fingerprint: string | undefined;
  if (w['fingerprint'] !== undefined) {
    fingerprint = c.string(w['fingerprint'], `${at}.fingerprint`).toLowerCase();
    if (!/^[0-9a-f]{6,}$/.test(fingerprint)) c.fail(`${at}.fingerprint`, `"${fingerprint}" is not a hex fingerprint`);
  }
  let expires: string | null = null;
  if (w['expires'] !== undefined && w['expires'] !== null) {
    // YAML turns an unquoted 2025-01-31 into a Date; accept it, but only a real calendar date.
    const v = w['expires'];
    const text = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'string' ? v.trim() : describe(v);
    if (!isIsoDate(text))
      c.fail(
        `${at}.expires`,
        `${v instanceof Date || typeof v === 'string' ? `"${text}"` : text} is not a date (expected YYYY-MM-DD)`,
      );
    expires = text;
  }
  return {
    index,
    path,
    ...(lines ? { lines } : {}),
    ...(fingerprint ? { fingerprint } : {}),
    ...(w['license'] !== undefined ? { license: c.expression(w['license'], `${at}.license`) } : {}),
    reason: c.string(w['reason'], `${at}.reason`),
    approver: c.string(w['approver'], `${at}.approver`),
    expires,
  };
}

function explicitMinMatch(m: Record<string, unknown>): { lines?: number; tokens?: number } {
  return {
    ...(typeof m['lines'] === 'number' ? { lines: m['lines'] } : {}),
    ...(typeof m['tokens'] === 'number' ? { tokens: m['tokens'] } : {}),
  };
}

/**
 * Validates a parsed policy document.
 * @throws InputError naming `file`, the key path and the problem.
 */
export function parsePolicy(raw: unknown, file: string): ProvscanConfig {
  if (raw === undefined || raw === null) return { ...DEFAULT_CONFIG, file };
  const c = new Checker(file);
  const doc = c.map(raw, '', TOP_KEYS);
  let failOn = DEFAULT_CONFIG.failOn;
  if (doc['fail-on'] !== undefined) {
    const v = c.string(doc['fail-on'], 'fail-on');
    if (!LEVELS.includes(v))
      c.fail('fail-on', `expected one of ${LEVELS.join(', ')}, got "${v}"${didYouMean(v, LEVELS)}`);
    failOn = v as Severity | 'never';
  }
  const ids = (key: 'licenses' | 'categories') => {
    if (doc[key] === undefined) return { allow: [] as unknown[], deny: [] as unknown[] };
    const m = c.map(doc[key], key, ['allow', 'deny']);
    return {
      allow: m['allow'] === undefined ? [] : c.list(m['allow'], `${key}.allow`, POLICY_LIMITS[key]),
      deny: m['deny'] === undefined ? [] : c.list(m['deny'], `${key}.deny`, POLICY_LIMITS[key]),
    };
  };
  const lic = ids('licenses');
  const cat = ids('categories');
  const severity: Record<string, SeverityOverride> = {};
  if (doc['severity'] !== undefined) {
    const m = doc['severity'];
    if (typeof m !== 'object' || m === null || Array.isArray(m))
      c.fail('severity', `expected a mapping, got ${describe(m)}`);
    const rules = Object.keys(RULES);
    const entries = Object.entries(m as Record<string, unknown>);
    if (entries.length > POLICY_LIMITS.severity)
      c.fail('severity', `has ${entries.length.toLocaleString('en-US')} keys; the limit is ${POLICY_LIMITS.severity}`);
    for (const [k, v] of entries) {
      // A key is a rule id or a license id; a typo in either would silently do nothing.
      if (!rules.includes(k) && !parseExpression(k).ok) {
        const hint = didYouMean(k, rules);
        c.fail('severity', `unknown key "${k}": neither a rule id nor an SPDX license id${hint}`);
      }
      const level = c.string(v, `severity.${k}`);
      if (!['error', 'warning', 'notice', 'off'].includes(level))
        c.fail(`severity.${k}`, `expected error, warning, notice or off, got "${level}"`);
      severity[k] = level as SeverityOverride;
    }
  }
  let minMatchLines = DEFAULT_CONFIG.minMatchLines;
  let minMatchTokens = DEFAULT_CONFIG.minMatchTokens;
  if (doc['min-match'] !== undefined) {
    const m = c.map(doc['min-match'], 'min-match', ['lines', 'tokens']);
    if (m['lines'] !== undefined) minMatchLines = c.int(m['lines'], 'min-match.lines', 1);
    if (m['tokens'] !== undefined) minMatchTokens = c.int(m['tokens'], 'min-match.tokens', 1);
  }
  let aiStricter = false;
  if (doc['ai'] !== undefined) {
    const m = c.map(doc['ai'], 'ai', ['stricter']);
    if (m['stricter'] !== undefined) {
      if (typeof m['stricter'] !== 'boolean')
        c.fail('ai.stricter', `expected true or false, got ${describe(m['stricter'])}`);
      aiStricter = m['stricter'] as boolean;
    }
  }
  return {
    file,
    failOn,
    exclude:
      doc['exclude'] === undefined
        ? []
        : c.list(doc['exclude'], 'exclude', POLICY_LIMITS.exclude).map((g, i) => c.glob(g, `exclude[${i}]`, 'exclude')),
    minMatchLines,
    minMatchTokens,
    ...(doc['min-match'] !== undefined
      ? { minMatch: explicitMinMatch(doc['min-match'] as Record<string, unknown>) }
      : {}),
    conventions: parseUserConventions(doc['conventions'], file),
    licenses: {
      allow: lic.allow.map((v, i) => c.expression(v, `licenses.allow[${i}]`)),
      deny: lic.deny.map((v, i) => c.expression(v, `licenses.deny[${i}]`)),
    },
    categories: {
      allow: cat.allow.map((v, i) => c.category(v, `categories.allow[${i}]`)),
      deny: cat.deny.map((v, i) => c.category(v, `categories.deny[${i}]`)),
    },
    severity,
    aiStricter,
    waivers:
      doc['waivers'] === undefined
        ? []
        : c.list(doc['waivers'], 'waivers', POLICY_LIMITS.waivers).map((w, i) => parseWaiver(c, w, i)),
  };
}
