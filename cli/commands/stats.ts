import type { Command } from 'commander';
import { type AiStats, type ShareRow, UsageError, aiStats, printableLines } from '../../src/index.js';
import { type CommonScanFlags, addScanOptions } from '../options.js';
import { scanInputs, writeOutput } from '../output.js';
import { makeProgress } from '../progress.js';

/** `provscan stats [PATH]`: the AI share of lines per directory, agent and model. */
export function register(program: Command): void {
  addScanOptions(
    program
      .command('stats')
      .description('AI share of lines per directory, agent and model (from git history)')
      .argument('[path]', 'folder to look at (a git work tree)', '.')
      .option('-f, --format <format>', 'output format: text|json', 'text')
      .option(
        '-o, --output <file>',
        'write to FILE instead of stdout (a regular file atomically, a device or FIFO in place)',
      )
      .option('--depth <n>', 'directory depth of the per-directory table', '2'),
  ).action(async (path: string, flags: CommonScanFlags & { format: string; output?: string; depth: string }) => {
    if (flags.format !== 'text' && flags.format !== 'json') {
      throw new UsageError(`--format: unknown format "${flags.format}" (use text, json)`);
    }
    const depth = Number(flags.depth);
    if (!Number.isInteger(depth) || depth < 0)
      throw new UsageError(`--depth: expected a whole number ≥ 0, got "${flags.depth}"`);
    const progress = makeProgress(flags.quiet === true);
    try {
      const stats = await aiStats({
        path,
        depth,
        ...(flags.config !== undefined ? { config: flags.config } : {}),
        useCache: flags.cache !== false,
        onProgress: progress.listener,
      });
      progress.stop();
      writeOutput(
        flags.output,
        flags.format === 'json' ? `${JSON.stringify(stats, null, 2)}\n` : renderStats(stats),
        scanInputs(path, flags),
      );
    } finally {
      progress.stop();
    }
  });
}

function pct(share: number): string {
  return `${(share * 100).toFixed(1)}%`;
}

function table(title: string, rows: ReadonlyArray<ShareRow>, showLines: boolean): string[] {
  const keys = rows.map((r) => (r.name && r.name !== r.key ? `${r.key} (${r.name})` : r.key));
  const w = Math.max(title.length, ...keys.map((k) => k.length));
  const out = [
    `${title.padEnd(w)}  ${showLines ? 'lines'.padStart(9) + '  ' : ''}${'AI lines'.padStart(9)}  ${'share'.padStart(7)}`,
  ];
  rows.forEach((r, i) => {
    out.push(
      `${keys[i]!.padEnd(w)}  ${showLines ? String(r.lines).padStart(9) + '  ' : ''}${String(r.aiLines).padStart(9)}  ${pct(r.share).padStart(7)}`,
    );
  });
  return out;
}

function renderStats(s: AiStats): string {
  const out: string[] = [];
  out.push(`${s.root}${s.commit ? ` @ ${s.commit.slice(0, 12)}` : ''}`);
  out.push(`AI-written lines: ${s.totals.aiLines} of ${s.totals.lines} (${pct(s.totals.share)})`);
  for (const note of s.provenance.notes) out.push(`note: ${note}`);
  out.push('', ...table('directory', s.directories, true));
  if (s.agents.length > 0) out.push('', ...table('agent', s.agents, false));
  if (s.models.length > 0) out.push('', ...table('model', s.models, false));
  return printableLines(out);
}
