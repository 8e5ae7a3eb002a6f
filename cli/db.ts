// Which corpora a command uses when `--db` is not given: PROVSCAN_DB_URL (a PostgreSQL URL, or a SQLite file) stands
// for one `--db`, so CI runners point every command at a shared corpus without repeating it (nor printing its
// password in the job log). Imported by the pre-commit check: it imports nothing.

export const DB_ENV = 'PROVSCAN_DB_URL';

function fromEnv(): string | undefined {
  const v = process.env[DB_ENV]?.trim();
  return v ? v : undefined;
}

/** The corpora of a scanning command: the `--db` values, else PROVSCAN_DB_URL, else undefined (the bundled one). */
export function scanDbs(given: ReadonlyArray<string> | undefined): string[] | undefined {
  if (given && given.length > 0) return [...given];
  const env = fromEnv();
  return env === undefined ? undefined : [env];
}

/** The corpus of a `corpus` command: `--db`, else PROVSCAN_DB_URL, else undefined (a usage error). */
export function corpusDb(given: string | undefined): string | undefined {
  return given ?? fromEnv();
}
