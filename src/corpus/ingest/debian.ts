// Debian source trees: per-path licenses from the machine-readable debian/copyright (DEP-5): `Files:` stanzas with
// `*`/`?` wildcards relative to the root, the last matching stanza wins; name and version from debian/changelog.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PackageURL } from 'packageurl-js';
import { InputError } from '../../errors.js';
import type { IngestEntry, IngestSource } from '../store.js';
import { DEBIAN_EXCEPTIONS, DEBIAN_LICENSES } from './debian-names.js';
import { isSpdxExpression } from '../../license/expression.js';
import { currentExpression, licenseRef, spdxExceptionId, spdxId } from './spdx.js';
import { listTree, readTree } from './walk.js';

export interface Dep5Stanza {
  readonly patterns: ReadonlyArray<RegExp>;
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

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (const ch of glob) {
    if (ch === '*') re += '.*';
    else if (ch === '?') re += '.';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Parses the Files stanzas of a DEP-5 document (non-DEP-5 copyright files yield none). */
export function parseDep5(text: string): Dep5Stanza[] {
  const stanzas: Dep5Stanza[] = [];
  for (const para of text.replace(/\r\n/g, '\n').split(/\n\s*\n/)) {
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
        .map((p) => globToRegExp(p.replace(/^\.\//, ''))),
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

/** `pkg:deb/debian/NAME@VERSION?arch=source` (another vendor for a Debian derivative's archive). */
export function debPurl(name: string, version: string | null, vendor = 'debian'): string {
  return new PackageURL('deb', vendor, name, version ?? undefined, { arch: 'source' }, undefined).toString();
}

export function isDebianTree(dir: string): boolean {
  return existsSync(join(dir, 'debian', 'copyright'));
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
  const stanzas = existsSync(copyright) ? parseDep5(readFileSync(copyright, 'utf8')) : [];
  let name = o.name;
  let version = o.version;
  const changelog = join(dir, 'debian', 'changelog');
  if (existsSync(changelog)) {
    const m = /^(\S+)\s+\(([^)]+)\)/.exec(readFileSync(changelog, 'utf8'));
    if (m) {
      name ??= m[1]!;
      version ??= m[2]!;
    }
  }
  if (!name) throw new InputError(copyright, 'no debian/changelog to name the package; give --name');
  const license = o.license ?? dep5License(stanzas, 'any-file-not-otherwise-covered') ?? 'NOASSERTION';
  const keep = o.keep ?? (() => true);
  // debian/ is packaging; .pc/ is quilt's record of the patches dpkg-source applied, with the unpatched files
  const paths = listTree(dir).filter((p) => !p.startsWith('debian/') && !p.startsWith('.pc/') && keep(p));
  return {
    info: {
      name,
      version: version ?? null,
      purl: o.purl ?? debPurl(name, version ?? null),
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
