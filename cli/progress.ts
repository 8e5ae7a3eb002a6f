// Progress bars on a terminal. In CI or when stderr is not a TTY, a long stage prints a plain line every
// half minute instead (so a CI log shows a large blame moving); --quiet silences both.
import cliProgress from 'cli-progress';
import { type ProgressEvent, type ProgressListener, printable, type RecipeEvent } from '../src/index.js';

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

const mbOf = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

/**
 * Progress of a recipe build: one bar for the sources (i/N, MB of source read, MB/s, the current source) and one for
 * the current source's stage (fetch, unpack, ingest, index); lines logged above them. Without a terminal (CI, a pipe,
 * --quiet) no bars are drawn and logged lines go straight to stderr.
 */
export function makeRecipeProgress(quiet: boolean): {
  listener: ProgressListener;
  onEvent(e: RecipeEvent): void;
  log(line: string): void;
  stop(): void;
} {
  const bars = progressEnabled(quiet);
  const multi = bars
    ? new cliProgress.MultiBar(
        {
          stream: process.stderr,
          clearOnComplete: true,
          hideCursor: true,
          format: '{label} [{bar}] {value}/{total} {detail}',
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let top: cliProgress.SingleBar | undefined;
  let stage: cliProgress.SingleBar | undefined;
  let doneBytes = 0;
  let current = 0;
  let currentLabel = '';
  const started = performance.now();
  const refreshTop = (index: number) => {
    const bytes = doneBytes + current;
    const rate = bytes / 2 ** 20 / Math.max((performance.now() - started) / 1000, 1e-3);
    top?.update(index, { detail: `${mbOf(bytes)} ${rate.toFixed(1)} MB/s ${printable(currentLabel)}` });
  };
  const dropStage = () => {
    if (stage) multi?.remove(stage);
    stage = undefined;
  };
  const log = (line: string) => {
    if (multi) multi.log(`${line}\n`);
    else process.stderr.write(`${line}\n`);
  };
  const listener = (e: ProgressEvent) => {
    if (e.kind === 'warning') {
      if (!quiet) log(`provscan: warning: ${printable(e.message)}`);
      return;
    }
    if (!multi) return;
    if (e.kind === 'start') {
      dropStage();
      stage = multi.create(Math.max(e.total, 1), 0, {
        label: e.stage.slice(0, 14).padEnd(14),
        detail: '',
      });
    } else if (e.kind === 'tick') {
      stage?.setTotal(Math.max(e.total, 1));
      stage?.update(e.done);
    } else if (e.kind === 'end') dropStage();
  };
  const onEvent = (e: RecipeEvent) => {
    if (e.kind === 'source-start') {
      top ??= multi?.create(e.total, 0, { label: 'sources'.padEnd(14), detail: '' });
      current = 0;
      currentLabel = e.label;
      refreshTop(e.index);
    } else if (e.kind === 'bytes') {
      current = e.bytes;
      refreshTop(e.index);
    } else {
      doneBytes += e.result.bytes;
      current = 0;
      refreshTop(e.index + 1);
    }
  };
  const stop = () => {
    dropStage();
    multi?.stop();
  };
  return { listener, onEvent, log, stop };
}
