// One scan: options in, ScanResult out, progress events out. This file only wires the stages together
// (docs/architecture.md's pipeline); each stage's logic lives in its own module.
import { createHash } from 'node:crypto';
import { existsSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { loadConfig } from './config/load-config.js';
import { type CorpusSet, openCorpora } from './corpus/index.js';
import { UsageError } from './errors.js';
import { isSkipped, prepareFile } from './fingerprint/prepare.js';
import { remoteUrl } from './git/remote.js';
import { openRepo } from './git/repo.js';
import { type ByteRange, lineByteRanges } from './util/line-bytes.js';
import { coveredLines } from './util/spans.js';
import {
  describeInvalid,
  detectProjectLicense,
  evaluateConflicts,
  licenseForPath,
  readFileLicenseHeader,
} from './license/index.js';
import type {
  FileResult,
  LineSpan,
  ProgressListener,
  ScanResult,
  Severity,
  SkippedFile,
  SnippetMatch,
} from './model.js';
import { DEFAULT_CORPUS, toolVersion } from './paths.js';
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

/** The corpus list a scan consults: the given ones, else the bundled default (when it exists). */
export function resolveCorpora(dbs: ReadonlyArray<string> | undefined): string[] {
  if (dbs && dbs.length > 0) return dbs.map((d) => resolve(d));
  return existsSync(DEFAULT_CORPUS) ? [DEFAULT_CORPUS] : [];
}

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
  const config = await loadConfig(root, options.config);
  const failOn = options.failOn ?? config.failOn;
  const repo = await openRepo(root);
  const scanRoot = repo?.root ?? root;
  let corpora: CorpusSet | undefined;
  try {
    const listing = await listSourceFiles(scanRoot, repo, { staged: options.staged === true, exclude: config.exclude });
    const skipped: SkippedFile[] = [...listing.skipped];
    const untracked = listing.skipped.filter((s) => s.reason === 'untracked').map((s) => s.path);
    if (untracked.length > 0)
      emit({
        kind: 'warning',
        message: `not scanned: ${untracked.length} untracked file(s) or folder(s), git add them to scan them (${untracked.slice(0, 3).join(', ')}${untracked.length > 3 ? ', …' : ''})`,
      });

    const provenance = await collectProvenance({
      repo,
      files: listing.files,
      conventions: config.conventions,
      useCache: options.useCache !== false,
      onProgress: emit,
    });

    const byPath = new Map(listing.files.map((f) => [f.path, f] as const));
    const project = await detectProjectLicense({
      paths: listing.files.map((f) => f.path),
      readText: async (p) => {
        const f = byPath.get(p);
        return f ? (await f.read()).toString('utf8') : undefined;
      },
      ...(options.license !== undefined ? { override: options.license } : {}),
    });
    for (const note of project.notes ?? []) emit({ kind: 'warning', message: `project license: ${note}` });
    // The corpora are opened once git has been asked what the scan needs from it: starting a process costs more once
    // the postings are in memory (fork copies the page tables: ~5 ms per git call before, ~15 ms after, measured).
    corpora = openCorpora(resolveCorpora(options.dbs));

    const files: FileResult[] = [];
    emit({ kind: 'start', stage: 'match', total: listing.files.length });
    let done = 0;
    for (const source of listing.files) {
      done++;
      if (done % 64 === 0) emit({ kind: 'tick', stage: 'match', done, total: listing.files.length });
      const ai = provenance.spans.get(source.path) ?? [];
      if (options.onlyAi && ai.length === 0) continue;
      let bytes: Buffer;
      try {
        bytes = await source.read();
      } catch (err) {
        skipped.push({ path: source.path, reason: 'unreadable', detail: (err as Error).message });
        continue;
      }
      const prepared = prepareFile(source.path, bytes);
      if (isSkipped(prepared)) {
        skipped.push(prepared);
        continue;
      }
      const lines: ReadonlyArray<LineSpan> | undefined = options.onlyAi ? ai : undefined;
      const matches = corpora.matchFile(prepared, {
        ...(lines ? { lines } : {}),
        ...(config.minMatch?.lines !== undefined ? { minLines: config.minMatch.lines } : {}),
        ...(config.minMatch?.tokens !== undefined ? { minTokens: config.minMatch.tokens } : {}),
      });
      // The file's own SPDX header wins over REUSE path annotations, which win over the project license.
      const header = readFileLicenseHeader(prepared.text);
      if (header && !header.ok)
        emit({
          kind: 'warning',
          message: `${source.path}: SPDX-License-Identifier ${describeInvalid(header.text, header)}; the file is judged under the project license`,
        });
      const license = (header?.ok ? header.expression : undefined) ?? licenseForPath(project, source.path);
      const byteRange = matches.length > 0 ? lineByteRanges(bytes) : undefined;
      files.push({
        path: source.path,
        language: prepared.language,
        lines: prepared.lines,
        sha256: createHash('sha256').update(bytes).digest('hex'),
        sha1: createHash('sha1').update(bytes).digest('hex'),
        ...(source.blob !== undefined ? { blob: source.blob } : {}),
        ...(license !== undefined ? { license } : {}),
        ai,
        matches: byteRange ? matches.map((m) => withBytes(m, byteRange(m))) : matches,
      });
    }
    emit({ kind: 'end', stage: 'match' });

    const now = outputDate();
    const evaluated = evaluateConflicts({ files, projectLicense: project.expression, config, now });
    const remote = repo && !options.staged ? await remoteUrl(repo.root) : null;
    return {
      schema: 1,
      tool: { name: 'provscan', version: toolVersion() },
      root: basename(scanRoot),
      commit: options.staged ? null : (repo?.head ?? null),
      ...(remote !== null ? { repository: { url: remote, branch: repo?.branch ?? null } } : {}),
      target: options.staged ? 'staged' : repo ? 'worktree' : 'folder',
      generatedAt: isoSeconds(now),
      projectLicense: project.expression,
      projectLicenseEvidence: project.evidence,
      ...(project.project ? { project: project.project } : {}),
      provenance: provenance.status,
      corpora: corpora.info,
      files,
      conflicts: evaluated.conflicts,
      commits: provenance.commits,
      skipped: skipped.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
      waivers: evaluated.waivers,
      totals: totalsOf(files),
      settings: {
        onlyAi: options.onlyAi === true,
        failOn,
        minMatchLines: config.minMatchLines,
        minMatchTokens: config.minMatchTokens,
      },
    };
  } finally {
    corpora?.close();
  }
}

function totalsOf(files: ReadonlyArray<FileResult>): ScanResult['totals'] {
  let lines = 0;
  let aiLines = 0;
  let matchedLines = 0;
  for (const f of files) {
    lines += f.lines;
    aiLines += coveredLines(f.ai);
    matchedLines += coveredLines(f.matches);
  }
  return { files: files.length, lines, aiLines, matchedLines };
}

export { coveredLines };

function withBytes(m: SnippetMatch, bytes: ByteRange | undefined): SnippetMatch {
  return bytes ? { ...m, bytes } : m;
}
