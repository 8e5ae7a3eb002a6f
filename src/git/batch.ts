// Small git plumbing helpers shared by the log readers and the staged check: run git with an argument array,
// and read many objects (blobs, `:path` index entries, `commit:path`) through one `git cat-file --batch` process.
import { execFile, spawn } from 'node:child_process';
import { GitError } from '../errors.js';

/** Runs git in `cwd` and returns stdout (as a Buffer: paths and contents need not be UTF-8). */
export function gitOut(cwd: string, args: ReadonlyArray<string>, maxBuffer = 512 * 1024 * 1024): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('git', [...args], { cwd, encoding: 'buffer', maxBuffer }, (err, stdout, stderr) => {
      if (err) reject(new GitError(args, stderr.toString('utf8') || err.message));
      else resolve(stdout);
    });
  });
}

export interface BatchObject {
  readonly id: string;
  readonly type: string;
  readonly size: number;
  /** Content, absent for `--batch-check` reads or for objects over the size limit. */
  readonly data?: Buffer;
}

/**
 * Reads objects named by `specs` (object ids, `:path`, `rev:path`) with one git process. Missing objects map to
 * null. With `check`, only type and size are read. Specs must not contain newlines.
 */
export function catFileBatch(
  cwd: string,
  specs: ReadonlyArray<string>,
  options: { readonly check?: boolean } = {},
): Promise<Map<string, BatchObject | null>> {
  const out = new Map<string, BatchObject | null>();
  if (specs.length === 0) return Promise.resolve(out);
  const args = ['cat-file', options.check ? '--batch-check' : '--batch'];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      stderr += c.toString('utf8');
    });
    child.on('error', (err) => reject(new GitError(args, err.message)));
    child.on('close', (code) => {
      if (code !== 0) {
        reject(new GitError(args, stderr));
        return;
      }
      const buf = Buffer.concat(chunks);
      let pos = 0;
      for (const spec of specs) {
        const nl = buf.indexOf(10, pos);
        if (nl < 0) break;
        const header = buf.subarray(pos, nl).toString('utf8');
        pos = nl + 1;
        const parts = header.split(' ');
        if (parts[1] === 'missing' || parts[1] === 'ambiguous' || parts.length < 3) {
          out.set(spec, null);
          continue;
        }
        const size = Number(parts[2]);
        if (options.check) {
          out.set(spec, { id: parts[0] ?? '', type: parts[1] ?? '', size });
          continue;
        }
        const data = buf.subarray(pos, pos + size);
        pos += size + 1; // content is followed by a newline
        out.set(spec, { id: parts[0] ?? '', type: parts[1] ?? '', size, data: Buffer.from(data) });
      }
      resolve(out);
    });
    child.stdin.on('error', () => {});
    child.stdin.end(`${specs.join('\n')}\n`);
  });
}
