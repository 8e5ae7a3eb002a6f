// The project's declared license, from every place a user would put it. Pure: the caller hands in the file list
// and a reader. Manifests (package.json, Cargo.toml, pyproject.toml, pom.xml) are declarations and win; REUSE
// annotations come next; LICENSE/COPYING texts are identified by similarity and carry that confidence.
import { InputError, UsageError } from '../errors.js';
import type { LicenseEvidence } from '../model.js';
import { CLASSIFIER_TO_ID, NAME_TO_ID, URL_TO_ID } from './data/manifest-names.js';
import { describeInvalid, parseExpression } from './expression.js';
import { GlobError, type GlobMatcher, cachedGlob } from '../util/glob.js';
import { identifyLicenseText } from './license-text.js';

export interface ProjectLicense {
  readonly expression: string | null;
  readonly evidence: ReadonlyArray<LicenseEvidence>;
  readonly project?: { readonly name: string; readonly version: string | null };
  /** Problems worth a warning (conflicting declarations, guesses that were not concluded). */
  readonly notes?: ReadonlyArray<string>;
  /** Per-path licenses from REUSE.toml annotations and `.reuse/dep5` stanzas, in file order (the last match wins). */
  readonly pathLicenses?: ReadonlyArray<PathLicense>;
}

export interface PathLicense {
  /** Glob (src/util/glob.ts): the `path` dialect for REUSE.toml, the `dep5` dialect for .reuse/dep5. */
  readonly pattern: string;
  readonly expression: string;
  readonly source: string;
}

export interface DetectInput {
  readonly paths: ReadonlyArray<string>;
  readonly readText: (path: string) => Promise<string | undefined>;
  /** `--license EXPR`: replaces detection (still validated). */
  readonly override?: string;
}

type Reader = DetectInput['readText'];
interface Found {
  evidence: LicenseEvidence[];
  paths: PathLicense[];
  project?: { name: string; version: string | null };
}

/** Texts below this similarity are not concluded (they still appear as evidence with a note). */
const TEXT_CONCLUDE = 0.9;
const LICENSE_FILE = /^(licen[cs]e|copying|unlicense)([-._][^/]*)?$/i;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/**
 * A declared expression, validated. In strict mode an invalid one is an InputError naming the file and key;
 * with `--license` given we only note it (the user has already said what the license is).
 */
function addDeclared(found: Found, file: string, key: string, raw: string, strict: boolean, confidence = 1): void {
  const parsed = parseExpression(raw);
  if (parsed.ok) {
    found.evidence.push({ source: file, expression: parsed.expression, confidence, note: `key ${key}` });
    return;
  }
  if (strict) throw new InputError(file, `${key}: ${describeInvalid(raw, parsed)}`);
  found.evidence.push({
    source: file,
    expression: raw,
    confidence: 0,
    note: `key ${key}: ${describeInvalid(raw, parsed)}; not used`,
  });
}

async function identifyFile(found: Found, path: string, read: Reader, via?: string): Promise<void> {
  const text = await read(path);
  if (text === undefined) return;
  const match = identifyLicenseText(text);
  const source = via ? `${via} → ${path}` : path;
  if (!match) {
    found.evidence.push({
      source,
      expression: 'NOASSERTION',
      confidence: 0,
      note: 'text not recognised as a known license',
    });
    return;
  }
  const score = Math.round(match.score * 100) / 100;
  const notes: string[] = [`text ${Math.round(score * 100)}% similar to the SPDX text of ${match.id}`];
  if (/^(A|L)?GPL-\d\.\d-only$/.test(match.id))
    notes.push('the text alone does not say whether later versions are allowed');
  if (score < TEXT_CONCLUDE) notes.push('below the 90% needed to conclude');
  found.evidence.push({ source, expression: match.id, confidence: score, note: notes.join('; ') });
}

/**
 * A JSON manifest (package.json, composer.json) as an object, taking the project's name and version from it when
 * none is known yet. Undefined when absent or, unless `strict`, not JSON.
 */
