// What a code assistant does to code it reproduces, applied to a fragment (an array of lines): verbatim; reformatted
// (comments stripped, re-indented with 2 spaces, 4 spaces or tabs); renamed (60% of the distinct identifiers, not
// keywords, replaced consistently by short generic names with numeric suffixes); renamed + edited (renamed, then about
// 8% of lines deleted, 8% of lines followed by a line of the host file, 30% of integer literals changed). Token-exact:
// the lexer says where identifiers, numbers and comments are.
const KIND_IDENT = 1;
const KIND_NUMBER = 4;

export const TRANSFORMS = ['verbatim', 'reformatted', 'renamed', 'renamed+edited'];

/** Deterministic PRNG (mulberry32): a seed always cuts and transforms the same fragments. */
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

const pick = (arr, random) => arr[Math.floor(random() * arr.length)];

/** The text with every comment removed (lines that held only a comment disappear), line structure otherwise kept. */
function stripComments(text, lang, lex) {
  const t = lex(text, lang);
  let out = '';
  let at = 0;
  for (let i = 0; i < t.count; i++) {
    const gap = text.slice(at, t.starts[i]);
    // a gap is layout and comments: keep only its line breaks and the indentation of the token's own line
    out += gap.trim() === '' ? gap : keepLayout(gap);
    out += text.slice(t.starts[i], t.ends[i]);
    at = t.ends[i];
  }
  const tail = text.slice(at);
  out += tail.trim() === '' ? tail : keepLayout(tail);
  const codeBefore = text.split('\n');
  // lines that were not blank and are blank now held only a comment
  return out.split('\n').filter((l, i) => l.trim() !== '' || (codeBefore[i] ?? '').trim() === '');
}

/**
 * A gap between tokens holds layout, the `;` and `,` the lexer drops, and comments: the comments go, a comment's line
 * breaks stay.
 */
function keepLayout(gap) {
  let out = '';
  for (let i = 0; i < gap.length; ) {
    const ch = gap[i];
    if (/[\s;,]/.test(ch)) {
      out += ch;
      i++;
      continue;
    }
    const block = gap.startsWith('/*', i);
    const end = block ? gap.indexOf('*/', i + 2) : gap.indexOf('\n', i);
    const stop = end < 0 ? gap.length : block ? end + 2 : end;
    out += '\n'.repeat(gap.slice(i, stop).split('\n').length - 1);
    i = stop;
  }
  return out.replace(/[ \t]+\n/g, '\n');
}

/** Indentation levels re-expressed with another unit. */
function reindent(lines, unit) {
  const widths = lines.filter((l) => l.trim() !== '').map((l) => /^[ \t]*/.exec(l)[0].replace(/\t/g, '    ').length);
  const base = Math.min(...widths);
  let step = Infinity;
  for (const w of widths) if (w > base) step = Math.min(step, w - base);
  if (!Number.isFinite(step)) step = 4;
  return lines.map((l) => {
    if (l.trim() === '') return '';
    const w = /^[ \t]*/.exec(l)[0].replace(/\t/g, '    ').length;
    return unit.repeat(Math.max(0, Math.round((w - base) / step))) + l.trimStart();
  });
}

export function reformat(lines, lang, lex, random) {
  const unit = pick(['  ', '    ', '\t'], random);
  return reindent(stripComments(lines.join('\n'), lang, lex), unit);
}

const NAME_SHAPES = [(n) => `tmp_${n}`, (n) => `nodeX${n}`, (n) => `val${n}`, (n) => `item_${n}`, (n) => `ref${n}`];

/**
 * Identifiers renamed (60% of the distinct ones, consistently) and, when `literals` > 0, that share of the integer
 * literals changed. Returns the new lines.
 */
export function rename(lines, lang, lex, random, literals = 0) {
  const text = lines.join('\n');
  const t = lex(text, lang);
  const names = [];
  const seen = new Set();
  for (let i = 0; i < t.count; i++)
    if (t.kinds[i] === KIND_IDENT) {
      const w = text.slice(t.starts[i], t.ends[i]);
      if (!seen.has(w)) {
        seen.add(w);
        names.push(w);
      }
    }
  const renamed = new Map();
  const used = new Set(names);
  for (const w of names) {
    if (random() >= 0.6) continue;
    let fresh;
    do fresh = pick(NAME_SHAPES, random)(1 + Math.floor(random() * 99));
    while (used.has(fresh));
    used.add(fresh);
    renamed.set(w, fresh);
  }
  let out = '';
  let at = 0;
  for (let i = 0; i < t.count; i++) {
    const w = text.slice(t.starts[i], t.ends[i]);
    let r = w;
    if (t.kinds[i] === KIND_IDENT) r = renamed.get(w) ?? w;
    else if (t.kinds[i] === KIND_NUMBER && literals > 0 && /^\d+$/.test(w) && random() < literals)
      r = String(Number(w) + 1 + Math.floor(random() * 9));
    out += text.slice(at, t.starts[i]) + r;
    at = t.ends[i];
  }
  return (out + text.slice(at)).split('\n');
}

/** Renamed, then ~8% of lines deleted, ~8% followed by a line of the host file, 30% of integer literals changed. */
export function renameAndEdit(lines, lang, lex, random, hostLines) {
  const renamed = rename(lines, lang, lex, random, 0.3);
  const donors = hostLines.filter((l) => l.trim() !== '' && l.trim().length > 3);
  const out = [];
  for (const l of renamed) {
    if (random() < 0.08) continue;
    out.push(l);
    if (random() < 0.08 && donors.length > 0) {
      const indent = /^[ \t]*/.exec(l)[0];
      out.push(indent + pick(donors, random).trim());
    }
  }
  return out;
}

export function transform(kind, lines, lang, lex, random, hostLines) {
  switch (kind) {
    case 'verbatim':
      return lines;
    case 'reformatted':
      return reformat(lines, lang, lex, random);
    case 'renamed':
      return rename(lines, lang, lex, random);
    default:
      return renameAndEdit(lines, lang, lex, random, hostLines);
  }
}
