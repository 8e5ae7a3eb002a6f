// Text meant for a terminal or a CI log, with what it quotes from outside (file names, commit trailers, corpus names)
// made harmless: a control character or a bidirectional override in a name must not start a new line that reads as
// a finding of its own, move the cursor, colour the terminal or reorder what is shown ("Trojan Source").

/** Characters written as escapes: C0 controls, DEL, C1 controls, and the bidirectional embedding/override/isolate marks. */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * `line` with every unsafe character written as an escape (`\n`, `\r`, `\t`, `\x1b`, `\u202e`). With `keepTabs`,
 * tabs stay (source lines shown as they are).
 */
export function printable(line: string, keepTabs = false): string {
  return line.replace(UNSAFE, (c) => {
    if (c === '\t' && keepTabs) return c;
    const named = NAMED[c];
    if (named) return named;
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`;
  });
}

/** Lines joined for output, each made printable (see `printable`), ending with a line break. */
export function printableLines(lines: ReadonlyArray<string>, keepTabs = false): string {
  return `${lines.map((l) => printable(l, keepTabs)).join('\n')}\n`;
}
