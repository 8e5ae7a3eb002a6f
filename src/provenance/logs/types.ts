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

/** Every log format provscan reads. */
export const LOG_SOURCES = ['claude-code', 'aider', 'agent-trace', 'git-ai', 'provscan-record'] as const;
export type LogSourceName = (typeof LOG_SOURCES)[number];

export type WarningSink = (message: string) => void;
