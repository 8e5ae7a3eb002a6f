// Debian source packages by name (`deb:NAME[=VERSION]`), fetched by apt itself with a private configuration: the
// machine's apt sources mirrored as deb-src entries (apt-sources.ts), package lists and downloads kept in provscan's
// cache folder, nothing of the machine's apt state written. apt checks each archive's InRelease signature against the
// keyring the machine trusts for it (Signed-By) and every downloaded file's SHA-256 against the signed index, and it
// honours the machine's proxy and other apt.conf settings; dpkg-source then checks the files against the .dsc and
// unpacks them (applying Debian's patches) into a temporary tree that is removed after the ingest. apt, apt-cache,
// apt-config and dpkg-source run with argument arrays, never through a shell.
import { execFile, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { InputError, UsageError } from '../../errors.js';
import type { ProgressListener } from '../../model.js';
import { cacheDir } from '../../util/cache-dir.js';
import type { IngestSource } from '../store.js';
import { type DebSrcConfig, isSourcesPart, type SourcesFile, toDebSrc } from './apt-sources.js';
import { debianSource } from './debian.js';
import { debianPurl } from './purl.js';

import { compareDebianVersions } from './debian-version.js';

const run = promisify(execFile);

/** Package lists older than this are refreshed (`apt-get update`) before a name is looked up. */
const LISTS_MAX_AGE_MS = 24 * 3600 * 1000;
/** A name not found in lists at least this old triggers one refresh before it is reported missing. */
const LISTS_RECHECK_AGE_MS = 3600 * 1000;

export interface DebSpec {
  readonly name: string;
  readonly version?: string;
}

const DEB_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const DEB_VERSION = /^[A-Za-z0-9.+~:-]+$/;

/** `deb:NAME` or `deb:NAME=VERSION` (a source package name, or a binary package built from it). */
export function parseDebSpec(spec: string): DebSpec {
  const body = spec.replace(/^deb:/, '');
  const eq = body.indexOf('=');
  const name = eq >= 0 ? body.slice(0, eq) : body;
  const version = eq >= 0 ? body.slice(eq + 1) : undefined;
  if (!DEB_NAME.test(name)) throw new UsageError(`${spec}: "${name}" is not a Debian package name`);
  if (version !== undefined && !DEB_VERSION.test(version))
    throw new UsageError(`${spec}: "${version}" is not a Debian version`);
  return version === undefined ? { name } : { name, version };
}

/** One source package version as the archive's Sources index describes it. */
export interface SourceRecord {
  readonly name: string;
  readonly version: string;
  readonly binaries: ReadonlyArray<string>;
  readonly directory: string;
  readonly files: ReadonlyArray<{ readonly name: string; readonly size: number }>;
}

/** Parses `apt-cache showsrc` output (deb822 records). */
export function parseSourceRecords(text: string): SourceRecord[] {
  const out: SourceRecord[] = [];
  for (const para of text.split(/\n\s*\n/)) {
    const fields = new Map<string, string>();
    let key: string | undefined;
    for (const line of para.split('\n')) {
      const m = /^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$/.exec(line);
      if (m) {
        key = m[1]!.toLowerCase();
        fields.set(key, m[2]!);
      } else if (key && /^\s/.test(line)) fields.set(key, `${fields.get(key)}\n${line.trim()}`);
    }
    const name = fields.get('package');
    const version = fields.get('version');
    if (!name || !version) continue;
    const files = (fields.get('checksums-sha256') ?? fields.get('files') ?? '')
      .split('\n')
      .map((l) => l.trim().split(/\s+/))
      .filter((p) => p.length === 3)
      .map((p) => ({ name: p[2]!, size: Number(p[1]) }));
    out.push({
      name,
      version: version.trim(),
      binaries: (fields.get('binary') ?? '')
        .split(/[,\s]+/)
        .map((b) => b.trim())
        .filter((b) => b !== ''),
      directory: (fields.get('directory') ?? '').trim(),
      files,
    });
  }
  return out;
}

/**
 * The record `spec` names: its own source package first, else the source a binary package of that name is built
 * from; the newest version unless one is asked for (a version without its epoch is accepted when unambiguous).
 * Returns a message instead when there is none.
 */
export function pickRecord(records: ReadonlyArray<SourceRecord>, spec: DebSpec): SourceRecord | string {
  let own = records.filter((r) => r.name === spec.name);
  if (own.length === 0) {
    own = records.filter((r) => r.binaries.includes(spec.name));
    const names = [...new Set(own.map((r) => r.name))];
    if (names.length > 1)
      return `binary package ${spec.name} is built from several source packages (${names.join(', ')}); name one`;
  }
  if (own.length === 0) return `no source package named ${spec.name} in the configured apt sources`;
  const sorted = [...own].sort((a, b) => compareDebianVersions(b.version, a.version));
  if (spec.version === undefined) return sorted[0]!;
  const exact = sorted.find((r) => r.version === spec.version);
  if (exact) return exact;
  const noEpoch = sorted.filter((r) => r.version.replace(/^\d+:/, '') === spec.version);
  if (noEpoch.length === 1) return noEpoch[0]!;
  const have = [...new Set(sorted.map((r) => r.version))].slice(0, 8).join(', ');
  return `no version ${spec.version} of source package ${sorted[0]!.name} in the configured apt sources (have ${have})`;
}

function osVendor(): string {
  try {
    const m = /^ID=("?)([a-z0-9._-]+)\1$/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (m && m[2] !== 'debian' && /^(ubuntu|devuan|raspbian|kali|pureos|tanglu)$/.test(m[2]!)) return m[2]!;
  } catch {
    // no os-release: Debian is the vendor of the archive format
  }
  return 'debian';
}

function toolMissing(err: unknown): boolean {
  return (err as { code?: string }).code === 'ENOENT';
}

/** The last error line of a tool's output (apt's `E:` lines, dpkg-source's `error:`), without its prefix. */
function toolError(err: unknown): string {
  const e = err as { stderr?: string; stdout?: string; message?: string };
  const lines = `${e.stderr ?? ''}\n${e.stdout ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  // apt ends with a summary ("E: Failed to fetch some archives."): the first specific error says what went wrong
  const errors = lines.filter((l) => /^E: |error:/.test(l));
  const line =
    errors.find((l) => !/^E: (Failed|Unable) to fetch some archives/.test(l)) ??
    errors.pop() ??
    lines.filter((l) => /^(W|Err):/.test(l)).pop() ??
    lines.pop() ??
    e.message ??
    'failed';
  return line
    .replace(/^E:\s*/, '')
    .replace(/^dpkg-source: error:\s*/, '')
    .replace(/\s+\[IP: [^\]]*\]$/, '')
    .replace(/\s{2,}/g, ' ');
}

const TOOL_ENV = { ...process.env, LC_ALL: 'C.UTF-8', LANGUAGE: '' };

export interface AptArchiveOptions {
  /** A sources file (one-line `.list` or deb822 `.sources`) used instead of the machine's apt sources. */
  readonly sourcesFile?: string;
  readonly onProgress?: ProgressListener;
}

/** The machine's apt source files, where apt itself looks for them (apt-config), in apt's order. */
async function machineSources(): Promise<SourcesFile[]> {
  let list = '/etc/apt/sources.list';
  let parts = '/etc/apt/sources.list.d/';
  try {
    const { stdout } = await run(
      'apt-config',
      ['shell', 'SL', 'Dir::Etc::SourceList/f', 'SP', 'Dir::Etc::SourceParts/d'],
      { env: TOOL_ENV },
    );
    const value = (name: string) => new RegExp(`^${name}='((?:[^']|'\\\\'')*)'$`, 'm').exec(stdout)?.[1];
    list = value('SL')?.replace(/'\\''/g, "'") ?? list;
    parts = value('SP')?.replace(/'\\''/g, "'") ?? parts;
  } catch (err) {
    if (toolMissing(err)) throw aptMissing();
  }
  const files: SourcesFile[] = [];
  if (existsSync(list)) files.push({ path: list, text: readFileSync(list, 'utf8') });
  if (existsSync(parts)) {
    for (const name of readdirSync(parts).sort()) {
      if (isSourcesPart(name)) files.push({ path: join(parts, name), text: readFileSync(join(parts, name), 'utf8') });
    }
  }
  return files;
}

const aptMissing = () =>
  new UsageError(
    'deb: sources need apt (apt-get, apt-cache) and dpkg-source, which were not found on this machine',
    'on Debian or Ubuntu: apt-get install dpkg-dev',
  );

/** One private apt configuration (keyed by the deb-src entries it mirrors) with its lists, and the download pool. */
export class AptArchive {
  private constructor(
    private readonly dir: string,
    private readonly pool: string,
    private readonly onProgress: ProgressListener,
    private updatedAt: number,
    readonly label: string,
  ) {}

  /**
   * Prepares the private configuration for the machine's (or `sourcesFile`'s) apt sources and refreshes its package
   * lists when they are missing or older than a day. Fails before anything is downloaded when a tool is missing.
   */
  static async open(o: AptArchiveOptions = {}): Promise<AptArchive> {
    const onProgress = o.onProgress ?? (() => {});
    const sourcesFile = o.sourcesFile ?? process.env['PROVSCAN_APT_SOURCES'] ?? undefined;
    let files: SourcesFile[];
    if (sourcesFile) {
      if (!existsSync(sourcesFile)) throw new InputError(sourcesFile, 'no such apt sources file');
      files = [{ path: sourcesFile, text: readFileSync(sourcesFile, 'utf8') }];
    } else files = await machineSources();
    const config = toDebSrc(files);
    const label = sourcesFile ?? 'the machine’s apt sources';
    if (config.entries === 0)
      throw new InputError(sourcesFile ?? '/etc/apt/sources.list', 'no deb or deb-src entries to fetch sources from');
    for (const tool of ['apt-get', 'dpkg-source']) {
      try {
        await run(tool, ['--version'], { env: TOOL_ENV });
      } catch (err) {
        if (toolMissing(err)) throw aptMissing();
      }
    }
    const root = join(cacheDir(), 'deb');
    const dir = join(root, 'apt', configKey(config));
    writeConfig(dir, config);
    const stamp = join(dir, 'updated');
    const archive = new AptArchive(
      dir,
      join(root, 'pool'),
      onProgress,
      existsSync(stamp) ? statSync(stamp).mtimeMs : 0,
      label,
    );
    removeStaleTrees(join(root, 'tmp'));
    if (Date.now() - archive.updatedAt > LISTS_MAX_AGE_MS) await archive.update();
    return archive;
  }

  private options(): string[] {
    return [
      '-o',
      `Dir::Etc::SourceList=${join(this.dir, 'sources.list')}`,
      '-o',
      `Dir::Etc::SourceParts=${join(this.dir, 'sources.list.d')}`,
      '-o',
      `Dir::State::Lists=${join(this.dir, 'lists')}`,
      '-o',
      `Dir::Cache=${join(this.dir, 'cache')}`,
      '-o',
      'Acquire::Languages=none',
    ];
  }

  /**
   * `apt-get update` of the private lists. Like apt, an archive that cannot be fetched or verified is reported and
   * the others are used (apt never keeps data it could not verify); it fails only when no package list is left.
   */
  async update(): Promise<void> {
    this.onProgress({ kind: 'start', stage: 'apt update', total: 0 });
    let problem: string | undefined;
    try {
      const { stderr } = await run('apt-get', [...this.options(), '-q', 'update'], {
        env: TOOL_ENV,
        maxBuffer: 16 * 1024 * 1024,
      });
      problem = stderr
        .split('\n')
        .find((l) => /^(W|E): (Failed to fetch|GPG error|The repository|Some index files)/.test(l))
        ?.replace(/^(W|E):\s*/, '');
    } catch (err) {
      if (toolMissing(err)) throw aptMissing();
      problem = toolError(err);
    } finally {
      this.onProgress({ kind: 'end', stage: 'apt update' });
    }
    const lists = join(this.dir, 'lists');
    const haveLists = readdirSync(lists).some((f) => /_source_Sources(\.\w+)?$/.test(f));
    if (!haveLists) throw new InputError(this.label, `apt-get update failed: ${problem ?? 'no Sources index found'}`);
    if (problem) {
      // not stamped: the next run tries again (a network that was down, a key that was missing)
      this.onProgress({ kind: 'warning', message: `apt-get update: ${problem}; using the package lists there are` });
      return;
    }
    const now = new Date();
    writeFileSync(join(this.dir, 'updated'), '');
    utimesSync(join(this.dir, 'updated'), now, now);
    this.updatedAt = now.getTime();
  }

  /** Every version of the source package `name` (or of the source a binary package `name` is built from). */
  async records(name: string): Promise<SourceRecord[]> {
    const found: SourceRecord[] = [];
    for (const only of [['--only-source'], []]) {
      try {
        const { stdout } = await run('apt-cache', [...this.options(), 'showsrc', ...only, name], {
          env: TOOL_ENV,
          maxBuffer: 64 * 1024 * 1024,
        });
        found.push(...parseSourceRecords(stdout));
      } catch (err) {
        if (toolMissing(err)) throw aptMissing();
        // apt-cache exits 100 when nothing matches
      }
      if (found.length > 0) break;
    }
    return found;
  }

  /** The name and version `spec` resolves to (no download). */
  async resolve(spec: DebSpec, label = `deb:${spec.name}`): Promise<SourceRecord> {
    let picked = pickRecord(await this.records(spec.name), spec);
    if (typeof picked === 'string' && Date.now() - this.updatedAt > LISTS_RECHECK_AGE_MS) {
      await this.update();
      picked = pickRecord(await this.records(spec.name), spec);
    }
    if (typeof picked === 'string') throw new InputError(label, picked);
    return picked;
  }

  /** Downloads the record's files into the pool (apt verifies each against the signed index; cached ones are kept). */
  async download(record: SourceRecord, label: string): Promise<string> {
    const dest = join(this.pool, `${record.name}_${record.version.replace(/:/g, '%3a')}`);
    mkdirSync(dest, { recursive: true });
    const total = record.files.reduce((s, f) => s + f.size, 0);
    const stage = `fetch ${record.name}`;
    this.onProgress({ kind: 'start', stage, total });
    const poll = setInterval(() => {
      let done = 0;
      for (const name of readdirSync(dest)) done += statSync(join(dest, name)).size;
      this.onProgress({ kind: 'tick', stage, done: Math.min(done, total), total });
    }, 500);
    try {
      await runChild(
        'apt-get',
        [...this.options(), '-q', 'source', '--download-only', '--only-source', `${record.name}=${record.version}`],
        dest,
      );
    } catch (err) {
      if (toolMissing(err)) throw aptMissing();
      throw new InputError(label, `apt-get source failed: ${toolError(err)}`);
    } finally {
      clearInterval(poll);
      this.onProgress({ kind: 'end', stage });
    }
    return dest;
  }

  /** Unpacks a downloaded source package with dpkg-source into a fresh temporary tree (the caller removes it). */
  async extract(record: SourceRecord, pooled: string, label: string): Promise<{ dir: string; dispose(): void }> {
    const dsc = record.files.find((f) => f.name.endsWith('.dsc'));
    if (!dsc) throw new InputError(label, 'the Sources index lists no .dsc file for this package');
    const tmp = join(cacheDir(), 'deb', 'tmp');
    mkdirSync(tmp, { recursive: true });
    const parent = mkdtempSync(join(tmp, `x-${process.pid}-`));
    const dispose = () => rmSync(parent, { recursive: true, force: true });
    const dir = join(parent, 'src');
    const stage = `unpack ${record.name}`;
    this.onProgress({ kind: 'start', stage, total: 0 });
    try {
      // --no-copy: the tarballs stay in the pool instead of being copied beside the tree
      await runChild('dpkg-source', ['--no-copy', '-x', join(pooled, dsc.name), dir], parent);
    } catch (err) {
      dispose();
      if (toolMissing(err)) throw aptMissing();
      throw new InputError(label, `dpkg-source -x failed: ${toolError(err)}`);
    } finally {
      this.onProgress({ kind: 'end', stage });
    }
    return { dir, dispose };
  }
}

function configKey(config: DebSrcConfig): string {
  return createHash('sha256').update(config.list).update('\0').update(config.sources).digest('hex').slice(0, 16);
}

function writeConfig(dir: string, config: DebSrcConfig): void {
  mkdirSync(join(dir, 'sources.list.d'), { recursive: true });
  mkdirSync(join(dir, 'lists', 'partial'), { recursive: true });
  mkdirSync(join(dir, 'cache'), { recursive: true });
  writeFileSync(join(dir, 'sources.list'), config.list);
  writeFileSync(join(dir, 'sources.list.d', 'provscan.sources'), config.sources);
}

/** Unpacked trees left by a provscan process that was killed (their names carry its pid) are removed. */
function removeStaleTrees(tmp: string): void {
  if (!existsSync(tmp)) return;
  for (const name of readdirSync(tmp)) {
    const pid = Number(/^x-(\d+)-/.exec(name)?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (err) {
      alive = (err as { code?: string }).code === 'EPERM';
    }
    if (!alive) rmSync(join(tmp, name), { recursive: true, force: true });
  }
}

/** Runs a tool to completion in `cwd`, keeping the end of its output for the error message. */
function runChild(cmd: string, args: ReadonlyArray<string>, cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: TOOL_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    const keep = (s: string, chunk: Buffer) => (s + chunk.toString('utf8')).slice(-64 * 1024);
    child.stdout.on('data', (c: Buffer) => {
      stdout = keep(stdout, c);
    });
    child.stderr.on('data', (c: Buffer) => {
      stderr = keep(stderr, c);
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          Object.assign(new Error(`${cmd} exited ${code ?? signal}`), {
            stdout,
            stderr,
          }),
        );
    });
  });
}

export interface DebOverrides {
  readonly license?: string;
  readonly keep?: (path: string) => boolean;
  /**
   * Tarballs inside the unpacked tree to unpack where they lie (glob patterns): a few packages (gcc-N) carry their
   * upstream source as a tarball inside the Debian one, which would otherwise be skipped as a binary file.
   */
  readonly unpack?: (path: string) => boolean;
}

/** Unpacks the tree's tarballs that `wanted` names beside themselves (GNU tar refuses members outside the folder). */
async function unpackNested(dir: string, wanted: (path: string) => boolean, label: string): Promise<void> {
  const { listTree } = await import('./walk.js');
  for (const path of listTree(dir).filter((p) => /\.tar(\.(gz|xz|bz2|zst|lz))?$|\.tgz$/.test(p) && wanted(p))) {
    const full = join(dir, path);
    try {
      await runChild('tar', ['-xf', full, '--no-same-owner', '--no-same-permissions'], dirname(full));
    } catch (err) {
      if (toolMissing(err)) throw new UsageError('unpacking a nested tarball needs tar, which was not found');
      throw new InputError(label, `cannot unpack ${path}: ${toolError(err)}`);
    }
    rmSync(full, { force: true });
  }
}

/** A resolved, downloaded and unpacked source package as an ingest source; `dispose` removes the unpacked tree. */
export async function debPackageSource(
  archive: AptArchive,
  record: SourceRecord,
  label: string,
  o: DebOverrides = {},
): Promise<{ source: IngestSource; dispose(): void }> {
  const pooled = await archive.download(record, label);
  const tree = await archive.extract(record, pooled, label);
  try {
    if (o.unpack) await unpackNested(tree.dir, o.unpack, label);
    const source = debianSource(tree.dir, {
      name: record.name,
      version: record.version,
      purl: debianPurl(record.name, record.version, osVendor()),
      ...(o.license !== undefined ? { license: o.license } : {}),
      ...(o.keep !== undefined ? { keep: o.keep } : {}),
    });
    const dsc = record.files.find((f) => f.name.endsWith('.dsc'))?.name ?? '';
    const origin = `deb:${record.name}=${record.version} ${record.directory ? `${record.directory}/` : ''}${dsc}`;
    return {
      source: { ...source, info: { ...source.info, origin } },
      dispose: tree.dispose,
    };
  } catch (err) {
    tree.dispose();
    throw err;
  }
}
