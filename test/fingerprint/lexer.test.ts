import { describe, expect, it } from 'vitest';
import { TokenKind, tokenize } from '../../src/fingerprint/lex/lexer.js';

const texts = (code: string, language: string) => tokenize(code, language).map((t) => t.text);
const strings = (code: string, language: string) =>
  tokenize(code, language)
    .filter((t) => t.kind === TokenKind.String)
    .map((t) => t.text);

describe('lexer: comments and strings', () => {
  it('keeps a comment marker inside a string as part of the string (JavaScript)', () => {
    expect(texts('const a = "x // y /* z */"; b', 'javascript')).toEqual(['const', 'a', '=', '"x // y /* z */"', 'b']);
  });

  it('drops a string inside a comment with the comment (C)', () => {
    expect(texts('int a; /* "not a string */ int b; // "nor\'this\nx', 'c')).toEqual(['int', 'a', 'int', 'b', 'x']);
  });

  it('ends a nested block comment only at the matching closer (Rust, Swift, Kotlin)', () => {
    for (const lang of ['rust', 'swift', 'kotlin']) {
      expect(texts('a /* one /* two */ still comment */ b', lang)).toEqual(['a', 'b']);
    }
  });

  it('does not nest block comments where the language does not (C, Java, JavaScript)', () => {
    for (const lang of ['c', 'java', 'javascript']) {
      expect(texts('a /* one /* two */ b', lang)).toEqual(['a', 'b']);
    }
  });

  it('lexes template literals with nested expressions and strings (JavaScript/TypeScript)', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the JavaScript source under test
    const code = 'let s = `a ${ f({ k: "}" }) } b ${x}`; y';
    expect(texts(code, 'typescript')).toEqual([
      'let',
      's',
      '=',
      '`a ${',
      'f',
      '(',
      '{',
      'k',
      ':',
      '"}"',
      '}',
      ')',
      '} b ${',
      'x',
      '}`',
      'y',
    ]);
  });

  it('recognises regular expression literals where an operand is expected, division elsewhere', () => {
    expect(texts('x = /a"b\\/[/]/g.test(s) / 2', 'javascript')).toEqual([
      'x',
      '=',
      '/a"b\\/[/]/g',
      '.',
      'test',
      '(',
      's',
      ')',
      '/',
      '2',
    ]);
  });

  it('reads a slash after a value keyword as division', () => {
    expect(texts('a = this.w / 2 + this / 3 / 4', 'javascript')).toEqual([
      'a',
      '=',
      'this',
      '.',
      'w',
      '/',
      '2',
      '+',
      'this',
      '/',
      '3',
      '/',
      '4',
    ]);
  });

  it('lexes Python triple-quoted and prefixed strings and # comments', () => {
    const code = 's = r"\\d" + f\'{x}\' + """a\n# not a comment\n\'b\'""" # real comment\nprint(rb\'x\')';
    expect(texts(code, 'python')).toEqual([
      's',
      '=',
      'r"\\d"',
      '+',
      "f'{x}'",
      '+',
      '"""a\n# not a comment\n\'b\'"""',
      'print',
      '(',
      "rb'x'",
      ')',
    ]);
  });

  it('lexes Go raw strings across lines', () => {
    expect(texts('s := `a\n"b" // c`\nx', 'go')).toEqual(['s', ':=', '`a\n"b" // c`', 'x']);
  });

  it('lexes Rust raw strings, chars and lifetimes', () => {
    expect(texts('let r = r#"a "quoted" b"#; fn f<\'a>(x: &\'a str) -> char { \'"\' }', 'rust')).toEqual([
      'let',
      'r',
      '=',
      'r#"a "quoted" b"#',
      'fn',
      'f',
      '<',
      "'a",
      '>',
      '(',
      'x',
      ':',
      '&',
      "'a",
      'str',
      ')',
      '->',
      'char',
      '{',
      "'\"'",
      '}',
    ]);
  });

  it('lexes C# verbatim and interpolated strings', () => {
    expect(strings('var a = @"c:\\dir\\""x"""; var b = $"{n} items"; var c = @$"{p}\\";', 'csharp')).toEqual([
      '@"c:\\dir\\""x"""',
      '$"{n} items"',
      '@$"{p}\\"',
    ]);
  });

  it('lexes Java and Kotlin text blocks', () => {
    expect(strings('String s = """\n  a "b" // c\n  """;', 'java')).toEqual(['"""\n  a "b" // c\n  """']);
    expect(strings('val s = """x\n"y"\n"""', 'kotlin')).toEqual(['"""x\n"y"\n"""']);
  });

  it('lexes C++ raw strings', () => {
    expect(strings('auto s = R"xy(a )" b)xy"; int c;', 'cpp')).toEqual(['R"xy(a )" b)xy"']);
  });

  it('lexes Swift raw and multi-line strings', () => {
    expect(strings('let a = #"a "b" c"#\nlet b = """\nx "y"\n"""', 'swift')).toEqual([
      '#"a "b" c"#',
      '"""\nx "y"\n"""',
    ]);
  });

  it('treats both // and # as PHP comments and lexes a heredoc body as a string', () => {
    const code = '<?php\n$a = 1; # one\n$b = 2; // two\n$s = <<<EOT\nbody "q" // no\nEOT;\necho $s;';
    const t = texts(code, 'php');
    expect(t).toContain('$a');
    expect(t).not.toContain('one');
    expect(t).not.toContain('two');
    expect(t).not.toContain('body');
    expect(t.slice(-2)).toEqual(['echo', '$s']);
  });

  it('handles Ruby comments, =begin blocks, %w literals, heredocs and predicate methods', () => {
    const code = 'x = 1 # c\n=begin\nblock "comment\n=end\nw = %w[a b]\nt = <<~EOS\n  text\nEOS\nempty?(x)';
    expect(texts(code, 'ruby')).toEqual([
      'x',
      '=',
      '1',
      'w',
      '=',
      '%w[a b]',
      't',
      '=',
      '<<~EOS',
      'empty?',
      '(',
      'x',
      ')',
    ]);
  });

  it('ends an unterminated string at its line and an unterminated comment at end of file without throwing', () => {
    expect(texts('a = "open\nb = 1 /* never closed', 'javascript')).toEqual(['a', '=', '"open', 'b', '=', '1']);
    expect(() => tokenize('`${'.repeat(1000), 'javascript')).not.toThrow();
    expect(() => tokenize('r#"', 'rust')).not.toThrow();
    expect(() => tokenize("'\\", 'rust')).not.toThrow();
  });

  it('lexes plain text as words, numbers and punctuation (an apostrophe opens no string)', () => {
    expect(texts("It's 42 o'clock.", 'text')).toEqual(['It', "'", 's', '42', 'o', "'", 'clock', '.']);
  });
});

