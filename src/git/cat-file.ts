// Reading objects (blobs, `:path` index entries, `rev:path`) through `git cat-file`: the one place provscan reads
// object contents. Many objects go through one process, never one spawn per object: `readObjects` for a set known
// up front, `CatFileSession` for rounds of requests (the pre-commit check asks for sizes, then contents).
import type { Socket } from 'node:net';
import { GitError } from '../errors.js';
import { type GitProcess, gitProcess, gitStream } from './exec.js';

export interface BatchObject {
  readonly id: string;
  readonly type: string;
  readonly size: number;
  /** Content; absent when only type and size were asked for. */
  readonly data?: Buffer;
}

/** What an object header looks like: `<id> <type> <size>`. Anything else (`<spec> missing`, `ambiguous`) has no body. */
const HEADER = /^([0-9a-f]{40,64}) (\S+) (\d+)$/;

/**
 * Parses cat-file's answer stream: one header line per request, then (for a content request on an existing
 * object) `size` bytes and a newline. Chunks are joined only once the record they complete has fully arrived, so a
 * large blob in many chunks is copied once.
 */
class RecordReader {
  private buf: Buffer = Buffer.alloc(0);
  private chunks: Buffer[] = [];
  private queued = 0;
  /** Bytes `buf` must hold before the next record can be complete. */
  private need = 1;

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.queued += chunk.length;
  }

  /** The next record: an object, `null` for a missing one, or `undefined` until all of its bytes are here. */
  take(withContent: boolean): BatchObject | null | undefined {
    if (this.buf.length + this.queued < this.need) return undefined;
    if (this.chunks.length > 0) {
      this.buf =
        this.buf.length === 0 && this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat([this.buf, ...this.chunks]);
      this.chunks = [];
      this.queued = 0;
    }
    const nl = this.buf.indexOf(10);
    if (nl < 0) {
      this.need = this.buf.length + 1;
      return undefined;
    }
    const m = HEADER.exec(this.buf.subarray(0, nl).toString('utf8'));
    if (!m) {
      this.consume(nl + 1);
      return null;
    }
    const size = Number(m[3]);
    const head = { id: m[1]!, type: m[2]!, size };
    if (!withContent) {
      this.consume(nl + 1);
      return head;
    }
    const end = nl + 1 + size + 1; // the content is followed by a newline
    if (this.buf.length < end) {
      this.need = end;
      return undefined;
    }
    const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
    this.consume(end);
    return { ...head, data };
  }

  private consume(n: number): void {
    this.buf = this.buf.subarray(n);
    this.need = 1;
  }
}

/** A spec cat-file reads as one line: a line break in it would shift every answer after it. */
function sendable(spec: string): boolean {
  return !spec.includes('\n') && !spec.includes('\r');
}

/**
 * Reads the objects named by `specs` with one `git cat-file --batch` process; with `check`, only type and size.
 * A missing object, or a spec that cannot be sent (a path with a line break), maps to null. @throws GitError
 */
export async function readObjects(
  cwd: string,
  specs: ReadonlyArray<string>,
  options: { readonly check?: boolean } = {},
): Promise<Map<string, BatchObject | null>> {
  const out = new Map<string, BatchObject | null>();
  const send = [...new Set(specs)].filter((s) => {
    if (sendable(s)) return true;
    out.set(s, null);
    return false;
  });
  if (send.length === 0) return out;
  const withContent = options.check !== true;
  const reader = new RecordReader();
  let next = 0;
  await gitStream(
    cwd,
    ['cat-file', withContent ? '--batch' : '--batch-check'],
    (chunk) => {
      reader.push(chunk);
      while (next < send.length) {
        const record = reader.take(withContent);
        if (record === undefined) break;
        out.set(send[next++]!, record);
      }
    },
    { input: `${send.join('\n')}\n` },
  );
  if (next < send.length) throw new GitError(['cat-file', '--batch'], 'the answer ended early');
  return out;
}

/** Contents of each blob id, in one git process. @throws GitError when an id is missing or git fails. */
export async function readBlobs(root: string, ids: ReadonlyArray<string>): Promise<Map<string, Buffer>> {
  const objects = await readObjects(root, ids);
  const result = new Map<string, Buffer>();
  for (const [id, object] of objects) {
    if (!object?.data) throw new GitError(['cat-file', '--batch'], `object ${id} is missing`);
    result.set(id, object.data);
  }
  return result;
}

interface Pending {
  /** The specs sent, in order (`out` may already hold the unsendable ones, as null). */
  readonly specs: ReadonlyArray<string>;
  readonly withContent: boolean;
  readonly out: Map<string, BatchObject | null>;
  /** How many of `specs` are answered. */
  next: number;
  readonly resolve: (m: Map<string, BatchObject | null>) => void;
  readonly reject: (e: Error) => void;
}

