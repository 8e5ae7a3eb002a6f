// Debian source trees: per-path licenses from the machine-readable debian/copyright (DEP-5): `Files:` stanzas with
// `*`/`?` wildcards relative to the root (the dep5 dialect of src/util/glob.ts), the last matching stanza wins; name
// and version from debian/changelog. Both files are read without following links (readMetadataFile).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import { GlobError, type GlobMatcher, compileGlob } from '../../util/glob.js';
import type { IngestEntry, IngestSource } from '../store.js';
import { DEBIAN_EXCEPTIONS, DEBIAN_LICENSES } from './debian-names.js';
import { isSpdxExpression } from '../../license/expression.js';
import { debianNameProblem, debianPurl, debianVersionProblem } from './purl.js';
import { currentExpression, licenseRef, spdxExceptionId, spdxId } from './spdx.js';
import { listTree, readMetadataFile, readTree } from './walk.js';

export interface Dep5Stanza {
  readonly patterns: ReadonlyArray<GlobMatcher>;
  readonly license: string;
  /** The stanza's `Copyright:` field, one statement per line. */
  readonly copyrights: ReadonlyArray<string>;
}

/**
 * A Debian license field's first line → an SPDX expression. DEP-5 writes `GPL-2+ or Artistic`, `GPL-2+ and
 * BSD-3-clause`, `GPL-2+ with Autoconf exception`, and uses a comma to lower precedence: `A or B, and C` is
 * `(A or B) AND C`. Within a comma group `and` binds tighter than `or`, as in SPDX. A name that is neither in
 * DEBIAN_LICENSES nor an SPDX id (in any letter case; deprecated ids are replaced by their current form) becomes a
 * `LicenseRef-` and the whole field becomes one when the result is not a valid expression.
 */
export function debianToSpdx(short: string): string {
  const groups = short.trim().split(/\s*,\s*/);
  const parts: string[] = [];
  for (const [i, raw] of groups.entries()) {
    let group = raw;
    if (i > 0) {
      const op = /^(and|or)\s+/i.exec(group);
      parts.push(op && op[1]!.toLowerCase() === 'or' ? 'OR' : 'AND');
      if (op) group = group.slice(op[0].length);
    }
    const tokens = group.split(/\s+(and|or)\s+/i);
    const expr = tokens.map((t, j) => (j % 2 === 1 ? t.toUpperCase() : debianOperand(t))).join(' ');
    parts.push(groups.length > 1 && tokens.length > 1 ? `(${expr})` : expr);
  }
  const expr = parts.join(' ');
  return isSpdxExpression(expr) ? expr : licenseRef(short);
}

/** One operand: a license name, optionally `with <name> exception`. */
function debianOperand(text: string): string {
  const m = /^(.*?)\s+with\s+(.+?)(?:\s+exceptions?)?$/i.exec(text.trim());
  const license = debianLicense(m ? m[1]! : text.trim());
  if (!m || license.includes(' ') || license.startsWith('LicenseRef-')) return license;
  const exception = debianException(m[2]!, license);
  return exception === undefined ? license : `${license} WITH ${exception}`;
}

function debianLicense(name: string): string {
  const known = DEBIAN_LICENSES[name] ?? spdxId(name);
  if (known !== undefined) return known;
  // Debian's "or any later version" suffix on a name not in the table: `MPL-1.1+`, `CC-BY-SA-3.0+`.
  if (name.endsWith('+')) {
    const base = DEBIAN_LICENSES[name.slice(0, -1)] ?? spdxId(name.slice(0, -1));
    if (base !== undefined && !base.includes(' ') && !base.startsWith('LicenseRef-'))
      return currentExpression(`${base}+`);
  }
  return licenseRef(name);
}

function debianException(name: string, license: string): string | undefined {
  const known = DEBIAN_EXCEPTIONS[name.toLowerCase()];
  return known ? known(license) : spdxExceptionId(name);
}

/**
 * Parses the Files stanzas of a DEP-5 document (non-DEP-5 copyright files yield none).
 * @throws InputError naming `file` and the stanza when a pattern cannot be compiled (longer than the glob limits).
 */
