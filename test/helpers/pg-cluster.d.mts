// Types of pg-cluster.mjs (a real PostgreSQL server for tests and benchmarks).

/** The superuser's password on TCP connections (the unix socket trusts its owner). */
export const PG_PASSWORD: string;
export const PG_USER: string;

export interface PgCluster {
  readonly host: string;
  readonly port: number;
  /** The folder holding the data directory and the unix socket. */
  readonly dir: string;
  /** A `postgres://` URL of database `db` (with the password unless `password` is false). */
  url(db: string, options?: { password?: string | false }): string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Runs SQL through psql on the unix socket (as the superuser); returns psql's unaligned output. */
  psql(db: string, sql: string): Promise<string>;
  /** Stops the server at once, as a crash would (`pg_ctl stop -m immediate`); `restart()` brings it back. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  /** Stops the server (fast shutdown) and removes the cluster. */
  stop(): Promise<void>;
}

/** The folder of the server binaries: PROVSCAN_PG_BIN, else Debian's PostgreSQL 15, else any Debian version. */
export function pgBinDir(): string;

/** Starts a new cluster; `settings` are extra server settings (`-c name=value`). */
export function startPostgres(settings?: Record<string, string>): Promise<PgCluster>;
