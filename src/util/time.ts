// Timestamps honour SOURCE_DATE_EPOCH (reproducible-builds.org) so two runs on one commit give identical output.

/** The time to stamp outputs with: SOURCE_DATE_EPOCH when set and valid, else now. */
export function outputDate(env: NodeJS.ProcessEnv = process.env): Date {
  const raw = env['SOURCE_DATE_EPOCH'];
  if (raw !== undefined && /^\d+$/.test(raw.trim())) return new Date(Number(raw.trim()) * 1000);
  return new Date();
}

/** ISO 8601 without milliseconds (`2026-11-24T17:53:00Z`). */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
