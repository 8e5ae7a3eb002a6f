// Loading a corpus's postings in a worker thread while the opening thread goes on (`provscan scan`, `sbom` and
// `report` read and fingerprint the first files meanwhile, src/scan.ts). The load is ~300 ms for a corpus of 1.8 M
// fingerprints on the benchmark machine, most of it the first touch of fresh memory; the look-up tables are built
// there too. The arrays are moved, not copied, when the opener first needs
// them: it then waits (Atomics.wait) for the worker's signal and takes its reply synchronously, so matching stays
// synchronous. When no worker can be used (running from the TypeScript sources, a worker that failed without an
// answer), the opener loads the postings itself, as it always did.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CorpusError } from '../errors.js';
import type { Channel } from '../fingerprint/types.js';
import { CHANNELS, type LookupTables, PostingIndex } from './postings.js';

/** One channel's postings and look-up tables as the worker sends them. */
export interface LoadedChannel {
  readonly hashes: Uint32Array;
  readonly files: Uint32Array;
  readonly positions: Uint32Array;
  readonly startLines: Uint32Array;
  readonly endLines: Uint32Array;
  readonly common: Uint32Array;
  readonly tables: LookupTables;
}

/** The worker's answer: the postings, or why the corpus could not be loaded (a CorpusError's problem and hint). */
export type LoaderReply =
  | { readonly channels: Record<Channel, LoadedChannel>; readonly error?: undefined }
  | { readonly error: { readonly problem: string; readonly hint?: string } };

const WORKER = new URL('./postings-worker.js', import.meta.url);

export class BackgroundPostings {
  private constructor(
    private readonly file: string,
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly signal: Int32Array,
  ) {}

  /** Starts loading the postings of `file` in a worker thread, or returns undefined when no worker can be used. */
  static start(file: string): BackgroundPostings | undefined {
    const script = fileURLToPath(WORKER);
    if (!existsSync(script)) return undefined;
    const signal = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 } = new MessageChannel();
    let worker: Worker;
    try {
      worker = new Worker(script, { workerData: { file, port: port2, signal }, transferList: [port2] });
    } catch {
      port1.close();
      return undefined;
    }
    // the process does not wait for a load nobody needs any more; errors arrive as replies or as a missing one
    worker.unref();
    worker.on('error', () => {});
    return new BackgroundPostings(file, worker, port1, signal);
  }

  /**
   * Waits for the worker and returns the index, or undefined when the worker stopped without an answer (the caller
   * then loads the postings itself). Throws the CorpusError the worker met (corrupted, locked, …).
   */
  take(): Record<Channel, PostingIndex> | undefined {
    Atomics.wait(this.signal, 0, 0);
    const got = receiveMessageOnPort(this.port);
    this.stop();
    if (!got) return undefined;
    const reply = got.message as LoaderReply;
    if (reply.error) throw new CorpusError(this.file, reply.error.problem, reply.error.hint);
    const index = {} as Record<Channel, PostingIndex>;
    for (const c of CHANNELS) {
      const l = reply.channels[c];
      index[c] = new PostingIndex(l.hashes, l.files, l.positions, l.startLines, l.endLines, l.common).adopt(l.tables);
    }
    return index;
  }

  /** True until the worker has answered (or stopped). */
  running(): boolean {
    return Atomics.load(this.signal, 0) === 0;
  }

  /** Stops the worker (also when its postings were never needed). */
  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
