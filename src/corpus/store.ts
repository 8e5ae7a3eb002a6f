// Writing a corpus: one transaction per ingest (an interrupted ingest — exception, Ctrl-C, crash — rolls back and
// leaves the previous corpus as it was), identical contents stored once, postings rebuilt before commit.
import { createHash } from 'node:crypto';
import { CorpusError } from '../errors.js';
import type { Channel, ChannelFingerprints } from '../fingerprint/types.js';
import type { ProgressListener, SkippedFile } from '../model.js';
import { fileLicenseHeader } from '../license/header.js';
import { isoSeconds, outputDate } from '../util/time.js';
import { fileCopyrights, isNoticeFile, MAX_STATEMENTS, noticeFileCopyrights } from './copyright.js';
import { fingerprintText, isSkipped, prepareFile } from './engine.js';
import { packChannel } from './pack.js';
import { MAX_FILES, rebuildPostings } from './postings.js';
import { type Db, guard, openWrite } from './schema.js';

export interface SourceInfo {
  readonly name: string;
  readonly version?: string | null;
  readonly purl?: string | null;
  /** SPDX expression declared for the whole source. */
  readonly license: string;
  /** Where it came from (a path, a tarball, `npm:name@version`). */
  readonly origin?: string;
}

/** One file of a source, as bytes. `license` is a path-level license (a DEP-5 stanza) when one applies. */
export interface IngestEntry {
  readonly path: string;
  readonly bytes?: Uint8Array;
  /** Set instead of bytes when the file cannot be read (symlink outside the root, unreadable, too large). */
  readonly skipped?: SkippedFile;
  readonly license?: string;
  /** Copyright statements that apply to this path from outside the file (a DEP-5 `Copyright:` field). */
  readonly copyrights?: ReadonlyArray<string>;
}

export interface IngestSource {
  readonly info: SourceInfo;
  /** Number of entries when known in advance (for a progress bar). */
  readonly total?: number;
  readonly entries: AsyncIterable<IngestEntry> | Iterable<IngestEntry>;
}

export interface SourceReport {
  readonly name: string;
  readonly version: string | null;
  readonly license: string;
  readonly files: number;
  readonly newContents: number;
  readonly bytes: number;
  readonly skipped: ReadonlyArray<SkippedFile>;
}

export interface IngestReport {
  readonly sources: ReadonlyArray<SourceReport>;
  readonly postings: number;
  readonly common: number;
  readonly bytes: number;
  readonly seconds: number;
}

/** Adds sources to the corpus at `file` (created when missing), replacing any source of the same name and version. */
export async function ingestSources(
  file: string,
  sources: AsyncIterable<IngestSource> | Iterable<IngestSource>,
  onProgress: ProgressListener = () => {},
): Promise<IngestReport> {
  const t0 = performance.now();
  const db = openWrite(file);
  let open = false;
  try {
    guard(file, () => db.exec('BEGIN IMMEDIATE'));
    open = true;
    const writer = new Writer(db);
    const reports: SourceReport[] = [];
    for await (const source of sources) reports.push(await writer.addSource(file, source, onProgress));
    guard(file, () => writer.dropOrphans());
    onProgress({ kind: 'start', stage: 'index', total: 0 });
    const built = guard(file, () => rebuildPostings(db, writer.fresh));
    onProgress({ kind: 'end', stage: 'index' });
    guard(file, () => db.exec('COMMIT'));
    open = false;
    guard(file, () => db.pragma('wal_checkpoint(TRUNCATE)'));
    return {
      sources: reports,
      postings: built.postings,
      common: built.common,
      bytes: reports.reduce((s, r) => s + r.bytes, 0),
      seconds: (performance.now() - t0) / 1000,
    };
  } finally {
    if (open) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // the transaction is gone already; nothing was committed
      }
    }
    db.close();
  }
}

/** LICENSE / NOTICE files larger than this are not searched for copyright lines. */
const NOTICE_FILE_MAX = 512 * 1024;

