// Progress bars on a terminal. In CI or when stderr is not a TTY, a long stage prints a plain line every
// half minute instead (so a CI log shows a large blame moving); --quiet silences both.
import cliProgress from 'cli-progress';
import { type ProgressEvent, type ProgressListener, printable } from '../src/index.js';

export function progressEnabled(quiet: boolean): boolean {
  if (quiet) return false;
  const ci = process.env['CI'];
  if (ci !== undefined && ci !== '' && ci !== '0' && ci.toLowerCase() !== 'false') return false;
  return process.stderr.isTTY === true;
}

const LINE_EVERY_MS = 30_000;

/** A listener that draws one bar per stage on stderr, and prints warnings unless quiet. */
export function makeProgress(quiet: boolean): { listener: ProgressListener; stop(): void } {
  const bars = progressEnabled(quiet);
  let bar: cliProgress.SingleBar | undefined;
  let lineAt = 0;
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
    if (!bars) {
      if (quiet) return;
      if (e.kind === 'start') lineAt = Date.now() + LINE_EVERY_MS;
      else if (e.kind === 'tick' && Date.now() >= lineAt) {
        lineAt = Date.now() + LINE_EVERY_MS;
        const of = e.total > 0 ? ` of ${e.total}` : '';
        process.stderr.write(`provscan: ${e.stage}: ${e.done}${of} done\n`);
      }
      return;
    }
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
