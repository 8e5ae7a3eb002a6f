// Lexical rules per language family, as data. One scanner loop (lexer.ts) reads these flags; adding a language is
// adding a row (and its keywords in keywords.ts), not a branch in the hot loop.

export interface LexSpec {
  /** Line comment openers, e.g. `//`, `#`, `--`. */
  readonly lineComments: ReadonlyArray<string>;
  /** Block comment [open, close] pairs. */
  readonly blockComments: ReadonlyArray<readonly [string, string]>;
  /** Block comments nest (Rust, Swift, Kotlin, Scala, Dart, Haskell): an inner opener needs its own closer. */
  readonly nestedComments: boolean;
  /** `#` starts a comment only after whitespace or at a line start (shell: `$#`, `${#x}` are not comments). */
  readonly hashCommentNeedsSpace: boolean;
  /** Characters that open an ordinary (escapable, single-line) string or char literal. */
  readonly quotes: string;
  /** Quote characters that also open a triple-quoted multi-line string (`"""`, `'''`). */
  readonly tripleQuotes: string;
  /** What a backtick is: a JS template literal, a raw multi-line string (Go, shell), an identifier quote
   *  (Kotlin, Swift, Scala, SQL) or nothing special. */
  readonly backtick: 'template' | 'raw' | 'ident' | 'none';
  /** Identifier-like prefixes (lower case) that glue to a following quote to form one string: `r"…"`, `f'…'`, `b"…"`. */
  readonly stringPrefixes: ReadonlyArray<string>;
  /** Raw string syntax beyond prefixes. */
  readonly raw: 'rust' | 'cpp' | 'swift' | 'csharp' | 'none';
  /** Rust: `'a` is a lifetime unless it closes as a char literal. */
  readonly lifetimes: boolean;
  /** Heredocs (`<<<EOT` in PHP, `<<~EOS` in Ruby): the body (following lines) is one string. */
  readonly heredoc: 'php' | 'ruby' | 'shell' | 'none';
  /** Ruby: `%w[…]`, `%q(…)`, `=begin … =end`, `name?`/`name!` method names. */
  readonly ruby: boolean;
  /** JavaScript-style regular expression literals where an operand is expected. */
  readonly regex: boolean;
  /** Extra characters that may start an identifier (`$` in JS/PHP/shell, `@` in Ruby). */
  readonly identStart: string;
}

const BASE: LexSpec = {
  lineComments: ['//'],
  blockComments: [['/*', '*/']],
  nestedComments: false,
  hashCommentNeedsSpace: false,
  quotes: `"'`,
  tripleQuotes: '',
  backtick: 'none',
  stringPrefixes: [],
  raw: 'none',
  lifetimes: false,
  heredoc: 'none',
  ruby: false,
  regex: false,
  identStart: '',
};

const C: LexSpec = { ...BASE, stringPrefixes: ['l', 'u', 'u8'] };
const CPP: LexSpec = { ...C, raw: 'cpp' };
const JAVA: LexSpec = { ...BASE, tripleQuotes: '"', identStart: '$' };
const KOTLIN: LexSpec = { ...JAVA, nestedComments: true, backtick: 'ident' };
const SCALA: LexSpec = { ...KOTLIN };
const JAVASCRIPT: LexSpec = { ...BASE, quotes: `"'`, backtick: 'template', regex: true, identStart: '$' };
const PYTHON: LexSpec = {
  ...BASE,
  lineComments: ['#'],
  blockComments: [],
  tripleQuotes: `"'`,
  stringPrefixes: ['r', 'u', 'b', 'f', 'br', 'rb', 'fr', 'rf', 't', 'tr', 'rt'],
};
const SHELL: LexSpec = {
  ...BASE,
  lineComments: ['#'],
  blockComments: [],
  hashCommentNeedsSpace: true,
  backtick: 'raw',
  heredoc: 'shell',
  identStart: '$',
};

/** Language id → lexical rules. Unknown languages use GENERIC (words, numbers, punctuation; no strings/comments). */
export const LEX_SPECS: Readonly<Record<string, LexSpec>> = {
  c: C,
  cpp: CPP,
  objc: { ...C, identStart: '@' },
  csharp: { ...BASE, tripleQuotes: '"', raw: 'csharp' },
  go: { ...BASE, backtick: 'raw' },
  java: JAVA,
  kotlin: KOTLIN,
  scala: SCALA,
  groovy: { ...JAVA, tripleQuotes: `"'`, regex: false },
  dart: { ...BASE, nestedComments: true, tripleQuotes: `"'`, stringPrefixes: ['r'], identStart: '$' },
  javascript: JAVASCRIPT,
  typescript: JAVASCRIPT,
  solidity: { ...BASE },
  python: PYTHON,
  rust: { ...BASE, nestedComments: true, quotes: `"'`, stringPrefixes: ['b', 'c'], raw: 'rust', lifetimes: true },
  swift: { ...BASE, nestedComments: true, quotes: '"', tripleQuotes: '"', backtick: 'ident', raw: 'swift' },
  php: { ...BASE, lineComments: ['//', '#'], backtick: 'raw', heredoc: 'php', identStart: '$' },
  ruby: {
    ...PYTHON,
    tripleQuotes: '',
    stringPrefixes: [],
    backtick: 'raw',
    heredoc: 'ruby',
    ruby: true,
    identStart: '@$',
  },
  shell: SHELL,
  perl: { ...SHELL, heredoc: 'none', backtick: 'raw' },
  lua: { ...BASE, lineComments: ['--'], blockComments: [['--[[', ']]']] },
  sql: { ...BASE, lineComments: ['--', '#'], quotes: `'"`, backtick: 'ident' },
  haskell: { ...BASE, lineComments: ['--'], blockComments: [['{-', '-}']], nestedComments: true, quotes: '"' },
  elixir: { ...PYTHON, stringPrefixes: [], tripleQuotes: '"' },
  r: { ...PYTHON, stringPrefixes: [] },
  julia: { ...PYTHON, blockComments: [['#=', '=#']], nestedComments: true, stringPrefixes: [] },
  zig: { ...BASE, blockComments: [] },
  verilog: { ...BASE, quotes: '"' },
  protobuf: { ...BASE },
  erlang: { ...BASE, lineComments: ['%'], blockComments: [], quotes: '"' },
};

/** Plain text: words, numbers and punctuation only (an apostrophe in prose must not open a string). */
const GENERIC: LexSpec = { ...BASE, lineComments: [], blockComments: [], quotes: '' };

export function lexSpecFor(language: string): LexSpec {
  return LEX_SPECS[language] ?? GENERIC;
}
