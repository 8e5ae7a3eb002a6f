// PLACEHOLDER (owned by the license work): project license detection, compatibility and conflicts.
import type { Conflict, FileResult, LicenseEvidence, WaiverStatus } from '../model.js';
import type { ProvscanConfig } from '../config/load-config.js';

export interface ProjectLicense {
  readonly expression: string | null;
  readonly evidence: ReadonlyArray<LicenseEvidence>;
  readonly project?: { readonly name: string; readonly version: string | null };
}

/** Reads the project's manifests and license files (the caller hands in a reader) and concludes its license. */
export async function detectProjectLicense(input: {
  readonly paths: ReadonlyArray<string>;
  readonly readText: (path: string) => Promise<string | undefined>;
  readonly override?: string;
}): Promise<ProjectLicense> {
  return { expression: input.override ?? null, evidence: [] };
}

/** SPDX expression from a `SPDX-License-Identifier:` header in the first lines of a file. */
export function fileLicenseHeader(_text: string): string | undefined {
  return undefined;
}

export function evaluateConflicts(input: {
  readonly files: ReadonlyArray<FileResult>;
  readonly projectLicense: string | null;
  readonly config: ProvscanConfig;
  readonly now: Date;
}): { readonly conflicts: ReadonlyArray<Conflict>; readonly waivers: ReadonlyArray<WaiverStatus> } {
  void input;
  return { conflicts: [], waivers: [] };
}
