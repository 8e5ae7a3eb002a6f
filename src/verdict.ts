// Whether a scan result fails the policy: any finding not waived at or above the fail-on level.
import type { Conflict, ScanResult, Severity } from './model.js';

const RANK: Record<Severity, number> = { notice: 1, warning: 2, error: 3 };

/** Severity order for sorting: error first. */
export function severityRank(s: Severity): number {
  return RANK[s];
}

/** The findings that make the run fail under `failOn` (waived findings never do). */
export function failingConflicts(result: Pick<ScanResult, 'conflicts'>, failOn: Severity | 'never'): Conflict[] {
  if (failOn === 'never') return [];
  const threshold = RANK[failOn];
  return result.conflicts.filter((c) => c.waived === undefined && RANK[c.severity] >= threshold);
}

export function parseFailOn(value: string): Severity | 'never' | undefined {
  return value === 'error' || value === 'warning' || value === 'notice' || value === 'never' ? value : undefined;
}
