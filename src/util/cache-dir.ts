// Where provscan keeps caches that are not tied to one repository (parsed policy files, detected project licenses).
import { homedir } from 'node:os';
import { join } from 'node:path';

/** $PROVSCAN_CACHE_DIR, else $XDG_CACHE_HOME/provscan, else ~/.cache/provscan. */
export function cacheDir(): string {
  const own = process.env['PROVSCAN_CACHE_DIR'];
  if (own) return own;
  const xdg = process.env['XDG_CACHE_HOME'];
  return join(xdg ? xdg : join(homedir(), '.cache'), 'provscan');
}