describe('lexer: tokens', () => {
  it('classifies keywords, identifiers, numbers and multi-character operators', () => {
    const toks = tokenize('if (x >= 0x1F && y === 1.5e-3) return z?.w;', 'typescript');
    expect(toks.map((t) => [t.kind, t.text])).toEqual([
      [TokenKind.Keyword, 'if'],
      [TokenKind.Punct, '('],
      [TokenKind.Identifier, 'x'],
      [TokenKind.Punct, '>='],
      [TokenKind.Number, '0x1F'],
      [TokenKind.Punct, '&&'],
      [TokenKind.Identifier, 'y'],
      [TokenKind.Punct, '==='],
      [TokenKind.Number, '1.5e-3'],
      [TokenKind.Punct, ')'],
      [TokenKind.Keyword, 'return'],
      [TokenKind.Identifier, 'z'],
      [TokenKind.Punct, '?.'],
      [TokenKind.Identifier, 'w'],
    ]);
  });

  it('drops semicolons and trailing commas so ASI and formatter choices do not matter', () => {
    expect(texts('f(a, b,);\nconst o = { x: 1, };', 'javascript')).toEqual(
      texts('f(a, b)\nconst o = { x: 1 }', 'javascript'),
    );
  });

  it('records the source line of every token, counting lines inside strings and comments', () => {
    const toks = tokenize('a\n/* x\n y */ b "s\\\nt" c\n`\n`\nd', 'javascript');
    expect(toks.map((t) => [t.text.replace(/\n/g, '⏎'), t.line])).toEqual([
      ['a', 1],
      ['b', 3],
      ['"s\\⏎t"', 3],
      ['c', 4],
      ['`⏎`', 5],
      ['d', 7],
    ]);
  });

  it('ignores carriage returns (CRLF files lex like LF files)', () => {
    const lf = 'int main() {\n  return 0;\n}\n';
    expect(tokenize(lf.replace(/\n/g, '\r\n'), 'c')).toEqual(tokenize(lf, 'c'));
  });

  it('lexes non-ASCII identifiers as identifiers', () => {
    expect(tokenize('const größe = naïve + 名前', 'javascript').map((t) => t.kind)).toEqual([
      TokenKind.Keyword,
      TokenKind.Identifier,
      TokenKind.Punct,
      TokenKind.Identifier,
      TokenKind.Punct,
      TokenKind.Identifier,
    ]);
  });
});
