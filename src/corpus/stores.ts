// The one place a `--db` value chooses its store: a `postgres://` (or `postgresql://`) URL is a PostgreSQL corpus
// (src/corpus/pg-reader.ts and pg-store.ts, loaded with the `pg` client only then), anything else a SQLite file
// (src/corpus/sqlite-store.ts).
import type { CorpusInfo, ProgressListener } from '../model.js';
import type { CorpusReader, CorpusWriter } from './backend.js';
import { isPostgresUrl } from '../util/db-location.js';
import { SqliteReader, SqliteWriter } from './sqlite-store.js';

const pgStore = () => import('./pg-store.js');
const pgReader = () => import('./pg-reader.js');

/** Opens a corpus for reading, as one snapshot. */
export async function openReader(db: string, named: Pick<CorpusInfo, 'path' | 'label'>): Promise<CorpusReader> {
  if (isPostgresUrl(db)) return (await pgReader()).PgReader.open(db, named);
  return SqliteReader.open(db, named);
}

/**
 * Opens (creating when missing) a corpus for one ingest or removal. A PostgreSQL corpus waits for another ingest
 * into it to finish, and says so through `onProgress`.
 */
export async function openWriter(db: string, onProgress?: ProgressListener): Promise<CorpusWriter> {
  if (isPostgresUrl(db)) return (await pgStore()).PgWriter.open(db, onProgress);
  return SqliteWriter.open(db);
}
