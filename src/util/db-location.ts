// What a `--db` value names: a SQLite file, or a PostgreSQL corpus (`postgres://` / `postgresql://` URL). The URL may
// carry a password; everything provscan prints or writes names the corpus by `redactDbUrl`, never by the URL as
// given. This module is loaded by the pre-commit check on every commit: it imports nothing.

const PG_URL = /^postgres(?:ql)?:\/\//i;

/** Whether `db` is a PostgreSQL connection URL rather than a file path. */
export function isPostgresUrl(db: string): boolean {
  return PG_URL.test(db);
}

/**
 * The URL without its password (in the user part or a `password=` parameter), fit to print. Anything that does
 * not parse as a URL loses everything between `://` and `@` but the user name.
 */
export function redactDbUrl(db: string): string {
  if (!isPostgresUrl(db)) return db;
  try {
    const u = new URL(db);
    u.password = '';
    for (const key of [...u.searchParams.keys()]) if (key.toLowerCase() === 'password') u.searchParams.delete(key);
    return u.toString();
  } catch {
    return db.replace(/(:\/\/[^:/@]*):[^@]*@/, '$1@').replace(/([?&]password=)[^&]*/gi, '$1***');
  }
}

/** How matches and reports name a PostgreSQL corpus: host, port and database (no scheme, user or password). */
export function postgresLabel(db: string): string {
  try {
    const u = new URL(db);
    const name = decodeURIComponent(u.pathname.replace(/^\//, '')) || 'postgres';
    return u.host ? `${u.host}/${name}` : name;
  } catch {
    return 'postgres';
  }
}