async function readJsonManifest(
  found: Found,
  read: Reader,
  file: string,
  strict: boolean,
): Promise<Record<string, unknown> | undefined> {
  const text = await read(file);
  if (text === undefined) return undefined;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(text) as Record<string, unknown>;
  } catch (err) {
    if (strict) throw new InputError(file, `not valid JSON (${(err as Error).message})`);
    return undefined;
  }
  const name = str(doc['name']);
  if (name && !found.project) found.project = { name, version: str(doc['version']) ?? null };
  return doc;
}

async function fromPackageJson(found: Found, read: Reader, strict: boolean): Promise<void> {
  const pkg = await readJsonManifest(found, read, 'package.json', strict);
  if (!pkg) return;
  const license = pkg['license'];
  if (typeof license === 'string') {
    const see = /^SEE LICEN[CS]E IN (.+)$/i.exec(license.trim());
    if (see?.[1]) return identifyFile(found, see[1].trim(), read, 'package.json license');
    if (license.trim() === 'UNLICENSED') {
      found.evidence.push({
        source: 'package.json',
        expression: 'LicenseRef-Proprietary',
        confidence: 1,
        note: 'key license: UNLICENSED (not licensed for use by others)',
      });
      return;
    }
    addDeclared(found, 'package.json', 'license', license, strict);
  } else if (license !== undefined && license !== null) {
    const type = str((license as Record<string, unknown>)['type']);
    if (type) addDeclared(found, 'package.json', 'license.type', type, strict);
    else if (strict) throw new InputError('package.json', 'license: expected an SPDX expression string');
  }
  // Legacy form: "licenses": [{ "type": "MIT" }, …] — several entries mean a choice.
  const legacy = pkg['licenses'];
  const list = Array.isArray(legacy) ? legacy : legacy && typeof legacy === 'object' ? [legacy] : [];
  const ids: string[] = [];
  list.forEach((entry, i) => {
    const type = typeof entry === 'string' ? entry : str((entry as Record<string, unknown>)?.['type']);
    if (!type) return;
    const parsed = parseExpression(type);
    if (parsed.ok) ids.push(parsed.expression);
    else if (strict) throw new InputError('package.json', `licenses[${i}].type: ${describeInvalid(type, parsed)}`);
  });
  if (ids.length > 0) {
    found.evidence.push({
      source: 'package.json',
      expression: ids.join(' OR '),
      confidence: 1,
      note: 'legacy key licenses',
    });
  }
}

/** composer.json (PHP): `license` is an id or a list of ids meaning a choice. */
async function fromComposer(found: Found, read: Reader, strict: boolean): Promise<void> {
  const doc = await readJsonManifest(found, read, 'composer.json', strict);
  if (!doc) return;
  const license = doc['license'];
  const list = typeof license === 'string' ? [license] : Array.isArray(license) ? license : [];
  const ids: string[] = [];
  list.forEach((v, i) => {
    if (typeof v !== 'string') return;
    if (v === 'proprietary') {
      ids.push('LicenseRef-Proprietary');
      return;
    }
    const parsed = parseExpression(v);
    if (parsed.ok) ids.push(parsed.expression);
    else if (strict) {
      const key = typeof license === 'string' ? 'license' : `license[${i}]`;
      throw new InputError('composer.json', `${key}: ${describeInvalid(v, parsed)}`);
    }
  });
  if (ids.length > 0) {
    const expression =
      ids.length === 1 ? (ids[0] ?? '') : ids.map((e) => (e.includes(' ') ? `(${e})` : e)).join(' OR ');
    found.evidence.push({ source: 'composer.json', expression, confidence: 1, note: 'key license' });
  }
}

