// One hand-written scanner loop over char codes for every language family, driven by LexSpec data. It drops
// comments and layout and emits significant tokens into parallel typed arrays, each token with its first and last
// source line and its two channel hashes (exact text; abstract class). It never throws: an unterminated string or
// comment simply ends at the end of its line or of the file.
import { FNV_OFFSET, HashSet32, fnv1a, fnvString } from '../hash.js';
import { KEYWORDS } from './keywords.js';
import { type LexSpec, lexSpecFor } from './specs.js';

/** Token kinds (a const object, not an enum: erasable syntax only). */
export const TokenKind = { Identifier: 1, Keyword: 2, String: 3, Number: 4, Punct: 5 } as const;
export type TokenKind = (typeof TokenKind)[keyof typeof TokenKind];

export interface TokenStream {
  readonly count: number;
  readonly kinds: Uint8Array;
  /** Character offsets [start, end) of each token in the text. */
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** First and last source line (1-based) of each token (they differ for multi-line strings). */
  readonly startLines: Uint32Array;
  readonly endLines: Uint32Array;
  /** Exact-channel token hash: the token text (strings without their quote characters). */
  readonly exact: Uint32Array;
  /** Abstract-channel token hash: identifiers → `I`, strings → `S`, numbers → `N`; keywords/punctuation as text. */
  readonly abstract: Uint32Array;
}

// Seeds keep classes apart: the identifier `foo` and the string "foo" hash differently.
const STRING_SEED = fnvString('\u0001string');
const HASH_IDENT = fnvString('\u0002I');
const HASH_STRING = fnvString('\u0002S');
const HASH_NUMBER = fnvString('\u0002N');
const HASH_COMMA = fnvString(',');

// Character classes of ASCII codes, per spec.
const C_IDENT_START = 1;
const C_IDENT_PART = 2;
const C_QUOTE = 4;
const C_TRIPLE = 8;
const C_COMMENT = 16;

/** Multi-character operators, longest first per leading character (maximal munch). */
const OPERATORS = [
  '>>>=',
  '<<=',
  '>>=',
  '>>>',
  '===',
  '!==',
  '**=',
  '...',
  '<=>',
  '??=',
  '||=',
  '&&=',
  '::',
  '->',
  '=>',
  '==',
  '!=',
  '<=',
  '>=',
  '&&',
  '||',
  '??',
  '?.',
  '++',
  '--',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '<<',
  '>>',
  '**',
  ':=',
  '..',
  '<-',
];
const OPS_BY_FIRST: ReadonlyArray<ReadonlyArray<string>> = (() => {
  const table: string[][] = Array.from({ length: 128 }, () => []);
  for (const op of OPERATORS) table[op.charCodeAt(0)]!.push(op);
  for (const list of table) list.sort((a, b) => b.length - a.length);
  return table;
})();

/** Characters that can follow the first character of a multi-character operator (a quick reject). */
const OP_SECOND: Uint8Array = (() => {
  const table = new Uint8Array(128);
  for (const op of OPERATORS) for (let j = 1; j < op.length; j++) table[op.charCodeAt(j)] = 1;
  return table;
})();
/** Hash of each one-character punctuation token, precomputed. */
const PUNCT_HASH: Uint32Array = Uint32Array.from({ length: 128 }, (_, c) => fnvString(String.fromCharCode(c)));

/** Keywords that are values: after them `/` divides and `<<` shifts. */
const VALUE_KEYWORDS = new HashSet32(
  [
    'this',
    'super',
    'self',
    'null',
    'nil',
    'None',
    'true',
    'false',
    'True',
    'False',
    'undefined',
    'NaN',
    'Infinity',
  ].map((w) => fnvString(w)),
);

interface Compiled {
  readonly spec: LexSpec;
  readonly classes: Uint8Array;
  readonly keywords: HashSet32;
  readonly prefixes: ReadonlySet<string>;
}

