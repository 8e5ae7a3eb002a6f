// Exclude patterns (policy `exclude`) as matchers over POSIX paths, with gitignore-like reading:
// `*` stays inside a path segment, `**` crosses segments, `?` is one character, `{a,b}` alternatives,
// a pattern without `/` matches a name at any depth, and a pattern that names a folder excludes what is under it.

/** A predicate that is true when `path` (POSIX, relative) matches any of `patterns`. */
export function globMatcher(patterns: ReadonlyArray<string>): (path: string) => boolean {
  const regexps = patterns.filter((p) => p.trim() !== '').map(globToRegExp);
  if (regexps.length === 0) return () => false;
  return (path) => regexps.some((r) => r.test(path));
}

export function globToRegExp(pattern: string): RegExp {
  let p = pattern.trim().replace(/^\.\//, '');
  const anchored = p.startsWith('/') || p.replace(/\/$/, '').includes('/');
  p = p.replace(/^\//, '').replace(/\/$/, '');
  let re = '';
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i] ?? '';
    if (c === '*') {
      if (p[i + 1] === '*') {
        i++;
        if (p[i + 1] === '/') {
          i++;
          re += '(?:.*/)?'; // `**/` : zero or more folders
        } else {
          re += '.*';
        }
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      braces++;
      re += '(?:';
    } else if (c === '}' && braces > 0) {
      braces--;
      re += ')';
    } else if (c === ',' && braces > 0) re += '|';
    else if (c === '[') {
      const close = p.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        re += `[${p
          .slice(i + 1, close)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  // A match of a folder covers everything below it.
  return new RegExp(`^${anchored ? '' : '(?:.*/)?'}${re}(?:/.*)?$`);
}
