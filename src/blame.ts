// `provscan blame FILE`: one file's lines with the AI spans that cover them, from the same provenance pipeline
// (and cache) as a scan.
import { readFile, realpath, stat } from 'node:fs/promises';
import { dirname, relative, sep } from 'node:path';
import { loadConfig } from './config/load-config.js';
import { InputError } from './errors.js';
import { blobId } from './git/blob-id.js';
import { indexEntries } from './git/index-entries.js';
import { openRepo } from './git/repo.js';
import type { AiCommit, AiSpan, ProgressListener, ProvenanceStatus } from './model.js';
import { collectProvenance } from './provenance/index.js';

export interface FileBlameOptions {
  readonly file: string;
  readonly config?: string;
  readonly useCache?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface FileBlame {
  /** Path relative to the repository root (POSIX). */
  readonly path: string;
  readonly commit: string | null;
  readonly lines: ReadonlyArray<string>;
  readonly ai: ReadonlyArray<AiSpan>;
  readonly commits: ReadonlyArray<AiCommit>;
  readonly provenance: ProvenanceStatus;
}

/** @throws InputError when the file is missing, not a regular file, or not tracked; GitError when git fails. */
export async function blameAi(options: FileBlameOptions): Promise<FileBlame> {
  const info = await stat(options.file).catch(() => undefined);
  if (!info?.isFile()) throw new InputError(options.file, 'not a file');
  const full = await realpath(options.file);
  const repo = await openRepo(dirname(full));
  const bytes = await readFile(full);
  const text = bytes.toString('utf8');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  if (!repo) {
    return {
      path: options.file,
      commit: null,
      lines,
      ai: [],
      commits: [],
      provenance: { available: false, complete: false, notes: ['not a git repository: no provenance from history'] },
    };
  }
  const path = relative(await realpath(repo.root), full)
    .split(sep)
    .join('/');
  const tracked = (await indexEntries(repo.root)).some((e) => e.path === path);
  if (!tracked) throw new InputError(options.file, 'not tracked by git (add and commit it first)');
  const config = await loadConfig(repo.root, options.config);
  const result = await collectProvenance({
    repo,
    files: [{ path, blob: blobId(bytes), origin: 'worktree', read: async () => bytes }],
    conventions: config.conventions,
    useCache: options.useCache !== false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  return {
    path,
    commit: repo.head,
    lines,
    ai: result.spans.get(path) ?? [],
    commits: result.commits,
    provenance: result.status,
  };
}
