// Domain types shared by every stage of the pipeline (see docs/architecture.md).
// `ScanResult` is the one value every output is rendered from; the scan JSON report is this value serialised,
// so field names here are part of the public contract (schema 1). Add fields; never rename or remove them.
// Paths are POSIX and relative to the scanned root; lines are 1-based and inclusive.

/** A range of lines, 1-based and inclusive on both ends. */
export interface LineSpan {
  readonly start: number;
  readonly end: number;
}

/** How an AI span was found. `trailer`/`author`/`message` come from commit conventions, the rest from agent logs. */
export type AiSource =
  | 'trailer'
  | 'author'
  | 'message'
  | 'claude-code-log'
  | 'codex-log'
  | 'gemini-log'
  | 'cursor-log'
  | 'copilot-log'
  | 'cline-log'
  | 'roo-code-log'
  | 'kilo-code-log'
  | 'continue-log'
  | 'opencode-log'
  | 'aider-log'
  | 'agent-trace'
  | 'git-ai'
  | 'whogitit'
  | 'agentdiff'
  | 'provscan-record';

export interface AiSpan extends LineSpan {
  /** Agent id from the conventions registry, e.g. `claude-code`, `aider`, `github-copilot`, `unknown-ai`. */
  readonly agent: string;
  /** Model name when the evidence names one (`claude-sonnet-4`, `gpt-4o`), else null. */
  readonly model: string | null;
  /** The strongest evidence for this span. */
  readonly source: AiSource;
  /** Every kind of evidence that found this span (a span found by a trailer and a log lists both). */
  readonly sources?: ReadonlyArray<AiSource>;
  /** Full commit id that last changed these lines (absent for uncommitted, log-only spans). */
  readonly commit?: string;
  /** Agent session id, when a log names one. */
  readonly session?: string;
  /** ISO 8601 time of the change when known. */
  readonly time?: string;
  /** 0..1: 1.0 for an explicit trailer naming the agent; lower for weaker signals. */
  readonly confidence: number;
}

/** Where a snippet match points into a corpus. */
export interface CorpusRef {
  /** Source (package) name in the corpus, e.g. `nano`, `ckeditor5`. */
  readonly name: string;
  readonly version: string | null;
  readonly purl: string | null;
  /** File path inside the source. */
  readonly path: string;
  readonly start: number;
  readonly end: number;
  /** SPDX expression governing the corpus file (file-level header or DEP-5 stanza, else the source's license). */
  readonly license: string;
  /** Corpus database label (file name) the hit came from. */
  readonly db?: string;
  /**
   * Copyright statements recorded for the corpus file: its own header's first, then the source's (LICENSE, NOTICE,
   * AUTHORS files, DEP-5 `Copyright:`). Absent when the corpus records none (or predates corpus schema 2).
   */
  readonly copyrights?: ReadonlyArray<string>;
}

export type MatchChannel = 'exact' | 'abstract' | 'file';

export interface SnippetMatch extends LineSpan {
  /** `snippet`: part of a file; `file`: the whole file is a (near) copy of a corpus file. */
  readonly kind: 'snippet' | 'file';
  /**
   * The fingerprint channel that carried the match: `exact` when most of the matched tokens are identical to the
   * corpus code (it survives reformatting and comment changes), `abstract` when most match only once identifiers and
   * literals are abstracted (renamed code). docs/scan-json.md defines both shares below.
   */
  readonly channel: MatchChannel;
  /** 0..1: share of the host range's tokens that are identical to the corpus code (the identical share). */
  readonly similarity: number;
  /**
   * 0..1: share of the host range's tokens that match the corpus code only after abstraction (renamed identifiers,
   * changed literals). similarity + abstractShare ≤ 1; the rest is code that matched neither way (edited lines).
   */
  readonly abstractShare?: number;
  readonly corpus: CorpusRef;
  /** Other corpus locations nearly as good as `corpus` (the same code vendored in several projects). */
  readonly alternatives?: ReadonlyArray<CorpusRef & { readonly similarity: number; readonly abstractShare?: number }>;
  /** Number of tokens in the matched host region. */
  readonly tokens?: number;
  /** Stable id of the matched content (hex), usable in waivers: survives line shifts. */
  readonly fingerprint?: string;
  /** The matched lines as a 1-based, inclusive byte range of the scanned file (SPDX snippets locate by bytes). */
  readonly bytes?: { readonly start: number; readonly end: number };
}

