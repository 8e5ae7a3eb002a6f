// Module plumbing (imports, requires, re-exports, includes, package lines) reads the same in every project once
// identifiers are abstracted: `import { I, I } from S` matches any other import list. An abstract-only match made of
// such lines proves nothing, so it is dropped. Data, not code: one pattern per line kind. No pattern has two
// quantifiers that can match the same characters next to each other, so a long line never backtracks.
import { structuralVariety } from './engine.js';

const PLUMBING: ReadonlyArray<RegExp> = [
  /^\s*import\b/, // JS/TS/Java/Go/Python/Kotlin/Swift imports
  /^\s*from\s+\S+\s+import\b/, // Python
  /^\s*export\s+(\*|\{|default\s+\w+[\s;]*$)/, // JS re-exports
  /^\s*(const|let|var)\s[\w${},\s]+=\s*(require\(|__importDefault\(|__importStar\()/, // CommonJS requires
  /^\s*(Object\.defineProperty\(exports|exports\.[\w$]+\s*=)/, // compiled CommonJS exports
  /^\s*"use strict";?\s*$/,
  /^\s*#\s*(?:include|if|ifdef|ifndef|elif|else|endif|pragma|undef)\b/, // C/C++ includes and conditionals
  /^\s*(using|package|namespace|module)\b/, // C#, Java/Go, TS
  /^\s*[\w$]+(?:\s+as\s+[\w$]+)?\s*(?:,\s*)?$/, // a line of a multi-line import list
  /^[\s})\];,]*(?:from\s+['"][^'"]+['"][\s;]*)?$/, // closers, `} from '…';`, blank
  /^\s*(?:require|replace|exclude|retract)\s*\(\s*$/, // go.mod blocks
  /^\s*(?:require\s+)?[\w.-]+(?:\/[\w.~-]+)+\s+v\d[\w.+-]*(?:\s*\/\/\s*indirect)?\s*$/, // a go.mod requirement
];

const isPlumbing = (line: string): boolean => PLUMBING.some((re) => re.test(line));
/** A line holding only a comment (or its continuation): not code, so it counts neither way. */
const COMMENT_LINE =
  /^\s*(?:\/\/|\/\*|\*(?:\s|\/|$)|#(?!\s*(?:include|if|ifdef|ifndef|elif|else|endif|define|pragma|undef|error|warning|line)\b))/;

/** True when at least 80% of lines [start, end] (1-based) of `lines` are module plumbing. */
export function mostlyPlumbing(lines: ReadonlyArray<string>, start: number, end: number): boolean {
  let total = 0;
  let plumbing = 0;
  for (let i = start; i <= end && i <= lines.length; i++) {
    const line = lines[i - 1]!;
    if (line.trim() === '' || COMMENT_LINE.test(line)) continue;
    total++;
    if (isPlumbing(line)) plumbing++;
  }
  return total === 0 || plumbing >= 0.8 * total;
}

/**
 * Below either bound an abstract-only match is structure every project shares (see src/fingerprint/variety.ts);
 * below WEAK_VARIETY_RATIO it is kept only when the match is strong (similarity ≥ WEAK_SIMILARITY).
 */
const MIN_VARIETY_RATIO = 0.4;
const MIN_VARIETY_DISTINCT = 20;
const WEAK_VARIETY_RATIO = 0.55;
const WEAK_SIMILARITY = 0.5;

/**
 * True when lines [start, end] of `lines` are too repetitive in structure for an abstract match of this similarity
 * to mean a copy: lists of literals, runs of assertions, string-keyed option tables.
 */
export function tooRepetitive(
  lines: ReadonlyArray<string>,
  start: number,
  end: number,
  language: string,
  similarity: number,
): boolean {
  const v = structuralVariety(lines.slice(start - 1, end).join('\n'), language);
  if (v.ratio < MIN_VARIETY_RATIO || v.distinct < MIN_VARIETY_DISTINCT) return true;
  return v.ratio < WEAK_VARIETY_RATIO && similarity < WEAK_SIMILARITY;
}

/**
 * Test files by path: test folders (`test/`, `tests/`, `testing/`, `__tests__/`, `spec/`), Go `_test.go`, Python
 * `test_*.py` / `*_test.py`, Java `*Test.java` / `*Tests.java`, JS/TS `*.test.*` / `*.spec.*`, C `test-*.c` / `test_*.c`.
 */
const TEST_PATH =
  /(?:^|\/)(?:tests?|testing|__tests__|spec)\/|_test\.(?:go|py|c|cc|cpp)$|(?:^|\/)test[-_][^/]*\.(?:py|c|cc|cpp)$|Tests?\.java$|\.(?:test|spec)\.[cm]?[jt]sx?$/;

export const isTestPath = (path: string): boolean => TEST_PATH.test(path);
