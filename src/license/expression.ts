// SPDX license expressions: parse, validate, print. Sloppy strings ("GPLv2", "Apache 2") are never concluded: the
// caller gets a `suggestion` from spdx-correct to show the user, and decides what to do with it.
import { createRequire } from 'node:module';
import type spdxCorrectFn from 'spdx-correct';
import spdxParse from 'spdx-expression-parse';

export type LicenseNode =
  | { readonly kind: 'license'; readonly id: string; readonly plus: boolean; readonly exception?: string }
  | { readonly kind: 'and' | 'or'; readonly left: LicenseNode; readonly right: LicenseNode };

export type ParsedExpression =
  | { readonly ok: true; readonly node: LicenseNode; readonly expression: string }
  | { readonly ok: false; readonly problem: string; readonly suggestion?: string };

const require = createRequire(import.meta.url);

// spdx-correct builds its tables when loaded (~20 ms): it loads only when a sloppy string needs a suggestion.
let corrector: typeof spdxCorrectFn | undefined;
function spdxCorrect(text: string, options: { upgrade: boolean }): string | null {
  corrector ??= require('spdx-correct') as typeof spdxCorrectFn;
  return corrector(text, options);
}

let deprecated: ReadonlySet<string> | undefined;

/** Deprecated SPDX ids (`GPL-2.0`, `GPL-2.0+`, …): still valid, but their meaning is vaguer than the current ids. */
export function deprecatedIds(): ReadonlySet<string> {
  deprecated ??= new Set(require('spdx-license-ids/deprecated.json') as string[]);
  return deprecated;
}

/** Deprecated id → current id with the same meaning (the `-only` reading is what SPDX says the bare id meant). */
const DEPRECATED_TO_CURRENT: Readonly<Record<string, string>> = {
  'GPL-1.0': 'GPL-1.0-only',
  'GPL-1.0+': 'GPL-1.0-or-later',
  'GPL-2.0': 'GPL-2.0-only',
  'GPL-2.0+': 'GPL-2.0-or-later',
  'GPL-3.0': 'GPL-3.0-only',
  'GPL-3.0+': 'GPL-3.0-or-later',
  'LGPL-2.0': 'LGPL-2.0-only',
  'LGPL-2.0+': 'LGPL-2.0-or-later',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-2.1+': 'LGPL-2.1-or-later',
  'LGPL-3.0': 'LGPL-3.0-only',
  'LGPL-3.0+': 'LGPL-3.0-or-later',
  'AGPL-1.0': 'AGPL-1.0-only',
  'AGPL-3.0': 'AGPL-3.0-only',
  'GFDL-1.1': 'GFDL-1.1-only',
  'GFDL-1.2': 'GFDL-1.2-only',
  'GFDL-1.3': 'GFDL-1.3-only',
  'GPL-2.0-with-classpath-exception': 'GPL-2.0-only WITH Classpath-exception-2.0',
};

function toNode(info: spdxParse.Info): LicenseNode {
  if ('conjunction' in info) return { kind: info.conjunction, left: toNode(info.left), right: toNode(info.right) };
  return {
    kind: 'license',
    id: info.license,
    plus: info.plus === true,
    ...(info.exception !== undefined ? { exception: info.exception } : {}),
  };
}

/** Prints a node back as an SPDX expression (parenthesised only where precedence needs it: AND binds tighter). */
export function formatExpression(node: LicenseNode): string {
  if (node.kind === 'license') {
    return `${node.id}${node.plus ? '+' : ''}${node.exception ? ` WITH ${node.exception}` : ''}`;
  }
  const side = (child: LicenseNode): string =>
    node.kind === 'and' && child.kind === 'or' ? `(${formatExpression(child)})` : formatExpression(child);
  return `${side(node.left)} ${node.kind.toUpperCase()} ${side(node.right)}`;
}

/** Best guess for a sloppy license string, or undefined. Only ever shown as a suggestion. */
export function suggestExpression(text: string): string | undefined {
  // "MIT/Apache 2", "MIT or Apache-2", "GPLv2 and BSD": correct each part, keep the operator.
  const parts = text.trim().split(/\s*(\/|\s\bor\b\s|\s\band\b\s|\bOR\b|\bAND\b)\s*/i);
  if (parts.length >= 3) {
    const out: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = (parts[i] ?? '').trim();
      if (i % 2 === 1) {
        out.push(/and/i.test(part) ? 'AND' : 'OR');
        continue;
      }
      const bare = part.replace(/^\(|\)$/g, '').trim();
      // "MIT OR" (a dangling operator): nothing to correct, so no suggestion; spdx-correct throws on ''.
      if (bare === '') return undefined;
      const fixed = correct(bare);
      if (!fixed) return undefined;
      out.push(fixed);
    }
    const joined = out.join(' ');
    return parseExpression(joined).ok ? joined : undefined;
  }
  return correct(text.trim());
}

/** spdx-correct's guess for one license name; undefined for none (it throws on an empty string). */
function correct(text: string): string | undefined {
  if (text === '') return undefined;
  try {
    return spdxCorrect(text, { upgrade: true }) ?? undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `text` is an SPDX expression exactly as written (current and deprecated ids, exceptions, `LicenseRef-`),
 * without the suggestions parseExpression makes for invalid text: the cheap check for a hot path.
 */
export function isSpdxExpression(text: string): boolean {
  try {
    spdxParse(text);
    return true;
  } catch {
    return false;
  }
}

/** Parses and validates an SPDX expression (current and deprecated ids, exceptions, `LicenseRef-`). */
export function parseExpression(text: string): ParsedExpression {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, problem: 'is empty' };
  try {
    const node = toNode(spdxParse(trimmed));
    return { ok: true, node, expression: formatExpression(node) };
  } catch {
    const suggestion = suggestExpression(trimmed);
    return {
      ok: false,
      problem: 'is not a valid SPDX expression',
      ...(suggestion !== undefined && suggestion !== trimmed ? { suggestion } : {}),
    };
  }
}

/** One-line description of a parse failure: `"GPLv2" is not a valid SPDX expression (did you mean "GPL-2.0-only"?)`. */
export function describeInvalid(text: string, parsed: Extract<ParsedExpression, { ok: false }>): string {
  const hint = parsed.suggestion ? ` (did you mean "${parsed.suggestion}"?)` : '';
  return `"${text}" ${parsed.problem}${hint}`;
}

/** The current id for a leaf: deprecated ids and `+` become their `-only` / `-or-later` forms. */
export function canonicalLeaf(node: Extract<LicenseNode, { kind: 'license' }>): { id: string; exception?: string } {
  let id = node.id;
  let exception = node.exception;
  const mapped = DEPRECATED_TO_CURRENT[node.plus ? `${id}+` : id];
  if (mapped) {
    const [base, exc] = mapped.split(' WITH ');
    id = base ?? id;
    if (exc) exception ??= exc;
  } else if (node.plus) {
    id = id.endsWith('-only') ? `${id.slice(0, -5)}-or-later` : id.endsWith('-or-later') ? id : `${id}-or-later`;
  }
  return exception !== undefined ? { id, exception } : { id };
}

/** Every leaf id in an expression, left to right. */
export function leafIds(node: LicenseNode): string[] {
  if (node.kind === 'license') return [node.id];
  return [...leafIds(node.left), ...leafIds(node.right)];
}
