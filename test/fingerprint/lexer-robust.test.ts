import { describe, expect, it } from 'vitest';
import { fingerprintText } from '../../src/fingerprint/index.js';
import { lex, TokenKind, tokenize } from '../../src/fingerprint/lex/lexer.js';
import { LEX_SPECS } from '../../src/fingerprint/lex/specs.js';

/** mulberry32: reproducible random input. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Pieces that open and close every construct the lexers know, mixed at random.
const PIECES = [
  '"',
  "'",
  '`',
  '"""',
  "'''",
  '/*',
  '*/',
  '//',
  '#',
  '\\',
  '\n',
  '\r\n',
  '${',
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  'r#"',
  '"#',
  'R"x(',
  ')x"',
  '@"',
  '$"',
  '<<<EOT\n',
  '\nEOT;',
  '<<~EOS',
  '\nEOS\n',
  '=begin',
  '\n=end',
  '%w[',
  '%q(',
  '/',
  'r',
  'b',
  'f',
  'x',
  'foo',
  '42',
  '0x1f',
  '1.5e-3',
  ' ',
  '\t',
  'é',
  '名',
  '😀',
  '--',
  '--[[',
  ']]',
  "'a",
  '#"',
  '=>',
];

describe('lexer robustness', () => {
  it('never throws and keeps tokens ordered with non-decreasing lines on random input, in every language', () => {
    const rnd = prng(2024);
    const failures: string[] = [];
    for (const language of [...Object.keys(LEX_SPECS), 'text']) {
      for (let trial = 0; trial < 60; trial++) {
        const len = 1 + Math.floor(rnd() * 120);
        let text = '';
        for (let i = 0; i < len; i++) text += PIECES[Math.floor(rnd() * PIECES.length)];
        const s = lex(text, language);
        const lines = text.split('\n').length;
        for (let i = 0; i < s.count; i++) {
          const ok =
            s.ends[i]! > s.starts[i]! &&
            s.ends[i]! <= text.length &&
            s.endLines[i]! >= s.startLines[i]! &&
            s.endLines[i]! <= lines &&
            (i === 0 || (s.starts[i]! >= s.ends[i - 1]! && s.startLines[i]! >= s.startLines[i - 1]!));
          if (!ok) failures.push(`${language} token ${i}: ${JSON.stringify(text)}`);
        }
        expect(() => fingerprintText(text, language)).not.toThrow();
      }
    }
    expect(failures).toEqual([]);
  });

  it('lexes a large file with an unterminated block comment in linear time without overflowing', () => {
    const text = `/*${'x'.repeat(2_000_000)}`;
    expect(lex(text, 'c').count).toBe(0);
    const deep = '{'.repeat(200_000) + '}'.repeat(200_000);
    expect(lex(deep, 'javascript').count).toBe(400_000);
  });
});

describe('lexer: per-language keywords and literals', () => {
  const kinds = (code: string, language: string) =>
    tokenize(code, language)
      .map((t) => `${t.text}:${'?ikSnp'[t.kind]}`)
      .join(' ');

  it('C and C++: keywords, char literals, preprocessor lines as tokens', () => {
    expect(kinds("#include <stdio.h>\nint main(void) { char c = '\\''; return 0; }", 'c')).toBe(
      "#:p include:i <:p stdio:i .:p h:i >:p int:k main:i (:p void:k ):p {:p char:k c:i =:p '\\'':S return:k 0:n }:p",
    );
    expect(kinds('template <typename T> class A : public B {};', 'cpp')).toContain('template:k <:p typename:k T:i');
  });

  it('Go: keywords, raw strings and runes', () => {
    expect(kinds("func f() rune { s := `a\\`; return 'x' }", 'go')).toBe(
      "func:k f:i (:p ):p rune:k {:p s:i :=:p `a\\`:S return:k 'x':S }:p",
    );
  });

  it('Java and Kotlin: annotations, generics, string templates stay strings', () => {
    expect(kinds('@Override public List<String> f() { return null; }', 'java')).toBe(
      '@:p Override:i public:k List:i <:p String:k >:p f:i (:p ):p {:p return:k null:k }:p',
    );
    const kotlin = 'val s = "$' + '{a.b} and $c"; fun `weird name`() = s';
    expect(kinds(kotlin, 'kotlin')).toBe(`val:k s:i =:p "\${a.b} and $c":S fun:k \`weird name\`:i (:p ):p =:p s:i`);
  });

  it('C#: verbatim identifiers, interpolated and raw strings', () => {
    expect(kinds('var @class = $"{x}"; var r = """\n raw "quoted"\n """;', 'csharp')).toBe(
      'var:k @:p class:k =:p $"{x}":S var:k r:i =:p """\n raw "quoted"\n """:S',
    );
  });

  it('Swift: nested comments, multi-line and raw strings, interpolation kept inside the string', () => {
    expect(kinds('/* a /* b */ */ let s = "\\(x) y"; let r = #"\\n"#', 'swift')).toBe(
      'let:k s:i =:p "\\(x) y":S let:k r:i =:p #"\\n"#:S',
    );
  });

  it('PHP: variables, both comment styles, nowdoc', () => {
    expect(kinds("<?php $x = 'a'; # c\n// d\n$y = <<<'EOT'\n$z\nEOT;\n", 'php')).toBe(
      "<:p ?:p php:i $x:i =:p 'a':S $y:i =:p <<<'EOT':S",
    );
  });

  it('Ruby: symbols, instance variables and a heredoc inside a call', () => {
    expect(kinds('def go!(x) = @v.call(:sym, <<~EOS, 1)\n  body\nEOS\nputs x', 'ruby')).toBe(
      'def:k go!:i (:p x:i ):p =:p @v:i .:p call:i (:p ::p sym:i ,:p <<~EOS:S ,:p 1:n ):p puts:k x:i',
    );
  });

  it('Python: decorators, f-strings, walrus and keyword literals', () => {
    expect(kinds('@cache\ndef f(x=None):\n    if (n := len(x)) > 1: return f"{n}"', 'python')).toBe(
      '@:p cache:i def:k f:i (:p x:i =:p None:k ):p ::p if:k (:p n:i :=:p len:k (:p x:i ):p ):p >:p 1:n ::p return:k f"{n}":S',
    );
  });

  it('TypeScript/TSX: JSX text with an apostrophe does not swallow the following lines', () => {
    const code = "const A = () => <div>It's here</div>;\nexport const b = 1;";
    const toks = tokenize(code, 'typescript');
    expect(toks.at(-5)?.text).toBe('export');
    expect(toks.at(-5)?.line).toBe(2);
    expect(toks.filter((t) => t.kind === TokenKind.String)).toHaveLength(1);
  });
});
