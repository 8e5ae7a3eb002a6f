// The boundary between provscan and a corpus store. The SQLite file (src/corpus/sqlite-store.ts) implements it; a
// shared PostgreSQL corpus is meant to implement the same two interfaces, so everything above them — the ingest
// pipeline (src/corpus/store.ts), matching (src/corpus/match.ts) and its orchestration (src/corpus/index.ts) — works
// on either unchanged. Every method that may touch the network returns a promise; an embedded store resolves them at
// once.
//
// What a store must guarantee:
// - Ingest is atomic: everything written between `CorpusWriter` creation and `commit` appears at once, or, after
//   `rollback` or a crash, not at all. Housekeeping after the commit (merges) never changes what a reader sees.
// - A reader sees one consistent version of the corpus for its whole life (a snapshot), whatever writers do meanwhile.
// - File ids are never reused: postings of a removed file may linger until the store drops them, and must never be
//   taken for another file's.
// - `postings` returns, for each channel, exactly the postings matching would have read from a complete in-memory
//   index of the whole corpus (see `HostPostings`), so matches do not depend on the store.
import type { Channel } from '../fingerprint/types.js';
import type { CorpusInfo, ProgressListener } from '../model.js';

/** A corpus file's facts that matching reads once it produced a candidate. */
export interface FileRow {
  readonly id: number;
  readonly lines: number;
  readonly language: string;
}

/** One place a corpus file is held: a path of a source, with the license that governs it there. */
export interface Member {
  readonly sourceId: number;
  readonly name: string;
  readonly version: string;
  readonly purl: string | null;
  readonly path: string;
  /** The file's own SPDX header, else the path's DEP-5 license, else the source's license. */
  readonly license: string;
}

/**
 * Raw postings of one host file's hashes, per channel: 5-word records (hash, corpus file id, token position, first
 * line, last line) sorted by (hash, file, position) — the order a complete index holds them in.
 *
 * Left out, as a complete index of the corpus leaves them out or matching never reads them:
 * - postings of removed files;
 * - every posting of a hash with more postings in the channel than `caps[channel]` (matching pairs no such hash);
 * - nothing else: the common-hash rule (a hash held at more than `commonThreshold(files)` distinct first paths) is
 *   applied above the store, with `firstPaths`.
 */
export interface RawPostings {
  readonly records: Uint32Array;
  readonly count: number;
}

export type HostPostings = Readonly<Record<Channel, RawPostings>>;

/** Reads one corpus. Created by a store's open function; `close` releases it. */
export interface CorpusReader {
  /** What the corpus holds, read when it was opened. */
  readonly info: CorpusInfo;
  /** Distinct contents in the corpus (the common-hash threshold grows with it). */
  readonly files: number;
  /**
   * The postings of one host file's hashes in one batched call: `hashes[channel]` holds distinct hashes, sorted
   * ascending. A network store makes one round trip per call (e.g. `WHERE hash = ANY($1)` per channel).
   */
  postings(
    hashes: Readonly<Record<Channel, Uint32Array>>,
    caps: Readonly<Record<Channel, number>>,
  ): Promise<HostPostings>;
  /**
   * Optional: the postings of many host files' hashes at once, exactly as `postings` would return them for the same
   * hashes, read in one ordered pass over the index (a scan asks for all its files' hashes before matching them, so
   * the store reads each part of its index once, in order, instead of once per file). Working memory stays bounded
   * whatever the corpus size; the result grows with the hashes asked, not with the corpus. A store without it is
   * asked file by file through `postings`.
   */
  postingsBatch?(
    hashes: Readonly<Record<Channel, Uint32Array>>,
    caps: Readonly<Record<Channel, number>>,
  ): Promise<HostPostings>;
  /** The first member path of each file, as an id shared by files whose first paths are equal. */
  firstPaths(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, number>>;
  /** Lines and language of corpus files (ids the store does not hold are left out). */
  fileRows(fileIds: ReadonlyArray<number>): Promise<ReadonlyArray<FileRow>>;
  /** Every member of each file, ordered by source name, version and path. */
  members(fileIds: ReadonlyArray<number>): Promise<ReadonlyMap<number, ReadonlyArray<Member>>>;
  /** Copyright statements of a source by path ('' = the whole source), in the order they were found. */
  notices(sourceId: number): Promise<ReadonlyMap<string, ReadonlyArray<string>>>;
  close(): Promise<void>;
}

/** A source as it is recorded: name, version, where it came from, its declared license. */
export interface SourceInfo {
  readonly name: string;
  readonly version?: string | null;
  readonly purl?: string | null;
  /** SPDX expression declared for the whole source. */
  readonly license: string;
  /** Where it came from (a path, a tarball, `npm:name@version`). */
  readonly origin?: string;
}

/** A content not in the corpus yet, with its fingerprints (postings to add). */
export interface NewContent {
  readonly sha256: string;
  readonly lines: number;
  readonly tokens: number;
  readonly language: string;
  readonly headerLicense: string | null;
  readonly fingerprints: Readonly<
    Record<
      Channel,
      {
        readonly hashes: Uint32Array;
        readonly positions: Uint32Array;
        readonly startLines: Uint32Array;
        readonly endLines: Uint32Array;
      }
    >
  >;
}

/** What a commit left in the corpus. */
export interface IndexReport {
  /** Postings stored, both channels (removed files' postings not yet dropped included). */
  readonly postings: number;
  /** Segments (or the store's equivalent unit) the index is in after the commit. */
  readonly segments: number;
  /** Postings the commit's housekeeping rewrote (merges). */
  readonly merged: number;
}

/**
 * Writes one ingest (or removal) as one transaction. Calls are made in order; a network store may buffer them
 * (COPY) until `commit`.
 */
export interface CorpusWriter {
  /**
   * Starts a source, replacing any source of the same name and version (its contents leave the corpus at commit
   * unless another source still holds them). Returns the new source's id.
   */
  beginSource(info: SourceInfo, added: string): Promise<number>;
  /** The id of a stored content, or undefined. */
  findContent(sha256: string): Promise<number | undefined>;
  /** Stores a new content and its postings; returns its id. */
  addContent(content: NewContent): Promise<number>;
  /** Records that a source holds a content at a path. */
  addMember(sourceId: number, fileId: number, path: string, license: string | null): Promise<void>;
  /** Records a copyright statement of a source's path ('' = the whole source); `seq` orders them. */
  addNotice(sourceId: number, path: string, seq: number, statement: string): Promise<void>;
  /** Finishes a source with its counts. */
  endSource(sourceId: number, counts: { files: number; skipped: number; bytes: number }): Promise<void>;
  /** Removes sources named `name` (every version, or only `version`); returns how many. */
  removeSources(name: string, version?: string): Promise<number>;
  /** Makes everything visible at once, then does bounded housekeeping (which never changes what readers see). */
  commit(onProgress?: ProgressListener): Promise<IndexReport>;
  /** Discards everything since the writer was created. Safe to call after a failed commit. */
  rollback(): Promise<void>;
}
