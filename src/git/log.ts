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
  /** Blob id of `to` after the change (all zeros for D). */
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
  let pending = '';
  const flush = (final: boolean) => {
    let start = pending.indexOf('\x1e');
    if (start < 0) return;
    for (;;) {
      const next = pending.indexOf('\x1e', start + 1);
      if (next < 0 && !final) break;
      const record = pending.slice(start + 1, next < 0 ? undefined : next);
      onCommit(parseRecord(record));
      if (next < 0) {
        pending = '';
        return;
      }
      start = next;
    }
    pending = pending.slice(start);
  };
  await gitStream(root, args, (chunk) => {
    pending += decoder.write(chunk);
    flush(false);
  });
  pending += decoder.end();
  flush(true);
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
