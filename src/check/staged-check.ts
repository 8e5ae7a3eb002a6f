// `provscan check --staged`: what the next commit would add, checked before it exists. Reads the staged (index)
// blobs of added and modified files, fingerprints each file but reports only matches touching the staged hunks,
// marks the lines agent logs say an assistant wrote, applies the license policy, and keeps only findings on
// staged lines. No work-tree scan, no blame, no history walk: it has to run in a pre-commit hook.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError, UsageError } from '../errors.js';
import { BatchCommandUnsupported, type BatchObject, CatFileSession, catFileBatch } from '../git/batch.js';
import type { Repo } from '../git/repo.js';
import type { StagedChange, stagedChanges } from '../git/staged-diff.js';
import type { AiSpan, FileResult, LineSpan, ProgressListener, ScanResult, Severity, SkippedFile } from '../model.js';
import type { LogSourceName } from '../provenance/logs/types.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { cacheDir } from '../util/cache-dir.js';
import { type StagedPrefetch, startStaged, takePrefetched } from './prefetch.js';
import { overlaps, touchesAny } from './spans.js';

/** Staged files larger than this are skipped (and said so): fingerprinting them would stall a commit. */
export const MAX_STAGED_BYTES = 10 * 1024 * 1024;

export interface CheckOptions {
  /** Any folder inside the repository. */
  readonly path: string;
  readonly dbs?: ReadonlyArray<string>;
  readonly license?: string;
  readonly config?: string;
  readonly onlyAi?: boolean;
  readonly failOn?: Severity | 'never';
  /** Read agent logs to mark AI-written staged lines (default true). */
  readonly logs?: boolean;
  readonly logSources?: ReadonlyArray<LogSourceName>;
  readonly claudeDir?: string;
  /**
   * Cache folder: corpus postings are looked up through a flat copy kept there (src/corpus/postings-cache.ts,
   * written on first use) instead of loading each corpus's whole index, and the parsed policy YAML is kept there.
   * false: no cache is read or written (the index is loaded). Default: the user cache folder
   * ($PROVSCAN_CACHE_DIR, $XDG_CACHE_HOME/provscan or ~/.cache/provscan).
   */
  readonly cache?: string | false;
  readonly onProgress?: ProgressListener;
  /**
   * Check only these files (relative to `path`; how the pre-commit framework calls hooks). A file with staged changes
   * is checked on its staged lines; a file without any (`pre-commit run --all-files`) is checked whole, as it is in
   * the index. Paths the index does not hold are ignored.
   */
  readonly files?: ReadonlyArray<string>;
}

export interface StagedFile {
  readonly path: string;
  /** Staged line ranges (new or changed lines). */
  readonly lines: ReadonlyArray<LineSpan>;
}

export interface CheckResult {
  /** The staged scan: `target: 'staged'`, conflicts limited to staged lines. */
  readonly result: ScanResult;
  readonly staged: ReadonlyArray<StagedFile>;
  readonly stagedLines: number;
  /** True when the index holds no change against HEAD. */
  readonly nothingStaged: boolean;
  /** Things the user should know (a merge in progress, files skipped). */
  readonly notes: ReadonlyArray<string>;
}

/**
 * Checks the staged changes of the repository containing `options.path`.
 * @throws UsageError outside a repository; InputError for unresolved merge conflicts, a bad policy or license;
 *   CorpusError for a bad corpus database.
 */
export async function checkStaged(options: CheckOptions): Promise<CheckResult> {
  const emit: ProgressListener = options.onProgress ?? (() => {});
  // The first git processes start at once from the given folder (diff and ls-files print root-relative paths from
  // any folder of the repository): wall time is what a hook user feels, and each git process costs a spawn. One
  // rev-parse instead of openRepo's three: the check needs no HEAD, branch or shallow state.
  const cwd = resolve(options.path);
  const { locating, diffing, topLevel } = takePrefetched(cwd) ?? startStaged(cwd);
  // the modules the check needs load while git runs (the main thread is otherwise idle until git answers)
  const modules = loadModules(options.logs !== false);
  // one cat-file process for every object read (sizes, staged blobs, the root LICENSE and manifest files), started
  // now so that its start-up overlaps with the module loads
  const objects = new ObjectReader(cwd);
  try {
    const located = await locating;
    const repo: Repo | null = located ? { ...located, head: null, shallow: false } : null;
    if (!repo)
      throw new UsageError(
        `${options.path}: not inside a git repository (check --staged checks what git would commit)`,
      );
    return await checkIn(options, emit, repo, [], diffing, topLevel, objects, modules);
  } finally {
    objects.close();
  }
}