export function parseDep5(text: string, file = 'debian/copyright'): Dep5Stanza[] {
  const stanzas: Dep5Stanza[] = [];
  let index = 0;
  for (const para of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
    index++;
    const fields = new Map<string, string>();
    let key: string | undefined;
    for (const line of para.split('\n')) {
      if (line.startsWith('#')) continue;
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (m) {
        key = m[1]!.toLowerCase();
        fields.set(key, m[2]!);
      } else if (key && /^\s/.test(line)) fields.set(key, `${fields.get(key)}\n${line.trim()}`);
    }
    const files = fields.get('files');
    const license = fields.get('license');
    if (files === undefined || license === undefined) continue;
    const short = license.split('\n')[0]!.trim();
    if (short === '') continue;
    stanzas.push({
      patterns: files
        .split(/\s+/)
        .filter((p) => p !== '')
        .map((p, i) => {
          try {
            return compileGlob(p, 'dep5');
          } catch (err) {
            if (!(err instanceof GlobError)) throw err;
            throw new InputError(file, `paragraph ${index}, Files: pattern ${i + 1}: ${err.message}`);
          }
        }),
      license: debianToSpdx(short),
      copyrights: (fields.get('copyright') ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter((l) => l !== '' && l !== '.')
        .map((l) => (/^(?:copyright|©|\(c\))/i.test(l) ? l : `Copyright ${l}`)),
    });
  }
  return stanzas;
}

/** The copyright statements DEP-5 gives for `path` (the last matching stanza's). */
export function dep5Copyrights(stanzas: ReadonlyArray<Dep5Stanza>, path: string): ReadonlyArray<string> {
  let found: ReadonlyArray<string> = [];
  for (const s of stanzas) if (s.patterns.some((p) => p.test(path))) found = s.copyrights;
  return found;
}

/** The license of `path` under DEP-5 rules (last matching stanza wins). */
export function dep5License(stanzas: ReadonlyArray<Dep5Stanza>, path: string): string | undefined {
  let found: string | undefined;
  for (const s of stanzas) if (s.patterns.some((p) => p.test(path))) found = s.license;
  return found;
}

export function isDebianTree(dir: string): boolean {
  return existsSync(join(dir, 'debian', 'copyright'));
}

/** The package name and version on the first line of a debian/changelog (`nano (7.2-1) unstable; urgency=medium`). */
export function parseChangelogHead(text: string): { name: string; version: string } | undefined {
  const m = /^(\S+)\s+\(([^()\s]+)\)/.exec(text);
  return m ? { name: m[1]!, version: m[2]! } : undefined;
}

export interface DebianOverrides {
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
  /** Only paths (relative to the tree) for which this is true are read (a recipe's include/exclude globs). */
  readonly keep?: (path: string) => boolean;
}

/**
 * A Debian source tree as one source; files under debian/ itself are left out (packaging, not the program). A tree
 * without debian/copyright (old packages) has no per-path licenses: the source's license is then NOASSERTION unless
 * one is given.
 */
export function debianSource(dir: string, o: DebianOverrides = {}): IngestSource {
  const copyright = join(dir, 'debian', 'copyright');
  const copyrightBytes = readMetadataFile(dir, 'debian/copyright');
  const stanzas = copyrightBytes === undefined ? [] : parseDep5(copyrightBytes.toString('utf8'), copyright);
  let name = o.name;
  let version = o.version;
  const changelog = join(dir, 'debian', 'changelog');
  const changelogBytes = readMetadataFile(dir, 'debian/changelog');
  if (changelogBytes !== undefined && (name === undefined || version === undefined)) {
    const head = parseChangelogHead(changelogBytes.toString('utf8'));
    if (head === undefined && name === undefined) {
      throw new InputError(
        changelog,
        'cannot be parsed: its first line is not "<package> (<version>) <distribution>; urgency=…"',
        'give --name (and --version)',
      );
    }
    if (head !== undefined) {
      name ??= head.name;
      version ??= head.version;
    }
  }
  if (!name) throw new InputError(changelog, 'no such file to name the package; give --name');
  // the name and version become the purl in the corpus, SBOMs and reports
  const nameProblem = o.purl === undefined ? debianNameProblem(name) : undefined;
  if (nameProblem !== undefined)
    throw new InputError(o.name !== undefined ? '--name' : changelog, `${JSON.stringify(name)} is ${nameProblem}`);
  const versionProblem = o.purl === undefined && version !== undefined ? debianVersionProblem(version) : undefined;
  if (versionProblem !== undefined)
    throw new InputError(
      o.version !== undefined ? '--version' : changelog,
      `${JSON.stringify(version)} is ${versionProblem}`,
    );
  const license = o.license ?? dep5License(stanzas, 'any-file-not-otherwise-covered') ?? 'NOASSERTION';
  const keep = o.keep ?? (() => true);
  // debian/ is packaging; .pc/ is quilt's record of the patches dpkg-source applied, with the unpatched files
  const paths = listTree(dir).filter((p) => !p.startsWith('debian/') && !p.startsWith('.pc/') && keep(p));
  return {
    info: {
      name,
      version: version ?? null,
      purl: o.purl ?? debianPurl(name, version ?? null),
      license,
      origin: dir,
    },
    total: paths.length,
    entries: withCopyrights(
      readTree(dir, paths, (p) => dep5License(stanzas, p)),
      stanzas,
    ),
  };
}

function* withCopyrights(entries: Iterable<IngestEntry>, stanzas: ReadonlyArray<Dep5Stanza>): Generator<IngestEntry> {
  for (const e of entries) {
    const copyrights = dep5Copyrights(stanzas, e.path);
    yield copyrights.length > 0 ? { ...e, copyrights } : e;
  }
}
