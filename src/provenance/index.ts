// PLACEHOLDER (owned by the git/provenance work): which lines at HEAD an AI wrote.
import type { Repo } from '../git/repo.js';
import type { AiCommit, AiSpan, ProgressListener, ProvenanceStatus } from '../model.js';
import type { SourceFile } from '../source/files.js';

export interface ProvenanceInput {
  readonly repo: Repo | null;
  readonly files: ReadonlyArray<SourceFile>;
  /** User conventions from the config file, already validated. */
  readonly conventions?: ReadonlyArray<unknown>;
  readonly useCache?: boolean;
  readonly onProgress?: ProgressListener;
}

export interface ProvenanceResult {
  /** AI spans per path. */
  readonly spans: ReadonlyMap<string, ReadonlyArray<AiSpan>>;
  readonly commits: ReadonlyArray<AiCommit>;
  readonly status: ProvenanceStatus;
}

export async function collectProvenance(input: ProvenanceInput): Promise<ProvenanceResult> {
  return {
    spans: new Map(),
    commits: [],
    status: { available: input.repo !== null, complete: true, notes: [] },
  };
}