async function checkIn(
  options: CheckOptions,
  emit: ProgressListener,
  repo: Repo,
  notes: string[],
  diffing: ReturnType<typeof stagedChanges>,
  topLevel: TopLevel,
  objects: ObjectReader,
  modules: Modules,
): Promise<CheckResult> {
  const root = repo.root;
  // The project license (root manifests and LICENSE files in the index) is worked out meanwhile.
  const licenseModule = modules.license;
  const cache = options.cache ?? cacheDir();
  const projectPromise = licenseModule.then((l) =>
    detectLicenseFromIndex(root, topLevel, objects, l.detectProjectLicense, options.license, cache),
  );
  projectPromise.catch(() => {}); // awaited below; avoid an unhandled rejection while other work runs
  const corpusModule = modules.corpus;

  const [diffed, { loadConfig }] = await Promise.all([diffing, modules.config]);
  const { unmerged } = diffed;
  if (unmerged.length > 0) {
    throw new InputError(
      unmerged[0] as string,
      `unresolved merge conflict${unmerged.length > 1 ? ` (and ${unmerged.length - 1} more file(s))` : ''}`,
      'resolve the conflicts and `git add` the files, then commit (the check runs again)',
    );
  }
  if (existsSync(join(repo.gitDir, 'MERGE_HEAD'))) {
    notes.push('a merge is in progress: checking every line the merge brings in');
  }

  const { changes, whole } = options.files
    ? await selectFiles(root, resolve(options.path), options.files, diffed.changes, notes)
    : { changes: diffed.changes, whole: new Set<string>() };
  const config = await loadConfig(root, options.config, cache === false ? {} : { cache });
  const failOn = options.failOn ?? config.failOn;

  const skipped: SkippedFile[] = [];
  const candidates: StagedChange[] = [];
  for (const c of changes) {
    if (c.mode === '120000') skipped.push({ path: c.path, reason: 'symlink' });
    else if (c.mode === '160000') skipped.push({ path: c.path, reason: 'submodule' });
    else candidates.push(c); // even without hunks: a binary change must be reported as skipped
  }
  // files checked whole get their line range once their content is read
  const staged: StagedFile[] = candidates.map((c) => ({ path: c.path, lines: c.hunks }));
  const stagedAt = new Map(staged.map((f, i) => [f.path, i] as const));

  const [{ isSkipped, prepareFile }, { DEFAULT_CORPUS, toolVersion }, { isoSeconds, outputDate }] = await Promise.all([
    modules.prepare,
    modules.paths,
    modules.time,
  ]);
  const now = outputDate();
  const base = {
    schema: 1 as const,
    tool: { name: 'provscan' as const, version: toolVersion() },
    root: basename(root),
    commit: null,
    target: 'staged' as const,
    generatedAt: isoSeconds(now),
    provenance: { available: true, complete: true, notes: [] },
    commits: [],
    settings: {
      onlyAi: options.onlyAi === true,
      failOn,
      minMatchLines: config.minMatchLines,
      minMatchTokens: config.minMatchTokens,
    },
  };

  if (changes.length === 0) {
    return {
      result: {
        ...base,
        projectLicense: null,
        corpora: [],
        files: [],
        conflicts: [],
        skipped: [],
        waivers: [],
        totals: zeroTotals(),
      },
      staged: [],
      stagedLines: 0,
      nothingStaged: true,
      notes: [
        ...notes,
        options.files
          ? 'nothing to check among the given files'
          : 'nothing staged to check (no added or modified files in the index)',
      ],
    };
  }

  // sizes first: a huge staged blob is skipped without reading it
  const sizesPromise = objects.read(
    candidates.map((c) => c.blob),
    true,
  );
  sizesPromise.catch(() => {});
  // opening the corpora is synchronous and CPU-bound: it overlaps with git computing the sizes
  const { openCorpora } = await corpusModule;
  const corpora = openCorpora(
    corpusPaths(options.dbs, DEFAULT_CORPUS),
    cache === false ? {} : { postingsCache: cache },
  );
  const files: FileResult[] = [];
  try {
    const sizes = await sizesPromise;
    const readable = candidates.filter((c) => {
      const size = sizes.get(c.blob)?.size ?? 0;
      if (size > MAX_STAGED_BYTES) {
        skipped.push({
          path: c.path,
          reason: 'too-large',
          detail: `${(size / 2 ** 20).toFixed(1)} MB staged (limit 10 MB)`,
        });
        return false;
      }
      return true;
    });
    const blobs = await objects.read(readable.map((c) => c.blob));

    const texts = new Map<string, { change: StagedChange; bytes: Buffer }>();
    for (const c of readable) {
      const b = blobs.get(c.blob);
      if (!b?.data) continue;
      const change = whole.has(c.path) ? { ...c, hunks: wholeFile(b.data) } : c;
      texts.set(c.path, { change, bytes: b.data });
      const i = whole.has(c.path) ? stagedAt.get(c.path) : undefined;
      if (i !== undefined) staged[i] = { path: c.path, lines: change.hunks };
    }

    let aiByPath: ReadonlyMap<string, ReadonlyArray<AiSpan>> = new Map();
    if (options.logs !== false && texts.size > 0) {
      const { collectLogSpans } = await (modules.logs ?? import('../provenance/logs/index.js'));
      const logs = await collectLogSpans({
        root,
        repo,
        paths: [...texts.keys()],
        read: async (p) => texts.get(p)?.bytes.toString('utf8'),
        ...(options.logSources ? { from: options.logSources } : {}),
        ...(options.claudeDir ? { claudeDir: options.claudeDir } : {}),
        cache,
        onProgress: emit,
      });
      aiByPath = logs.spans;
    }

    const license = await licenseModule;
    for (const [path, { change, bytes }] of texts) {
      const prepared = prepareFile(path, bytes);
      if (isSkipped(prepared)) {
        skipped.push(prepared);
        continue;
      }
      const ai = (aiByPath.get(path) ?? []).filter((s) => touchesAny(s, change.hunks));
      const lines = options.onlyAi ? intersect(change.hunks, ai) : change.hunks;
      if (lines.length === 0) continue;
      const matches = corpora
        .matchFile(prepared, {
          lines,
          ...(config.minMatch?.lines !== undefined ? { minLines: config.minMatch.lines } : {}),
          ...(config.minMatch?.tokens !== undefined ? { minTokens: config.minMatch.tokens } : {}),
        })
        .filter((m) => touchesAny(m, lines));
      const parsedHeader = license.readFileLicenseHeader(prepared.text);
      if (parsedHeader && !parsedHeader.ok)
        notes.push(
          `${path}: SPDX-License-Identifier ${license.describeInvalid(parsedHeader.text, parsedHeader)}; the file is judged under the project license`,
        );
      const header = parsedHeader?.ok ? parsedHeader.expression : undefined;
      files.push({
        path,
        language: prepared.language,
        lines: prepared.lines,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        blob: change.blob,
        ...(header !== undefined ? { license: header } : {}),
        ai,
        matches,
      });
    }
  } finally {
    corpora.close();
  }

  const [project, license] = await Promise.all([projectPromise, licenseModule]);
  const evaluated = license.evaluateConflicts({ files, projectLicense: project.expression, config, now });
  const hunksByPath = new Map(staged.map((f) => [f.path, f.lines] as const));
  const stagedLines = staged.reduce((n, f) => n + f.lines.reduce((m, s) => m + s.end - s.start + 1, 0), 0);
  const conflicts = evaluated.conflicts.filter((c) => touchesAny(c, hunksByPath.get(c.path) ?? []));
  if (skipped.length > 0) notes.push(`${skipped.length} staged file(s) not checked (${summarizeSkips(skipped)})`);

  const result: ScanResult = {
    ...base,
    projectLicense: project.expression,
    projectLicenseEvidence: project.evidence,
    ...(project.project ? { project: project.project } : {}),
    corpora: corpora.info,
    files,
    conflicts,
    skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    waivers: evaluated.waivers,
    totals: {
      files: files.length,
      lines: stagedLines,
      aiLines: files.reduce((n, f) => n + f.ai.reduce((m, s) => m + s.end - s.start + 1, 0), 0),
      matchedLines: files.reduce((n, f) => n + f.matches.reduce((m, s) => m + s.end - s.start + 1, 0), 0),
    },
  };
  return { result, staged, stagedLines, nothingStaged: false, notes };
}

