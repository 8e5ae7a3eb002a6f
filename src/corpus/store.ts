// Ingesting sources into a corpus: each file is read, prepared, fingerprinted and its copyright statements kept,
// then handed to the store (src/corpus/backend.ts; the SQLite store in src/corpus/sqlite-store.ts). One ingest is one
// transaction: an interrupted ingest — exception, Ctrl-C, crash — leaves the previous corpus as it was. Identical
// contents are stored once.
import { createHash } from 'node:crypto';
import type { ProgressListener, SkippedFile } from '../model.js';
import { fileLicenseHeader } from '../license/header.js';
import { isoSeconds, outputDate } from '../util/time.js';
import type { CorpusWriter, IndexReport, SourceInfo } from './backend.js';
import { fileCopyrights, isNoticeFile, MAX_STATEMENTS, noticeFileCopyrights } from './copyright.js';
import { fingerprintText, isSkipped, prepareFile } from './engine.js';
import { openWriter } from './stores.js';

export type { SourceInfo } from './backend.js';

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

export interface IngestReport extends IndexReport {
  readonly sources: ReadonlyArray<SourceReport>;
  readonly bytes: number;
  readonly seconds: number;
}

/**
 * Adds sources to the corpus `file` (a SQLite file, created when missing, or a PostgreSQL URL), replacing any source
 * of the same name and version.
 */
export async function ingestSources(
  file: string,
  sources: AsyncIterable<IngestSource> | Iterable<IngestSource>,
  onProgress: ProgressListener = () => {},
): Promise<IngestReport> {
  return ingestInto(await openWriter(file, onProgress), sources, onProgress);
}

/** Adds sources through a store's writer (committed at the end, rolled back on any failure). */
export async function ingestInto(
  writer: CorpusWriter,
  sources: AsyncIterable<IngestSource> | Iterable<IngestSource>,
  onProgress: ProgressListener = () => {},
): Promise<IngestReport> {
  const t0 = performance.now();
  let committing = false;
  try {
    const reports: SourceReport[] = [];
    for await (const source of sources) reports.push(await addSource(writer, source, onProgress));
    committing = true;
    const index = await writer.commit(onProgress);
    return {
      ...index,
      sources: reports,
      bytes: reports.reduce((s, r) => s + r.bytes, 0),
      seconds: (performance.now() - t0) / 1000,
    };
  } catch (err) {
    if (!committing) await writer.rollback();
    throw err;
  }
}

/** LICENSE / NOTICE files larger than this are not searched for copyright lines. */
const NOTICE_FILE_MAX = 512 * 1024;

/** Stores copyright statements for a path ('' = the whole source), without duplicates, at most MAX_STATEMENTS. */
async function addNotices(
  writer: CorpusWriter,
  sourceId: number,
  path: string,
  statements: ReadonlyArray<string>,
  have: Map<string, Set<string>>,
): Promise<void> {
  let set = have.get(path);
  if (!set) {
    set = new Set();
    have.set(path, set);
  }
  for (const st of statements) {
    if (set.size >= MAX_STATEMENTS) break;
    if (set.has(st)) continue;
    set.add(st);
    await writer.addNotice(sourceId, path, set.size, st);
  }
}

async function addSource(
  writer: CorpusWriter,
  source: IngestSource,
  onProgress: ProgressListener,
): Promise<SourceReport> {
  const { info } = source;
  const sourceId = await writer.beginSource(info, isoSeconds(outputDate()));
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
      await addNotices(writer, sourceId, entry.path, entry.copyrights, notices);
    if (entry.skipped || !entry.bytes) {
      skipped.push(entry.skipped ?? { path: entry.path, reason: 'unreadable' });
      continue;
    }
    // LICENSE, NOTICE, AUTHORS…: not code, but their copyright lines are what an attribution notice must carry.
    // Not fingerprinted: license texts are shared by thousands of projects and prove no copying.
    if (isNoticeFile(entry.path)) {
      if (entry.bytes.byteLength <= NOTICE_FILE_MAX) {
        const text = Buffer.from(entry.bytes.buffer, entry.bytes.byteOffset, entry.bytes.byteLength).toString('utf8');
        await addNotices(writer, sourceId, '', noticeFileCopyrights(text), notices);
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
    if (own.length > 0) await addNotices(writer, sourceId, entry.path, own, notices);
    const sha = createHash('sha256').update(entry.bytes).digest('hex');
    let fileId = await writer.findContent(sha);
    if (fileId === undefined) {
      const fp = fingerprintText(prepared.text, prepared.language, { tokens: false });
      if (fp.exact.hashes.length === 0 && fp.abstract.hashes.length === 0) {
        skipped.push({ path: entry.path, reason: 'empty', detail: 'too few tokens to fingerprint' });
        continue;
      }
      fileId = await writer.addContent({
        sha256: sha,
        lines: prepared.lines,
        tokens: fp.tokens,
        language: prepared.language,
        headerLicense: fileLicenseHeader(prepared.text) ?? null,
        fingerprints: { exact: fp.exact, abstract: fp.abstract },
      });
      newContents++;
    }
    await writer.addMember(sourceId, fileId, entry.path, entry.license ?? null);
    files++;
    bytes += entry.bytes.byteLength;
  }
  await writer.endSource(sourceId, { files, skipped: skipped.length, bytes });
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

/** Removes sources named `name` (every version, or only `version`). Returns how many were removed. */
export async function removeSource(file: string, name: string, version?: string): Promise<number> {
  const writer = await openWriter(file);
  let n: number;
  try {
    n = await writer.removeSources(name, version);
  } catch (err) {
    await writer.rollback();
    throw err;
  }
  if (n === 0) {
    await writer.rollback();
    return 0;
  }
  await writer.commit();
  return n;
}
