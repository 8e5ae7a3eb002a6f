// The whole history in one streamed `git log`: identities, raw message and the paths each commit changed
// (with renames), oldest first with parents before children. Records are split on \x1e, fields on \x1f, and the
// --raw part is NUL separated (-z), so any byte in a message or a path name survives.
import { StringDecoder } from 'node:string_decoder';
import { gitStream } from './exec.js';

export interface LogChange {
  /** A (added), M, D, T, R (renamed) or C (copied). */
  readonly status: string;
  /** Source path for R/C, else the path. */
  readonly from: string;
  /** Destination path (equal to `from` unless R/C). */
  readonly to: string;
  /** Blob id the commit wrote at `to` (all zeros for D). */
  readonly blob: string;
}

export interface LogCommit {
  readonly sha: string;
  readonly parents: ReadonlyArray<string>;
  readonly authorName: string;
  readonly authorEmail: string;
  readonly authorTime: string;
  readonly committerName: string;
  readonly committerEmail: string;
  readonly committerTime: string;
  readonly message: string;
  readonly changes: ReadonlyArray<LogChange>;
}

const FORMAT = '%x1e%H%x1f%P%x1f%an%x1f%ae%x1f%aI%x1f%cn%x1f%ce%x1f%cI%x1f%B%x1f';

/**
 * Calls `onCommit` for every commit reachable from `rev`, oldest first (topological). With `changes`, each
 * commit lists the paths it changed (renames detected; merges list none). @throws GitError
 */
export async function walkLog(
  root: string,
  rev: string,
  onCommit: (commit: LogCommit) => void,
  options: { changes?: boolean } = {},
): Promise<void> {
  const args = ['-c', 'core.quotePath=false', 'log', '--topo-order', '--reverse', '--no-color', `--format=${FORMAT}`];
  if (options.changes !== false) args.push('-z', '--raw', '-M', '--no-abbrev');
  args.push('--end-of-options', rev, '--');
  const decoder = new StringDecoder('utf8');
  // The text of the record being read, in pieces: a commit that changes 100,000 files is megabytes of --raw, and
  // each piece is searched for the next separator once (joining and rescanning per chunk would be quadratic).
  let parts: string[] = [];
  let started = false;
  const take = (text: string) => {
    let from = 0;
    for (;;) {
      const at = text.indexOf('\x1e', from);
      if (at < 0) {
        parts.push(text.slice(from));
        return;
      }
      parts.push(text.slice(from, at));
      if (started) onCommit(parseRecord(parts.join('')));
      started = true;
      parts = [];
      from = at + 1;
    }
  };
  await gitStream(root, args, (chunk) => take(decoder.write(chunk)));
  take(decoder.end());
  if (started) onCommit(parseRecord(parts.join('')));
}

function parseRecord(record: string): LogCommit {
  const fields = record.split('\x1f');
  const [sha = '', parents = '', an = '', ae = '', at = '', cn = '', ce = '', ct = ''] = fields;
  // The message is field 8; a message containing \x1f (never seen in practice) is glued back together.
  const message = fields.slice(8, fields.length - 1).join('\x1f');
  const raw = fields[fields.length - 1] ?? '';
  return {
    sha,
    parents: parents === '' ? [] : parents.split(' '),
    authorName: an,
    authorEmail: ae,
    authorTime: at,
    committerName: cn,
    committerEmail: ce,
    committerTime: ct,
    message: message.replace(/\n+$/, ''),
    changes: parseRaw(raw),
  };
}

/** `:old new oldsha newsha STATUS\0path\0[path2\0]` entries. */
function parseRaw(raw: string): LogChange[] {
  const tokens = raw.split('\0');
  const changes: LogChange[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = (tokens[i] ?? '').replace(/^\n+/, '');
    if (!token.startsWith(':')) continue;
    const fields = token.split(' ');
    const status = (fields[4] ?? '').charAt(0);
    const from = tokens[++i] ?? '';
    const to = status === 'R' || status === 'C' ? (tokens[++i] ?? '') : from;
    changes.push({ status, from, to, blob: fields[3] ?? '' });
  }
  return changes;
}
