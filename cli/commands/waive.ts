import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from 'commander';
import {
  CONFIG_NAMES,
  UsageError,
  addWaiver,
  checkWaiverTarget,
  describeInvalid,
  isIsoDate,
  parseExpression,
  readPolicyFile,
  refuseLinkOutOfTree,
} from '../../src/index.js';
import { writeFileOrFail } from '../output.js';

interface WaiveFlags {
  license?: string;
  reason: string;
  approver: string;
  expires?: string;
  fingerprint?: string;
  config?: string;
  force?: boolean;
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
    .option('--force', 'write the waiver even when PATH matches no file or the range lies past its end')
    .addHelpText(
      'after',
      '\nPATH is relative to the scanned root, which is the current folder; it must stay inside it. A PATH that names no\nfile (or a range past its end) is refused as a likely typo unless --force is given.',
    )
    .action(async (target: string, flags: WaiveFlags) => {
      let license: string | undefined;
      if (flags.license !== undefined) {
        const parsed = parseExpression(flags.license);
        if (!parsed.ok) throw new UsageError(`--license: ${describeInvalid(flags.license, parsed)}`);
        license = parsed.expression;
      }
      if (flags.expires !== undefined && !isIsoDate(flags.expires))
        throw new UsageError(`--expires: "${flags.expires}" is not a date (expected YYYY-MM-DD)`);
      const { path, lines } = checkWaiverTarget(process.cwd(), target, { force: flags.force === true });
      const file =
        flags.config ??
        CONFIG_NAMES.map((n) => join(process.cwd(), n)).find((p) => existsSync(p)) ??
        join(process.cwd(), '.provscan.yml');
      if (flags.config === undefined) refuseLinkOutOfTree(process.cwd(), file);
      const existing = existsSync(file) ? readPolicyFile(file, flags.config ?? file) : undefined;
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
