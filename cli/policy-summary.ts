// The one line a CI log shows when a run fails the policy while its output went to a file: exit code 1 alone does
// not say why. Kept to one line whatever the number of findings (the file has them all).
import type { Conflict, Severity } from '../src/index.js';
import { printable } from '../src/index.js';

const SHOWN = 3;

export function policyFailureLine(
  failing: ReadonlyArray<Conflict>,
  failOn: Severity | 'never',
  output: string | undefined,
): string {
  const shown = failing
    .slice(0, SHOWN)
    .map((c) => `${c.path}:${c.start}-${c.end} ${c.rule} (${c.license}, ${c.severity}${c.ai ? ', AI' : ''})`);
  const more = failing.length > SHOWN ? `, and ${failing.length - SHOWN} more` : '';
  const where = output !== undefined && output !== '-' ? `; details in ${output}` : '';
  return printable(
    `provscan: policy failure (fail-on ${failOn}): ${failing.length} finding(s): ${shown.join('; ')}${more}${where}`,
  );
}

/** Sets exit code 1 for failing findings, and says why on stderr when the output went to a file (unless quiet). */
export function finishWithPolicy(
  failing: ReadonlyArray<Conflict>,
  failOn: Severity | 'never',
  flags: { readonly output?: string | undefined; readonly quiet?: boolean | undefined },
): void {
  if (failing.length === 0) return;
  process.exitCode = 1;
  const toFile = flags.output !== undefined && flags.output !== '-';
  if (toFile && flags.quiet !== true) process.stderr.write(`${policyFailureLine(failing, failOn, flags.output)}\n`);
}
