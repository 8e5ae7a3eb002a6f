// Comparing copyright statements gathered from several files: the same notice is often written with another dash
// or spacing.

/** Comparison key of a statement: case, spacing and the kind of dash (2003-2024, 2003–2024) do not matter. */
export function statementKey(statement: string): string {
  return statement
    .toLowerCase()
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/g, ' ')
    .replace(/[.\s]+$/, '');
}

/** Statements without repeats (by `statementKey`), first form kept. */
export function uniqueStatements(statements: Iterable<string>): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const s of statements) {
    const key = statementKey(s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}
