// The one place that turns errors into messages and exit codes (0 clean, 1 policy failure, 2 usage or input
// error, 3 internal error). Commands set process.exitCode; nothing else in provscan exits the process.
import { InternalError, ProvscanError, printable } from '../src/index.js';

export function reportError(err: unknown): number {
  if (err instanceof InternalError) {
    process.stderr.write(`provscan: internal error: ${printable(err.message)}\n`);
    for (const d of err.details.slice(0, 50)) process.stderr.write(`  ${printable(d)}\n`);
    process.stderr.write('This is a bug in provscan. Please report it with the command you ran and this output.\n');
    return err.exitCode;
  }
  if (err instanceof ProvscanError) {
    // one line each, whatever file names the message quotes
    process.stderr.write(`provscan: ${printable(err.message)}\n`);
    if (err.hint) process.stderr.write(`hint: ${printable(err.hint)}\n`);
    return err.exitCode;
  }
  const e = err as { code?: string; message?: string; stack?: string };
  if (e && typeof e.code === 'string' && e.code.startsWith('commander.')) {
    // commander has already printed its message
    return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help'
      ? 0
      : 2;
  }
  process.stderr.write(`provscan: internal error: ${printable(e?.message ?? String(err))}\n`);
  if (process.env['PROVSCAN_DEBUG'] && e?.stack) process.stderr.write(`${e.stack}\n`);
  process.stderr.write(
    'This is a bug in provscan. Please report it with the command you ran (set PROVSCAN_DEBUG=1 for a stack trace).\n',
  );
  return 3;
}