async function fromCargo(found: Found, read: Reader, strict: boolean): Promise<void> {
  const text = await read('Cargo.toml');
  if (text === undefined) return;
  const { parse } = await import('smol-toml');
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (strict) throw new InputError('Cargo.toml', `not valid TOML (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const pkg = (doc['package'] ?? {}) as Record<string, unknown>;
  const name = str(pkg['name']);
  if (name && !found.project) found.project = { name, version: str(pkg['version']) ?? null };
  const license = str(pkg['license']);
  // Cargo once accepted "MIT/Apache-2.0"; it means a choice.
  if (license) addDeclared(found, 'Cargo.toml', 'package.license', license.replace(/\s*\/\s*/g, ' OR '), strict);
  const file = str(pkg['license-file']);
  if (file) await identifyFile(found, file, read, 'Cargo.toml package.license-file');
}

async function fromPyproject(found: Found, read: Reader, strict: boolean): Promise<void> {
  const text = await read('pyproject.toml');
  if (text === undefined) return;
  const { parse } = await import('smol-toml');
  let doc: Record<string, unknown>;
  try {
    doc = parse(text) as Record<string, unknown>;
  } catch (err) {
    if (strict) throw new InputError('pyproject.toml', `not valid TOML (${(err as Error).message.split('\n')[0]})`);
    return;
  }
  const project = (doc['project'] ?? {}) as Record<string, unknown>;
  const poetry = ((doc['tool'] as Record<string, unknown> | undefined)?.['poetry'] ?? {}) as Record<string, unknown>;
  const name = str(project['name']) ?? str(poetry['name']);
  if (name && !found.project)
    found.project = { name, version: str(project['version']) ?? str(poetry['version']) ?? null };
  const license = project['license'];
  if (typeof license === 'string') {
    addDeclared(found, 'pyproject.toml', 'project.license', license, strict); // PEP 639 expression
  } else if (license && typeof license === 'object') {
    const table = license as Record<string, unknown>;
    const file = str(table['file']);
    const ltext = str(table['text']);
    if (file) await identifyFile(found, file, read, 'pyproject.toml project.license.file');
    else if (ltext) {
      const parsed = parseExpression(ltext);
      if (parsed.ok)
        found.evidence.push({
          source: 'pyproject.toml',
          expression: parsed.expression,
          confidence: 1,
          note: 'key project.license.text',
        });
      else {
        const match = identifyLicenseText(ltext);
        if (match)
          found.evidence.push({
            source: 'pyproject.toml',
            expression: match.id,
            confidence: match.score,
            note: 'key project.license.text identified by similarity',
          });
      }
    }
  }
  const poetryLicense = str(poetry['license']);
  if (poetryLicense) addDeclared(found, 'pyproject.toml', 'tool.poetry.license', poetryLicense, strict);
  const classifiers = Array.isArray(project['classifiers']) ? (project['classifiers'] as unknown[]) : [];
  const ids = classifiers
    .filter((c): c is string => typeof c === 'string' && c.startsWith('License ::'))
    .map((c) => CLASSIFIER_TO_ID[(c.split('::').pop() ?? '').trim().toLowerCase()])
    .filter((id): id is string => id !== undefined);
  if (ids.length > 0) {
    found.evidence.push({
      source: 'pyproject.toml',
      expression: [...new Set(ids)].join(' OR '),
      confidence: 0.9,
      note: 'trove classifiers',
    });
  }
}

async function fromPom(found: Found, read: Reader): Promise<void> {
  const text = await read('pom.xml');
  if (text === undefined) return;
  const { XMLParser } = await import('fast-xml-parser');
  let doc: Record<string, unknown>;
  try {
    doc = new XMLParser({ isArray: (name) => name === 'license' }).parse(text) as Record<string, unknown>;
  } catch {
    return;
  }
  const project = (doc['project'] ?? {}) as Record<string, unknown>;
  const name = str(project['artifactId']);
  const version = project['version'];
  if (name && !found.project) found.project = { name, version: version === undefined ? null : String(version) };
  const licenses = ((project['licenses'] as Record<string, unknown> | undefined)?.['license'] ?? []) as Record<
    string,
    unknown
  >[];
  const ids: string[] = [];
  for (const l of licenses) {
    const lname = str(l['name']);
    const url = str(l['url'])
      ?.toLowerCase()
      .replace(/^https?:\/\//, '')
      .replace(/\/$/, '');
    const id =
      (lname && NAME_TO_ID[lname.toLowerCase()]) ??
      (url && URL_TO_ID[url]) ??
      (lname && parseExpression(lname).ok ? lname : undefined);
    if (id) ids.push(id);
    else if (lname)
      found.evidence.push({
        source: 'pom.xml',
        expression: 'NOASSERTION',
        confidence: 0,
        note: `license name "${lname}" not recognised`,
      });
  }
  if (ids.length > 0)
    found.evidence.push({
      source: 'pom.xml',
      expression: [...new Set(ids)].join(' OR '),
      confidence: 0.95,
      note: 'licenses/license names and urls',
    });
}

async function fromReuse(found: Found, paths: ReadonlyArray<string>, read: Reader): Promise<void> {
  const texts = paths.filter((p) => /^LICENSES\/[^/]+\.txt$/.test(p)).map((p) => p.slice('LICENSES/'.length, -4));
  const ids = texts.filter((id) => parseExpression(id).ok);
  if (ids.length > 0) {
    found.evidence.push({
      source: 'LICENSES/',
      expression: ids.sort().join(' AND '),
      confidence: 0.7,
      note: 'REUSE license texts present (the licenses used somewhere in the project)',
    });
  }
  const reuseToml = await read('REUSE.toml');
  if (reuseToml !== undefined) {
    const { parse } = await import('smol-toml');
    try {
      const doc = parse(reuseToml) as Record<string, unknown>;
      const annotations = Array.isArray(doc['annotations']) ? (doc['annotations'] as Record<string, unknown>[]) : [];
      for (const a of annotations) {
        const pathsOf = Array.isArray(a['path']) ? a['path'] : [a['path']];
        const license = str(a['SPDX-License-Identifier']);
        const parsed = license ? parseExpression(license) : undefined;
        if (!parsed?.ok) continue;
        if (pathsOf.some((p) => p === '**' || p === '**/*')) {
          const note = 'annotation for path "**"';
          found.evidence.push({ source: 'REUSE.toml', expression: parsed.expression, confidence: 0.95, note });
        } else {
          for (const p of pathsOf) {
            if (typeof p === 'string')
              addPathLicense(found, { pattern: p, expression: parsed.expression, source: 'REUSE.toml' });
          }
        }
      }
    } catch {
      found.evidence.push({
        source: 'REUSE.toml',
        expression: 'NOASSERTION',
        confidence: 0,
        note: 'not valid TOML; ignored',
      });
    }
  }
  const dep5 = await read('.reuse/dep5');
  if (dep5 !== undefined) {
    for (const stanza of dep5.split(/\n\s*\n/)) {
      const files = /^Files:\s*(.+)$/m.exec(stanza)?.[1]?.trim().split(/\s+/) ?? [];
      const license = /^License:\s*(.+)$/m.exec(stanza)?.[1];
      const parsed = license ? parseExpression(license) : undefined;
      if (!parsed?.ok || files.length === 0) continue;
      if (files.length === 1 && files[0] === '*') {
        const note = 'stanza for Files: *';
        found.evidence.push({ source: '.reuse/dep5', expression: parsed.expression, confidence: 0.95, note });
      } else {
        // DEP-5 globs: `*` also matches `/`.
        for (const f of files) {
          addPathLicense(found, { pattern: f, expression: parsed.expression, source: '.reuse/dep5' });
        }
      }
    }
  }
}

function conclude(evidence: ReadonlyArray<LicenseEvidence>): { expression: string | null; notes: string[] } {
  const usable = evidence.filter(
    (e) => e.confidence >= TEXT_CONCLUDE && e.expression !== 'NOASSERTION' && !e.source.startsWith('LICENSES/'),
  );
  const notes: string[] = [];
  if (usable.length === 0) {
    const weak = evidence.find((e) => e.confidence > 0 && e.expression !== 'NOASSERTION');
    if (weak)
      notes.push(
        `no declaration certain enough; best guess ${weak.expression} from ${weak.source} (${Math.round(weak.confidence * 100)}%) not concluded`,
      );
    return { expression: null, notes };
  }
  const chosen = [...usable].sort((a, b) => b.confidence - a.confidence)[0];
  const distinct = new Set(usable.map((e) => e.expression));
  // LICENSE-MIT + LICENSE-APACHE with no manifest: the usual way of offering a choice.
  if (distinct.size > 1 && usable.every((e) => LICENSE_FILE.test(e.source))) {
    const choice = [...distinct].sort().join(' OR ');
    notes.push(`several license files (${usable.map((e) => e.source).join(', ')}); read as a choice: ${choice}`);
    return { expression: choice, notes };
  }
  if (distinct.size > 1) {
    notes.push(
      `declarations differ: ${usable.map((e) => `${e.source} says ${e.expression}`).join('; ')}; using ${chosen?.expression} from ${chosen?.source}`,
    );
  }
  return { expression: chosen?.expression ?? null, notes };
}

/**
 * Reads the project's manifests and license files and concludes its license.
 * @throws UsageError for an invalid `--license` value; InputError for an invalid expression in a manifest.
 */
export async function detectProjectLicense(input: DetectInput): Promise<ProjectLicense> {
  const found: Found = { evidence: [], paths: [] };
  let override: string | undefined;
  if (input.override !== undefined) {
    const parsed = parseExpression(input.override);
    if (!parsed.ok) throw new UsageError(`--license: ${describeInvalid(input.override, parsed)}`);
    override = parsed.expression;
  }
  const strict = override === undefined;
  const have = new Set(input.paths);
  const read: Reader = (p) => (have.has(p) ? input.readText(p) : Promise.resolve(undefined));

  await fromPackageJson(found, read, strict);
  await fromCargo(found, read, strict);
  await fromComposer(found, read, strict);
  await fromPyproject(found, read, strict);
  await fromPom(found, read);
  if (!found.project && have.has('go.mod')) {
    const mod = /^module\s+(\S+)/m.exec((await read('go.mod')) ?? '')?.[1];
    if (mod) found.project = { name: mod, version: null };
  }
  await fromReuse(found, input.paths, read);
  const licenseFiles = input.paths.filter((p) => !p.includes('/') && LICENSE_FILE.test(p)).sort();
  for (const f of licenseFiles) await identifyFile(found, f, read);

  if (override !== undefined) {
    const evidence = [{ source: '--license', expression: override, confidence: 1 }, ...found.evidence];
    return {
      expression: override,
      evidence,
      ...(found.project ? { project: found.project } : {}),
      ...(found.paths.length > 0 ? { pathLicenses: found.paths } : {}),
    };
  }
  const { expression, notes } = conclude(found.evidence);
  return {
    expression,
    evidence: found.evidence,
    ...(found.project ? { project: found.project } : {}),
    ...(notes.length > 0 ? { notes } : {}),
    ...(found.paths.length > 0 ? { pathLicenses: found.paths } : {}),
  };
}

/** Keeps a REUSE path license, or notes why its pattern is ignored (the scanned repository wrote it). */
function addPathLicense(found: Found, entry: PathLicense): void {
  try {
    cachedGlob(entry.pattern, entry.source === '.reuse/dep5' ? 'dep5' : 'path');
  } catch (err) {
    if (!(err instanceof GlobError)) throw err;
    const note = `path pattern ignored: ${err.message}`;
    found.evidence.push({ source: entry.source, expression: 'NOASSERTION', confidence: 0, note });
    return;
  }
  found.paths.push(entry);
}

/** The compiled glob of a REUSE entry (.reuse/dep5 in the DEP-5 dialect), or undefined for one that cannot be. */
function globOf(entry: PathLicense): GlobMatcher | undefined {
  try {
    return cachedGlob(entry.pattern, entry.source === '.reuse/dep5' ? 'dep5' : 'path');
  } catch (err) {
    if (err instanceof GlobError) return undefined; // refused (too long): reported when the file was read
    throw err;
  }
}

/** The license REUSE metadata gives one file, if any (the last matching annotation or stanza wins). */
export function licenseForPath(project: Pick<ProjectLicense, 'pathLicenses'>, path: string): string | undefined {
  const list = project.pathLicenses ?? [];
  for (let i = list.length - 1; i >= 0; i--) {
    const entry = list[i];
    if (entry && globOf(entry)?.test(path)) return entry.expression;
  }
  return undefined;
}
