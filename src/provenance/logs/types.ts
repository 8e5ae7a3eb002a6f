// What a log reader hands back: text an assistant wrote into a file (kept in memory only, never output), or a
// line range the log states directly. Both are mapped to the current file content by `align.ts`.
import type { AiSource } from '../../model.js';

/** Who wrote it, as far as the log says. Only these fields ever leave the log readers. */
export interface LogOrigin {
  readonly source: AiSource;
  /** Agent id (`claude-code`, `aider`, `cursor`, …). */
  readonly agent: string;
  readonly model: string | null;
  readonly session?: string;
  readonly time?: string;
  /** 0..1 */
  readonly confidence: number;
  /** Commit the lines were committed in, when a record says so. */
  readonly commit?: string;
}

/** Text an assistant wrote into `path` (a Write's content, an Edit's new string, a REPLACE block). */
export interface LoggedText extends LogOrigin {
  readonly kind: 'text';
  /** POSIX path relative to the repository root. */
  readonly path: string;
  readonly text: string;
  /**
   * 0-based indexes of the lines of `text` the assistant wrote; the other lines are context that only locates them
   * (a patch hunk's context lines, the part of a replacement that repeats the replaced text). All lines when absent.
   */
  readonly only?: ReadonlyArray<number>;
}

/** Line-hash fingerprints of what an assistant wrote (provscan's own records keep hashes, never text). */
export interface LoggedHashes extends LogOrigin {
  readonly kind: 'hashes';
  readonly path: string;
  /** Per line: `lineKey` of the line (see align.ts). */
  readonly keys: ReadonlyArray<string>;
}

/** A line range the log states for the current content (no revision to check it against). */
export interface LoggedRange extends LogOrigin {
  readonly kind: 'range';
  readonly path: string;
  readonly start: number;
  readonly end: number;
}

/** Line ranges valid in the file as it was at `revision` (git-ai notes, Agent Trace records with a revision). */
export interface LoggedAtRevision extends LogOrigin {
  readonly kind: 'revision';
  readonly path: string;
  readonly revision: string;
  readonly ranges: ReadonlyArray<{ readonly start: number; readonly end: number }>;
}

export type LoggedWork = LoggedText | LoggedHashes | LoggedRange | LoggedAtRevision;

/**
 * Every log format provscan reads (the `--from` names). The first group are logs agents leave on the machine or in
 * the repository without any setup; `git-ai`, `whogitit` and `agentdiff` are capture tools' records; the last is
 * provscan's own.
 */
export const LOG_SOURCES = [
  'claude-code',
  'codex',
  'gemini',
  'cursor',
  'copilot',
  'cline',
  'roo-code',
  'kilo-code',
  'continue',
  'opencode',
  'aider',
  'agent-trace',
  'git-ai',
  'whogitit',
  'agentdiff',
  'provscan-record',
] as const;
export type LogSourceName = (typeof LOG_SOURCES)[number];

export type WarningSink = (message: string) => void;

/** What every reader is given: the repository, the folder its logs were found in, and the paths that matter. */
export interface ReaderContext {
  /** Repository (or folder) root, absolute. */
  readonly root: string;
  /** `root` and its resolved form (symlinks such as /tmp -> /private/tmp): a log's cwd may name either. */
  readonly roots: ReadonlyArray<string>;
  readonly repo: import('../../git/repo.js').Repo | null;
  /** Folder where this source's logs were found (see locations.ts). */
  readonly dir: string;
  /** Only these paths (POSIX, relative to root) matter; every logged path when absent. */
  readonly paths?: ReadonlyArray<string>;
  /** File names (last path segment) of `paths`: a cheap byte-level filter before parsing. */
  readonly names?: ReadonlySet<string>;
  /** Cache folder for indexes of logs that are not grouped by project, or false for none. */
  readonly cache: string | false;
  readonly warn: WarningSink;
}
