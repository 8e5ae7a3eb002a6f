// Reading many blobs through one `git cat-file --batch` process: ids in on stdin, "<id> <type> <size>\n<bytes>\n"
// records out. One process for the whole set, never one spawn per file.
import { GitError } from '../errors.js';
import { gitStream } from './exec.js';

/** Contents of each blob id, in one git process. @throws GitError when an id is missing or git fails. */
export async function readBlobs(root: string, ids: ReadonlyArray<string>): Promise<Map<string, Buffer>> {
  const result = new Map<string, Buffer>();
  if (ids.length === 0) return result;
  const unique = [...new Set(ids)];
  let pending: Buffer = Buffer.alloc(0);
  let index = 0;
  const parse = () => {
    for (;;) {
      const nl = pending.indexOf(10);
      if (nl < 0) return;
      const header = pending.subarray(0, nl).toString('utf8');
      const parts = header.split(' ');
      if (parts[1] === 'missing' || parts.length < 3) {
        throw new GitError(['cat-file', '--batch'], `object ${parts[0] ?? header} is missing`);
      }
      const size = Number(parts[2]);
      if (pending.length < nl + 1 + size + 1) return; // wait for the whole record
      result.set(unique[index] ?? parts[0] ?? '', Buffer.from(pending.subarray(nl + 1, nl + 1 + size)));
      index++;
      pending = pending.subarray(nl + 1 + size + 1);
    }
  };
  await gitStream(
    root,
    ['cat-file', '--batch'],
    (chunk) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      parse();
    },
    { input: `${unique.join('\n')}\n` },
  );
  return result;
}
