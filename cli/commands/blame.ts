import type { Command } from 'commander';
import { type FileBlame, UsageError, blameAi, printableLines } from '../../src/index.js';
import { writeOutput } from '../output.js';
import { makeProgress } from '../progress.js';

interface BlameFlags {
  format: string;
  output?: string;
  config?: string;
  cache?: boolean;
  quiet?: boolean;
}

/** `provscan blame FILE`: the file with its AI-written lines marked, like `git blame`. */
export function register(program: Command): void {
  program
    .command('blame')
    .description('show a file with its AI-written lines marked: commit, agent/model, line number, text')
    .argument('<file>', 'a file tracked by git')
    .option('-f, --format <format>', 'output format: text|json', 'text')
    .option(
      '-o, --output <file>',
      'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
    )
    .option('--config <file>', 'policy file with user conventions (default: .provscan.yml at the repository root)')
    .option('--no-cache', 'do not read or write the provenance cache under .git/')
    .option('-q, --quiet', 'no progress bars or warnings')
    .action(async (file: string, flags: BlameFlags) => {
      if (flags.format !== 'text' && flags.format !== 'json') {
        throw new UsageError(`--format: unknown format "${flags.format}" (use text, json)`);
      }
      const progress = makeProgress(flags.quiet === true);
      try {
        const result = await blameAi({
          file,
          ...(flags.config !== undefined ? { config: flags.config } : {}),
          useCache: flags.cache !== false,
          onProgress: progress.listener,
        });
        progress.stop();
        writeOutput(flags.output, flags.format === 'json' ? renderJson(result) : renderText(result), [
          { option: 'FILE', file },
          { option: '--config', file: flags.config },
        ]);
      } finally {
        progress.stop();
      }
    });
}

function lineOwners(result: FileBlame) {
  const owners = new Array<FileBlame['ai'][number] | undefined>(result.lines.length + 1);
  for (const span of result.ai)
    for (let l = span.start; l <= span.end && l <= result.lines.length; l++) owners[l] = span;
  return owners;
}

function renderText(result: FileBlame): string {
  const owners = lineOwners(result);
  const labels = result.ai.map((s) => label(s));
  const width = Math.max(8, ...labels.map((l) => l.length));
  const numWidth = String(result.lines.length).length;
  const out: string[] = [];
  for (const note of result.provenance.notes) out.push(`# ${note}`);
  result.lines.forEach((text, i) => {
    const span = owners[i + 1];
    const commit = span?.commit ? span.commit.slice(0, 8) : '        ';
    const who = span ? label(span) : '';
    out.push(`${span ? '*' : ' '} ${commit} ${who.padEnd(width)} ${String(i + 1).padStart(numWidth)}) ${text}`);
  });
  return printableLines(out, true);
}

function label(span: FileBlame['ai'][number]): string {
  return span.model ? `${span.agent}/${span.model}` : span.agent;
}

function renderJson(result: FileBlame): string {
  const owners = lineOwners(result);
  const lines = result.lines.map((text, i) => {
    const s = owners[i + 1];
    return {
      line: i + 1,
      text,
      ai: s
        ? { agent: s.agent, model: s.model, commit: s.commit ?? null, source: s.source, confidence: s.confidence }
        : null,
    };
  });
  const doc = {
    path: result.path,
    commit: result.commit,
    provenance: result.provenance,
    ai: result.ai,
    commits: result.commits,
    lines,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