const compiled = new Map<string, Compiled>();

function compile(language: string): Compiled {
  const cached = compiled.get(language);
  if (cached) return cached;
  const spec = lexSpecFor(language);
  const classes = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
    if (letter) classes[c]! |= C_IDENT_START | C_IDENT_PART;
    if (c >= 48 && c <= 57) classes[c]! |= C_IDENT_PART;
  }
  for (const ch of spec.identStart) classes[ch.charCodeAt(0)]! |= C_IDENT_START;
  if (spec.identStart.includes('$')) classes[36]! |= C_IDENT_PART;
  for (const ch of spec.quotes) classes[ch.charCodeAt(0)]! |= C_QUOTE;
  for (const ch of spec.tripleQuotes) classes[ch.charCodeAt(0)]! |= C_TRIPLE | C_QUOTE;
  for (const open of spec.lineComments) classes[open.charCodeAt(0)]! |= C_COMMENT;
  for (const [open] of spec.blockComments) classes[open.charCodeAt(0)]! |= C_COMMENT;
  if (spec.ruby) classes['='.charCodeAt(0)]! |= C_COMMENT; // =begin … =end
  const words = KEYWORDS[language] ?? [];
  const result: Compiled = {
    spec,
    classes,
    keywords: new HashSet32(
      words.map((w) => fnvString(w)),
      words.length,
    ),
    prefixes: new Set(spec.stringPrefixes),
  };
  compiled.set(language, result);
  return result;
}

function isSpace(c: number): boolean {
  return (
    c === 32 ||
    c === 9 ||
    c === 13 ||
    c === 12 ||
    c === 11 ||
    c === 0xa0 ||
    c === 0xfeff ||
    c === 0x2028 ||
    c === 0x2029
  );
}

/** Lex `text` as `language` into significant tokens (arrays owned by the caller). */
export function lex(text: string, language: string): TokenStream {
  return new Lexer(text, compile(language), undefined).run();
}

interface Buffers {
  kinds: Uint8Array;
  starts: Uint32Array;
  ends: Uint32Array;
  startLines: Uint32Array;
  endLines: Uint32Array;
  exact: Uint32Array;
  abstract: Uint32Array;
}

/** Scratch arrays reused across `lexShared` calls: fingerprinting many files allocates (and collects) far less. */
let scratch: Buffers | undefined;
/** Scratch larger than this many tokens (a file over ~8 MB) is dropped after use rather than kept alive (~25 MB). */
const SCRATCH_KEEP = 1 << 20;

/**
 * Like `lex`, but the arrays are views into scratch buffers that the next `lexShared` call overwrites: for
 * callers (fingerprintText) that copy what they keep before lexing again. Synchronous, so no interleaving.
 */
export function lexShared(text: string, language: string): TokenStream {
  const lexer = new Lexer(text, compile(language), scratch);
  const tokens = lexer.run();
  const used = lexer.buffers();
  // A big file's arrays are not kept; the scratch it did not use stays for the next file.
  if (used.kinds.length <= SCRATCH_KEEP) scratch = used;
  return tokens;
}

function allocate(cap: number): Buffers {
  return {
    kinds: new Uint8Array(cap),
    starts: new Uint32Array(cap),
    ends: new Uint32Array(cap),
    startLines: new Uint32Array(cap),
    endLines: new Uint32Array(cap),
    exact: new Uint32Array(cap),
    abstract: new Uint32Array(cap),
  };
}

class Lexer {
  private readonly n: number;
  private readonly spec: LexSpec;
  private readonly classes: Uint8Array;
  private line = 1;
  private count = 0;
  private kinds: Uint8Array;
  private starts: Uint32Array;
  private ends: Uint32Array;
  private startLines: Uint32Array;
  private endLines: Uint32Array;
  private exact: Uint32Array;
  private abstract: Uint32Array;
  /** An operand (regex literal, Ruby %-literal or heredoc) may start here, not a binary operator. */
  private operandExpected = true;
  /** Brace depth at which each open `${` of a template literal resumes its template. */
  private readonly templates: number[] = [];
  private braceDepth = 0;
  /** Heredoc terminators whose bodies start at the next line break. */
  private readonly heredocs: { term: string; indented: boolean }[] = [];