/**
 * One `git cat-file --batch-command` process answering rounds of requests: sizes first (`info`), then contents as
 * callers need them, without a process per round (each costs a spawn on the critical path of a pre-commit check).
 * With a git older than 2.36 (no `--batch-command`), each round falls back to its own `readObjects` process.
 * The process holds the event loop only while a request is pending, so a session nobody closed cannot keep
 * provscan from exiting; `close()` ends it. Specs with a line break read as missing.
 */
export class CatFileSession {
  private readonly cwd: string;
  private child: GitProcess | undefined;
  private readonly queue: Pending[] = [];
  private readonly reader = new RecordReader();
  private stderr = '';
  private answered = false;
  private closed = false;
  private fallback = false;
  private failure: Error | undefined;

  constructor(cwd: string) {
    this.cwd = cwd;
    this.child = this.start();
  }

  /** Type and size of each object (no content). */
  info(specs: ReadonlyArray<string>): Promise<Map<string, BatchObject | null>> {
    return this.request(specs, false);
  }

  /** Type, size and content of each object. */
  contents(specs: ReadonlyArray<string>): Promise<Map<string, BatchObject | null>> {
    return this.request(specs, true);
  }

  /** Content of one blob. @throws GitError when it is missing. */
  async blob(id: string): Promise<Buffer> {
    const data = (await this.contents([id])).get(id)?.data;
    if (!data) throw new GitError(['cat-file', '--batch-command'], `object ${id} is missing`);
    return data;
  }

  /** Ends the process once the pending requests are answered. */
  close(): void {
    this.closed = true;
    this.child?.stdin?.end();
  }

  private start(): GitProcess {
    const args = ['cat-file', '--batch-command', '--buffer'];
    const child = gitProcess(this.cwd, args);
    child.stdout?.on('data', (chunk: Buffer) => {
      this.answered = true;
      this.reader.push(chunk);
      this.drain();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    child.stdin?.on('error', () => {}); // an early exit is reported by 'close'
    child.on('error', (err) => this.fail(new GitError(args, err.message)));
    child.on('close', (code, signal) => {
      this.child = undefined;
      if (!this.answered && code === 129) {
        // git before 2.36: every round gets its own --batch process from now on
        this.fallback = true;
        for (const q of this.queue.splice(0)) this.viaFallback(q);
        return;
      }
      // A process that ends with requests pending (or before any was made) fails them all, now and later: nothing
      // may wait for an answer that will not come.
      this.fail(new GitError(args, this.stderr || `exited with ${signal ?? code}`));
    });
    this.hold(child, false);
    return child;
  }

  private request(specs: ReadonlyArray<string>, withContent: boolean): Promise<Map<string, BatchObject | null>> {
    if (this.closed) return Promise.reject(new Error('provscan: cat-file session used after close'));
    if (specs.length === 0) return Promise.resolve(new Map());
    return new Promise((resolve, reject) => {
      const out = new Map<string, BatchObject | null>();
      const send = specs.filter((s) => {
        if (sendable(s)) return true;
        out.set(s, null);
        return false;
      });
      const q: Pending = { specs: send, withContent, out, next: 0, resolve, reject };
      if (send.length === 0) return resolve(out);
      if (this.fallback) return this.viaFallback(q);
      if (this.failure || !this.child) return reject(this.failure ?? new Error('provscan: cat-file session ended'));
      this.queue.push(q);
      this.hold(this.child, true);
      const verb = withContent ? 'contents' : 'info';
      this.child.stdin?.write(`${send.map((s) => `${verb} ${s}`).join('\n')}\nflush\n`);
    });
  }

  private viaFallback(q: Pending): void {
    readObjects(this.cwd, q.specs, { check: !q.withContent }).then((m) => {
      for (const [k, v] of m) q.out.set(k, v);
      q.resolve(q.out);
    }, q.reject);
  }

  /** Hands every complete answer to its request, in request order. */
  private drain(): void {
    while (this.queue.length > 0) {
      const q = this.queue[0]!;
      const record = this.reader.take(q.withContent);
      if (record === undefined) return;
      q.out.set(q.specs[q.next++]!, record);
      if (q.next === q.specs.length) {
        this.queue.shift();
        q.resolve(q.out);
      }
    }
    if (this.child && this.queue.length === 0) this.hold(this.child, false);
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const q of this.queue.splice(0)) q.reject(this.failure);
  }

  /** Keeps the event loop alive for the process only while an answer is awaited. */
  private hold(child: GitProcess, pending: boolean): void {
    // the pipes of a spawned process are sockets, which can be unreferenced like the process itself
    const pipes = [child.stdout, child.stderr, child.stdin] as unknown as Array<Socket | null>;
    for (const h of [child, ...pipes]) {
      if (pending) h?.ref();
      else h?.unref();
    }
  }
}