export type Severity = 'error' | 'warning' | 'notice';

/** Answer to "may code under INBOUND be included in a work distributed under OUTBOUND?". */
export type Verdict = 'yes' | 'no' | 'conditional' | 'unknown';

export interface WaiverRef {
  readonly reason: string;
  readonly approver: string;
  readonly expires: string | null;
  /** Index of the waiver in the policy file's `waivers` list. */
  readonly index: number;
}

export interface Conflict extends LineSpan {
  /** Stable id (hex) of this finding: same finding, same id across runs. */
  readonly id?: string;
  readonly path: string;
  /** Inbound license: the matched corpus code's license. */
  readonly license: string;
  /** Outbound license: the file's own (SPDX header) or the project's license. */
  readonly projectLicense: string | null;
  readonly severity: Severity;
  /** Whether the conflicting lines were written by an AI assistant. */
  readonly ai: boolean;
  /** Rule id, e.g. `copyleft-in-permissive`, `attribution-required`, `denied-license`. */
  readonly rule: string;
  readonly message: string;
  readonly verdict?: Verdict;
  /** Why the verdict holds, in one line, and where the fact comes from. */
  readonly reason?: string;
  readonly factSource?: string;
  readonly howToFix?: string;
  /** The matched source, copied from the match so a conflict reads on its own. */
  readonly match?: {
    readonly name: string;
    readonly version: string | null;
    readonly purl: string | null;
    readonly path: string;
    readonly start: number;
    readonly end: number;
    readonly similarity: number;
    /** Share matching only after abstraction (SnippetMatch.abstractShare). */
    readonly abstractShare?: number;
    readonly channel?: MatchChannel;
    /** Copyright statements the corpus records for the matched file (see CorpusRef.copyrights). */
    readonly copyrights?: ReadonlyArray<string>;
  };
  /** Present when a waiver in force covers this finding; waived findings never fail a run. */
  readonly waived?: WaiverRef;
}

export type SkipReason =
  | 'binary'
  | 'invalid-utf8'
  | 'too-large'
  | 'minified'
  | 'generated'
  | 'empty'
  | 'symlink'
  | 'unreadable'
  | 'submodule'
  | 'excluded'
  | 'untracked'
  | 'skip-worktree'
  | 'license-text';

export interface SkippedFile {
  readonly path: string;
  readonly reason: SkipReason;
  readonly detail?: string;
}

export interface FileResult {
  readonly path: string;
  /** Language id (`c`, `cpp`, `go`, `java`, `javascript`, `typescript`, `python`, …, `text`). */
  readonly language: string;
  readonly lines: number;
  /** SHA-256 of the file content (hex). */
  readonly sha256?: string;
  /** SHA-1 of the file content (hex): SPDX 2.3 requires it for files (the git blob id is not the content SHA-1). */
  readonly sha1?: string;
  /** Git blob id of the scanned content, when the root is a git repository. */
  readonly blob?: string;
  /** SPDX expression from the file's own `SPDX-License-Identifier` header, overriding the project license. */
  readonly license?: string;
  readonly ai: ReadonlyArray<AiSpan>;
  readonly matches: ReadonlyArray<SnippetMatch>;
}

export interface Trailer {
  readonly key: string;
  readonly value: string;
}

/** A commit that brought AI-written lines (rendered into SBOM pedigree and reports). */
export interface AiCommit {
  readonly sha: string;
  readonly author: { readonly name: string; readonly email: string; readonly time: string };
  readonly committer: { readonly name: string; readonly email: string; readonly time: string };
  readonly subject: string;
  /** Trailers of the message (all of them, not only the AI ones). */
  readonly trailers: ReadonlyArray<Trailer>;
  readonly agent: string;
  readonly agentName: string;
  readonly model: string | null;
  /**
   * The evidence the commit was classified by; `committer` for a commit the agent only committed for its human
   * author (aider's mark on the user's own edits): its lines are human lines and in no AI span.
   */
  readonly source: AiSource | 'committer';
  readonly confidence: number;
}

