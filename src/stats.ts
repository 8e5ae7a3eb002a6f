// `provscan stats`: the AI share of lines per directory, agent and model, from the same provenance pipeline as a
// scan (no corpus matching: this answers only "how much of this was written by an assistant?").
import { basename, resolve } from 'node:path';
import { existsSync, statSync } from 'node:fs';
import { loadConfig } from './config/load-config.js';
import { UsageError } from './errors.js';
import { openRepo } from './git/repo.js';
import type { AiSpan, ProgressListener, ProvenanceStatus } from './model.js';
import { listSourceFiles } from './source/files.js';
import { collectProvenance } from './provenance/index.js';

export interface StatsOptions {
  readonly path: string;
  readonly config?: string;
  readonly useCache?: boolean;
  /** Directory depth of the per-directory table (1 = top-level folders). */
  readonly depth?: number;
  readonly onProgress?: ProgressListener;
}

export interface ShareRow {
  /** Directory (`.` for the root), agent id or model name. */
  readonly key: string;
  readonly name?: string;
  readonly lines: number;
  readonly aiLines: number;
  /** aiLines / lines (0 when there are no lines). */
  readonly share: number;
}

export interface AiStats {
  readonly root: string;
  readonly commit: string | null;
  readonly provenance: ProvenanceStatus;
  readonly totals: ShareRow;
  readonly directories: ReadonlyArray<ShareRow>;
  readonly agents: ReadonlyArray<ShareRow>;
  readonly models: ReadonlyArray<ShareRow>;
}

/** @throws UsageError for a missing folder, InputError for a bad config, GitError when git fails. */
export async function aiStats(options: StatsOptions): Promise<AiStats> {
  const root = resolve(options.path);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UsageError(`${options.path}: not a folder`);
  const config = await loadConfig(root, options.config);
  const repo = await openRepo(root);
  const scanRoot = repo?.root ?? root;
  const listing = await listSourceFiles(scanRoot, repo, { exclude: config.exclude });
  const provenance = await collectProvenance({
    repo,
    files: listing.files,
    conventions: config.conventions,
    useCache: options.useCache !== false,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  // Working-tree files are read synchronously (for thousands of small files far cheaper than the thread pool's
  // open/fstat/read/close round trips); staged blobs come from memory.
  const counted: ({ path: string; lines: number; ai: ReadonlyArray<AiSpan> } | undefined)[] = new Array(
    listing.files.length,
  );
  let next = 0;
  const reader = async () => {
    while (next < listing.files.length) {
      const i = next++;
      const f = listing.files[i]!;
      const bytes = await f.read().catch(() => undefined);
      if (bytes && !isBinary(bytes))
        counted[i] = { path: f.path, lines: countLines(bytes), ai: provenance.spans.get(f.path) ?? [] };
    }
  };
  await Promise.all(Array.from({ length: 32 }, reader));
  const files = counted.filter((f) => f !== undefined);
  return {
    root: basename(scanRoot),
    commit: repo?.head ?? null,
    provenance: provenance.status,
    ...summarizeShares(files, options.depth ?? 2, new Map(provenance.commits.map((c) => [c.agent, c.agentName]))),
  };
}

/** The pure part: line shares per directory (every ancestor up to `depth`), agent and model. */
export function summarizeShares(
  files: ReadonlyArray<{ path: string; lines: number; ai: ReadonlyArray<AiSpan> }>,
  depth: number,
  agentNames: ReadonlyMap<string, string> = new Map(),
): Pick<AiStats, 'totals' | 'directories' | 'agents' | 'models'> {
  const dirs = new Map<string, { lines: number; aiLines: number }>();
  const agents = new Map<string, number>();
  const models = new Map<string, number>();
  let lines = 0;
  let aiLines = 0;
  for (const f of files) {
    const covered = new Map<number, AiSpan>();
    for (const s of f.ai)
      for (let l = s.start; l <= Math.min(s.end, f.lines); l++) if (!covered.has(l)) covered.set(l, s);
    lines += f.lines;
    aiLines += covered.size;
    for (const s of covered.values()) {
      agents.set(s.agent, (agents.get(s.agent) ?? 0) + 1);
      const model = s.model ?? '(unknown)';
      models.set(model, (models.get(model) ?? 0) + 1);
    }
    const parts = f.path.split('/').slice(0, -1);
    for (let d = 0; d <= Math.min(depth, parts.length); d++) {
      const key = d === 0 ? '.' : parts.slice(0, d).join('/');
      const row = dirs.get(key) ?? { lines: 0, aiLines: 0 };
      row.lines += f.lines;
      row.aiLines += covered.size;
      dirs.set(key, row);
    }
  }
  const share = (a: number, b: number) => (b === 0 ? 0 : a / b);
  const byCount = (m: Map<string, number>, names?: ReadonlyMap<string, string>): ShareRow[] =>
    [...m]
      .map(([key, n]) => ({
        key,
        ...(names?.get(key) ? { name: names.get(key)! } : {}),
        lines,
        aiLines: n,
        share: share(n, lines),
      }))
      .sort((a, b) => b.aiLines - a.aiLines || (a.key < b.key ? -1 : 1));
  return {
    totals: { key: '.', lines, aiLines, share: share(aiLines, lines) },
    directories: [...dirs]
      .map(([key, r]) => ({ key, lines: r.lines, aiLines: r.aiLines, share: share(r.aiLines, r.lines) }))
      .sort((a, b) => (a.key === '.' ? -1 : b.key === '.' ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    agents: byCount(agents, agentNames),
    models: byCount(models),
  };
}

function isBinary(bytes: Buffer): boolean {
  return bytes.subarray(0, 8000).includes(0);
}

function countLines(bytes: Buffer): number {
  if (bytes.length === 0) return 0;
  let n = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) n++;
  return bytes[bytes.length - 1] === 10 ? n : n + 1;
}
