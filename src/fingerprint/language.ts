// Language detection from a path (extension, well-known file names) and, for extension-less scripts, the shebang.
// The tables are data: add a row, not a branch. Ids are the `language` values of the scan JSON contract.

/** Extension (lower case, without the dot) → language id. */
const EXTENSION_LANGUAGES: Readonly<Record<string, string>> = {
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  'c++': 'cpp',
  hh: 'cpp',
  hpp: 'cpp',
  hxx: 'cpp',
  'h++': 'cpp',
  ipp: 'cpp',
  inl: 'cpp',
  ino: 'cpp',
  cu: 'cpp',
  cuh: 'cpp',
  m: 'objc',
  mm: 'objc',
  cs: 'csharp',
  csx: 'csharp',
  go: 'go',
  java: 'java',
  kt: 'kotlin',
  kts: 'kotlin',
  scala: 'scala',
  sc: 'scala',
  groovy: 'groovy',
  gradle: 'groovy',
  dart: 'dart',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  vue: 'javascript',
  svelte: 'javascript',
  py: 'python',
  pyw: 'python',
  pyi: 'python',
  pyx: 'python',
  rs: 'rust',
  swift: 'swift',
  php: 'php',
  phtml: 'php',
  php3: 'php',
  php4: 'php',
  php5: 'php',
  phps: 'php',
  rb: 'ruby',
  rake: 'ruby',
  gemspec: 'ruby',
  ru: 'ruby',
  erb: 'ruby',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  ksh: 'shell',
  pl: 'perl',
  pm: 'perl',
  lua: 'lua',
  sql: 'sql',
  r: 'r',
  jl: 'julia',
  ex: 'elixir',
  exs: 'elixir',
  erl: 'erlang',
  hs: 'haskell',
  zig: 'zig',
  v: 'verilog',
  sv: 'verilog',
  proto: 'protobuf',
  sol: 'solidity',
};

/** Whole file names (lower case) that say their language without an extension. */
const FILENAME_LANGUAGES: Readonly<Record<string, string>> = {
  rakefile: 'ruby',
  gemfile: 'ruby',
  podfile: 'ruby',
  vagrantfile: 'ruby',
  jenkinsfile: 'groovy',
  'build.gradle': 'groovy',
  sconstruct: 'python',
  sconscript: 'python',
  wscript: 'python',
  makefile: 'shell',
  gnumakefile: 'shell',
  dockerfile: 'shell',
  '.bashrc': 'shell',
  '.zshrc': 'shell',
  '.profile': 'shell',
};

/** Interpreter named by a shebang (`#!/usr/bin/env python3` → `python`) → language id. Matched by prefix. */
const SHEBANG_LANGUAGES: ReadonlyArray<readonly [string, string]> = [
  ['python', 'python'],
  ['node', 'javascript'],
  ['deno', 'typescript'],
  ['bun', 'javascript'],
  ['ts-node', 'typescript'],
  ['tsx', 'typescript'],
  ['ruby', 'ruby'],
  ['php', 'php'],
  ['bash', 'shell'],
  ['sh', 'shell'],
  ['zsh', 'shell'],
  ['ksh', 'shell'],
  ['dash', 'shell'],
  ['perl', 'perl'],
  ['lua', 'lua'],
  ['Rscript', 'r'],
  ['swift', 'swift'],
  ['kotlin', 'kotlin'],
  ['groovy', 'groovy'],
  ['scala', 'scala'],
];

function baseName(path: string): string {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return slash >= 0 ? path.slice(slash + 1) : path;
}

function fromShebang(text: string): string | undefined {
  if (!text.startsWith('#!')) return undefined;
  const nl = text.indexOf('\n');
  const first = (nl >= 0 ? text.slice(2, nl) : text.slice(2, 200)).trim().split(/\s+/);
  // `#!/usr/bin/env -S node --flag` names the interpreter after env (and its options).
  let program = baseName(first[0] ?? '');
  if (program === 'env') program = first.slice(1).find((a) => !a.startsWith('-')) ?? '';
  program = baseName(program);
  for (const [prefix, language] of SHEBANG_LANGUAGES) if (program.startsWith(prefix)) return language;
  return undefined;
}

/** Language id of a file from its path; `text` (the content) lets a shebang decide for extension-less scripts. */
export function detectLanguage(path: string, text?: string): string {
  const name = baseName(path);
  const lower = name.toLowerCase();
  const byName = FILENAME_LANGUAGES[lower];
  if (byName) return byName;
  const dot = lower.lastIndexOf('.');
  if (dot > 0) {
    const byExt = EXTENSION_LANGUAGES[lower.slice(dot + 1)];
    if (byExt) return byExt;
    // `.h` is ambiguous between C and C++; C is the safe family either way (same lexer).
  }
  if (text !== undefined) {
    const bySheBang = fromShebang(text);
    if (bySheBang) return bySheBang;
  }
  return 'text';
}
