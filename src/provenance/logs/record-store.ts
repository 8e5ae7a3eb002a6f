// provscan's own record of AI spans in uncommitted work (`provscan record`): JSON files under
// `<git common dir>/provscan/records/`, so they survive until the commit and beyond. Privacy: a record keeps the
// spans' agent, model, session and time, and a short hash per line (to find the lines again by content after
// edits around them) — never the text of a line, a prompt or anything else from a transcript.
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AiSource } from '../../model.js';
import { writeFileAtomic } from '../../util/atomic-write.js';
import type { LoggedHashes, WarningSink } from './types.js';

export const RECORD_SCHEMA = 1;

export interface RecordEntry {
  readonly path: string;
  /** `hashedKey` of each AI line, in order (a run of lines as written). */
  readonly keys: ReadonlyArray<string>;
  readonly source: AiSource;
  readonly agent: string;
  readonly model: string | null;
  readonly session?: string;
  readonly time?: string;
  readonly confidence: number;
}

export interface ProvscanRecord {
  /** The commit these lines went into (`provscan record --head` after a commit); absent for uncommitted work. */
  readonly commit?: string;
  readonly schema: typeof RECORD_SCHEMA;
  readonly createdAt: string;
  /** HEAD when the record was made (null before the first commit). */
  readonly head: string | null;
  readonly entries: ReadonlyArray<RecordEntry>;
}

export function recordsDir(commonDir: string): string {
  return join(commonDir, 'provscan', 'records');
}

/** Writes a record file atomically; returns its path. */
export function writeRecord(commonDir: string, record: ProvscanRecord): string {
  const stamp = record.createdAt.replace(/[^0-9]/g, '').slice(0, 14);
  const file = join(recordsDir(commonDir), `${stamp}-${randomBytes(4).toString('hex')}.json`);
  writeFileAtomic(file, `${JSON.stringify(record)}\n`);
  return file;
}

/** Every stored record's entries as hash runs to align. Unreadable or future-schema files are skipped with a warning. */
export function readRecords(commonDir: string, warn: WarningSink): LoggedHashes[] {
  const dir = recordsDir(commonDir);
  if (!existsSync(dir)) return [];
  const out: LoggedHashes[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!name.endsWith('.json') || name.startsWith('.')) continue;
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    } catch {
      warn(`provscan record ${name}: not valid JSON; skipped`);
      continue;
    }
    if (!isObject(doc) || doc['schema'] !== RECORD_SCHEMA || !Array.isArray(doc['entries'])) {
      warn(`provscan record ${name}: unknown record schema; skipped`);
      continue;
    }
    const commit = typeof doc['commit'] === 'string' ? doc['commit'] : undefined;
    for (const e of doc['entries']) {
      if (!isObject(e) || typeof e['path'] !== 'string' || !Array.isArray(e['keys'])) continue;
      out.push({
        kind: 'hashes',
        path: e['path'],
        keys: e['keys'].filter((k): k is string => typeof k === 'string'),
        source: 'provscan-record',
        agent: typeof e['agent'] === 'string' ? e['agent'] : 'unknown-ai',
        model: typeof e['model'] === 'string' ? e['model'] : null,
        confidence: typeof e['confidence'] === 'number' ? e['confidence'] : 0.9,
        ...(typeof e['session'] === 'string' ? { session: e['session'] } : {}),
        ...(typeof e['time'] === 'string' ? { time: e['time'] } : {}),
        ...(commit !== undefined ? { commit } : {}),
      });
    }
  }
  return out;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
