// The finding rules: id, default severity and the how-to-fix sentence a release manager reads. Data, so docs and
// SARIF rule lists can be generated from it.
import type { Severity } from '../../model.js';

export interface RuleInfo {
  readonly id: string;
  readonly severity: Severity;
  readonly title: string;
  readonly howToFix: string;
}

export const RULES: Readonly<Record<string, RuleInfo>> = {
  'copyleft-in-permissive': {
    id: 'copyleft-in-permissive',
    severity: 'error',
    title: 'Copyleft code in a work under a non-copyleft license',
    howToFix:
      'Remove or rewrite these lines without looking at the matched source, or use a copy of the code offered under a compatible license; if counsel accepts the risk, record a waiver with `provscan waive`.',
  },
  'network-copyleft': {
    id: 'network-copyleft',
    severity: 'error',
    title: 'Network copyleft (AGPL-style) code',
    howToFix:
      'Remove or rewrite these lines: network copyleft obliges you to offer the whole source to every user of a hosted service; keep it only if the project itself is under that license.',
  },
  'incompatible-license': {
    id: 'incompatible-license',
    severity: 'error',
    title: 'Code under a license that cannot be combined with the outbound license',
    howToFix:
      'Replace the matched code with code under a compatible license, or change the license of this file (SPDX header) or of the project; record a waiver only with counsel approval.',
  },
  'source-available-code': {
    id: 'source-available-code',
    severity: 'error',
    title: 'Code under a source-available (not open source) license',
    howToFix:
      'Remove these lines: source-available licenses (BUSL, SSPL, Elastic, PolyForm, non-commercial) forbid uses an open or commercial product needs, unless you hold a separate agreement.',
  },
  'proprietary-code': {
    id: 'proprietary-code',
    severity: 'error',
    title: 'Proprietary or commercial code',
    howToFix: 'Remove these lines unless you hold a license from the owner; then record a waiver naming the agreement.',
  },
  'unknown-license': {
    id: 'unknown-license',
    severity: 'warning',
    title: 'Matched code under an unknown license',
    howToFix:
      'Find out the license of the matched source (and fix the corpus entry); until then treat the code as not usable.',
  },
  'unknown-project-license': {
    id: 'unknown-project-license',
    severity: 'warning',
    title: 'Project license unknown, so compatibility cannot be judged',
    howToFix:
      'Declare the project license (package.json "license", a LICENSE file, an SPDX-License-Identifier header) or pass --license EXPR.',
  },
  'compatibility-unknown': {
    id: 'compatibility-unknown',
    severity: 'warning',
    title: 'No reliable compatibility fact for this pair of licenses',
    howToFix: 'Ask counsel whether this code may be included; record the answer as a waiver or remove the lines.',
  },
  'conditional-license': {
    id: 'conditional-license',
    severity: 'warning',
    title: 'Allowed only under conditions (separate library, separate files, linking exception)',
    howToFix:
      'Keep the matched code in its own file or library under its original license (with its source offered), or rewrite it.',
  },
  'attribution-required': {
    id: 'attribution-required',
    severity: 'notice',
    title: 'Permissively licensed code that requires attribution',
    howToFix:
      "Keep the original copyright and license notice: ship the text `provscan notice` writes (for Apache-2.0 also the source's NOTICE file).",
  },
  'denied-license': {
    id: 'denied-license',
    severity: 'error',
    title: 'License denied by the policy file',
    howToFix:
      'Remove or rewrite the matched code, or change the policy (licenses.allow / licenses.deny) if this license is acceptable.',
  },
  'denied-category': {
    id: 'denied-category',
    severity: 'error',
    title: 'License category denied by the policy file',
    howToFix: 'Remove or rewrite the matched code, or change the policy (categories.allow / categories.deny).',
  },
};

/** Permissive licenses that do not ask for attribution. */
export const NO_ATTRIBUTION: ReadonlySet<string> = new Set([
  '0BSD',
  'MIT-0',
  'Unlicense',
  'CC0-1.0',
  'WTFPL',
  'BSD-1-Clause',
  'blessing',
  'PDDL-1.0',
  'FSFAP',
]);
