// Trailers of a commit message, read tolerantly: keys are case-insensitive, whitespace around the colon is
// allowed, folded (indented) continuation lines join their trailer, and leading emoji/bullets are ignored.
// Only a paragraph made (mostly) of `Key: value` lines counts as a trailer block, so prose that mentions an
// assistant ("fixed copilot bug") is never a trailer. Every paragraph after the subject is considered, because a
// squash commit carries the squashed commits' trailer blocks in its body, not only at its end.
import type { Trailer } from '../model.js';

// A key is a token (letters, digits, dashes) of at most 40 characters, e.g. `Co-authored-by`, `Assisted-by`.
const TRAILER_LINE = /^([A-Za-z][A-Za-z0-9-]{0,39})[ \t]*:[ \t]*(\S.*)$/;
// Decorations some tools put before a trailer or marker: emoji, bullets, quote marks.
const LEADING_DECORATION = /^(?:\p{Extended_Pictographic}|\p{Emoji_Presentation}|\u200d|\ufe0f|[*>•-]|\s)+/u;

/** Trailers of `message` (subject line excluded), in order. */
export function parseTrailers(message: string): Trailer[] {
  const paragraphs = splitParagraphs(message);
  const trailers: Trailer[] = [];
  for (const paragraph of paragraphs.slice(1)) {
    const parsed = parseBlock(paragraph);
    if (parsed) trailers.push(...parsed);
  }
  return trailers;
}

/** The message without its trailer blocks' lines is not needed; the subject is the first line. */
export function subjectOf(message: string): string {
  return (message.split('\n', 1)[0] ?? '').trim();
}

function splitParagraphs(message: string): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  for (const raw of message.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.trim() === '') {
      if (current.length > 0) out.push(current);
      current = [];
    } else current.push(raw);
  }
  if (current.length > 0) out.push(current);
  return out;
}

/** The trailers of one paragraph, or null when the paragraph is prose. */
function parseBlock(lines: ReadonlyArray<string>): Trailer[] | null {
  const trailers: { key: string; value: string }[] = [];
  let other = 0;
  for (const line of lines) {
    if (/^[ \t]/.test(line) && trailers.length > 0) {
      // Folded continuation of the previous trailer's value.
      const last = trailers[trailers.length - 1]!;
      last.value = `${last.value} ${line.trim()}`;
      continue;
    }
    const m = TRAILER_LINE.exec(line.replace(LEADING_DECORATION, '').trimEnd());
    if (m && !/^https?$/i.test(m[1]!)) trailers.push({ key: m[1]!, value: m[2]!.trim() });
    else other++;
  }
  // Git's own rule is "all lines are trailers" (relaxed when git wrote one); we allow a minority of other lines
  // (a "---" rule, a Claude Code marker line) but never a paragraph that is mostly prose.
  if (trailers.length === 0 || other > trailers.length) return null;
  return trailers;
}
