// Debian source trees: per-path licenses from the machine-readable debian/copyright (DEP-5): `Files:` stanzas with
// `*`/`?` wildcards relative to the root, the last matching stanza wins; name and version from debian/changelog.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../../errors.js';
import type { IngestEntry, IngestSource } from '../store.js';
import { DEBIAN_LICENSES } from './debian-names.js';
import { isValidExpression, licenseRef, normaliseLicense } from './spdx.js';
import { listTree, readTree } from './walk.js';

export interface Dep5Stanza {
  readonly patterns: ReadonlyArray<RegExp>;
  readonly license: string;
  /** The stanza's `Copyright:` field, one statement per line. */
  readonly copyrights: ReadonlyArray<string>;
}

/** A Debian license short name or expression (`GPL-2+ or BSD-3-clause`, `GPL-2+ with Autoconf exception`) → SPDX. */
export function debianToSpdx(short: string): string {
  const tokens = short
    .trim()
    .split(/\s+(or|and|,)\s+/i)
    .filter((t) => t !== ',');
  const out = tokens.map((t, i) => {
    if (i % 2 === 1) return t.toUpperCase() === 'AND' || t === ',' ? 'AND' : 'OR';
    const name = t.replace(/\s+with\s+.*$/i, '').trim();
    const mapped = DEBIAN_LICENSES[name] ?? (isValidExpression(name) ? name : undefined) ?? normaliseLicense(name);
    return mapped;
  });
  const expr = out.join(' ');
  return isValidExpression(expr) ? expr : licenseRef(short);
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

export function isDebianTree(dir: string): boolean {
  return existsSync(join(dir, 'debian', 'copyright'));
}

export interface DebianOverrides {
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
}

/** A Debian source tree as one source; files under debian/ itself are left out (packaging, not the program). */
export function debianSource(dir: string, o: DebianOverrides = {}): IngestSource {
  const copyright = join(dir, 'debian', 'copyright');
  const stanzas = parseDep5(readFileSync(copyright, 'utf8'));
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
  const paths = listTree(dir).filter((p) => !p.startsWith('debian/'));
  return {
    info: {
      name,
      version: version ?? null,
      purl: o.purl ?? `pkg:deb/debian/${name}${version ? `@${encodeURIComponent(version)}` : ''}?arch=source`,
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