/** Fingerprints of newly stored files kept in memory for the postings rebuild, up to this many in all (~16 bytes each). */
const FRESH_LIMIT = 8_000_000;

class Writer {
  /** Newly stored files' fingerprints, so the rebuild does not read them back (up to FRESH_LIMIT). */
  readonly fresh = new Map<number, Record<Channel, ChannelFingerprints>>();
  private freshCount = 0;
  private readonly findFile;
  private readonly insertFile;
  private readonly insertMember;
  private readonly insertSource;
  private readonly deleteSource;
  private readonly updateSource;
  private readonly insertNotice;

  constructor(private readonly db: Db) {
    this.findFile = db.prepare(`SELECT id FROM files WHERE sha256 = ?`).pluck();
    this.insertFile = db.prepare(
      `INSERT INTO files (sha256, lines, tokens, language, simhash, header_license, exact, abstract) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.insertMember = db.prepare(
      `INSERT OR REPLACE INTO members (source_id, file_id, path, license) VALUES (?, ?, ?, ?)`,
    );
    this.insertSource = db.prepare(
      `INSERT INTO sources (name, version, purl, license, origin, added) VALUES (?, ?, ?, ?, ?, ?)`,
    );
    this.deleteSource = db.prepare(`DELETE FROM sources WHERE name = ? AND version = ?`);
    this.updateSource = db.prepare(`UPDATE sources SET files = ?, skipped = ?, bytes = ? WHERE id = ?`);
    this.insertNotice = db.prepare(
      `INSERT OR IGNORE INTO notices (source_id, path, seq, statement) VALUES (?, ?, ?, ?)`,
    );
  }

  /** Stores copyright statements for a path ('' = the whole source), without duplicates, at most MAX_STATEMENTS. */
  private addNotices(
    file: string,
    sourceId: number,
    path: string,
    statements: ReadonlyArray<string>,
    have: Map<string, Set<string>>,
  ): void {
    let set = have.get(path);
    if (!set) {
      set = new Set();
      have.set(path, set);
    }
    for (const st of statements) {
      if (set.size >= MAX_STATEMENTS) break;
      if (set.has(st)) continue;
      set.add(st);
      const seq = set.size;
      guard(file, () => this.insertNotice.run(sourceId, path, seq, st));
    }
  }

  async addSource(file: string, source: IngestSource, onProgress: ProgressListener): Promise<SourceReport> {
    const { info } = source;
    const version = info.version ?? '';
    const sourceId = guard(file, () => {
      this.db
        .prepare(`DELETE FROM members WHERE source_id IN (SELECT id FROM sources WHERE name = ? AND version = ?)`)
        .run(info.name, version);
      this.db
        .prepare(`DELETE FROM notices WHERE source_id IN (SELECT id FROM sources WHERE name = ? AND version = ?)`)
        .run(info.name, version);
      this.deleteSource.run(info.name, version);
      return Number(
        this.insertSource.run(
          info.name,
          version,
          info.purl ?? null,
          info.license,
          info.origin ?? null,
          isoSeconds(outputDate()),
        ).lastInsertRowid,
      );
    });
    const stage = `ingest ${info.name}`;
    onProgress({ kind: 'start', stage, total: source.total ?? 0 });
    const skipped: SkippedFile[] = [];
    let files = 0;
    let newContents = 0;
    let bytes = 0;
    let seen = 0;
    const notices = new Map<string, Set<string>>();
    for await (const entry of source.entries) {
      seen++;
      if (seen % 64 === 0) onProgress({ kind: 'tick', stage, done: seen, total: source.total ?? 0 });
      if (entry.copyrights && entry.copyrights.length > 0)
        this.addNotices(file, sourceId, entry.path, entry.copyrights, notices);
      if (entry.skipped || !entry.bytes) {
        skipped.push(entry.skipped ?? { path: entry.path, reason: 'unreadable' });
        continue;
      }
      // LICENSE, NOTICE, AUTHORS…: not code, but their copyright lines are what an attribution notice must carry.
      // Not fingerprinted: license texts are shared by thousands of projects and prove no copying.
      if (isNoticeFile(entry.path)) {
        if (entry.bytes.byteLength <= NOTICE_FILE_MAX) {
          const text = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength).toString('utf8');
          this.addNotices(file, sourceId, '', noticeFileCopyrights(text), notices);
        }
        skipped.push({
          path: entry.path,
          reason: 'excluded',
          detail: 'license or notice file: copyright statements kept',
        });
        continue;
      }
      const prepared = prepareFile(entry.path, entry.bytes);
      if (isSkipped(prepared)) {
        skipped.push(prepared);
        continue;
      }
      const own = fileCopyrights(prepared.text);
      if (own.length > 0) this.addNotices(file, sourceId, entry.path, own, notices);
      const sha = createHash('sha256').update(entry.bytes).digest('hex');
      let fileId = this.findFile.get(sha) as number | undefined;
      if (fileId === undefined) {
        const fp = fingerprintText(prepared.text, prepared.language, { tokens: false });
        if (fp.exact.hashes.length === 0 && fp.abstract.hashes.length === 0) {
          skipped.push({ path: entry.path, reason: 'empty', detail: 'too few tokens to fingerprint' });
          continue;
        }
        fileId = guard(file, () =>
          Number(
            this.insertFile.run(
              sha,
              prepared.lines,
              fp.tokens,
              prepared.language,
              fp.simhash | 0,
              fileLicenseHeader(prepared.text) ?? null,
              packChannel(fp.exact),
              packChannel(fp.abstract),
            ).lastInsertRowid,
          ),
        );
        if (fileId > MAX_FILES) throw new CorpusError(file, `more than ${MAX_FILES} distinct files in one corpus`);
        newContents++;
        const size = fp.exact.hashes.length + fp.abstract.hashes.length;
        if (this.freshCount + size <= FRESH_LIMIT) {
          this.fresh.set(fileId, { exact: fp.exact, abstract: fp.abstract });
          this.freshCount += size;
        }
      }
      const id = fileId;
      guard(file, () => this.insertMember.run(sourceId, id, entry.path, entry.license ?? null));
      files++;
      bytes += entry.bytes.byteLength;
    }
    guard(file, () => this.updateSource.run(files, skipped.length, bytes, sourceId));
    onProgress({ kind: 'end', stage });
    return {
      name: info.name,
      version: info.version ?? null,
      license: info.license,
      files,
      newContents,
      bytes,
      skipped,
    };
  }

  /** Contents no source refers to any more (a replaced or removed source) are dropped. */
  dropOrphans(): number {
    return this.db.prepare(`DELETE FROM files WHERE id NOT IN (SELECT file_id FROM members)`).run().changes;
  }
}

/** Removes sources named `name` (every version, or only `version`). Returns how many were removed. */
export function removeSource(file: string, name: string, version?: string): number {
  const db = openWrite(file);
  try {
    return guard(file, () =>
      db.transaction(() => {
        const ids = (
          version === undefined
            ? db.prepare(`SELECT id FROM sources WHERE name = ?`).pluck().all(name)
            : db.prepare(`SELECT id FROM sources WHERE name = ? AND version = ?`).pluck().all(name, version)
        ) as number[];
        for (const id of ids) {
          db.prepare(`DELETE FROM notices WHERE source_id = ?`).run(id);
          db.prepare(`DELETE FROM members WHERE source_id = ?`).run(id);
          db.prepare(`DELETE FROM sources WHERE id = ?`).run(id);
        }
        if (ids.length > 0) {
          db.prepare(`DELETE FROM files WHERE id NOT IN (SELECT file_id FROM members)`).run();
          rebuildPostings(db);
        }
        return ids.length;
      })(),
    );
  } finally {
    db.close();
  }
}
