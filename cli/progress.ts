// Progress bars on a terminal; silent in CI, when stderr is not a TTY, or with --quiet.
import cliProgress from 'cli-progress';
import { type ProgressEvent, type ProgressListener, printable } from '../src/index.js';

export function progressEnabled(quiet: boolean): boolean {
  if (quiet) return false;
  const ci = process.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  return process.stderr.isTTY === true;
}

/** A listener that draws one bar per stage on stderr, and prints warnings unless quiet. */
export function makeProgress(quiet: boolean): { listener: ProgressListener; stop(): void } {
  const bars = progressEnabled(quiet);
  let bar: cliProgress.SingleBar | undefined;
  const stop = () => {
    bar?.stop();
    bar = undefined;
  };
  const listener = (e: ProgressEvent) => {
    if (e.kind === 'warning') {
      if (!quiet) {
        stop();
        process.stderr.write(`provscan: warning: ${printable(e.message)}\n`);
      }
      return;
    }
    if (!bars) return;
    if (e.kind === 'start') {
      stop();
      if (e.total <= 0) return;
      bar = new cliProgress.SingleBar(
        {
          format: `${e.stage.padEnd(10)} [{bar}] {value}/{total} {eta_formatted}`,
          stream: process.stderr,
          clearOnComplete: true,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(e.total, 0);
    } else if (e.kind === 'tick') {
      bar?.update(e.done);
    } else if (e.kind === 'end') {
      stop();
    }
  };
  return { listener, stop };
}