  constructor(
    private readonly text: string,
    private readonly lang: Compiled,
    reuse: Buffers | undefined,
  ) {
    this.n = text.length;
    this.spec = lang.spec;
    this.classes = lang.classes;
    // Source text averages 8–10 characters per significant token (6 leaves room for dense code); the arrays grow
    // if a file is denser still. Scratch too small for that estimate is not grown step by step: arrays of the
    // estimated size are allocated at once.
    const estimate = Math.max(64, Math.floor(this.n / 6) + 16);
    const b = reuse !== undefined && reuse.kinds.length >= estimate ? reuse : allocate(estimate);
    this.kinds = b.kinds;
    this.starts = b.starts;
    this.ends = b.ends;
    this.startLines = b.startLines;
    this.endLines = b.endLines;
    this.exact = b.exact;
    this.abstract = b.abstract;
  }

  buffers(): Buffers {
    const { kinds, starts, ends, startLines, endLines, exact, abstract } = this;
    return { kinds, starts, ends, startLines, endLines, exact, abstract };
  }

  private grow(): void {
    const cap = this.kinds.length * 2;
    const g8 = (a: Uint8Array) => {
      const b = new Uint8Array(cap);
      b.set(a);
      return b;
    };
    const g32 = (a: Uint32Array) => {
      const b = new Uint32Array(cap);
      b.set(a);
      return b;
    };
    this.kinds = g8(this.kinds);
    this.starts = g32(this.starts);
    this.ends = g32(this.ends);
    this.startLines = g32(this.startLines);
    this.endLines = g32(this.endLines);
    this.exact = g32(this.exact);
    this.abstract = g32(this.abstract);
  }

  private emit(kind: TokenKind, start: number, end: number, startLine: number, exact: number, abstract: number): void {
    if (this.count === this.kinds.length) this.grow();
    const i = this.count++;
    this.kinds[i] = kind;
    this.starts[i] = start;
    this.ends[i] = end;
    this.startLines[i] = startLine;
    this.endLines[i] = this.line;
    this.exact[i] = exact;
    this.abstract[i] = abstract;
    this.operandExpected = kind === TokenKind.Keyword || kind === TokenKind.Punct;
  }

