// Maps text an assistant wrote onto the current content of a file, by content rather than by the line numbers in
// the log, so spans survive edits around them. Like a diff: find runs of identical (whitespace-trimmed) lines.
// A line a human has since changed no longer matches, so it is not an AI line. Trivial lines (blank, lone
// braces) may sit inside a run but never start or make one alone: they match everywhere.
import { createHash } from 'node:crypto';
import type { LineSpan } from '../../model.js';

/** Lines matching this (after trimming) are too common to count as evidence on their own. */
const TRIVIAL = /^[\s{}()[\];,]*$|^(?:end|else|fi|done|\*\/|\/\*|\*|#|\/\/|<\/?\w*>|""")$/;

/** Most places one logged line may be tried at (bounds the work for repetitive files). */
const MAX_CANDIDATES = 64;

export function isTrivialLine(line: string): boolean {
  return TRIVIAL.test(line.trim());
}

/** The comparison key of a line: trimmed text, marked `~` when trivial. */
export function lineKey(line: string): string {
  const t = line.trim();
  return TRIVIAL.test(t) ? `~${t}` : t;
}

/** Privacy-preserving key: a short hash of `lineKey` (records store these, never the text). */
export function hashedKey(line: string): string {
  const k = lineKey(line);
  const h = createHash('sha256').update(k).digest('base64url').slice(0, 12);
  return k.startsWith('~') ? `~${h}` : h;
}

export function splitLines(text: string): string[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/**
 * Lines of `current` (keys per line) that reproduce runs of `logged` (keys per line), as merged 1-based spans.
 * Greedy longest-run alignment: each logged line starts at most one run, the longest one available.
 */
export function alignKeys(
  logged: ReadonlyArray<string>,
  current: ReadonlyArray<string>,
  only?: ReadonlyArray<number>,
): LineSpan[] {
  // with `only`, the other logged lines are context: they locate a run but are not marked
  let counts: Uint8Array | undefined;
  if (only) {
    counts = new Uint8Array(logged.length);
    for (const k of only) if (k >= 0 && k < logged.length) counts[k] = 1;
  }
  const where = new Map<string, number[]>();
  for (let j = 0; j < current.length; j++) {
    const k = current[j] as string;
    if (k.startsWith('~')) continue;
    const list = where.get(k);
    if (list) {
      if (list.length < MAX_CANDIDATES) list.push(j);
    } else where.set(k, [j]);
  }
  const marked = new Uint8Array(current.length);
  let i = 0;
  while (i < logged.length) {
    const candidates = where.get(logged[i] as string);
    if (!candidates) {
      i++;
      continue;
    }
    let bestJ = -1;
    let bestLen = 0;
    for (const j of candidates) {
      let len = 0;
      while (i + len < logged.length && j + len < current.length && logged[i + len] === current[j + len]) len++;
      if (len > bestLen) {
        bestLen = len;
        bestJ = j;
      }
    }
    // trivial lines inside or at the end of a run (closing braces) belong to it: the run loop compared them too
    for (let k = 0; k < bestLen; k++) if (!counts || counts[i + k] === 1) marked[bestJ + k] = 1;
    i += Math.max(1, bestLen);
  }
  return toSpans(marked);
}

/**
 * The lines of `next` an edit added, as 0-based indexes: those that do not repeat a line of `previous` (compared by
 * `lineKey`, each line of `previous` used once). The repeated ones are context the edit carried along.
 */
export function addedLines(previous: string, next: string): number[] {
  const left = new Map<string, number>();
  for (const l of splitLines(previous)) {
    const k = lineKey(l);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const out: number[] = [];
  splitLines(next).forEach((l, i) => {
    const k = lineKey(l);
    const n = left.get(k) ?? 0;
    if (n > 0) left.set(k, n - 1);
    else out.push(i);
  });
  return out;
}

/** Aligns logged text with the current text. */
export function alignText(loggedText: string, currentText: string): LineSpan[] {
  return alignKeys(splitLines(loggedText).map(lineKey), splitLines(currentText).map(lineKey));
}

function toSpans(marked: Uint8Array): LineSpan[] {
  const spans: LineSpan[] = [];
  let start = -1;
  for (let j = 0; j <= marked.length; j++) {
    if (j < marked.length && marked[j] === 1) {
      if (start < 0) start = j;
    } else if (start >= 0) {
      spans.push({ start: start + 1, end: j });
      start = -1;
    }
  }
  return spans;
}
