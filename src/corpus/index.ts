// PLACEHOLDER (owned by the corpus work): open corpus databases and match files against them.
import type { CorpusInfo, LineSpan, SnippetMatch } from '../model.js';
import type { PreparedFile } from '../fingerprint/prepare.js';

export interface MatchOptions {
  /** When given, only matches touching these host lines are reported (`--only-ai`, staged changes). */
  readonly lines?: ReadonlyArray<LineSpan>;
}

export interface CorpusSet {
  readonly info: ReadonlyArray<CorpusInfo>;
  matchFile(file: PreparedFile, options?: MatchOptions): SnippetMatch[];
  close(): void;
}

/** Opens every corpus read-only. Throws CorpusError naming the file when one is missing, corrupted or locked. */
export function openCorpora(paths: ReadonlyArray<string>): CorpusSet {
  return {
    info: paths.map((p) => ({ path: p, label: p, sources: 0, files: 0, fingerprints: 0, schemaVersion: 0 })),
    matchFile: () => [],
    close: () => {},
  };
}