  private emitString(start: number, end: number, startLine: number): void {
    // Quote characters are left out of the hash: 'a', "a" and `a` are the same string after a reformatter.
    let h = STRING_SEED;
    const t = this.text;
    for (let i = start; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === 34 || c === 39 || c === 96) continue;
      h ^= c;
      h = Math.imul(h, 0x01000193);
    }
    this.emit(TokenKind.String, start, end, startLine, h >>> 0, HASH_STRING);
    this.operandExpected = false;
  }

  run(): TokenStream {
    const t = this.text;
    const n = this.n;
    const classes = this.classes;
    let i = 0;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 10) {
        this.line++;
        i++;
        if (this.heredocs.length > 0) i = this.skipHeredocBodies(i);
        continue;
      }
      if (c === 32 || c === 9 || c === 13 || (c > 127 && isSpace(c)) || c === 12 || c === 11) {
        i++;
        continue;
      }
      const cls = c < 128 ? classes[c]! : C_IDENT_START | C_IDENT_PART;
      if (cls & C_COMMENT) {
        const end = this.comment(i);
        if (end > i) {
          i = end;
          continue;
        }
      }
      if (cls & C_IDENT_START) {
        i = this.word(i);
        continue;
      }
      if (c >= 48 && c <= 57) {
        i = this.number(i);
        continue;
      }
      if (cls & C_QUOTE) {
        i = this.quoted(i, 0);
        continue;
      }
      i = this.other(i, c);
    }
    return {
      count: this.count,
      kinds: this.kinds.subarray(0, this.count),
      starts: this.starts.subarray(0, this.count),
      ends: this.ends.subarray(0, this.count),
      startLines: this.startLines.subarray(0, this.count),
      endLines: this.endLines.subarray(0, this.count),
      exact: this.exact.subarray(0, this.count),
      abstract: this.abstract.subarray(0, this.count),
    };
  }

  /** Skips a comment starting at i; returns i when no comment starts here. */
  private comment(i: number): number {
    const t = this.text;
    const spec = this.spec;
    for (const [open, close] of spec.blockComments) {
      if (t.startsWith(open, i)) return this.blockComment(i + open.length, open, close);
    }
    if (spec.ruby && t.startsWith('=begin', i) && (i === 0 || t.charCodeAt(i - 1) === 10)) {
      const end = t.indexOf('\n=end', i);
      const stop = end < 0 ? this.n : end + 5;
      this.countLines(i, stop);
      return stop;
    }
    for (const open of spec.lineComments) {
      if (!t.startsWith(open, i)) continue;
      if (
        open === '#' &&
        spec.hashCommentNeedsSpace &&
        i > 0 &&
        !isSpace(t.charCodeAt(i - 1)) &&
        t.charCodeAt(i - 1) !== 10
      )
        continue;
      const nl = t.indexOf('\n', i);
      return nl < 0 ? this.n : nl;
    }
    return i;
  }

  private blockComment(i: number, open: string, close: string): number {
    const t = this.text;
    const n = this.n;
    const nested = this.spec.nestedComments;
    if (!nested) {
      // Native search for the closer, then count the line breaks it skipped (doc comments are long).
      const at = t.indexOf(close, i);
      const end = at < 0 ? n : at + close.length;
      this.countLines(i, end);
      return end;
    }
    const o0 = open.charCodeAt(0);
    const c0 = close.charCodeAt(0);
    let depth = 1;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c === 10) this.line++;
      else if (c === c0 && t.startsWith(close, i)) {
        i += close.length;
        if (--depth === 0) return i;
        continue;
      } else if (nested && c === o0 && t.startsWith(open, i)) {
        depth++;
        i += open.length;
        continue;
      }
      i++;
    }
    return n;
  }

  private countLines(from: number, to: number): void {
    const t = this.text;
    for (let i = t.indexOf('\n', from); i >= 0 && i < to; i = t.indexOf('\n', i + 1)) this.line++;
  }

  /** Identifier or keyword, or a prefixed/raw string (`r"…"`, `f'…'`, `R"x(…)x"`, `r#"…"#`). */
  private word(i: number): number {
    const t = this.text;
    const n = this.n;
    const classes = this.classes;
    const start = i;
    // FNV-1a while scanning: one pass over the identifier's characters.
    let h = Math.imul(FNV_OFFSET ^ t.charCodeAt(i), 0x01000193);
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if (c < 128 ? (classes[c]! & C_IDENT_PART) === 0 : isSpace(c)) break;
      h = Math.imul(h ^ c, 0x01000193);
      i++;
    }
    const next = i < n ? t.charCodeAt(i) : 0;
    const len = i - start;
    if (len <= 3 && next < 128) {
      const nextCls = classes[next]!;
      if (nextCls & C_QUOTE || next === 35) {
        const w = t.slice(start, i);
        const special = this.prefixedString(start, i, w, next);
        if (special > 0) return special;
      }
    }
    if (this.spec.ruby && (next === 63 || next === 33) && t.charCodeAt(i + 1) !== 61) {
      h = Math.imul(h ^ next, 0x01000193); // empty? / save!
      i++;
    }
    h >>>= 0;
    if (this.lang.keywords.has(h)) {
      this.emit(TokenKind.Keyword, start, i, this.line, h, h);
      if (VALUE_KEYWORDS.has(h)) this.operandExpected = false; // `this / 2` divides
    } else {
      this.emit(TokenKind.Identifier, start, i, this.line, h, HASH_IDENT);
      this.operandExpected = false;
    }
    return i;
  }

  /** A string glued to an identifier-like prefix; returns 0 when `w` is no string prefix here. */
  private prefixedString(start: number, quoteAt: number, w: string, next: number): number {
    const t = this.text;
    const raw = this.spec.raw;
    if (raw === 'rust' && (w === 'r' || w === 'br' || w === 'cr') && (next === 34 || next === 35)) {
      let j = quoteAt;
      while (t.charCodeAt(j) === 35) j++;
      if (t.charCodeAt(j) !== 34) return 0;
      const close = `"${'#'.repeat(j - quoteAt)}`;
      return this.closeAt(start, j + 1, close);
    }
    if (raw === 'cpp' && next === 34 && (w === 'R' || w === 'u8R' || w === 'uR' || w === 'UR' || w === 'LR')) {
      const paren = t.indexOf('(', quoteAt);
      if (paren < 0 || paren - quoteAt > 17) return 0;
      return this.closeAt(start, paren + 1, `)${t.slice(quoteAt + 1, paren)}"`);
    }
    if (next === 35 || !this.lang.prefixes.has(w.toLowerCase())) return 0;
    return this.quoted(quoteAt, start);
  }

  /** A string from `start` whose body begins at `bodyAt` and ends after `close` (or at EOF). */
  private closeAt(start: number, bodyAt: number, close: string): number {
    const line = this.line;
    const at = this.text.indexOf(close, bodyAt);
    const end = at < 0 ? this.n : at + close.length;
    this.countLines(bodyAt, end);
    this.emitString(start, end, line);
    return end;
  }

  /** A quoted string at i (possibly triple-quoted); `from` > 0 is where its prefix began. */
  private quoted(i: number, from: number): number {
    const t = this.text;
    const n = this.n;
    const q = t.charCodeAt(i);
    const start = from > 0 ? from : i;
    const line = this.line;
    if (this.spec.lifetimes && q === 39) return this.rustQuote(i);
    if (q < 128 && this.classes[q]! & C_TRIPLE && t.charCodeAt(i + 1) === q && t.charCodeAt(i + 2) === q) {
      let j = i + 3;
      while (j < n) {
        const c = t.charCodeAt(j);
        if (c === 92) j++;
        else if (c === 10) this.line++;
        else if (c === q && t.charCodeAt(j + 1) === q && t.charCodeAt(j + 2) === q) {
          j += 3;
          while (t.charCodeAt(j) === q) j++; // """"quoted"""" ends on the last quote
          break;
        }
        j++;
      }
      if (j > n) j = n;
      this.emitString(start, j, line);
      return j;
    }
    let j = i + 1;
    while (j < n) {
      const c = t.charCodeAt(j);
      if (c === q) {
        j++;
        break;
      }
      if (c === 92) {
        if (t.charCodeAt(j + 1) === 10) this.line++;
        j += 2;
        continue;
      }
      if (c === 10) break; // unterminated: the string ends with its line
      j++;
    }
    if (j > n) j = n;
    this.emitString(start, j, line);
    return j;
  }

  /** Rust: `'x'`, `'\n'` are chars; `'a` (no closing quote) is a lifetime or label. */
  private rustQuote(i: number): number {
    const t = this.text;
    const c1 = t.charCodeAt(i + 1);
    if (c1 === 92) {
      let j = i + 2;
      while (j < this.n && j < i + 12 && t.charCodeAt(j) !== 39) j++;
      const end = Math.min(this.n, j + 1);
      this.emitString(i, end, this.line);
      return end;
    }
    const width = c1 >= 0xd800 && c1 <= 0xdbff ? 2 : 1;
    if (t.charCodeAt(i + 1 + width) === 39) {
      this.emitString(i, i + 2 + width, this.line);
      return i + 2 + width;
    }
    let j = i + 1;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c < 128 ? (this.classes[c]! & C_IDENT_PART) === 0 : isSpace(c)) break;
      j++;
    }
    if (j === i + 1) j++;
    this.emit(TokenKind.Identifier, i, j, this.line, fnv1a(t, i, j), HASH_IDENT);
    this.operandExpected = false;
    return j;
  }

  private number(i: number): number {
    const t = this.text;
    const n = this.n;
    const start = i;
    const hex = t.charCodeAt(i) === 48 && (t.charCodeAt(i + 1) | 32) === 120;
    i++;
    while (i < n) {
      const c = t.charCodeAt(i);
      if ((c >= 48 && c <= 57) || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95) {
        i++;
        const lc = c | 32;
        if ((hex ? lc === 112 : lc === 101) && (t.charCodeAt(i) === 43 || t.charCodeAt(i) === 45)) i++;
        continue;
      }
      if (c === 46) {
        const d = t.charCodeAt(i + 1);
        if (d >= 48 && d <= 57) {
          i++;
          continue;
        }
        // `1.` and `1.e5` but not `1..2` (range) or `1.foo()` (method call on a literal)
        if (d === 46 || (d >= 97 && d <= 122) || (d >= 65 && d <= 90) || d === 95) break;
        i++;
        continue;
      }
      break;
    }
    const h = fnv1a(t, start, i);
    this.emit(TokenKind.Number, start, i, this.line, h, HASH_NUMBER);
    this.operandExpected = false;
    return i;
  }

  /** Everything that is not a word, number or plain quote: templates, raw strings, regexes, heredocs, operators. */
  private other(i: number, c: number): number {
    const t = this.text;
    const spec = this.spec;
    const n = this.n;
    if (c === 92) {
      // A backslash before a line break continues the line (Python, shell, C macros): layout, not a token.
      const d = t.charCodeAt(i + 1);
      if (d === 10 || (d === 13 && t.charCodeAt(i + 2) === 10)) return i + 1;
    }
    if (c === 96) {
      if (spec.backtick === 'template') return this.template(i + 1, i);
      if (spec.backtick === 'raw') return this.closeAt(i, i + 1, '`');
      if (spec.backtick === 'ident') {
        const end = t.indexOf('`', i + 1);
        const nl = t.indexOf('\n', i + 1);
        if (end > 0 && (nl < 0 || end < nl)) {
          this.emit(TokenKind.Identifier, i, end + 1, this.line, fnv1a(t, i + 1, end), HASH_IDENT);
          this.operandExpected = false;
          return end + 1;
        }
      }
    }
    if (c === 46) {
      const d = t.charCodeAt(i + 1);
      if (d >= 48 && d <= 57) return this.number(i);
    }
    if (c === 123) this.braceDepth++;
    else if (c === 125) {
      const open = this.templates.length;
      if (open > 0 && this.templates[open - 1] === this.braceDepth) {
        this.templates.pop();
        return this.template(i + 1, i);
      }
      this.braceDepth--;
    }
    if (c === 47 && spec.regex && this.operandExpected) {
      const end = this.regex(i);
      if (end > 0) return end;
    }
    if (spec.raw === 'csharp' && (c === 64 || c === 36)) {
      let j = i;
      let verbatim = false;
      while (t.charCodeAt(j) === 64 || t.charCodeAt(j) === 36) {
        if (t.charCodeAt(j) === 64) verbatim = true;
        j++;
      }
      if (t.charCodeAt(j) === 34 && j - i <= 3) {
        if (verbatim && t.charCodeAt(j + 1) !== 34) return this.verbatim(i, j + 1);
        return this.quoted(j, i);
      }
    }
    if (spec.raw === 'swift' && c === 35) {
      let j = i;
      while (t.charCodeAt(j) === 35) j++;
      if (t.charCodeAt(j) === 34) {
        const hashes = '#'.repeat(j - i);
        const triple = t.startsWith('"""', j);
        return this.closeAt(i, j + (triple ? 3 : 1), (triple ? '"""' : '"') + hashes);
      }
    }
    if (spec.ruby && c === 37 && this.operandExpected) {
      const end = this.percentLiteral(i);
      if (end > 0) return end;
    }
    if (c === 60 && spec.heredoc !== 'none' && t.charCodeAt(i + 1) === 60) {
      const end = this.heredocStart(i);
      if (end > 0) return end;
    }
    // Operators: maximal munch over the table; everything else is a one-character token.
    let end = i + 1;
    if (c < 128) {
      const c2 = t.charCodeAt(i + 1);
      if (c2 < 128 && OP_SECOND[c2] === 1) {
        for (const op of OPS_BY_FIRST[c]!) {
          if (t.startsWith(op, i)) {
            end = i + op.length;
            break;
          }
        }
      }
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) end = i + 2;
    // Dropped: `;` (ASI and formatter differences) and a comma right before a closing bracket (trailing commas).
    if (c === 59 && end === i + 1) {
      this.operandExpected = true;
      return end;
    }
    if ((c === 41 || c === 93 || c === 125) && this.count > 0) {
      const last = this.count - 1;
      if (this.kinds[last] === TokenKind.Punct && this.exact[last] === HASH_COMMA) this.count--;
    }
    const h = end === i + 1 && c < 128 ? PUNCT_HASH[c]! : fnv1a(t, i, end);
    this.emit(TokenKind.Punct, i, end, this.line, h, h);
    if (c === 41 || c === 93 || c === 125) this.operandExpected = false;
    return end;
  }

  /** A template literal chunk from `body` (after the backtick or the `}` closing a `${`). */
  private template(body: number, start: number): number {
    const t = this.text;
    const n = this.n;
    const line = this.line;
    let j = body;
    while (j < n) {
      const c = t.charCodeAt(j);
      if (c === 96) {
        this.emitString(start, j + 1, line);
        return j + 1;
      }
      if (c === 92) {
        if (t.charCodeAt(j + 1) === 10) this.line++;
        j += 2;
        continue;
      }
      if (c === 36 && t.charCodeAt(j + 1) === 123) {
        this.emitString(start, j + 2, line);
        this.templates.push(this.braceDepth);
        this.operandExpected = true;
        return j + 2;
      }
      if (c === 10) this.line++;
      j++;
    }
    this.emitString(start, n, line);
    return n;
  }

  /** C# verbatim string: no escapes except `""`, may span lines. */
  private verbatim(start: number, body: number): number {
    const t = this.text;
    const line = this.line;
    let j = body;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c === 34) {
        if (t.charCodeAt(j + 1) === 34) {
          j += 2;
          continue;
        }
        j++;
        this.emitString(start, j, line);
        return j;
      }
      if (c === 10) this.line++;
      j++;
    }
    this.emitString(start, this.n, line);
    return this.n;
  }

  /** JS regular expression literal at i, or 0 when the line holds no closing slash (then `/` is division). */
  private regex(i: number): number {
    const t = this.text;
    const next = t.charCodeAt(i + 1);
    if (next === 47 || next === 42) return 0;
    let j = i + 1;
    let inClass = false;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c === 10) return 0;
      if (c === 92) {
        j += 2;
        continue;
      }
      if (c === 91) inClass = true;
      else if (c === 93) inClass = false;
      else if (c === 47 && !inClass) break;
      j++;
    }
    if (j >= this.n) return 0;
    j++;
    while (j < this.n && this.isIdentPart(t.charCodeAt(j))) j++;
    this.emitString(i, j, this.line);
    return j;
  }

  private isIdentPart(c: number): boolean {
    return c < 128 ? (this.classes[c]! & C_IDENT_PART) !== 0 : !isSpace(c);
  }

  /** Ruby `%w[a b]`, `%q(…)`, `%(…)`: a string with (nesting) bracket delimiters. */
  private percentLiteral(i: number): number {
    const t = this.text;
    let j = i + 1;
    if ('qQwWiIrsx'.includes(t.charAt(j))) j++;
    const open = t.charCodeAt(j);
    if (!(open === 40 || open === 91 || open === 123 || open === 60 || open === 124 || open === 33 || open === 47))
      return 0;
    const close = open === 40 ? 41 : open === 91 ? 93 : open === 123 ? 125 : open === 60 ? 62 : open;
    const line = this.line;
    let depth = 1;
    j++;
    while (j < this.n) {
      const c = t.charCodeAt(j);
      if (c === 92) {
        j += 2;
        continue;
      }
      if (c === 10) this.line++;
      if (c === close && --depth === 0) {
        j++;
        break;
      }
      if (c === open && open !== close) depth++;
      j++;
    }
    if (j > this.n) j = this.n;
    this.emitString(i, j, line);
    return j;
  }

  /** `<<<EOT` (PHP), `<<~EOS` / `<<-EOS` / `<<EOS` (Ruby, shell): the marker now, the body after the line break. */
  private heredocStart(i: number): number {
    const t = this.text;
    const kind = this.spec.heredoc;
    let j = i + 2;
    if (kind === 'php') {
      if (t.charCodeAt(j) !== 60) return 0;
      j++;
      while (t.charCodeAt(j) === 32) j++;
    } else {
      if (kind === 'ruby' && !this.operandExpected) return 0;
      if (t.charCodeAt(j) === 126 || t.charCodeAt(j) === 45) j++;
    }
    const quote = t.charCodeAt(j);
    const quoted = quote === 39 || quote === 34;
    if (quoted) j++;
    const idStart = j;
    while (j < this.n && this.isIdentPart(t.charCodeAt(j)) && t.charCodeAt(j) < 128) j++;
    if (j === idStart) return 0;
    const term = t.slice(idStart, j);
    // Ruby `x <<FOO` without ~/- needs an upper-case terminator to be told apart from a shift.
    if (kind === 'ruby' && t.charCodeAt(i + 2) !== 126 && t.charCodeAt(i + 2) !== 45) {
      const f = term.charCodeAt(0);
      if (!(f >= 65 && f <= 90)) return 0;
    }
    if (quoted && t.charCodeAt(j) === quote) j++;
    this.heredocs.push({ term, indented: true });
    this.emitString(i, j, this.line);
    return j;
  }

  /** At a line start with pending heredocs: skip each body through its terminator line. */
  private skipHeredocBodies(i: number): number {
    const t = this.text;
    const n = this.n;
    for (const { term } of this.heredocs) {
      while (i < n) {
        let k = i;
        while (k < n && (t.charCodeAt(k) === 32 || t.charCodeAt(k) === 9)) k++;
        const nl = t.indexOf('\n', i);
        const lineEnd = nl < 0 ? n : nl;
        if (t.startsWith(term, k) && !this.isIdentPart(t.charCodeAt(k + term.length))) {
          i = k + term.length; // the rest of the terminator line (`EOT;`, `EOS)`) is code again
          break;
        }
        if (nl < 0) {
          i = n;
          break;
        }
        this.line++;
        i = lineEnd + 1;
      }
    }
    this.heredocs.length = 0;
    return i;
  }
}

/** Debugging and tests: the tokens of `text` as readable records. Not for hot paths. */
export function tokenize(text: string, language: string): { kind: TokenKind; text: string; line: number }[] {
  const s = lex(text, language);
  const out: { kind: TokenKind; text: string; line: number }[] = [];
  for (let i = 0; i < s.count; i++) {
    out.push({ kind: s.kinds[i] as TokenKind, text: text.slice(s.starts[i], s.ends[i]), line: s.startLines[i]! });
  }
  return out;
}
