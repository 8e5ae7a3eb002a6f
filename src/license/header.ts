// Per-file `SPDX-License-Identifier:` headers. Any comment style: we look for the tag in the first lines and cut
// away what closes a comment (`*/`, `-->`, `--}}`, `#}`). A file's header overrides the project license for it.
import { parseExpression } from './expression.js';

const HEADER_LINES = 30;
const TAG = /SPDX-License-Identifier:\s*(.+)$/;

/** The expression text after the tag, before any comment closer. */
function clean(raw: string): string {
  return raw
    .replace(/\s*(\*\/|-->|--\}\}|#\}|%>|\*\)|"""|''').*$/, '')
    .replace(/[\s;,]+$/, '')
    .trim();
}

/** SPDX expression from a `SPDX-License-Identifier:` header in the first lines of a file (normalised), if valid. */
export function fileLicenseHeader(text: string): string | undefined {
  let start = 0;
  for (let line = 0; line < HEADER_LINES && start < text.length; line++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const m = TAG.exec(text.slice(start, end));
    if (m?.[1]) {
      const parsed = parseExpression(clean(m[1]));
      return parsed.ok ? parsed.expression : undefined;
    }
    start = end + 1;
  }
  return undefined;
}
