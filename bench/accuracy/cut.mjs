// Where a fragment may be cut and where it may be inserted, from the token stream of a file (lexed by the fingerprint
// engine's lexer, which knows each language's comments and strings): a line is a *statement start* when its first
// token begins the line, no token, comment or string spans into it, no bracket is open, and the previous token ended
// a statement; it is *top-level* when, besides, no brace is open (Java: only the class body's brace), and in Python
// when it is not indented.
const KIND_PUNCT = 5;
const C_LIKE = new Set(['c', 'java', 'javascript', 'typescript']);
/** Go's automatic semicolons: a line ending in one of these ends a statement. */
const GO_ENDS = new Set(['break', 'continue', 'fallthrough', 'return', '++', '--', ')', ']', '}']);

/**
 * Per line (1-based): starts[l] = 1 when line l is a statement start, top[l] = 1 when it is a top-level one,
 * code[l] = 1 when a token starts on it (not blank, not only a comment).
 */
export function analyse(text, lang, lex) {
  const t = lex(text, lang);
  const lines = text.split('\n');
  const n = lines.length;
  const starts = new Uint8Array(n + 2);
  const top = new Uint8Array(n + 2);
  const code = new Uint8Array(n + 2);
  // character offset of each line start
  const lineAt = new Int32Array(n + 2);
  for (let l = 1, at = 0; l <= n; l++) {
    lineAt[l] = at;
    at += lines[l - 1].length + 1;
  }
  let paren = 0;
  let brace = 0;
  for (let i = 0; i < t.count; i++) {
    const line = t.startLines[i];
    code[line] = 1;
    const s = t.starts[i];
    const word = text.slice(s, t.ends[i]);
    const first = i === 0 || t.endLines[i - 1] < line;
    if (first && text.slice(lineAt[line], s).trim() === '' && paren === 0) {
      let ok = i === 0;
      if (!ok) {
        const prev = text.slice(t.starts[i - 1], t.ends[i - 1]);
        const gap = text.slice(t.ends[i - 1], s).trimStart();
        const prevLine = lines[t.endLines[i - 1] - 1] ?? '';
        if (C_LIKE.has(lang)) ok = gap.startsWith(';') || prev === '{' || prev === '}' || /^\s*#/.test(prevLine);
        else if (lang === 'go')
          ok =
            prev === '{' || GO_ENDS.has(prev) || (t.kinds[i - 1] !== KIND_PUNCT && !/^(else|case|default)$/.test(word));
        else if (lang === 'python') ok = !prevLine.trimEnd().endsWith('\\');
      }
      // a line that closes a block (`}`, `)`, `]`) does not start a statement
      if (ok && !/^[)\]}]/.test(word) && !(lang === 'python' && /^(else|elif|except|finally)$/.test(word))) {
        starts[line] = 1;
        const indent = s - lineAt[line];
        const topBrace = lang === 'java' ? 1 : 0;
        if (lang === 'python' ? indent === 0 : brace === topBrace) top[line] = 1;
      }
    }
    if (t.kinds[i] === KIND_PUNCT) {
      if (word === '(' || word === '[') paren++;
      else if (word === ')' || word === ']') paren = Math.max(0, paren - 1);
      else if (word === '{') {
        if (lang === 'python') paren++;
        else brace++;
      } else if (word === '}') {
        if (lang === 'python') paren = Math.max(0, paren - 1);
        else brace = Math.max(0, brace - 1);
      }
    }
  }
  return { lines, starts, top, code };
}

/**
 * A fragment of 8–40 lines of `a` (from analyse) beginning at a statement start and ending right before another one
 * (so it never begins or ends inside a comment or a string), with at least 70% code lines; undefined when none fits
 * around the drawn start.
 */
export function cutFragment(a, random) {
  const n = a.lines.length;
  const startsAt = [];
  for (let l = 1; l <= n; l++) if (a.starts[l]) startsAt.push(l);
  if (startsAt.length < 2) return undefined;
  for (let tries = 0; tries < 20; tries++) {
    const from = startsAt[Math.floor(random() * startsAt.length)];
    const want = 8 + Math.floor(random() * 33);
    // the statement start closest to from + want, within 8..40 lines
    let best;
    for (let l = from + 8; l <= Math.min(n + 1, from + 40); l++) {
      const boundary = l === n + 1 || a.starts[l] === 1;
      if (boundary && (best === undefined || Math.abs(l - from - want) < Math.abs(best - from - want))) best = l;
    }
    if (best === undefined) continue;
    let to = best - 1;
    while (to > from && a.lines[to - 1].trim() === '') to--;
    if (to - from + 1 < 8) continue;
    let codeLines = 0;
    for (let l = from; l <= to; l++) codeLines += a.code[l];
    if (codeLines < 0.7 * (to - from + 1)) continue;
    return { start: from, end: to, lines: a.lines.slice(from - 1, to) };
  }
  return undefined;
}