/** The modules the check loads on demand (the CLI must start without them: see cli/commands/check.ts). */
function loadModules(logs: boolean) {
  const quiet = <T>(p: Promise<T>): Promise<T> => {
    p.catch(() => {}); // awaited where used; a failure must not surface as an unhandled rejection meanwhile
    return p;
  };
  return {
    license: quiet(import('../license/index.js')),
    corpus: quiet(import('../corpus/index.js')),
    config: quiet(import('../config/load-config.js')),
    prepare: quiet(import('../fingerprint/prepare.js')),
    paths: quiet(import('../paths.js')),
    time: quiet(import('../util/time.js')),
    logs: logs ? quiet(import('../provenance/logs/index.js')) : undefined,
  };
}
type Modules = ReturnType<typeof loadModules>;

/** Root-level files the license detector reads (manifests, LICENSE/COPYING texts): fetched in one batch. */
const LICENSE_INPUTS =
  /^(package\.json|cargo\.toml|pyproject\.toml|pom\.xml|go\.mod|reuse\.toml|(licen[cs]e|copying|unlicense)([-._][^/]*)?)$/i;

type TopLevel = StagedPrefetch['topLevel'];
type Detected = Awaited<ReturnType<typeof import('../license/index.js').detectProjectLicense>>;

/**
 * The project license from the staged root-level manifests and LICENSE files (not the whole tree). The result is
 * kept in the cache folder, keyed by every root-level index entry (path and blob), the override and this build:
 * identifying a LICENSE text and parsing Cargo.toml, pyproject.toml or pom.xml cost 10-80 ms on every commit.
 */
