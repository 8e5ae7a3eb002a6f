// Worker-thread entry of the background postings load (src/corpus/background.ts): opens the corpus read-only, loads
// both channels' postings, builds their look-up tables and moves every array to the opening thread (transferred,
// not copied). Always raises the signal when it stops, with or without an answer, so the opening thread never
// waits on a worker that failed; the library modules are imported inside the try for the same reason.
import { type MessagePort, workerData } from 'node:worker_threads';
import type { Channel } from '../fingerprint/types.js';
import type { LoadedChannel, LoaderReply } from './background.js';

const { file, port, signal } = workerData as { file: string; port: MessagePort; signal: Int32Array };

const done = (): void => {
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
};
// should the thread end some other way than through the finally below, the signal is raised on its way out: the
// opener finds no answer and loads the postings itself
process.on('exit', done);

try {
  const { CorpusError } = await import('../errors.js');
  const { CHANNELS, loadAllPostings } = await import('./postings.js');
  const { guard, openRead } = await import('./schema.js');
  try {
    const db = openRead(file);
    try {
      const index = guard(file, () => loadAllPostings(db));
      const channels = {} as Record<Channel, LoadedChannel>;
      const buffers = new Set<ArrayBufferLike>();
      for (const c of CHANNELS) {
        const ix = index[c];
        const loaded: LoadedChannel = {
          hashes: ix.hashes,
          files: ix.files,
          positions: ix.positions,
          startLines: ix.startLines,
          endLines: ix.endLines,
          common: ix.common,
          tables: ix.tables(),
        };
        channels[c] = loaded;
        for (const a of [ix.hashes, ix.files, ix.positions, ix.startLines, ix.endLines, ix.common])
          buffers.add(a.buffer);
        buffers.add(loaded.tables.start.buffer);
        buffers.add(loaded.tables.present.buffer);
      }
      const reply: LoaderReply = { channels };
      try {
        port.postMessage(reply, [...buffers] as ArrayBuffer[]);
      } catch {
        port.postMessage(reply); // a buffer that cannot be moved: copied instead
      }
    } finally {
      db.close();
    }
  } catch (err) {
    const reply: LoaderReply =
      err instanceof CorpusError
        ? { error: { problem: err.problem, ...(err.hint !== undefined ? { hint: err.hint } : {}) } }
        : { error: { problem: `cannot load the postings: ${(err as Error)?.message ?? String(err)}` } };
    port.postMessage(reply);
  }
} finally {
  done();
}
