// `provscan record [--from …] [PATH]`: store the AI spans agent logs describe for uncommitted work (or, with
// --head, for the commit just made) under .git/provscan/records/, before the logs move on or are deleted.
import type { Command } from 'commander';
import type { LogSourceName } from '../../src/index.js';
import { LOG_FOLDERS_HELP } from '../log-folders.js';

interface RecordFlags {
  from: string;
  head?: boolean;
  json?: boolean;
  quiet?: boolean;
  claudeDir?: string;
  cache?: boolean;
}

export function register(program: Command): void {
  program
    .command('record')
    .description(
      'record which uncommitted lines AI assistants wrote (from their logs) so the commit keeps that knowledge',
    )
    .argument('[path]', 'any folder inside the repository', '.')
    .option(
      '--from <sources>',
      'agent logs to read, comma-separated: claude-code,codex,gemini,cursor,copilot,cline,roo-code,kilo-code,continue,opencode,aider,agent-trace,git-ai,whogitit,agentdiff, or auto (all)',
      'auto',
    )
    .option('--head', 'record the lines of the commit just made (for a post-commit hook)')
    .option(
      '--claude-dir <dir>',
      'Claude Code projects folder (default: $PROVSCAN_CLAUDE_DIR, $CLAUDE_CONFIG_DIR/projects or ~/.claude/projects)',
    )
    .option('--no-cache', 'do not read or write the index of session logs kept for all projects (Codex)')
    .option('--json', 'print the result as JSON')
    .option('-q, --quiet', 'print nothing unless something goes wrong')
    .addHelpText('after', LOG_FOLDERS_HELP)
    .action(async (path: string, flags: RecordFlags) => {
      const lib = await import('../../src/index.js');
      const recordable = lib.LOG_SOURCES.filter((s) => s !== 'provscan-record');
      let from: LogSourceName[] | undefined;
      if (flags.from !== 'auto') {
        from = flags.from.split(',').map((s) => s.trim()) as LogSourceName[];
        for (const s of from) {
          if (!(recordable as ReadonlyArray<string>).includes(s)) {
            throw new lib.UsageError(`--from: unknown log source "${s}" (use ${recordable.join(', ')} or auto)`);
          }
        }
      }
      const warnings: string[] = [];
      const res = await lib.recordLogSpans({
        path,
        ...(from ? { from } : {}),
        head: flags.head === true,
        ...(flags.claudeDir ? { claudeDir: flags.claudeDir } : {}),
        ...(flags.cache === false ? { cache: false as const } : {}),
        onProgress: (e) => {
          if (e.kind === 'warning') warnings.push(e.message);
        },
      });
      if (!flags.quiet) for (const w of warnings) process.stderr.write(`provscan: warning: ${w}\n`);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(res, null, 2)}\n`);
      } else if (!flags.quiet) {
        const found = Object.entries(res.found)
          .filter(([, n]) => n > 0)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ');
        process.stdout.write(
          res.file
            ? `recorded ${res.lines} AI-written line(s) in ${res.files} file(s)${res.commit ? ` of commit ${res.commit.slice(0, 12)}` : ''} (${found})\n`
            : `no AI-written lines found in ${res.commit ? 'the last commit' : 'uncommitted work'}${found ? ` (${found} logged edit(s) no longer match)` : ''}\n`,
        );
      }
      process.exitCode = 0;
    });
}
