// What the license module needs of a policy to judge matches: allowed and denied licenses and categories, severity
// overrides, the AI-stricter switch and the waivers. The policy file (src/config/) is parsed into a superset of it.
import type { LicenseCategory } from './data/categories.js';
import type { Severity } from '../model.js';

export type SeverityOverride = Severity | 'off';

export interface Waiver {
  /** Index in the file's `waivers` list (reports name it). */
  readonly index: number;
  /** POSIX path relative to the scanned root; `*` and `**` globs allowed. */
  readonly path: string;
  /** Line range covered (any overlap with a finding counts); absent = the whole file. */
  readonly lines?: { readonly start: number; readonly end: number };
  /** A match fingerprint (hex prefix) instead of lines: survives code moving within the file. */
  readonly fingerprint?: string;
  /** Only findings about this inbound license (SPDX expression, normalised). */
  readonly license?: string;
  readonly reason: string;
  readonly approver: string;
  /** YYYY-MM-DD, the last day the waiver holds; null = no expiry. */
  readonly expires: string | null;
}

export interface LicensePolicy {
  readonly licenses: { readonly allow: ReadonlyArray<string>; readonly deny: ReadonlyArray<string> };
  readonly categories: {
    readonly allow: ReadonlyArray<LicenseCategory>;
    readonly deny: ReadonlyArray<LicenseCategory>;
  };
  /** Severity per rule id or per inbound license id; `off` drops the finding. */
  readonly severity: Readonly<Record<string, SeverityOverride>>;
  /** AI-written lines get findings one level stricter (notice → warning → error). */
  readonly aiStricter: boolean;
  readonly waivers: ReadonlyArray<Waiver>;
}
