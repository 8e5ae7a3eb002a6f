// Shared by the corpus and matching tests: real code of published packages (fixed copies in test/fixtures/real-code,
// so a dependency upgrade never changes a test's input), the transformations code assistants apply to regurgitated
// code, and small corpora built through the real ingest path.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REAL_CODE = fileURLToPath(new URL('../fixtures/real-code/', import.meta.url));

/** Text of a file of a published package (real, licensed code), as `package/path`. */
export function realCode(path: string): string {
  return readFileSync(`${REAL_CODE}${path}`, 'utf8');
}

/** Where `realCode(path)` reads from. */
export const realCodePath = (path: string): string => `${REAL_CODE}${path}`;

/** Lines [from, from + count) of `text` (1-based `from`). */
export function slice(text: string, from: number, count: number): string[] {
  return text.split('\n').slice(from - 1, from - 1 + count);
}

/** Drops `//` and block-comment lines and re-indents with tabs, joining statement pairs onto one line. */
export function reformat(lines: ReadonlyArray<string>): string[] {
  const kept = lines.filter((l) => !/^\s*(\/\/|\/\*|\*)/.test(l)).map((l) => l.replace(/\s*\/\/.*$/, '').trim());
  const out: string[] = [];
  for (let i = 0; i < kept.length; i++) {
    const l = kept[i]!;
    const next = kept[i + 1];
    if (l.endsWith(';') && next?.endsWith(';')) {
      out.push(`\t${l}  ${next}`);
      i++;
    } else out.push(`\t\t${l}`);
  }
  return out;
}

const KEYWORDS = new Set(
  'break case catch class const continue debugger default delete do else export extends false finally for function if import in instanceof let new null return super switch this throw true try typeof undefined var void while with yield async await of static get set'.split(
    ' ',
  ),
);

/** Renames every identifier consistently (`name` → `id7`), keywords kept: what renaming by an assistant looks like. */
export function renameIdentifiers(lines: ReadonlyArray<string>): string[] {
  const names = new Map<string, string>();
  return lines.map((l) =>
    l.replace(/(["'`])(?:\\.|(?!\1).)*\1|\b[A-Za-z_$][\w$]*\b/g, (m) => {
      if (/^["'`]/.test(m) || KEYWORDS.has(m)) return m;
      let n = names.get(m);
      if (!n) {
        n = `zz${names.size}q`;
        names.set(m, n);
      }
      return n;
    }),
  );
}

/** `count` lines of unrelated, varied filler code (distinct per line so it shares nothing with real code). */
export function filler(count: number, seed = 1): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = (i * 7919 + seed * 104729) % 100003;
    out.push(`export const value_${seed}_${i} = compute(${n}, "k${n % 97}") ?? ${i % 13};`);
  }
  return out;
}
