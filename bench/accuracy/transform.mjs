// The transformations code assistants apply to code they reproduce: verbatim; reformatted with comments stripped;
// identifiers renamed; renamed plus ~15% of lines inserted, deleted or changed. Line-based and language-aware only
// as far as comments, keywords and statement syntax go: crude on purpose, like an assistant's edits.

/** Deterministic PRNG (mulberry32) so every run cuts the same fragments. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hashComment = (lang) => lang === 'python';
const STRING = /("(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*'|`(?:\\.|[^`\\])*`)/;

/** Removes comments (line and block) and blank lines. */
export function stripComments(lines, lang) {
  const out = [];
  let inBlock = false;
  for (let l of lines) {
    if (hashComment(lang)) {
      if (/^\s*#/.test(l)) continue;
      l = l.replace(/\s+#[^'"]*$/, '');
    } else {
      if (inBlock) {
        const end = l.indexOf('*/');
        if (end < 0) continue;
        l = l.slice(end + 2);
        inBlock = false;
      }
      l = l.replace(/\/\*.*?\*\//g, '');
      const start = l.indexOf('/*');
      if (start >= 0 && !/["'`]/.test(l.slice(0, start))) {
        l = l.slice(0, start);
        inBlock = true;
      }
      if (/^\s*\/\//.test(l)) continue;
      l = l.replace(/\s+\/\/[^'"`]*$/, '');
    }
    if (l.trim() === '') continue;
    out.push(l);
  }
  return out;
}

/** Spacing around plain assignments and `&&`/`||` changed (outside strings); multi-character operators kept whole. */
function respace(line) {
  return line
    .split(STRING)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/\s*(?<![=!<>+\-*/%&|^:])=(?![=>])\s*/g, ' = ').replace(/\s*(&&|\|\|)\s*/g, '$1'),
    )
    .join('');
}

/** Comments stripped, indentation changed, operators re-spaced; brace languages also get statement pairs joined. */
export function reformat(lines, lang) {
  const code = stripComments(lines, lang);
  if (lang === 'python') return code.map((l) => respace(l.replace(/^( {4})+/, (m) => '  '.repeat(m.length / 4))));
  const spaced = code.map((l) => respace(l.trim()).replace(/^\s+/, ''));
  if (lang === 'go') return spaced.map((l) => `\t${l}`);
  const out = [];
  for (let i = 0; i < spaced.length; i++) {
    const l = spaced[i];
    const next = spaced[i + 1];
    if (/[;{]$/.test(l) && next !== undefined && /;$/.test(next)) {
      out.push(`  ${l} ${next}`);
      i++;
    } else out.push(`    ${l}`);
  }
  return out;
}

const WORD = /[A-Za-z_$][\w$]*/g;

/** Renames every identifier (not keywords) consistently; strings are left alone. */
export function rename(lines, keywords, salt = 'v') {
  const names = new Map();
  return lines.map((line) =>
    line
      .split(STRING)
      .map((part, i) =>
        i % 2 === 1
          ? part
          : part.replace(WORD, (w) => {
              if (keywords.has(w)) return w;
              let n = names.get(w);
              if (!n) {
                n = `${salt}${names.size}x${w.length}`;
                names.set(w, n);
              }
              return n;
            }),
      )
      .join(''),
  );
}

const STATEMENT = {
  python: 'retries_left += 1',
  go: 'retriesLeft++',
};

/** Renamed, then ~15% of lines deleted, inserted or changed. */
export function renameAndEdit(lines, lang, keywords, random) {
  const renamed = rename(lines, keywords);
  const out = [];
  for (const l of renamed) {
    if (random() >= 0.15) {
      out.push(l);
      continue;
    }
    const indent = /^\s*/.exec(l)[0];
    const op = random();
    if (op < 1 / 3) continue; // deleted
    if (op < 2 / 3) {
      out.push(`${indent}${STATEMENT[lang] ?? 'retriesLeft += 1;'}`); // inserted
      out.push(l);
    } else {
      // changed: a literal or an operator altered
      const changed = /\d+/.test(l)
        ? l.replace(/\d+/, (d) => String(Number(d) + 7))
        : l.replace(/(==|<|>|\+|-)/, (o) => ({ '==': '!=', '<': '<=', '>': '>=', '+': '-', '-': '+' })[o]);
      if (changed !== l) out.push(changed);
    }
  }
  return out;
}

export const TRANSFORMS = ['verbatim', 'reformatted', 'renamed', 'renamed+edited'];

export function transform(kind, lines, lang, keywords, random) {
  switch (kind) {
    case 'verbatim':
      return lines;
    case 'reformatted':
      return reformat(lines, lang);
    case 'renamed':
      return rename(lines, keywords);
    default:
      return renameAndEdit(lines, lang, keywords, random);
  }
}
