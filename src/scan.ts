// One scan: options in, ScanResult out, progress events out. This file only wires the stages together
// (docs/architecture.md's pipeline); each stage's logic lives in its own module, and the step from files to
// findings is the one the staged check uses too (src/scan-core.ts).
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadScanConfig } from './config/repo-config.js';
import { type CorpusSet, openCorpora } from './corpus/index.js';
import { UsageError } from './errors.js';
import { remoteUrl } from './git/remote.js';
import { bareHeadTree, openRepo } from './git/repo.js';
import { coveredLines } from './util/spans.js';
import { detectProjectLicense } from './license/index.js';
import type { FileResult, ProgressListener, ScanResult, Severity, SkippedFile } from './model.js';
import { resolveCorpora, toolVersion } from './paths.js';
import { assembleResult, type FileInput, isFileResult, type JudgeContext, judgeFile } from './scan-core.js';
import { isSkipped, type PreparedFile, prepareFile } from './fingerprint/prepare.js';
import { collectProvenance } from './provenance/index.js';
import { listSourceFiles } from './source/files.js';
import { isoSeconds, outputDate } from './util/time.js';

export interface ScanOptions {
  /** Folder to scan (a git work tree or a plain folder). */
  readonly path: string;
  /** Corpus databases; the bundled default corpus when empty or absent. */
  readonly dbs?: ReadonlyArray<string>;
  /** SPDX expression overriding the detected project license. */
  readonly license?: string;
  /** Policy file; `<root>/.provscan.yml` when absent and present. */
  readonly config?: string;
  /** Match only AI-written lines (the fast path). */
  readonly onlyAi?: boolean;
  /** Scan the staged index instead of the working tree. */
  readonly staged?: boolean;
  /** Override the policy's fail-on level. */
  readonly failOn?: Severity | 'never';
  /** Use the blame cache under .git/ (default true). */
  readonly useCache?: boolean;
  readonly onProgress?: ProgressListener;
}

/** Source bytes read and matched as one batch: their postings are read from each corpus in one pass. */
const MATCH_BATCH_BYTES = 32 * 2 ** 20;

