import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, detectProjectLicense, listSourceFiles, openRepo, printableLines } from '../../src/index.js';
import { writeOutput } from '../output.js';

export function register(program: Command): void {
  program
    .command('license')
    .description('show the detected project license with its evidence and confidence')
    .argument('[path]', 'project folder', '.')
    .option('--license <expr>', 'SPDX expression overriding the detected project license (validated)')
    .option('-f, --format <format>', 'output format: text|json', 'text')
    .action(async (path: string, flags: { license?: string; format: string }) => {
      if (flags.format !== 'text' && flags.format !== 'json')
        throw new UsageError(`--format: expected text or json, got "${flags.format}"`);
      const root = resolve(path);
      const repo = await openRepo(root);
      const listing = await listSourceFiles(repo?.root ?? root, repo, { staged: false, exclude: [] });
      const byPath = new Map(listing.files.map((f) => [f.path, f] as const));
      const detected = await detectProjectLicense({
        paths: listing.files.map((f) => f.path),
        readText: async (p) => {
          const f = byPath.get(p);
          return f ? (await f.read()).toString('utf8') : undefined;
        },
        ...(flags.license !== undefined ? { override: flags.license } : {}),
      });
      if (flags.format === 'json') {
        writeOutput(undefined, `${JSON.stringify(detected, null, 2)}\n`);
        return;
      }
      const lines = [`License: ${detected.expression ?? 'unknown'}`];
      if (detected.project)
        lines.push(
          `Project: ${detected.project.name}${detected.project.version ? ` ${detected.project.version}` : ''}`,
        );
      if (detected.evidence.length > 0) lines.push('Evidence:');
      for (const e of detected.evidence) {
        lines.push(
          `  ${e.source}: ${e.expression} (confidence ${Math.round(e.confidence * 100)}%)${e.note ? ` — ${e.note}` : ''}`,
        );
      }
      for (const n of detected.notes ?? []) lines.push(`Note: ${n}`);
      writeOutput(undefined, printableLines(lines));
    });
}
