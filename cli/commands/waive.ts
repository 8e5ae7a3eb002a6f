import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CONFIG_NAMES, UsageError, addWaiver, describeInvalid, parseExpression } from '../../src/index.js';
import { writeFileOrFail } from '../output.js';

interface WaiveFlags {
  license?: string;
  reason: string;
  approver: string;
  expires?: string;
  fingerprint?: string;
  config?: string;
}

/** `src/a.c:10-40`, `src/a.c:12` or `src/a.c` (whole file, or with --fingerprint). */
function parseTarget(target: string): { path: string; lines?: { start: number; end: number } } {
  const m = /^(.+?):(\d+)(?:-(\d+))?$/.exec(target);
  if (!m) {
    if (target.trim() === '') throw new UsageError('waive: expected PATH:START-END');
    return { path: target };
  }
  const start = Number(m[2]);
  const end = Number(m[3] ?? m[2]);
  if (start < 1 || end < start)
    throw new UsageError(`waive: "${target}" has an empty line range (expected PATH:START-END with START ≤ END)`);
  return { path: m[1] ?? target, lines: { start, end } };
}

export function register(program: Command): void {
  program
    .command('waive')
    .description('add a waiver to the policy file (created if needed; comments are kept)')
    .argument('<target>', 'PATH:START-END of the finding to waive (paths relative to the scanned root)')
    .requiredOption('--reason <text>', 'why the finding is acceptable')
    .requiredOption('--approver <name>', 'who approved the waiver')
    .option('--license <expr>', 'waive only findings about this inbound license')
    .option('--expires <date>', 'last day the waiver holds (YYYY-MM-DD)')
    .option('--fingerprint <hex>', 'match fingerprint instead of a line range (survives code moving)')
    .option('--config <file>', 'policy file (default: .provscan.yml in the current folder)')
    .action(async (target: string, flags: WaiveFlags) => {
      const { path, lines } = parseTarget(target);
      let license: string | undefined;
      if (flags.license !== undefined) {
        const parsed = parseExpression(flags.license);
        if (!parsed.ok) throw new UsageError(`--license: ${describeInvalid(flags.license, parsed)}`);
        license = parsed.expression;
      }
      const file =
        flags.config ??
        CONFIG_NAMES.map((n) => join(process.cwd(), n)).find((p) => existsSync(p)) ??
        join(process.cwd(), '.provscan.yml');
      const existing = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
      const text = await addWaiver(
        existing,
        {
          path,
          ...(lines ? { lines } : {}),
          ...(flags.fingerprint ? { fingerprint: flags.fingerprint } : {}),
          ...(license ? { license } : {}),
          reason: flags.reason,
          approver: flags.approver,
          ...(flags.expires ? { expires: flags.expires } : {}),
        },
        flags.config ?? file,
      );
      writeFileOrFail(file, text);
      process.stdout.write(`${existing === undefined ? 'created' : 'updated'} ${file}: waiver for ${target}\n`);
    });
}
