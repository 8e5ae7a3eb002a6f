// Upgrade of a schema-2 corpus (one row per channel holding the whole inverted index, rebuilt after every ingest,
// and every file's fingerprints kept as packed BLOBs for those rebuilds) to segments: the per-file BLOBs are read
// once, in file order, into segments, merged into one; the files table loses its BLOB columns. File ids are kept,
// so matches are the same before and after (test/corpus/migration.test.ts). Runs inside the upgrade's transaction.
import type { Channel, ChannelFingerprints } from '../fingerprint/types.js';
import type { Database as Db } from 'better-sqlite3';
import { Records } from './segment-codec.js';
import { mergeWork, writeSegment } from './segments.js';

/** Postings buffered before they are written as a segment (bounds the memory of an upgrade). */
const SEGMENT_POSTINGS = 8_000_000;

/** Files read per query. */
const BATCH = 1000;

export function migrateToSegments(db: Db): void {
  db.exec(`
    DROP TABLE postings;
    CREATE TABLE paths (id INTEGER PRIMARY KEY, path TEXT NOT NULL UNIQUE);
    CREATE TABLE files_new (
      id INTEGER PRIMARY KEY,
      sha256 TEXT NOT NULL UNIQUE,
      lines INTEGER NOT NULL,
      tokens INTEGER NOT NULL,
      language TEXT NOT NULL,
      header_license TEXT,
      path_id INTEGER NOT NULL,
      exact_count INTEGER NOT NULL,
      abstract_count INTEGER NOT NULL,
      since INTEGER NOT NULL
    );
    CREATE TABLE segments (
      id INTEGER PRIMARY KEY,
      exact_bits INTEGER NOT NULL,
      abstract_bits INTEGER NOT NULL,
      exact_postings INTEGER NOT NULL,
      abstract_postings INTEGER NOT NULL,
      exact_hashes INTEGER NOT NULL,
      abstract_hashes INTEGER NOT NULL,
      rows INTEGER NOT NULL,
      bytes INTEGER NOT NULL,
      state TEXT NOT NULL
    );
    CREATE TABLE tombstones (file_id INTEGER PRIMARY KEY, since INTEGER NOT NULL, until INTEGER NOT NULL);
    DELETE FROM meta WHERE key IN ('fingerprints_exact', 'fingerprints_abstract');
  `);
  // each file's first member path: the unit the common-hash rule counts
  const firstPath = new Map<number, string>();
  for (const r of db.prepare(`SELECT file_id AS id, min(path) AS path FROM members GROUP BY file_id`).all() as Array<{
    id: number;
    path: string;
  }>)
    firstPath.set(r.id, r.path);
  const pathId = db.prepare(
    `INSERT INTO paths (path) VALUES (?) ON CONFLICT (path) DO UPDATE SET path = excluded.path RETURNING id`,
  );
  const insert = db.prepare(
    `INSERT INTO files_new (id, sha256, lines, tokens, language, header_license, path_id, exact_count, abstract_count,
       since) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const read = db.prepare(
    `SELECT id, sha256, lines, tokens, language, header_license, exact, abstract FROM files WHERE id > ? ORDER BY id LIMIT ?`,
  );
  const records: Record<Channel, Records> = { exact: new Records(), abstract: new Records() };
  const totals: Record<Channel, number> = { exact: 0, abstract: 0 };
  let last = 0;
  let maxId = 0;
  let files = 0;
  for (;;) {
    const rows = read.all(last, BATCH) as Array<{
      id: number;
      sha256: string;
      lines: number;
      tokens: number;
      language: string;
      header_license: string | null;
      exact: Buffer;
      abstract: Buffer;
    }>;
    if (rows.length === 0) break;
    for (const f of rows) {
      last = f.id;
      maxId = Math.max(maxId, f.id);
      const path = firstPath.get(f.id);
      const pid = path === undefined ? 0 : ((pathId.get(path) as { id: number }).id ?? 0);
      const counts: Record<Channel, number> = { exact: 0, abstract: 0 };
      for (const channel of ['exact', 'abstract'] as const) {
        const fp = unpackChannel(f[channel]);
        const r = records[channel];
        for (let i = 0; i < fp.hashes.length; i++)
          r.push(fp.hashes[i]!, f.id, fp.positions[i]!, fp.startLines[i]!, fp.endLines[i]!);
        counts[channel] = fp.hashes.length;
        totals[channel] += fp.hashes.length;
      }
      insert.run(f.id, f.sha256, f.lines, f.tokens, f.language, f.header_license, pid, counts.exact, counts.abstract);
      files++;
    }
    if (records.exact.length + records.abstract.length >= SEGMENT_POSTINGS) {
      writeSegment(db, records);
      records.exact.clear();
      records.abstract.clear();
    }
  }
  writeSegment(db, records);
  db.exec(`DROP TABLE files; ALTER TABLE files_new RENAME TO files;`);
  const put = db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`);
  put.run('next_file', String(maxId + 1));
  put.run('files', String(files));
  put.run('fingerprints_exact', String(totals.exact));
  put.run('fingerprints_abstract', String(totals.abstract));
  mergeWork(db, Number.POSITIVE_INFINITY, true);
}

/**
 * Schema 2's packed channel: count (Uint32 LE), hashes (count × Uint32 LE), then per fingerprint three varints:
 * position − previous position, start line − previous start line, end line − start line.
 */
function unpackChannel(blob: Uint8Array | null | undefined): ChannelFingerprints {
  const n = !blob || blob.byteLength < 4 ? 0 : (blob[0]! | (blob[1]! << 8) | (blob[2]! << 16) | (blob[3]! << 24)) >>> 0;
  const hashes = new Uint32Array(n);
  const positions = new Uint32Array(n);
  const startLines = new Uint32Array(n);
  const endLines = new Uint32Array(n);
  if (!blob || n === 0) return { hashes, positions, startLines, endLines };
  let o = 4;
  for (let i = 0; i < n; i++) {
    hashes[i] = (blob[o]! | (blob[o + 1]! << 8) | (blob[o + 2]! << 16) | (blob[o + 3]! << 24)) >>> 0;
    o += 4;
  }
  const get = (): number => {
    let v = 0;
    let shift = 0;
    for (;;) {
      const b = blob[o++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return v;
      shift += 7;
    }
  };
  let pos = 0;
  let line = 0;
  for (let i = 0; i < n; i++) {
    pos += get();
    line += get();
    positions[i] = pos;
    startLines[i] = line;
    endLines[i] = line + get();
  }
  return { hashes, positions, startLines, endLines };
}
