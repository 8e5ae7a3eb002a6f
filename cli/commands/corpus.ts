// `provscan corpus add | list | stats | remove`: build and inspect licensed-code corpora (SQLite files).
import type { Command } from 'commander';
import {
  DEFAULT_CORPUS,
  type IngestReport,
  type RecipeReport,
  UsageError,
  addToCorpus,
  corpusStats,
  listCorpus,
  printable,
  printableLines,
  removeFromCorpus,
  runRecipe,
} from '../../src/index.js';
import { makeProgress, makeRecipeProgress } from '../progress.js';

interface AddFlags {
  db: string;
  name?: string;
  license?: string;
  version?: string;
  purl?: string;
  npm?: boolean;
  debian?: boolean;
  recipe?: string;
  failFast?: boolean;
  aptSources?: string;
  json?: boolean;
  quiet?: boolean;
}

const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MB`;

function summary(r: IngestReport & { kind: string; leftOut: ReadonlyArray<{ path: string; reason: string }> }): string {
  const lines: string[] = [];
  for (const l of r.leftOut) lines.push(`left out ${l.path}: ${l.reason}`);
  for (const s of r.sources) {
    const reasons = new Map<string, number>();
    for (const k of s.skipped) reasons.set(k.reason, (reasons.get(k.reason) ?? 0) + 1);
    const skipped = [...reasons].map(([k, n]) => `${n} ${k}`).join(', ');
    lines.push(
      `added ${s.name}${s.version ? `@${s.version}` : ''} (${s.license}): ${s.files} files (${s.newContents} new), ${mb(s.bytes)}` +
        (skipped ? `; skipped ${skipped}` : ''),
    );
  }
  lines.push(
    `${r.sources.length} source(s) in ${r.seconds.toFixed(1)} s (${(r.bytes / 2 ** 20 / Math.max(r.seconds, 1e-3)).toFixed(1)} MB/s); ` +
      `index: ${r.postings} postings, ${r.common} common hashes`,
  );
  return printableLines(lines);
}

const version = (v: string | null) => (v ? `@${v}` : '');

function recipeSummary(r: RecipeReport): string {
  const lines: string[] = [];
  for (const x of r.results) {
    if (x.outcome === 'failed') lines.push(`failed ${x.error}`);
    else if (x.outcome === 'skipped')
      lines.push(`in the corpus already: ${x.sources.map((s) => `${s.name}${version(s.version)}`).join(', ')}`);
    else
      for (const s of x.reports)
        lines.push(
          `added ${s.name}${version(s.version)} (${s.license}): ${s.files} files (${s.newContents} new), ${mb(s.bytes)} in ${x.seconds.toFixed(1)} s`,
        );
  }
  const failed = r.results.filter((x) => x.outcome === 'failed').map((x) => x.label);
  lines.push(
    `recipe ${r.name}: ${r.added} added, ${r.skipped} in the corpus already, ${r.failed} failed` +
      (r.notRun > 0 ? `, ${r.notRun} not run (--fail-fast)` : '') +
      `; ${mb(r.bytes)} of source in ${r.seconds.toFixed(1)} s` +
      (failed.length > 0 ? `\nfailed: ${failed.join(' ')} (run the recipe again to retry them)` : ''),
  );
  return printableLines(lines.join('\n').split('\n'));
}

async function addRecipe(input: string | undefined, flags: AddFlags & { recipe: string }): Promise<void> {
  if (input !== undefined) throw new UsageError('give either an input or --recipe, not both');
  for (const f of ['name', 'license', 'version', 'purl', 'npm', 'debian'] as const) {
    if (flags[f] !== undefined && flags[f] !== false)
      throw new UsageError(`--${f} applies to one input, not to --recipe (put it on the recipe's source)`);
  }
  const progress = makeRecipeProgress(flags.quiet === true);
  let report: RecipeReport;
  try {
    report = await runRecipe(flags.recipe, {
      db: flags.db,
      ...(flags.aptSources !== undefined ? { aptSources: flags.aptSources } : {}),
      failFast: flags.failFast === true,
      onProgress: progress.listener,
      onEvent: (e) => {
        progress.onEvent(e);
        if (e.kind !== 'source-end') return;
        const r = e.result;
        const at = `[${e.index + 1}/${e.total}]`;
        // a failure is always said, at once, in one line naming the source; the rest only with bars or --json off
        if (r.outcome === 'failed') progress.log(`provscan: ${printable(r.error ?? r.label)}`);
        else if (flags.quiet !== true)
          progress.log(
            printable(
              r.outcome === 'skipped'
                ? `${at} ${r.label}: in the corpus already`
                : `${at} ${r.label}: added ${r.sources.map((s) => `${s.name}${version(s.version)}`).join(', ')}, ${mb(r.bytes)} in ${r.seconds.toFixed(1)} s`,
            ),
          );
      },
    });
  } finally {
    progress.stop();
  }
  process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : recipeSummary(report));
  if (report.failed > 0) process.exitCode = report.results.some((r) => r.internal) ? 3 : 2;
}

