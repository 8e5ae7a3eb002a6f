// What `corpus add` was given, turned into ingest sources: a folder, a tarball, npm packages (tarball, folder,
// name@version, node_modules), a Debian source tree, or a Debian source package by name (`deb:NAME[=VERSION]`).
// Shared by a single `corpus add` and by recipes; nothing here writes to the corpus.
import { existsSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import type { ProgressListener } from '../model.js';
import type { AptArchive } from './ingest/apt.js';
import type { LeftOut } from './ingest/npm.js';
import type { IngestEntry, IngestSource } from './store.js';

// The ingest readers (tar, zlib, spdx-correct, npm, apt) load only when `corpus add` runs: every other command
// shares this module's importers through src/index.ts and must start fast.
const readers = async () => ({
  ...(await import('./ingest/apt.js')),
  ...(await import('./ingest/debian.js')),
  ...(await import('./ingest/npm.js')),
  ...(await import('./ingest/purl.js')),
  ...(await import('./ingest/tarball.js')),
  ...(await import('./ingest/walk.js')),
});

const isTarball = (path: string): boolean => /\.(tgz|tar\.gz|tar)$/i.test(path);
const isDebianTree = (dir: string): boolean => existsSync(join(dir, 'debian', 'copyright'));

export type CorpusInputKind =
  | 'folder'
  | 'tarball'
  | 'npm-tarball'
  | 'npm-spec'
  | 'npm-folder'
  | 'node_modules'
  | 'debian'
  | 'deb-spec';

interface InputOptions {
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
  /** Treat the input as npm package(s) (tarball, folder with package.json). */
  readonly npm?: boolean;
  /** Treat the folder as a Debian source tree (debian/copyright, DEP-5). */
  readonly debian?: boolean;
  /** Only files whose path inside the source passes are ingested (a recipe's include/exclude globs). */
  readonly keep?: (path: string) => boolean;
  /** For `deb:` specs: tarballs inside the package to unpack before the ingest (gcc-N carries its source so). */
  readonly unpack?: (path: string) => boolean;
  /** Sources for which this is true (already in the corpus) are left out before anything is downloaded. */
  readonly skip?: (name: string, version: string | null) => boolean;
  /** The apt configuration for `deb:` specs (opened on first use when not given). */
  readonly archive?: () => Promise<AptArchive>;
  /** A sources file instead of the machine's apt sources, for `deb:` specs. */
  readonly aptSources?: string;
  readonly onProgress?: ProgressListener;
}

interface OpenedInput {
  readonly kind: CorpusInputKind;
  readonly sources: Iterable<IngestSource>;
  readonly leftOut: LeftOut[];
  /** Sources left out because `skip` said they are in the corpus already (filled as `sources` is read). */
  readonly skipped: Array<{ name: string; version: string | null }>;
  /** Removes what opening the input left on disk (an unpacked Debian source package). */
  dispose(): void;
}

const NPM_SPEC = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*@[^\s@/]+$/i;
const NPM_NAME = /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*(@[^\s@/]+)?$/i;

/** What `target` is, judged from its prefix (`deb:`, `npm:`), the file system and the flags. */
export function detectInput(
  target: string,
  o: Pick<InputOptions, 'npm' | 'debian' | 'name' | 'license'>,
): CorpusInputKind {
  if (target.startsWith('deb:')) return 'deb-spec';
  if (target.startsWith('npm:')) {
    if (!NPM_NAME.test(target.slice(4))) throw new UsageError(`${target}: not an npm package name[@version]`);
    return 'npm-spec';
  }
  if (!existsSync(target)) {
    if (NPM_SPEC.test(target)) return 'npm-spec';
    throw new InputError(target, 'no such file or folder (nor an npm name@version, npm:SPEC or deb:PACKAGE)');
  }
  const st = statSync(target);
  if (st.isDirectory()) {
    if (basename(resolve(target)) === 'node_modules') return 'node_modules';
    if (o.debian || isDebianTree(target)) return 'debian';
    if (o.npm && existsSync(join(target, 'package.json'))) return 'npm-folder';
    return 'folder';
  }
  if (isTarball(target)) return o.npm || o.name === undefined || o.license === undefined ? 'npm-tarball' : 'tarball';
  throw new InputError(target, 'not a folder or a tarball (.tgz, .tar.gz, .tar)');
}

function overrides(o: InputOptions) {
  return {
    ...(o.name !== undefined ? { name: o.name } : {}),
    ...(o.version !== undefined ? { version: o.version } : {}),
    ...(o.license !== undefined ? { license: o.license } : {}),
    ...(o.purl !== undefined ? { purl: o.purl } : {}),
  };
}

function requireNameAndLicense(kind: string, o: InputOptions): { name: string; license: string } {
  if (o.name === undefined) throw new UsageError(`--name is required for a ${kind}`);
  if (o.license === undefined) throw new UsageError(`--license is required for a ${kind}`);
  return { name: o.name, license: o.license };
}

async function* filtered(entries: IngestSource['entries'], keep: (path: string) => boolean) {
  for await (const e of entries as AsyncIterable<IngestEntry>) if (keep(e.path)) yield e;
}

/** A source with only the entries `keep` passes (the count is unknown then, unless the entries were a list). */
function keepOnly(source: IngestSource, keep: ((path: string) => boolean) | undefined): IngestSource {
  if (!keep) return source;
  if (Array.isArray(source.entries)) {
    const entries = (source.entries as IngestEntry[]).filter((e) => keep(e.path));
    return { ...source, total: entries.length, entries };
  }
  return { info: source.info, entries: filtered(source.entries, keep) };
}

/**
 * Opens `target` as ingest sources. Validates what it can before anything is read; for `deb:` specs resolves the
 * version and checks `skip` before downloading. The caller ingests `sources`, then calls `dispose`.
 */
export async function openInput(target: string, options: InputOptions = {}): Promise<OpenedInput> {
  const r = await readers();
  const o = options.purl !== undefined ? { ...options, purl: r.checkedPurl(options.purl) } : options;
  const kind = detectInput(target, o);
  const ov = overrides(o);
  const leftOut: LeftOut[] = [];
  const skipped: Array<{ name: string; version: string | null }> = [];
  const keep = o.keep;
  let dispose = () => {};
  let list: IngestSource[] | undefined;
  let lazy: Iterable<IngestSource> | undefined;
  switch (kind) {
    case 'deb-spec': {
      for (const flag of ['name', 'version', 'purl'] as const) {
        if (o[flag] !== undefined)
          throw new UsageError(`--${flag} does not apply to ${target}: it comes from the Debian archive`);
      }
      const spec = r.parseDebSpec(target);
      const archive = await (
        o.archive ?? (() => r.AptArchive.open({ sourcesFile: o.aptSources, onProgress: o.onProgress }))
      )();
      const record = await archive.resolve(spec, target);
      if (o.skip?.(record.name, record.version)) {
        skipped.push({ name: record.name, version: record.version });
        list = [];
        break;
      }
      const opened = await r.debPackageSource(archive, record, target, {
        ...(o.license !== undefined ? { license: o.license } : {}),
        ...(keep ? { keep } : {}),
        ...(o.unpack ? { unpack: o.unpack } : {}),
      });
      dispose = opened.dispose;
      if (o.license === undefined && opened.source.info.license === 'NOASSERTION')
        o.onProgress?.({
          kind: 'warning',
          message:
            `${target}: debian/copyright is not machine-readable (DEP-5), so files without their own license ` +
            'header get NOASSERTION; give the license with --license (or license: in a recipe)',
        });
      list = [opened.source];
      break;
    }
    case 'npm-spec':
      list = [keepOnly(await r.npmSpecSource(target.replace(/^npm:/, ''), ov), keep)];
      break;
    case 'npm-tarball':
      list = [keepOnly(await r.npmTarballSource(target, ov), keep)];
      break;
    case 'node_modules':
      lazy = r.nodeModulesSources(target, leftOut);
      break;
    case 'debian':
      list = [r.debianSource(target, { ...ov, ...(keep ? { keep } : {}) })];
      break;
    case 'npm-folder': {
      const pkg = r.readPackageJson(target);
      const paths = r.listTree(target).filter((p) => !keep || keep(p));
      list = [{ info: r.npmInfo(pkg, target, ov), total: paths.length, entries: r.readTree(target, paths) }];
      break;
    }
    case 'folder': {
      const { name, license } = requireNameAndLicense('folder', o);
      const paths = r.listTree(target).filter((p) => !keep || keep(p));
      list = [
        {
          info: { name, license, version: o.version ?? null, purl: o.purl ?? null, origin: resolve(target) },
          total: paths.length,
          entries: r.readTree(target, paths),
        },
      ];
      break;
    }
    case 'tarball': {
      const { name, license } = requireNameAndLicense('tarball', o);
      list = [
        keepOnly(
          {
            info: { name, license, version: o.version ?? null, purl: o.purl ?? null, origin: resolve(target) },
            entries: r.readTarball(target, 0),
          },
          keep,
        ),
      ];
      break;
    }
  }
  const skip = o.skip;
  const all: Iterable<IngestSource> = list ?? lazy ?? [];
  const sources = skip
    ? (function* () {
        for (const s of all) {
          const version = s.info.version ?? null;
          if (skip(s.info.name, version)) skipped.push({ name: s.info.name, version });
          else yield kind === 'node_modules' ? keepOnly(s, keep) : s;
        }
      })()
    : kind === 'node_modules' && keep
      ? (function* () {
          for (const s of all) yield keepOnly(s, keep);
        })()
      : all;
  return { kind, sources, leftOut, skipped, dispose };
}
