// Building a corpus from a recipe: each source in its own transaction (an interrupted build keeps every source that
// finished), sources already in the corpus at the same name and version skipped before anything is downloaded (a
// second run resumes), a source that fails reported and left out while the rest go on (or the build stops, with
// `failFast`).
import { existsSync } from 'node:fs';
import { InputError, ProvscanError } from '../errors.js';
import { globMatcher } from '../util/glob.js';
import type { ProgressListener } from '../model.js';
import { assertWritable, listCorpus } from './api.js';
import type { AptArchive } from './ingest/apt.js';
import { openInput } from './inputs.js';
import { type Recipe, type RecipeSource, readRecipe } from './recipe.js';
import { type IngestEntry, type IngestSource, ingestSources, type SourceReport } from './store.js';

export interface RecipeOptions {
  readonly db: string;
  /** A sources file used instead of the machine's apt sources for `deb:` sources. */
  readonly aptSources?: string;
  /** Stop at the first source that fails (by default the others are still built). */
  readonly failFast?: boolean;
  /** Stage progress (fetch, unpack, ingest, index) of the current source. */
  readonly onProgress?: ProgressListener;
  readonly onEvent?: (event: RecipeEvent) => void;
}

export type RecipeOutcome = 'added' | 'skipped' | 'failed';

export type RecipeEvent =
  | { readonly kind: 'source-start'; readonly index: number; readonly total: number; readonly label: string }
  /** Bytes of source read so far for the current source. */
  | { readonly kind: 'bytes'; readonly index: number; readonly bytes: number }
  | { readonly kind: 'source-end'; readonly index: number; readonly total: number; readonly result: RecipeResult };

export interface RecipeResult {
  readonly label: string;
  readonly line: number;
  readonly outcome: RecipeOutcome;
  /** What was added (or found already in the corpus). */
  readonly sources: ReadonlyArray<{ name: string; version: string | null }>;
  readonly reports: ReadonlyArray<SourceReport>;
  readonly bytes: number;
  readonly seconds: number;
  /** Why it failed: one line naming the source. */
  readonly error?: string;
  /** The failure was a bug in provscan, not in the source. */
  readonly internal?: boolean;
}

export interface RecipeReport {
  readonly recipe: string;
  readonly name: string;
  readonly db: string;
  readonly results: ReadonlyArray<RecipeResult>;
  readonly added: number;
  readonly skipped: number;
  readonly failed: number;
  /** Sources not attempted because an earlier one failed under `failFast`. */
  readonly notRun: number;
  readonly bytes: number;
  readonly seconds: number;
}

const key = (name: string, version: string | null) => `${name}\0${version ?? ''}`;

/** Counts the bytes of each entry as the ingest reads it. */
function counted(source: IngestSource, onBytes: (n: number) => void): IngestSource {
  async function* entries() {
    for await (const e of source.entries as AsyncIterable<IngestEntry>) {
      if (e.bytes) onBytes(e.bytes.byteLength);
      yield e;
    }
  }
  return { ...source, entries: entries() };
}

function keepFilter(s: RecipeSource): ((path: string) => boolean) | undefined {
  if (s.include.length === 0 && s.exclude.length === 0) return undefined;
  const included = s.include.length > 0 ? globMatcher(s.include, 'exclude') : () => true;
  const excluded = globMatcher(s.exclude, 'exclude');
  return (path) => included(path) && !excluded(path);
}

/** Builds (or resumes building) the corpus `o.db` from the recipe file. */
export async function runRecipe(file: string, o: RecipeOptions): Promise<RecipeReport> {
  const t0 = performance.now();
  const recipe: Recipe = await readRecipe(file);
  assertWritable(o.db);
  const have = new Set(existsSync(o.db) ? listCorpus(o.db).map((r) => key(r.name, r.version)) : []);
  const onEvent = o.onEvent ?? (() => {});
  // one apt configuration (and one package-list refresh) for every deb: source of the recipe
  let archive: Promise<AptArchive> | undefined;
  const openArchive = async () => {
    const { AptArchive } = await import('./ingest/apt.js');
    archive ??= AptArchive.open({
      ...(o.aptSources !== undefined ? { sourcesFile: o.aptSources } : {}),
      ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    });
    return archive;
  };
  const results: RecipeResult[] = [];
  const total = recipe.sources.length;
  for (const [index, s] of recipe.sources.entries()) {
    onEvent({ kind: 'source-start', index, total, label: s.label });
    const started = performance.now();
    let bytes = 0;
    let result: RecipeResult;
    let dispose = () => {};
    try {
      const keep = keepFilter(s);
      const input = await openInput(s.target, {
        ...(s.name !== undefined ? { name: s.name } : {}),
        ...(s.version !== undefined ? { version: s.version } : {}),
        ...(s.license !== undefined ? { license: s.license } : {}),
        ...(s.purl !== undefined ? { purl: s.purl } : {}),
        npm: s.type === 'npm',
        debian: s.type === 'debian',
        ...(keep ? { keep } : {}),
        ...(s.unpack.length > 0 ? { unpack: globMatcher(s.unpack, 'exclude') } : {}),
        skip: (name, version) => have.has(key(name, version)),
        archive: openArchive,
        ...(o.onProgress ? { onProgress: o.onProgress } : {}),
      });
      dispose = input.dispose;
      const sources = [...input.sources];
      if (sources.length === 0 && input.skipped.length === 0) {
        throw new InputError(s.target, 'holds no source to ingest');
      }
      if (sources.length === 0) {
        result = {
          label: s.label,
          line: s.line,
          outcome: 'skipped',
          sources: input.skipped,
          reports: [],
          bytes: 0,
          seconds: (performance.now() - started) / 1000,
        };
      } else {
        const report = await ingestSources(
          o.db,
          sources.map((src) =>
            counted(src, (n) => {
              bytes += n;
              onEvent({ kind: 'bytes', index, bytes });
            }),
          ),
          o.onProgress,
        );
        for (const r of report.sources) have.add(key(r.name, r.version));
        result = {
          label: s.label,
          line: s.line,
          outcome: 'added',
          sources: report.sources.map((r) => ({ name: r.name, version: r.version })),
          reports: report.sources,
          bytes: report.bytes,
          seconds: (performance.now() - started) / 1000,
        };
      }
    } catch (err) {
      const known = err instanceof ProvscanError && err.exitCode !== 3;
      const message = (err as Error).message ?? String(err);
      result = {
        label: s.label,
        line: s.line,
        outcome: 'failed',
        sources: [],
        reports: [],
        bytes: 0,
        seconds: (performance.now() - started) / 1000,
        // the source is named once, whatever the message already says
        error: message.startsWith(s.label) || message.startsWith(s.target) ? message : `${s.label}: ${message}`,
        ...(known ? {} : { internal: true }),
      };
    } finally {
      dispose();
    }
    results.push(result);
    onEvent({ kind: 'source-end', index, total, result });
    if (result.outcome === 'failed' && o.failFast) break;
  }
  const count = (k: RecipeOutcome) => results.filter((r) => r.outcome === k).length;
  return {
    recipe: file,
    name: recipe.name,
    db: o.db,
    results,
    added: count('added'),
    skipped: count('skipped'),
    failed: count('failed'),
    notRun: total - results.length,
    bytes: results.reduce((s, r) => s + r.bytes, 0),
    seconds: (performance.now() - t0) / 1000,
  };
}
