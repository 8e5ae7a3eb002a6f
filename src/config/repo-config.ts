// The policy a scan of a repository uses. With a work tree, `.provscan.yml` there (load-config.ts); a bare
// repository has no work tree, so its policy is the `.provscan.yml` committed in the tree of HEAD. The caller
// reads the committed file (git is not this module's to start: docs/architecture.md).
import { InputError } from '../errors.js';
import { sizeText } from '../util/input-file.js';
import { CONFIG_NAMES, loadConfig, MAX_POLICY_BYTES, parseConfigText } from './load-config.js';
import { DEFAULT_CONFIG, type ProvscanConfig } from './policy.js';

/** The tree a bare repository's policy comes from: the commit, and a reader of files committed there. */
interface CommittedTree {
  /** HEAD's commit id, or null in a repository without commits. */
  readonly commit: string | null;
  /** Contents of the named files of that commit's tree; a file that is not there is absent from the map. */
  read(names: ReadonlyArray<string>): Promise<ReadonlyMap<string, Buffer>>;
}

/**
 * The policy for a scan of `root`: `file` when given, else the one committed in `committed` (a bare repository),
 * else the one in `root`.
 * @throws UsageError when an explicitly given file is missing; InputError when the policy is invalid.
 */
export async function loadScanConfig(
  root: string,
  file: string | undefined,
  committed: CommittedTree | undefined,
): Promise<ProvscanConfig> {
  if (file !== undefined || committed === undefined) return loadConfig(root, file);
  if (committed.commit === null) return DEFAULT_CONFIG;
  const files = await committed.read(CONFIG_NAMES);
  for (const name of CONFIG_NAMES) {
    const data = files.get(name);
    if (data === undefined) continue;
    const label = `${name} (in commit ${committed.commit.slice(0, 12)})`;
    // the same bound as a policy file in a work tree: the repository wrote it
    if (data.length > MAX_POLICY_BYTES)
      throw new InputError(
        label,
        `the policy file is ${sizeText(data.length)}; the limit is ${sizeText(MAX_POLICY_BYTES)}`,
      );
    return parseConfigText(data.toString('utf8'), label);
  }
  return DEFAULT_CONFIG;
}
