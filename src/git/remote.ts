// The repository's public address, for outputs that name where the scanned code lives (SARIF's
// versionControlProvenance). Credentials a CI runner puts into its remote URL (GitLab's
// `https://gitlab-ci-token:…@host/…`) are removed: the address ends up in artifacts others read.
import { git } from './exec.js';

/** The fetch URL of `origin` (else of the first remote), as a URI without credentials; null without a remote. */
export async function remoteUrl(root: string): Promise<string | null> {
  let url: string | null = null;
  try {
    url = (await git(root, ['config', '--get', 'remote.origin.url'])).trim() || null;
  } catch {
    // no origin: the first remote, if any
  }
  if (url === null) {
    try {
      const first = (await git(root, ['remote'])).split('\n')[0]?.trim();
      if (first) url = (await git(root, ['config', '--get', `remote.${first}.url`])).trim() || null;
    } catch {
      return null;
    }
  }
  return url === null ? null : publicUri(url);
}

/** A remote URL as an absolute URI without user information, or null for a local path. */
export function publicUri(url: string): string | null {
  // scp-like syntax `user@host:path` (no scheme) is ssh
  const scp = /^(?:[^@/:]+@)?([^/:]+):(?!\/\/)(.+)$/.exec(url);
  if (scp && !/^[A-Za-z]:[\\/]/.test(url)) return `ssh://${scp[1]}/${(scp[2] ?? '').replace(/^\/+/, '')}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null; // a local path
  }
  if (parsed.protocol === 'file:') return null;
  parsed.username = '';
  parsed.password = '';
  return parsed.href;
}
