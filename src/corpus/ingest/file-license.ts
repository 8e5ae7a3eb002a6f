// A file's own license, from an `SPDX-License-Identifier:` header near its top (REUSE / Linux kernel convention).
const HEADER = /SPDX-License-Identifier:\s*([^\r\n]*)/;

/** The SPDX expression a file declares for itself in its first 4 KB, or undefined. */
export function headerLicense(text: string): string | undefined {
  const m = HEADER.exec(text.slice(0, 4096));
  if (!m) return undefined;
  // Drop comment closers and trailing punctuation that share the line: `*/`, `-->`, `#}`.
  const expr = m[1]!.replace(/\s*(\*\/|-->|#\}|%\}|\*\)).*$/, '').trim();
  return expr.length > 0 ? expr : undefined;
}
