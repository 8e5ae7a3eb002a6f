// Installing and removing provscan's git hooks: plain git (`<hooks dir>/pre-commit`, honouring core.hooksPath)
// or husky (`.husky/pre-commit`). Never overwrites or deletes a hook provscan did not write.
import { chmodSync, existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { hooksDir } from '../git/hooks-path.js';
import { openRepo } from '../git/repo.js';
import { writeFileAtomic } from '../util/atomic-write.js';
import { installHuskyHook, repoRelative, uninstallHuskyHook } from './husky.js';
import { type HookName, hookBlock, hookScript, isOurHook, withoutProvscanLines } from './script.js';

export interface HookOptions {
  /** Any folder inside the repository. */
  readonly path: string;
  /** Write `.husky/<hook>` instead of the git hooks folder. */
  readonly husky?: boolean;
  /** Hooks to manage (default: pre-commit). */
  readonly hooks?: ReadonlyArray<HookName>;
  /** The provscan launcher the hook should run (node executable and bin/provscan.js). */
  readonly launcher: { readonly node: string; readonly bin: string };
  /** Extra arguments for the pre-commit check (e.g. `--db team.db`), baked into the hook. */
  readonly checkArgs?: ReadonlyArray<string>;
}

export interface HookChange {
  readonly hook: HookName;
  /** Path relative to the repository root. */
  readonly file: string;
  readonly action: 'installed' | 'updated' | 'unchanged' | 'removed' | 'absent';
}

/**
 * Installs the hooks.
 * @throws UsageError outside a repository; InputError naming the file when a foreign hook is in the way.
 */
export async function installHooks(options: HookOptions): Promise<HookChange[]> {
  const { root, dir } = await hookFolder(options);
  const changes: HookChange[] = [];
  const hooks = options.hooks ?? ['pre-commit'];
  if (options.husky) {
    // husky files are shared: provscan adds its line beside the project's own commands, with repo-relative paths
    const args = relativeArgs(root, options.checkArgs ?? []);
    for (const hook of hooks) {
      const action = installHuskyHook(dir, hook, hook === 'pre-commit' ? args : []);
      changes.push({ hook, file: relative(root, join(dir, hook)), action });
    }
    return changes;
  }
  // check every target first: a foreign hook stops the whole install before anything is written
  for (const hook of hooks) {
    const file = join(dir, hook);
    if (existsSync(file) && !isOurHook(readFileSync(file, 'utf8'))) {
      throw new InputError(
        relative(root, file) || file,
        `a ${hook} hook provscan did not write is already installed; provscan leaves it alone`,
        `add \`provscan ${hook === 'pre-commit' ? 'check --staged' : 'record'}\` to that hook yourself, or use the pre-commit framework (.pre-commit-hooks.yaml)`,
      );
    }
  }
  for (const hook of hooks) {
    const file = join(dir, hook);
    const args = hook === 'pre-commit' ? (options.checkArgs ?? []) : [];
    const before = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
    // a provscan hook a user has added lines to keeps them: only provscan's block is replaced
    const script =
      before === undefined
        ? hookScript(hook, options.launcher, args)
        : replaceBlock(before, hookBlock(hook, options.launcher, args));
    if (before !== script) writeFileAtomic(file, script, 0o755);
    chmodSync(file, 0o755);
    changes.push({
      hook,
      file: relative(root, file),
      action: before === undefined ? 'installed' : before === script ? 'unchanged' : 'updated',
    });
  }
  return changes;
}

/**
 * Removes the hooks provscan wrote.
 * @throws InputError naming the file when the hook there is not provscan's.
 */
export async function uninstallHooks(options: HookOptions): Promise<HookChange[]> {
  const { root, dir } = await hookFolder(options);
  const changes: HookChange[] = [];
  if (options.husky) {
    for (const hook of options.hooks ?? ['pre-commit', 'post-commit']) {
      changes.push({ hook, file: relative(root, join(dir, hook)), action: uninstallHuskyHook(dir, hook) });
    }
    return changes;
  }
  for (const hook of options.hooks ?? ['pre-commit', 'post-commit']) {
    const file = join(dir, hook);
    if (!existsSync(file)) {
      changes.push({ hook, file: relative(root, file), action: 'absent' });
      continue;
    }
    if (!isOurHook(readFileSync(file, 'utf8'))) {
      if (options.hooks === undefined) continue; // not asked for by name: quietly leave a foreign hook
      throw new InputError(relative(root, file), `this ${hook} hook was not written by provscan; it was left in place`);
    }
    // only provscan's own lines go; the file goes only when nothing of the user's is left in it
    const { rest, empty } = withoutProvscanLines(readFileSync(file, 'utf8'));
    if (empty) rmSync(file);
    else writeFileAtomic(file, `${rest.join('\n')}\n`, statSync(file).mode & 0o7777);
    changes.push({ hook, file: relative(root, file), action: 'removed' });
  }
  return changes;
}

/** `--db`/`--config` values with paths inside the repository made relative to its root (where hooks run). */
function relativeArgs(root: string, args: ReadonlyArray<string>): string[] {
  return args.map((a, i) =>
    i > 0 && (args[i - 1] === '--db' || args[i - 1] === '--config') ? repoRelative(root, a) : a,
  );
}

/** `text` (a provscan hook) with its provscan block replaced by `block`, in the same place. */
function replaceBlock(text: string, block: string): string {
  const { rest, at } = withoutProvscanLines(text);
  const lines = [...rest.slice(0, at), ...block.replace(/\n$/, '').split('\n'), ...rest.slice(at)];
  return `${lines.join('\n')}\n`;
}

async function hookFolder(options: HookOptions): Promise<{ root: string; dir: string }> {
  const repo = await openRepo(options.path);
  if (!repo) throw new UsageError(`${options.path}: not inside a git repository`);
  if (options.husky) return { root: repo.root, dir: join(repo.root, '.husky') };
  return { root: repo.root, dir: (await hooksDir(repo.root)).dir };
}