export function register(program: Command): void {
  const corpus = program.command('corpus').description('build and inspect licensed-code corpora (SQLite files)');

  corpus
    .command('add')
    .description(
      'add a folder, tarball, npm package (tarball, name@version, node_modules), Debian source tree or Debian source ' +
        'package (deb:NAME[=VERSION], fetched with apt), or build a corpus from a recipe (--recipe)',
    )
    .argument(
      '[input]',
      'folder, .tgz/.tar.gz/.tar, npm name@version or npm:SPEC, node_modules folder, Debian source tree, or ' +
        'deb:PACKAGE[=VERSION]',
    )
    .requiredOption('--db <file>', 'corpus database (created when missing)')
    .option('--recipe <file>', 'build from a recipe (YAML or JSON list of sources); a second run skips what is in')
    .option('--fail-fast', 'with --recipe: stop at the first source that fails (by default the rest are still built)')
    .option(
      '--apt-sources <file>',
      'for deb: sources, an apt sources file (.list or deb822 .sources) instead of the machine’s ($PROVSCAN_APT_SOURCES)',
    )
    .option('--name <name>', 'source name (required for plain folders and tarballs)')
    .option('--license <expr>', 'SPDX license expression of the source (required for plain folders and tarballs)')
    .option('--version <version>', 'source version')
    .option('--purl <purl>', 'package URL of the source')
    .option('--npm', 'treat the input as an npm package (license and purl from package.json)')
    .option('--debian', 'treat the folder as a Debian source tree (licenses per path from debian/copyright)')
    .option('--json', 'print the ingest report as JSON')
    .option('-q, --quiet', 'no progress bars')
    .addHelpText(
      'after',
      '\nExit codes: 0 added (or, with --recipe, everything in the corpus), 2 a bad input or a source that failed ' +
        '(a recipe goes on with the other sources unless --fail-fast and lists the failures at the end), 3 internal error.\n',
    )
    .action(async (input: string | undefined, flags: AddFlags) => {
      if (flags.recipe !== undefined) return addRecipe(input, { ...flags, recipe: flags.recipe });
      if (input === undefined) throw new UsageError('give an input to add, or --recipe FILE');
      if (flags.failFast) throw new UsageError('--fail-fast applies to --recipe only');
      const progress = makeProgress(flags.quiet === true);
      try {
        const report = await addToCorpus(input, {
          db: flags.db,
          ...(flags.name !== undefined ? { name: flags.name } : {}),
          ...(flags.license !== undefined ? { license: flags.license } : {}),
          ...(flags.version !== undefined ? { version: flags.version } : {}),
          ...(flags.purl !== undefined ? { purl: flags.purl } : {}),
          npm: flags.npm === true,
          debian: flags.debian === true,
          ...(flags.aptSources !== undefined ? { aptSources: flags.aptSources } : {}),
          onProgress: progress.listener,
        });
        progress.stop();
        process.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : summary(report));
      } finally {
        progress.stop();
      }
    });

  corpus
    .command('list')
    .description('list the sources of a corpus')
    .option('--db <file>', 'corpus database (default: the bundled corpus)')
    .option('--json', 'JSON output')
    .action((flags: { db?: string; json?: boolean }) => {
      const rows = listCorpus(flags.db ?? DEFAULT_CORPUS);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      // tab-separated columns: the fields themselves are made printable, tabs included
      for (const r of rows) {
        const fields = [`${r.name}${r.version ? `@${r.version}` : ''}`, r.license, `${r.files} files`, r.purl ?? ''];
        process.stdout.write(`${fields.map((f) => printable(f)).join('\t')}\n`);
      }
    });

  corpus
    .command('stats')
    .description('counts of a corpus: sources, files, fingerprints, common hashes, parameters')
    .option('--db <file>', 'corpus database (default: the bundled corpus)')
    .option('--json', 'JSON output')
    .action((flags: { db?: string; json?: boolean }) => {
      const s = corpusStats(flags.db ?? DEFAULT_CORPUS);
      if (flags.json) {
        process.stdout.write(`${JSON.stringify(s, null, 2)}\n`);
        return;
      }
      const out = [
        `corpus       ${s.path} (schema ${s.schemaVersion}, ${mb(s.sizeBytes)} on disk)`,
        `sources      ${s.sources}`,
        `files        ${s.files} distinct contents in ${s.paths} paths, ${mb(s.bytes)} of source`,
        `fingerprints exact ${s.fingerprints['exact']}, abstract ${s.fingerprints['abstract']}`,
        `common       exact ${s.common['exact']}, abstract ${s.common['abstract']} (held at more than ${s.commonThreshold} paths)`,
        `parameters   ${Object.entries(s.parameters)
          .map(([k, v]) => `${k}=${v}`)
          .join(' ')}`,
      ];
      process.stdout.write(printableLines(out));
    });

  corpus
    .command('remove')
    .description('remove a source (every version, or NAME@VERSION) from a corpus')
    .argument('<source>', 'NAME or NAME@VERSION')
    .requiredOption('--db <file>', 'corpus database')
    .action((spec: string, flags: { db: string }) => {
      const n = removeFromCorpus(flags.db, spec);
      if (n === 0) throw new UsageError(`${spec}: no such source in ${flags.db}`);
      process.stdout.write(`removed ${n} source(s)\n`);
    });
}
