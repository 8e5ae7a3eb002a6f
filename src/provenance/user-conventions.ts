// Conventions users add in the config file (`conventions:` list), validated into the same shape as the
// built-in table. Every problem names the file, the entry and the key, e.g.
// `.provscan.yml: conventions[2].trailer: expected a string`.
import { InputError } from '../errors.js';
import { type TextPattern, UserRegexError, compileUserRegex } from '../util/user-regex.js';
import type { Convention, Matcher } from './convention-types.js';

/** Most user conventions (each is tried on every commit). */
const MAX_USER_CONVENTIONS = 100;

const KEYS = ['agent', 'name', 'confidence', 'model', 'trailer', 'value', 'author', 'committer', 'message'] as const;

/**
 * Validates the config file's `conventions` list.
 * Each entry: `agent` (id, required), `name`, `confidence` (0..1, default 1), `model` (fixed model name), and at
 * least one of `trailer` (key, exact, case-insensitive) with optional `value` (regex; a named group `model`
 * captures the model), `author` / `committer` (regex on "Name <email>"), `message` (regex on the message).
 * @throws InputError naming `file` and the offending key.
 */
export function parseUserConventions(raw: unknown, file: string): Convention[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw new InputError(file, `conventions: expected a list, got ${describe(raw)}`);
  if (raw.length > MAX_USER_CONVENTIONS)
    throw new InputError(file, `conventions: has ${raw.length} entries; the limit is ${MAX_USER_CONVENTIONS}`);
  return raw.map((entry, i) => parseEntry(entry, `conventions[${i}]`, file));
}

function parseEntry(entry: unknown, at: string, file: string): Convention {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new InputError(
      file,
      `${at}: expected a mapping with agent and trailer/author/committer/message, got ${describe(entry)}`,
    );
  }
  const e = entry as Record<string, unknown>;
  for (const key of Object.keys(e)) {
    if (!(KEYS as ReadonlyArray<string>).includes(key)) {
      throw new InputError(file, `${at}.${key}: unknown key (expected one of ${KEYS.join(', ')})`);
    }
  }
  const str = (key: string): string | undefined => {
    const v = e[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string' || v.trim() === '')
      throw new InputError(file, `${at}.${key}: expected a non-empty string, got ${describe(v)}`);
    return v;
  };
  // the scanned repository writes these patterns: RE2, linear in the text, whatever the pattern
  const regex = (key: string): TextPattern | undefined => {
    const v = str(key);
    if (v === undefined) return undefined;
    try {
      return compileUserRegex(v, { ignoreCase: true });
    } catch (err) {
      if (!(err instanceof UserRegexError)) throw err;
      throw new InputError(file, `${at}.${key}: invalid regular expression ${JSON.stringify(v)}: ${err.message}`);
    }
  };
  const agent = str('agent');
  if (agent === undefined) throw new InputError(file, `${at}.agent: required (an agent id such as "acme-bot")`);
  if (!/^[a-z0-9][a-z0-9._-]*$/i.test(agent)) {
    throw new InputError(
      file,
      `${at}.agent: expected an id of letters, digits, ".", "_" or "-", got ${JSON.stringify(agent)}`,
    );
  }
  let confidence = 1;
  if (e['confidence'] !== undefined) {
    const c = e['confidence'];
    if (typeof c !== 'number' || !(c > 0 && c <= 1)) {
      throw new InputError(file, `${at}.confidence: expected a number in (0, 1], got ${describe(c)}`);
    }
    confidence = c;
  }
  const match: Matcher[] = [];
  const trailer = str('trailer');
  const value = regex('value');
  if (value && trailer === undefined) throw new InputError(file, `${at}.value: only allowed together with trailer`);
  if (trailer !== undefined) {
    if (!/^[A-Za-z][A-Za-z0-9-]*$/.test(trailer)) {
      throw new InputError(
        file,
        `${at}.trailer: expected a trailer key such as "AI-Tool", got ${JSON.stringify(trailer)}`,
      );
    }
    // the key is letters, digits and `-` (checked above): a literal pattern
    const key = compileUserRegex(`^${trailer}$`, { ignoreCase: true });
    match.push({ kind: 'trailer', key, ...(value ? { value } : {}) });
  }
  const author = regex('author');
  if (author) match.push(identityMatcher('author', author));
  const committer = regex('committer');
  if (committer) match.push(identityMatcher('committer', committer));
  const message = regex('message');
  if (message) match.push({ kind: 'message', where: 'message', pattern: message });
  if (match.length === 0) {
    throw new InputError(file, `${at}: needs at least one of trailer, author, committer, message`);
  }
  const model = str('model');
  return {
    agent,
    name: str('name') ?? agent,
    confidence,
    match,
    evidence: `${file} ${at}`,
    ...(model !== undefined ? { model } : {}),
  };
}

/** User identity regexes are tried on the name and on the email, like `git log --author`. */
function identityMatcher(who: 'author' | 'committer', pattern: TextPattern): Matcher {
  return { kind: 'author', who, ident: pattern };
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  const text = JSON.stringify(v);
  return `${typeof v} ${text.length > 80 ? `${text.slice(0, 80)}…` : text}`;
}
