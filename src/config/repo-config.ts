// The policy a scan of a repository uses. With a work tree, `.provscan.yml` there (load-config.ts); a bare
// repository has no work tree, so its policy is the `.provscan.yml` committed in the tree of HEAD.
import { readObjects } from '../git/cat-file.js';
import type { Repo } from '../git/repo.js';
import { CONFIG_NAMES, loadConfig, parseConfigText } from './load-config.js';
import { DEFAULT_CONFIG, type ProvscanConfig } from './policy.js';

/**
 * The policy for a scan of `root` (in `repo`, when it is one): `file` when given, else the repository's own.
 * @throws UsageError when an explicitly given file is missing; InputError when the policy is invalid.
 */
export async function loadScanConfig(root: string, repo: Repo | null, file?: string): Promise<ProvscanConfig> {
  if (file !== undefined || !repo?.bare) return loadConfig(root, file);
  if (!repo.head) return DEFAULT_CONFIG;
  const head = repo.head;
  const objects = await readObjects(
    repo.root,
    CONFIG_NAMES.map((name) => `${head}:${name}`),
  );
  for (const name of CONFIG_NAMES) {
    const data = objects.get(`${head}:${name}`)?.data;
    if (data) return parseConfigText(data.toString('utf8'), `${name} (in commit ${head.slice(0, 12)})`);
  }
  return DEFAULT_CONFIG;
}