async function detectLicenseFromIndex(
  root: string,
  topLevel: TopLevel,
  objects: ObjectReader,
  detect: typeof import('../license/index.js').detectProjectLicense,
  override: string | undefined,
  cache: string | false,
): Promise<Detected> {
  const entries = await topLevel;
  const paths = [...new Set(entries.map((e) => e.path))];
  // detection reads only root-level files of the index: their paths and blobs are all it depends on
  const key = cache === false ? undefined : sha256(JSON.stringify([1, buildStamp(), override ?? null, entries]));
  const file = cache === false ? undefined : join(cache, `license-${sha256(root).slice(0, 16)}.json`);
  if (key !== undefined && file !== undefined) {
    try {
      const hit = JSON.parse(readFileSync(file, 'utf8')) as { key?: string; value?: Detected };
      if (hit.key === key && hit.value) return hit.value;
    } catch {
      // no cache yet, or unreadable: detect
    }
  }
  let batch: Promise<Map<string, { data?: Buffer } | null>> | undefined;
  const likely = paths.filter((p) => LICENSE_INPUTS.test(p) && !p.includes('\n')).map((p) => `:${p}`);
  const value = await detect({
    paths,
    readText: async (p) => {
      batch ??= objects.read(likely);
      const hit = (await batch).get(`:${p}`);
      if (hit !== undefined) return hit?.data?.toString('utf8');
      if (p.includes('\n')) return undefined;
      return (await objects.read([`:${p}`])).get(`:${p}`)?.data?.toString('utf8');
    },
    ...(override !== undefined ? { override } : {}),
  });
  if (key !== undefined && file !== undefined) {
    try {
      writeFileAtomic(file, JSON.stringify({ key, value }));
    } catch {
      // a cache that cannot be written is only slower
    }
  }
  return value;
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/** This build of provscan (any rebuild changes the module files' times): a cached result from another is stale. */
let stamp: string | undefined;
function buildStamp(): string {
  if (stamp === undefined) {
    try {
      stamp = `${import.meta.url}@${statSync(fileURLToPath(import.meta.url)).mtimeMs}`;
    } catch {
      stamp = `${import.meta.url}@${Date.now()}`; // no stable stamp: never reuse
    }
  }
  return stamp;
}

/**
 * Reads objects through one `git cat-file --batch-command` process (git 2.36+), or one `cat-file --batch` process
 * per read with an older git.
 */
class ObjectReader {
  private readonly session: CatFileSession;
  private fallback = false;

  /** `folder`: any folder of the repository (`:path` specs name root-relative paths from anywhere in it). */
  constructor(private readonly folder: string) {
    this.session = new CatFileSession(folder);
  }

  async read(specs: ReadonlyArray<string>, sizesOnly = false): Promise<Map<string, BatchObject | null>> {
    if (!this.fallback) {
      try {
        return await (sizesOnly ? this.session.info(specs) : this.session.contents(specs));
      } catch (err) {
        if (!(err instanceof BatchCommandUnsupported)) throw err;
        this.fallback = true;
      }
    }
    return catFileBatch(this.folder, specs, { check: sizesOnly });
  }

  close(): void {
    this.session.close();
  }
}

/** The corpora to consult: the given ones, else the bundled default (as scan.ts's resolveCorpora, without loading the scan orchestration). */
function corpusPaths(dbs: ReadonlyArray<string> | undefined, bundled: string): string[] {
  if (dbs && dbs.length > 0) return dbs.map((d) => resolve(d));
  return existsSync(bundled) ? [bundled] : [];
}

/**
 * The given files among the staged changes, plus those the index holds unchanged (to be checked whole). Paths are
 * taken relative to `cwd`; a path outside the repository or not in the index (the commit message file pre-commit
 * passes at commit-msg) is left out.
 */
async function selectFiles(
  root: string,
  cwd: string,
  files: ReadonlyArray<string>,
  changes: ReadonlyArray<StagedChange>,
  notes: string[],
): Promise<{ changes: StagedChange[]; whole: Set<string> }> {
  const base = realpathOr(cwd);
  const wanted = new Set<string>();
  for (const f of files) {
    const rel = relative(root, resolve(base, f)).split(sep).join('/');
    if (rel !== '' && !rel.startsWith('../') && !isAbsolute(rel)) wanted.add(rel);
  }
  const selected = changes.filter((c) => wanted.has(c.path));
  const missing = new Set([...wanted].filter((p) => !selected.some((c) => c.path === p)));
  const whole = new Set<string>();
  if (missing.size > 0) {
    const { indexEntries } = await import('../git/index-entries.js');
    for (const e of await indexEntries(root)) {
      if (!missing.has(e.path)) continue;
      missing.delete(e.path);
      if (e.mode === '160000' || e.mode === '120000') continue; // submodules and symlinks hold no code of ours
      selected.push({ path: e.path, status: 'M', blob: e.blob, mode: e.mode, hunks: [] });
      whole.add(e.path);
    }
  }
  if (missing.size > 0) notes.push(`${missing.size} given file(s) not in the index, not checked`);
  if (whole.size > 0) notes.push(`${whole.size} file(s) without staged changes checked whole`);
  return { changes: selected, whole };
}

function realpathOr(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** Every line of a file's content, as one span (none for an empty file). */
function wholeFile(bytes: Buffer): LineSpan[] {
  if (bytes.length === 0) return [];
  let lines = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) lines++;
  if (bytes[bytes.length - 1] !== 10) lines++;
  return [{ start: 1, end: lines }];
}

function intersect(a: ReadonlyArray<LineSpan>, b: ReadonlyArray<LineSpan>): LineSpan[] {
  const out: LineSpan[] = [];
  for (const x of a) {
    for (const y of b) {
      if (overlaps(x, y)) out.push({ start: Math.max(x.start, y.start), end: Math.min(x.end, y.end) });
    }
  }
  return out;
}

function summarizeSkips(skipped: ReadonlyArray<SkippedFile>): string {
  const counts = new Map<string, number>();
  for (const s of skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
}

function zeroTotals(): ScanResult['totals'] {
  return { files: 0, lines: 0, aiLines: 0, matchedLines: 0 };
}
