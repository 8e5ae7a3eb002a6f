// The one glob engine of provscan. Patterns come from files a scanned repository controls (`.provscan.yml` excludes
// and waivers, REUSE.toml, .reuse/dep5) and from Debian copyright files being ingested, so matching must stay fast
// whatever the pattern: each pattern is compiled to a small automaton (Thompson's construction) and a path is matched
// by simulating it, one step per character over the set of live states — O(path length × pattern length), never the
// exponential backtracking a RegExp built from `*a*a*a…` suffers (picomatch's output included; docs/policy.md has the
// numbers). Three dialects, each with its own documented reading:
//
// - `exclude` (policy `exclude`, like .gitignore): `*` and `?` stay inside a path segment, `**` crosses segments and
//   `**/` is zero or more folders, `[a-z]`/`[!a-z]` classes, `{a,b}` alternatives, `\` escapes the next character;
//   a pattern without a `/` (but a trailing one) matches a name at any depth; a match of a folder covers what is
//   below it.
// - `path` (waiver paths, REUSE.toml annotations): `*` and `?` stay inside a segment, `**` crosses segments, `**/` is
//   zero or more folders, `\` escapes the next character; anchored at the root, whole path.
// - `dep5` (Debian copyright `Files:`, .reuse/dep5): only `*` and `?`, and both match `/` too; `\*`, `\?` and `\\`
//   are the literal characters; anchored at the root, whole path.

export type GlobDialect = 'exclude' | 'path' | 'dep5';

/** Longest pattern accepted: as long as the longest path a file system holds (PATH_MAX is 4,096 bytes). */
export const MAX_GLOB_LENGTH = 4096;
/**
 * Longest pattern with wildcards accepted: matching costs up to path length × pattern length steps, and real patterns
 * are a few dozen characters.
 */
export const MAX_WILDCARD_GLOB_LENGTH = 1024;
/** Deepest `{…}` nesting accepted. */
const MAX_BRACE_DEPTH = 16;

/** A pattern that cannot be compiled (too long, braces nested too deep): the caller names where it came from. */
export class GlobError extends Error {}

// Instructions of the automaton. Consuming ones move to the next instruction (STAR stays); SPLIT and JMP consume
// nothing.
const CHAR = 0; // a: char code
const ANY = 1; // a: 1 when `/` matches too
const CLASS = 2; // set: sorted [lo, hi] pairs; a: 1 when negated (never matches `/`)
const STAR = 3; // a: 1 when `/` matches too; loops on itself
const SPLIT = 4; // a, b: targets
const JMP = 5; // a: target
const MATCH = 6;

interface Inst {
  readonly op: number;
  a: number;
  b: number;
  readonly set?: ReadonlyArray<number>;
}

export interface GlobMatcher {
  readonly pattern: string;
  readonly dialect: GlobDialect;
  test(path: string): boolean;
}

/**
 * Compiles `pattern` in `dialect`.
 * @throws GlobError when the pattern is longer than MAX_GLOB_LENGTH or nests braces too deep.
 */
