// Per-file `SPDX-License-Identifier:` headers. Any comment style: we look for the tag in the first lines and cut
// away what closes a comment (`*/`, `-->`, `--}}`, `#}`). A file's header overrides the project license for it.
import { parseExpression } from './expression.js';

const HEADER_LINES = 30;
/**
 * The tag at the start of a line, after comment markers only (`//`, `#`, `/*`, ` * `, `--`, `<!--`, `;`, `%`, `{-`,
 * `(*`, `..`, `REM`, `dnl`, a docstring's quotes): the same words inside code — a string, a regular expression in a
 * license scanner — are not the file's header.
 */
const TAG =
  /^\s*(?:(?:\/\/+|\/\*+|\*+|#+|--+|<!--|;+|%+|\{-|\(\*|\.\.|'{1,3}|"{3}|!|REM\b|@REM\b|dnl\b)\s*)?SPDX-License-Identifier:\s*(.+)$/i;

/** The expression text after the tag, before any comment closer. */
function clean(raw: string): string {
  return raw
    .replace(/\s*(\*\/|-->|--\}\}|#\}|%>|\*\)|"""|''').*$/, '')
    .replace(/[\s;,]+$/, '')
    .trim();
}

/** What a file's `SPDX-License-Identifier:` header says: a valid expression, or a tag that does not parse. */
export type FileLicenseHeader =
  | { readonly ok: true; readonly expression: string }
  | { readonly ok: false; readonly text: string; readonly problem: string; readonly suggestion?: string };

/** The first `SPDX-License-Identifier:` header in the first lines of a file, valid or not; undefined when absent. */
export function readFileLicenseHeader(text: string): FileLicenseHeader | undefined {
  let start = 0;
  for (let line = 0; line < HEADER_LINES && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const m = TAG.exec(text.slice(start, end));
    if (m?.[1]) {
      const value = clean(m[1]);
      const parsed = parseExpression(value);
      if (parsed.ok) return { ok: true, expression: parsed.expression };
      return {
        ok: false,
        text: value,
        problem: parsed.problem,
        ...(parsed.suggestion !== undefined ? { suggestion: parsed.suggestion } : {}),
      };
    }
    start = end + 1;
  }
  return undefined;
}

/** SPDX expression from a `SPDX-License-Identifier:` header in the first lines of a file (normalised), if valid. */
export function fileLicenseHeader(text: string): string | undefined {
  const header = readFileLicenseHeader(text);
  return header?.ok ? header.expression : undefined;
}
