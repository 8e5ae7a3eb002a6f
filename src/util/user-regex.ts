// Every regular expression that a user or a scanned repository supplies (the `conventions` of `.provscan.yml`: trailer
// values, author, committer and message patterns) is compiled here, by RE2 (the re2js port): matching time is linear
// in the text, so `(a+)+$` against a crafted commit trailer cannot hang a scan as it does V8's backtracking engine.
// RE2 has no look-around and no back-references; a pattern using them is refused when the policy is read.
import { createRequire } from 'node:module';
import type { RE2JS as RE2JSClass } from 're2js';

// re2js takes tens of milliseconds to load: it loads on the first user pattern, not with every command (the
// pre-commit check must start fast, and most policies have no conventions).
let engine: typeof RE2JSClass | undefined;
function re2(): typeof RE2JSClass {
  engine ??= (createRequire(import.meta.url)('re2js') as { RE2JS: typeof RE2JSClass }).RE2JS;
  return engine;
}

/** What matching needs of a pattern: RegExp has the same shape, so built-in (trusted) patterns stay native. */
export interface TextPattern {
  readonly source: string;
  test(text: string): boolean;
  exec(text: string): { readonly groups?: Readonly<Record<string, string | undefined>> } | null;
}

/** Longest pattern accepted (real ones are a few dozen characters). */
export const MAX_USER_REGEX_LENGTH = 1000;

/** A pattern that RE2 cannot compile or that is too long; the message says why, the caller says where. */
export class UserRegexError extends Error {}

/**
 * Compiles a user-supplied pattern (JavaScript syntax, `(?<name>…)` groups) for linear-time matching.
 * @throws UserRegexError when it is too long, invalid, or uses what RE2 cannot do in linear time.
 */
export function compileUserRegex(source: string, options: { readonly ignoreCase?: boolean } = {}): TextPattern {
  if (source.length > MAX_USER_REGEX_LENGTH) {
    throw new UserRegexError(
      `the pattern is ${source.length.toLocaleString('en-US')} characters long; the limit is ${MAX_USER_REGEX_LENGTH.toLocaleString('en-US')}`,
    );
  }
  const RE2JS = re2();
  let re: RE2JSClass;
  try {
    re = RE2JS.compile(RE2JS.translateRegExp(source), options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (err) {
    // RE2 quotes the translated pattern (with its flags) after the reason: the caller quotes the user's own
    const why = (err as Error).message.replace(/^error parsing regexp:\s*/i, '').replace(/:\s*`[\s\S]*$/, '');
    throw new UserRegexError(`${why} (patterns are matched by RE2 in linear time: no look-around, no back-references)`);
  }
  const names = Object.keys(re.namedGroups());
  return {
    source,
    test: (text) => re.test(text),
    exec: (text) => {
      const m = re.matcher(text);
      if (!m.find()) return null;
      if (names.length === 0) return {};
      const groups: Record<string, string | undefined> = {};
      for (const name of names) groups[name] = m.group(name) ?? undefined;
      return { groups };
    },
  };
}