/**
 * Scans one folder.
 * @throws UsageError for a missing folder, InputError for a bad policy/license, CorpusError for a bad database.
 */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const root = resolve(options.path);
  if (!existsSync(root) || !statSync(root).isDirectory()) {
    throw new UsageError(`${options.path}: not a folder`);
  }
  const emit: ProgressListener = options.onProgress ?? (() => {});
  const repo = await openRepo(root);
  if (repo?.bare && options.staged) throw new UsageError(`${options.path}: a bare repository has no index to scan`);
  const config = await loadScanConfig(root, options.config, bareHeadTree(repo));
  const failOn = options.failOn ?? config.failOn;
  const scanRoot = repo?.root ?? root;
  let corpora: CorpusSet | undefined;
  try {
    const listing = await listSourceFiles(scanRoot, repo, { staged: options.staged === true, exclude: config.exclude });
    const skipped: SkippedFile[] = [...listing.skipped];
    const untracked = listing.skipped.filter((s) => s.reason === 'untracked').map((s) => s.path);
    if (untracked.length > 0)
      emit({
        kind: 'warning',
        message: `not scanned: ${untracked.length} untracked file(s) or folder(s), git add them to scan them (${few(untracked)})`,
      });
    const sparse = listing.skipped.filter((s) => s.reason === 'skip-worktree').map((s) => s.path);
    if (sparse.length > 0)
      emit({
        kind: 'warning',
        message: `not scanned: ${sparse.length} tracked file(s) outside the sparse checkout, not in the working tree (${few(sparse)})`,
      });

    const provenance = await collectProvenance({
      repo,
      files: listing.files,
      conventions: config.conventions,
      useCache: options.useCache !== false,
      onProgress: emit,
    });

    const byPath = new Map(listing.files.map((f) => [f.path, f] as const));
    const tree = listing.tree;
    const project = await detectProjectLicense({
      paths: tree ? tree.paths : listing.files.map((f) => f.path),
      readText: async (p) => {
        const bytes = tree ? await tree.read(p) : await byPath.get(p)?.read();
        return bytes?.toString('utf8');
      },
      ...(options.license !== undefined ? { override: options.license } : {}),
    });
    for (const note of project.notes ?? []) emit({ kind: 'warning', message: `project license: ${note}` });
    // Opening a corpus reads only its metadata; each file's postings are looked up when it is matched.
    corpora = await openCorpora(resolveCorpora(options.dbs));

    const open = corpora;
    const ctx: JudgeContext = {
      project,
      config,
      match: (file, o) => open.matchFile(file, o),
      warn: (message) => emit({ kind: 'warning', message }),
    };
    const files: FileResult[] = [];
    emit({ kind: 'start', stage: 'match', total: listing.files.length });
    let done = 0;
    // a file counts as done once it is judged or passed over (a batch is read before any of it is matched)
    const step = () => {
      done++;
      if (done % 64 === 0) emit({ kind: 'tick', stage: 'match', done, total: listing.files.length });
    };
    // Files are read in batches of about MATCH_BATCH_BYTES; the postings of a whole batch are read from each corpus
    // in one ordered pass (`prefetch`) before its files are judged one by one. With --only-ai only the regions
    // around AI lines are matched, which the prefetch would not cover: those files are looked up one by one.
    let batch: Array<FileInput & { readonly prepared: PreparedFile }> = [];
    let batchBytes = 0;
    const flush = async (c: CorpusSet): Promise<void> => {
      if (!options.onlyAi && batch.length > 1) await c.prefetch(batch.map((b) => b.prepared));
      for (const input of batch) {
        step();
        const judged = await judgeFile(input, ctx);
        if (isFileResult(judged)) files.push(judged);
        else if (judged) skipped.push(judged);
      }
      await c.prefetch([]);
      batch = [];
      batchBytes = 0;
    };
    for (const source of listing.files) {
      const ai = provenance.spans.get(source.path) ?? [];
      if (options.onlyAi && ai.length === 0) {
        step();
        continue;
      }
      let bytes: Buffer;
      try {
        bytes = await source.read();
      } catch (err) {
        skipped.push({ path: source.path, reason: 'unreadable', detail: (err as Error).message });
        step();
        continue;
      }
      const prepared = prepareFile(source.path, bytes);
      if (isSkipped(prepared)) {
        skipped.push(prepared);
        step();
        continue;
      }
      batch.push({
        path: source.path,
        bytes,
        prepared,
        ...(source.blob !== undefined ? { blob: source.blob } : {}),
        ai,
        ...(options.onlyAi ? { lines: ai } : {}),
      });
      batchBytes += bytes.length;
      if (batchBytes >= MATCH_BATCH_BYTES) await flush(corpora);
    }
    await flush(corpora);
    emit({ kind: 'end', stage: 'match' });

    const now = outputDate();
    const remote = repo && !options.staged ? await remoteUrl(repo.root) : null;
    return assembleResult({
      envelope: {
        schema: 1,
        tool: { name: 'provscan', version: toolVersion() },
        root: basename(scanRoot),
        commit: options.staged ? null : (repo?.head ?? null),
        ...(remote !== null ? { repository: { url: remote, branch: repo?.branch ?? null } } : {}),
        target: options.staged ? 'staged' : repo?.bare ? 'commit' : repo ? 'worktree' : 'folder',
        generatedAt: isoSeconds(now),
        provenance: provenance.status,
        corpora: corpora.info,
        commits: provenance.commits,
        settings: {
          onlyAi: options.onlyAi === true,
          failOn,
          minMatchLines: config.minMatchLines,
          minMatchTokens: config.minMatchTokens,
        },
      },
      project,
      files,
      skipped,
      config,
      now,
    });
  } finally {
    await corpora?.close();
  }
}

/** The first few paths of a list, for a one-line warning. */
function few(paths: ReadonlyArray<string>): string {
  return `${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''}`;
}

export { coveredLines, resolveCorpora };