export function compileGlob(pattern: string, dialect: GlobDialect): GlobMatcher {
  if (pattern.length > MAX_GLOB_LENGTH) {
    throw new GlobError(
      `the pattern is ${pattern.length.toLocaleString('en-US')} characters long; the limit is ${MAX_GLOB_LENGTH.toLocaleString('en-US')}`,
    );
  }
  let p = pattern;
  let anchored = true;
  let covers = false;
  if (dialect === 'exclude') {
    p = p.trim().replace(/^\.\//, '');
    anchored = p.startsWith('/') || p.replace(/\/$/, '').includes('/');
    p = p.replace(/^\//, '').replace(/\/$/, '');
    covers = true;
  } else if (dialect === 'dep5') {
    p = p.replace(/^\.\//, '');
  }
  const c = new Compiler(p, dialect);
  if (!anchored) c.anyFolders(); // a name at any depth: `(?:.*/)?` first
  const literal = c.sequence(0, p.length, 0);
  c.emit({ op: MATCH, a: 0, b: 0 });
  const prog = c.prog;
  if (c.wild && pattern.length > MAX_WILDCARD_GLOB_LENGTH) {
    throw new GlobError(
      `the pattern is ${pattern.length.toLocaleString('en-US')} characters long; the limit for a pattern with wildcards is ${MAX_WILDCARD_GLOB_LENGTH.toLocaleString('en-US')}`,
    );
  }
  if (!c.wild) {
    // no wildcard at all: plain comparisons
    const lit = c.text;
    if (!covers) return { pattern, dialect, test: (path) => path === lit };
    const under = `${lit}/`;
    const named = `/${lit}`;
    return {
      pattern,
      dialect,
      test: anchored
        ? (path) => path.startsWith(lit) && (path.length === lit.length || path.startsWith(under))
        : (path) =>
            path.includes(lit) &&
            (path === lit || path.startsWith(under) || path.endsWith(named) || path.includes(`${named}/`)),
    };
  }
  // Cheap tests settle most non-matching paths before the automaton runs: an anchored pattern's leading literal
  // must start the path (the automaton then starts after it), and the longest literal run outside braces must occur.
  let prefix = 0;
  while (anchored && prog[prefix]!.op === CHAR) prefix++;
  const head = c.text.slice(0, prefix);
  const sim = new Simulation(prog);
  return {
    pattern,
    dialect,
    test: (path) =>
      path.startsWith(head) && (literal === '' || path.includes(literal)) && sim.run(path, prefix, covers),
  };
}

const cache = new Map<string, GlobMatcher>();

/** compileGlob, remembered (waivers and REUSE annotations are tested against every file). */
export function cachedGlob(pattern: string, dialect: GlobDialect): GlobMatcher {
  const key = `${dialect}\0${pattern}`;
  let m = cache.get(key);
  if (m === undefined) {
    if (cache.size > 10_000) cache.clear();
    m = compileGlob(pattern, dialect);
    cache.set(key, m);
  }
  return m;
}

/** A predicate true when `path` (POSIX, relative) matches any of `patterns` (blank ones ignored). */
export function globMatcher(patterns: ReadonlyArray<string>, dialect: GlobDialect): (path: string) => boolean {
  const matchers = patterns.filter((p) => p.trim() !== '').map((p) => compileGlob(p, dialect));
  if (matchers.length === 0) return () => false;
  return (path) => matchers.some((m) => m.test(path));
}

class Compiler {
  readonly prog: Inst[] = [];
  /** Whether any wildcard was compiled (the literal text otherwise). */
  wild = false;
  text = '';
  constructor(
    readonly p: string,
    readonly dialect: GlobDialect,
  ) {}

  emit(i: Inst): number {
    this.prog.push(i);
    return this.prog.length - 1;
  }

  /** `(?:.*\/)?`: zero or more folders. */
  anyFolders(): void {
    const split = this.emit({ op: SPLIT, a: 0, b: 0 });
    this.emit({ op: STAR, a: 1, b: 0 });
    this.emit({ op: CHAR, a: 47, b: 0 });
    const jmp = this.emit({ op: JMP, a: 0, b: 0 });
    const after = this.prog.length;
    this.prog[split]!.a = split + 1;
    this.prog[split]!.b = after;
    this.prog[jmp]!.a = after;
  }

  /** Compiles p[from, to) (at brace `depth`); returns the longest literal run seen at depth 0. */
  sequence(from: number, to: number, depth: number): string {
    const { p, dialect } = this;
    let best = '';
    let run = '';
    const lit = (ch: string) => {
      this.emit({ op: CHAR, a: ch.charCodeAt(0), b: 0 });
      this.text += ch;
      run += ch;
      if (depth === 0 && run.length > best.length) best = run;
    };
    const wild = (i: Inst) => {
      this.emit(i);
      this.wild = true;
      run = '';
    };
    for (let i = from; i < to; i++) {
      const ch = p[i]!;
      if ((ch === '*' || ch === '?') && (p[i + 1] === '*' || p[i + 1] === '?')) {
        // A run of `*` and `?` means "at least as many characters as it has `?`": compiled as the `?`s then one `*`,
        // so `*?*?*?…` is a line of states, not a star before each one. In the path dialects a run with `**` keeps
        // its order (there `?` stops at `/` and `**` does not).
        let end = i;
        while (end < to && (p[end] === '*' || p[end] === '?')) end++;
        const text = p.slice(i, end);
        const crossing = dialect === 'dep5';
        if (text.includes('*') && (crossing || !text.includes('**'))) {
          for (const q of text) if (q === '?') wild({ op: ANY, a: crossing ? 1 : 0, b: 0 });
          wild({ op: STAR, a: crossing ? 1 : 0, b: 0 });
          i = end - 1;
          continue;
        }
      }
      if (ch === '\\' && i + 1 < to && (dialect !== 'dep5' || '*?\\'.includes(p[i + 1]!))) {
        lit(p[++i]!);
      } else if (ch === '*') {
        if (dialect === 'dep5') {
          while (p[i + 1] === '*') i++;
          wild({ op: STAR, a: 1, b: 0 });
        } else if (p[i + 1] === '*') {
          while (p[i + 1] === '*') i++;
          if (p[i + 1] === '/' && i + 1 < to) {
            i++;
            this.anyFolders(); // `**/`: zero or more folders
            this.wild = true;
            run = '';
          } else wild({ op: STAR, a: 1, b: 0 });
        } else wild({ op: STAR, a: 0, b: 0 });
      } else if (ch === '?') {
        wild({ op: ANY, a: dialect === 'dep5' ? 1 : 0, b: 0 });
      } else if (ch === '[' && dialect === 'exclude') {
        const end = classEnd(p, i, to);
        if (end < 0) lit(ch);
        else {
          wild(classInst(p.slice(i + 1, end)));
          i = end;
        }
      } else if (ch === '{' && dialect === 'exclude') {
        const alts = braceAlternatives(p, i, to);
        if (alts === undefined) lit(ch);
        else {
          if (depth + 1 > MAX_BRACE_DEPTH)
            throw new GlobError(`braces are nested more than ${MAX_BRACE_DEPTH} levels deep`);
          this.alternatives(alts.parts, depth + 1);
          this.wild = true;
          run = '';
          i = alts.end;
        }
      } else lit(ch);
    }
    return best;
  }

  /** `{a,b,c}` as a chain of SPLITs, each branch jumping past the group. */
  alternatives(parts: ReadonlyArray<[number, number]>, depth: number): void {
    const jumps: number[] = [];
    for (let k = 0; k < parts.length; k++) {
      const [s, e] = parts[k]!;
      const split = k < parts.length - 1 ? this.emit({ op: SPLIT, a: 0, b: 0 }) : -1;
      if (split >= 0) this.prog[split]!.a = split + 1;
      this.sequence(s, e, depth);
      jumps.push(this.emit({ op: JMP, a: 0, b: 0 }));
      if (split >= 0) this.prog[split]!.b = this.prog.length;
    }
    for (const j of jumps) this.prog[j]!.a = this.prog.length;
  }
}

/** Index of the `]` closing the class opened at `i`, or -1 (then `[` is literal). */
function classEnd(p: string, i: number, to: number): number {
  let j = i + 1;
  if (p[j] === '!' || p[j] === '^') j++;
  if (p[j] === ']') j++; // `[]]`: a class holding `]`
  for (; j < to; j++) {
    if (p[j] === '\\') j++;
    else if (p[j] === ']') return j;
  }
  return -1;
}

function classInst(body: string): Inst {
  let negate = 0;
  let k = 0;
  if (body[0] === '!' || body[0] === '^') {
    negate = 1;
    k = 1;
  }
  const set: number[] = [];
  for (; k < body.length; k++) {
    let lo = body.charCodeAt(k);
    if (body[k] === '\\' && k + 1 < body.length) lo = body.charCodeAt(++k);
    let hi = lo;
    if (body[k + 1] === '-' && k + 2 < body.length) {
      k += 2;
      hi = body[k] === '\\' && k + 1 < body.length ? body.charCodeAt(++k) : body.charCodeAt(k);
    }
    set.push(Math.min(lo, hi), Math.max(lo, hi));
  }
  return { op: CLASS, a: negate, b: 0, set };
}

/** The alternatives of the `{…}` opened at `i` and the index of its `}`, or undefined when it is not closed. */
function braceAlternatives(
  p: string,
  i: number,
  to: number,
): { parts: Array<[number, number]>; end: number } | undefined {
  let depth = 0;
  let start = i + 1;
  const parts: Array<[number, number]> = [];
  for (let j = i + 1; j < to; j++) {
    const ch = p[j];
    if (ch === '\\') j++;
    else if (ch === '{') depth++;
    else if (ch === '}') {
      if (depth === 0) {
        parts.push([start, j]);
        return { parts, end: j };
      }
      depth--;
    } else if (ch === ',' && depth === 0) {
      parts.push([start, j]);
      start = j + 1;
    }
  }
  return undefined;
}

/**
 * Runs the automaton on a path: the live states after each character, each state at most once per step, so the cost
 * is bounded by path length × program length. With `covers`, reaching MATCH just before a `/` matches too (a folder
 * covers what is below it). The state lists are allocated once per pattern.
 */
class Simulation {
  private cur: Int32Array;
  private next: Int32Array;
  private readonly mark: Int32Array;
  private readonly stack: number[] = [];
  private matched = false;
  /** A live state that accepts whatever follows (a trailing `**`): the path matches. */
  private settled = false;

  constructor(private readonly prog: ReadonlyArray<Inst>) {
    this.cur = new Int32Array(prog.length);
    this.next = new Int32Array(prog.length);
    this.mark = new Int32Array(prog.length);
  }

  /** Whether `path` from `from` on is accepted by the program from instruction `from` on (a skipped literal prefix). */
  run(path: string, from: number, covers: boolean): boolean {
    const { prog } = this;
    this.mark.fill(-1);
    this.matched = false;
    this.settled = false;
    let curLen = this.add(this.cur, 0, from, from);
    for (let i = from; i < path.length; i++) {
      if (this.settled) return true;
      const ch = path.charCodeAt(i);
      if (covers && ch === 47 && this.matched) return true;
      this.matched = false;
      let nextLen = 0;
      for (let k = 0; k < curLen; k++) {
        const pc = this.cur[k]!;
        const inst = prog[pc]!;
        let ok: boolean;
        switch (inst.op) {
          case CHAR:
            ok = ch === inst.a;
            break;
          case ANY:
          case STAR:
            ok = ch !== 47 || inst.a === 1;
            break;
          case CLASS:
            ok = ch !== 47 && inClass(inst, ch);
            break;
          default:
            ok = false;
        }
        if (ok) nextLen = this.add(this.next, nextLen, inst.op === STAR ? pc : pc + 1, i + 1);
      }
      if (nextLen === 0) return false;
      [this.cur, this.next] = [this.next, this.cur];
      curLen = nextLen;
    }
    return this.matched;
  }

  /** Adds `start` and the states it reaches without consuming to `list` (of length `len`) for step `gen`. */
  private add(list: Int32Array, len: number, start: number, gen: number): number {
    const { prog, mark, stack } = this;
    stack.push(start);
    while (stack.length > 0) {
      const pc = stack.pop()!;
      if (mark[pc] === gen) continue;
      mark[pc] = gen;
      const inst = prog[pc]!;
      if (inst.op === SPLIT) {
        stack.push(inst.b, inst.a);
      } else if (inst.op === JMP) {
        stack.push(inst.a);
      } else {
        if (inst.op === MATCH) this.matched = true;
        if (inst.op === STAR) {
          stack.push(pc + 1);
          if (inst.a === 1 && prog[pc + 1]!.op === MATCH) this.settled = true;
        }
        list[len++] = pc;
      }
    }
    return len;
  }
}

function inClass(inst: Inst, ch: number): boolean {
  const set = inst.set!;
  let found = false;
  for (let k = 0; k < set.length; k += 2) {
    if (ch >= set[k]! && ch <= set[k + 1]!) {
      found = true;
      break;
    }
  }
  return found !== (inst.a === 1);
}