export interface ProvenanceStatus {
  /** Was provenance computed at all (false for a plain folder). */
  readonly available: boolean;
  /** False when history is incomplete (shallow clone) or a source failed; `notes` says why. */
  readonly complete: boolean;
  readonly notes: ReadonlyArray<string>;
}

export interface CorpusInfo {
  /** Path of the database as given (or `bundled:default`). */
  readonly path: string;
  readonly label: string;
  readonly sources: number;
  readonly files: number;
  readonly fingerprints: number;
  /** Schema version (`user_version`) of the database. */
  readonly schemaVersion: number;
  /** Optional: corpus build identifier or date. */
  readonly version?: string;
}

export interface LicenseEvidence {
  /** Where the declared license was found: `package.json`, `LICENSE`, `--license`, … */
  readonly source: string;
  readonly expression: string;
  /** 0..1 (text identification of LICENSE files is not certain). */
  readonly confidence: number;
  readonly note?: string;
}

export interface WaiverStatus {
  readonly index: number;
  readonly path: string;
  readonly reason: string;
  readonly approver: string;
  readonly expires: string | null;
  /** `active`: covers at least one finding; `stale`: matches nothing; `expired`: past its date. */
  readonly state: 'active' | 'stale' | 'expired';
  readonly covers: number;
}

export interface ScanResult {
  readonly schema: 1;
  readonly tool: { readonly name: 'provscan'; readonly version: string };
  /** Base name of the scanned root folder. */
  readonly root: string;
  /** Commit scanned (HEAD), or null for a plain folder / staged scan. */
  readonly commit: string | null;
  /** Where the scanned repository lives: its remote (credentials removed) and branch, when it has a remote. */
  readonly repository?: { readonly url: string; readonly branch: string | null };
  /** What was scanned: the working tree at HEAD, the staged index, HEAD's tree (a bare repository), or a plain folder. */
  readonly target: 'worktree' | 'staged' | 'commit' | 'folder';
  /** ISO 8601; honours SOURCE_DATE_EPOCH. */
  readonly generatedAt: string;
  readonly projectLicense: string | null;
  readonly projectLicenseEvidence?: ReadonlyArray<LicenseEvidence>;
  /** Project name and version from the manifest, when one exists. */
  readonly project?: { readonly name: string; readonly version: string | null };
  readonly provenance: ProvenanceStatus;
  readonly corpora: ReadonlyArray<CorpusInfo>;
  readonly files: ReadonlyArray<FileResult>;
  readonly conflicts: ReadonlyArray<Conflict>;
  readonly commits: ReadonlyArray<AiCommit>;
  readonly skipped: ReadonlyArray<SkippedFile>;
  readonly waivers: ReadonlyArray<WaiverStatus>;
  /** Whole-scan totals, derived from `files` (kept for readers that do not want to add them up). */
  readonly totals: {
    readonly files: number;
    readonly lines: number;
    readonly aiLines: number;
    readonly matchedLines: number;
  };
  /** Settings that shaped the result (for the report's methodology section). */
  readonly settings: {
    readonly onlyAi: boolean;
    readonly failOn: Severity | 'never';
    readonly minMatchLines: number;
    readonly minMatchTokens: number;
  };
}

/** Progress events emitted by long stages; the CLI turns them into progress bars. */
export type ProgressEvent =
  | { readonly kind: 'start'; readonly stage: string; readonly total: number }
  | { readonly kind: 'tick'; readonly stage: string; readonly done: number; readonly total: number }
  | { readonly kind: 'end'; readonly stage: string }
  | { readonly kind: 'warning'; readonly message: string };

export type ProgressListener = (event: ProgressEvent) => void;
