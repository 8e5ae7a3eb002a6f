// Every option that more than one command takes, defined once with one meaning, in groups a command adds as a whole
// when it honours them. Imports nothing from the library (only commander), so the pre-commit check can use it and
// still start without loading the library. test/cli/option-groups.test.ts checks that each command's --help lists
// exactly the options it reads.
import { type Command, Option } from 'commander';

const FAIL_ON_LEVELS = 'error|warning|notice|never';

/** What the groups below put on a command's flags. */
export interface GroupFlags {
  db?: string[];
  license?: string;
  config?: string;
  failOn?: string;
  onlyAi?: boolean;
  cache?: boolean;
  quiet?: boolean;
  output?: string;
  format?: string;
  from?: string;
  logs?: string | false;
}

/** One meaning of -q everywhere. */
export const QUIET_HELP = 'print only the result and errors: no progress bars, warnings or policy summary';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The corpora to match against. */
export function corpusGroup(cmd: Command): Command {
  return cmd.addOption(
    new Option(
      '--db <file|url>',
      'corpus to match against: a SQLite file or a postgres://user@host:port/db URL (repeatable; default $PROVSCAN_DB_URL, else the bundled corpus)',
    ).argParser(collect),
  );
}

/** The project's license and its policy: how matches are judged and when the run fails. */
export function policyGroup(cmd: Command, options: { failOn: boolean } = { failOn: true }): Command {
  cmd
    .option('--license <expr>', 'SPDX expression overriding the detected project license')
    .option('--config <file>', 'policy file (default: .provscan.yml at the scanned root, when present)');
  if (options.failOn) cmd.option('--fail-on <level>', `lowest finding severity that fails the run: ${FAIL_ON_LEVELS}`);
  return cmd;
}

/** The policy file alone (commands that judge no license). */
export function configOption(cmd: Command): Command {
  return cmd.option('--config <file>', 'policy file (default: .provscan.yml at the scanned root, when present)');
}

/** Matching only what an assistant wrote. */
export function onlyAiOption(cmd: Command): Command {
  return cmd.option('--only-ai', 'match only AI-written lines against the corpora (fast path)');
}

/** provscan's caches, all of them: the answers are the same without them, only slower. */
export function cacheOption(cmd: Command): Command {
  return cmd.option(
    '--no-cache',
    "do not read or write provscan's caches (blame answers under .git/provscan/; the parsed policy, corpus look-ups and the agent-log index in the user cache folder)",
  );
}

/** Where the output goes and how it looks (`formats`: the first is the default; none: one format only). */
export function outputGroup(cmd: Command, formats: ReadonlyArray<string> = []): Command {
  const [first] = formats;
  if (first !== undefined) cmd.option('-f, --format <format>', `output format: ${formats.join('|')}`, first);
  return cmd
    .option(
      '-o, --output <file>',
      'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
    )
    .option('-q, --quiet', QUIET_HELP);
}

/** Rendering a saved scan instead of scanning. */
export function savedScanOption(cmd: Command): Command {
  return cmd.option(
    '--from <scan.json>',
    'render a saved `provscan scan --format json` result instead of scanning (PATH is not scanned)',
  );
}

const LOG_SOURCE_NAMES =
  'claude-code,codex,gemini,cursor,copilot,cline,roo-code,kilo-code,continue,opencode,aider,agent-trace,git-ai,whogitit,agentdiff,provscan-record';

/** The agent logs that mark AI-written lines. `off`: also `--no-logs`. */
export function logsGroup(cmd: Command, options: { off: boolean }): Command {
  cmd.option(
    '--logs <sources>',
    `agent logs that mark AI-written lines, comma-separated: ${LOG_SOURCE_NAMES}, or auto (every one found)`,
    'auto',
  );
  if (options.off) cmd.option('--no-logs', 'read no agent logs');
  return cmd;
}
