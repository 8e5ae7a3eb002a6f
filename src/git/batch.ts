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

/**
 * One `git cat-file --batch-command` process answering several rounds of requests: sizes first (`info`), then the
 * contents of what is small enough, then more contents as callers need them, without a process per round (each
 * process costs a spawn on the critical path of a pre-commit check). Needs git 2.36; with an older git every request
 * rejects with `BatchCommandUnsupported`, and callers fall back to `catFileBatch`. Specs must not contain newlines.
 */
export class CatFileSession {
  private readonly child: ReturnType<typeof spawn>;
  private readonly queue: Array<{
    readonly specs: ReadonlyArray<string>;
    readonly check: boolean;
    readonly out: Map<string, BatchObject | null>;
    readonly resolve: (m: Map<string, BatchObject | null>) => void;
    readonly reject: (e: Error) => void;
  }> = [];
  private buf: Buffer = Buffer.alloc(0);
  /** Chunks not yet joined to `buf`, and how many bytes the next answer needs (joined only once they are there). */
  private chunks: Buffer[] = [];
  private have = 0;
  private need = 0;
  private stderr = '';
  private answered = false;
  private closed = false;
  private failure: Error | undefined;

  constructor(cwd: string) {
    const args = ['cat-file', '--batch-command', '--buffer'];
    this.child = spawn('git', args, { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.on('data', (c: Buffer) => {
      this.answered = true;
      this.chunks.push(c);
      this.have += c.length;
      if (this.have < this.need) return; // a large blob still arriving: join once, not per chunk
      this.buf = Buffer.concat([this.buf, ...this.chunks]);
      this.chunks = [];
      this.have = this.buf.length;
      this.drain();
    });
    this.child.stderr?.on('data', (c: Buffer) => {
      this.stderr += c.toString('utf8');
    });
    this.child.stdin?.on('error', () => {});
    const fail = (err: Error) => {
      this.failure ??= err;
      for (const q of this.queue.splice(0)) q.reject(this.failure);
    };
    this.child.on('error', (err) => fail(new GitError(args, err.message)));
    this.child.on('close', (code) => {
      if (this.queue.length === 0) return;
      if (!this.answered && code === 129) fail(new BatchCommandUnsupported(this.stderr));
      else fail(new GitError(args, this.stderr || `exited with ${code}`));
    });
  }

  /** Type and size of each object (no content). */
  info(specs: ReadonlyArray<string>): Promise<Map<string, BatchObject | null>> {
    return this.request(specs, true);
  }

  /** Type, size and content of each object. */
  contents(specs: ReadonlyArray<string>): Promise<Map<string, BatchObject | null>> {
    return this.request(specs, false);
  }

  /** Ends the process once the pending requests are answered. */
  close(): void {
    this.closed = true;
    this.child.stdin?.end();
  }

  private request(specs: ReadonlyArray<string>, check: boolean): Promise<Map<string, BatchObject | null>> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.closed) return Promise.reject(new Error('provscan: cat-file session used after close'));
    if (specs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      this.queue.push({ specs, check, out: new Map(), resolve, reject });
      const verb = check ? 'info' : 'contents';
      this.child.stdin?.write(`${specs.map((s) => `${verb} ${s}`).join('\n')}\nflush\n`);
    });
  }

  /** Parses every complete answer in the buffer, in request order. */
  private drain(): void {
    let pos = 0;
    this.need = 0;
    while (this.queue.length > 0) {
      const q = this.queue[0]!;
      const nl = this.buf.indexOf(10, pos);
      if (nl < 0) break;
      const header = this.buf.subarray(pos, nl).toString('utf8');
      const parts = header.split(' ');
      const spec = q.specs[q.out.size]!;
      if (parts[parts.length - 1] === 'missing' || parts[parts.length - 1] === 'ambiguous' || parts.length < 3) {
        q.out.set(spec, null);
        pos = nl + 1;
      } else {
        const size = Number(parts[2]);
        if (q.check) {
          q.out.set(spec, { id: parts[0] ?? '', type: parts[1] ?? '', size });
          pos = nl + 1;
        } else {
          if (this.buf.length < nl + 1 + size + 1) {
            this.need = nl + 1 + size + 1 - pos; // the content has not all arrived
            break;
          }
          const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
          q.out.set(spec, { id: parts[0] ?? '', type: parts[1] ?? '', size, data });
          pos = nl + 1 + size + 1;
        }
      }
      if (q.out.size === q.specs.length) {
        this.queue.shift();
        q.resolve(q.out);
      }
    }
    this.buf = pos === 0 ? this.buf : this.buf.subarray(pos);
    this.have = this.buf.length;
  }
}

/** `git cat-file --batch-command` is missing (git before 2.36). */
export class BatchCommandUnsupported extends Error {
  constructor(stderr: string) {
    super(`git cat-file --batch-command is not supported by this git: ${stderr.split('\n')[0] ?? ''}`);
    this.name = 'BatchCommandUnsupported';
  }
}
