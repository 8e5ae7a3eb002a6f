// The only place provscan starts git (`npm run lint`, scripts/check-architecture.mjs, keeps it so). Always an argument array, never a
// shell string, and always hardened: a scanned repository is untrusted input, and its config (or a file it
// includes) can name commands that git would run — fsmonitor, hooks, clean/smudge/process filters, textconv and
// external diff drivers, a pager, gpg for signed commits, ssh for a lazy fetch. None of them may run; every
// guarantee is listed in docs/security.md and proved by test/hostile/git-execution.test.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { GitError } from '../errors.js';

/**
 * Config given on the command line of every git, where it outranks every config file (system, global, the
 * repository's, and whatever they include). Each entry closes a way for the repository to run a command.
 */
const OVERRIDES: ReadonlyArray<readonly [key: string, value: string]> = [
  ['core.fsmonitor', 'false'], // the fsmonitor hook runs on every index read
  ['core.hooksPath', '/dev/null'], // no hook can be found in a file; read-only commands run none, but be sure
  ['protocol.allow', 'never'], // with GIT_ALLOW_PROTOCOL below: no lazy fetch (partial clones), so no ssh
  ['log.showSignature', 'false'], // would run gpg.program on every signed commit
  ['submodule.recurse', 'false'], // never run git inside a submodule, whose config we have not neutralised
  ['gc.auto', '0'], // no background maintenance started by a command
  ['maintenance.auto', 'false'],
];

/** Subcommands that never read working-tree files through git's conversion (so no filter driver can run). */
const NO_WORKTREE_CONVERSION = new Set([
  'rev-parse',
  'config',
  'log',
  'rev-list',
  'merge-base',
  'symbolic-ref',
  'ls-tree',
  'diff-tree',
  'for-each-ref',
  'show-ref',
  'version',
]);

/** Subcommands that take diff options: textconv drivers and external diff programs are switched off on each. */
const DIFF_LIKE = new Set(['blame', 'log', 'show', 'diff', 'diff-files', 'diff-index', 'diff-tree']);

/** Subcommands that look into submodules' working trees (by running git there) unless told not to. */
const ENTERS_SUBMODULES = new Set(['status', 'diff-files']);

/** Environment for every git we start. */
function gitEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    GIT_TERMINAL_PROMPT: '0', // never a prompt
    GIT_ASKPASS: '', // set and empty: wins over core.askPass and SSH_ASKPASS, and runs nothing
    SSH_ASKPASS: '',
    GIT_ALLOW_PROTOCOL: '', // set and empty: no transport at all, whatever protocol.<name>.allow says
    GIT_OPTIONAL_LOCKS: '0', // a scan must not fight the user's own git for .git/index.lock
    GIT_NO_REPLACE_OBJECTS: '1', // history as stored (a clone fetches no refs/replace, so CI sees the same)
    GIT_PAGER: 'cat',
    PAGER: 'cat',
    LC_ALL: 'C', // stable messages, matched in a few places
    LANG: 'C',
  };
  delete env['GIT_EXTERNAL_DIFF'];
  return env;
}

interface GitRunOptions {
  /** Bytes written to git's stdin (then closed). */
  readonly input?: Buffer | string;
  /**
   * Leave `core.hooksPath` as the repository sets it, for the one question that needs it (where `hook install`
   * writes). Only for commands that run nothing (`rev-parse`, `config`).
   */
  readonly repoHooksPath?: boolean;
}

/** Runs git to completion and returns stdout as bytes. @throws GitError with git's stderr when git fails. */
export async function gitBuffer(
  cwd: string,
  args: ReadonlyArray<string>,
  options: GitRunOptions = {},
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  await gitStream(cwd, args, (chunk) => chunks.push(chunk), options);
  return Buffer.concat(chunks);
}

/** Runs git to completion and returns stdout as UTF-8 text. @throws GitError */
export async function git(cwd: string, args: ReadonlyArray<string>, options: GitRunOptions = {}): Promise<string> {
  return (await gitBuffer(cwd, args, options)).toString('utf8');
}

/**
 * Runs git and hands stdout to `onData` chunk by chunk as it arrives (for log and blame, whose output can be far
 * larger than we want to hold). Resolves when git exits 0. @throws GitError with git's stderr otherwise; an error
 * thrown by `onData` stops git and is rethrown as it is.
 */
export async function gitStream(
  cwd: string,
  args: ReadonlyArray<string>,
  onData: (chunk: Buffer) => void,
  options: GitRunOptions = {},
): Promise<void> {
  const { argv, config } = await hardenedArgv(cwd, args, options);
  return new Promise((resolve, reject) => {
    const child = start(cwd, argv, config);
    const errChunks: Buffer[] = [];
    let failed: Error | undefined;
    child.stdout?.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        onData(chunk);
      } catch (err) {
        // A consumer error (a parse bug) stops git; it is reported as it is, not as a git failure.
        failed = err as Error;
        child.kill();
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => errChunks.push(chunk));
    child.on('error', (err) => reject(toGitError(args, err, '')));
    // 'close' (not 'exit'): every byte of stdout has been handed over by then.
    child.on('close', (code, signal) => {
      if (failed) reject(failed);
      else if (code === 0) resolve();
      else {
        const stderr = Buffer.concat(errChunks).toString('utf8');
        const silent = `git ${args.slice(0, 3).join(' ')} failed: exited with ${signal ?? code}`;
        reject(new GitError(args, stderr, stderr.trim() === '' ? silent : undefined));
      }
    });
    feed(child, options.input);
  });
}

/** A running git started by `gitProcess` (the type, so that no other module imports node:child_process). */
export type GitProcess = ChildProcess;

/**
 * A long-lived git process with open pipes (`cat-file --batch-command`). Only for commands that never read the
 * working tree through git's conversion, so that it can start at once. The caller owns the process: it must end
 * its stdin, and should `unref()` the process and its pipes while it has nothing pending (src/git/cat-file.ts).
 * @throws Error (a programming error) for any other command.
 */
export function gitProcess(cwd: string, args: ReadonlyArray<string>): GitProcess {
  if (needsFilterGuard(args)) throw new Error(`provscan: git ${args.join(' ')} cannot run as a long-lived process`);
  return start(cwd, buildArgv(args, {}), []);
}

/** The one spawn of git in provscan. */
function start(
  cwd: string,
  argv: ReadonlyArray<string>,
  config: ReadonlyArray<readonly [string, string]>,
): ChildProcess {
  return spawn('git', [...argv], { cwd, env: withConfig(gitEnv(), config), stdio: ['pipe', 'pipe', 'pipe'] });
}

/**
 * Adds `config` through GIT_CONFIG_COUNT/KEY_n/VALUE_n (after any the user set): command-line scope like `-c`, but
 * a key may hold any character (a filter driver may be named `a=b`, which `-c` would split).
 */
function withConfig(env: NodeJS.ProcessEnv, config: ReadonlyArray<readonly [string, string]>): NodeJS.ProcessEnv {
  if (config.length === 0) return env;
  const given = Number(env['GIT_CONFIG_COUNT'] ?? '0');
  let n = Number.isInteger(given) && given > 0 ? given : 0;
  for (const [key, value] of config) {
    env[`GIT_CONFIG_KEY_${n}`] = key;
    env[`GIT_CONFIG_VALUE_${n}`] = value;
    n++;
  }
  env['GIT_CONFIG_COUNT'] = String(n);
  return env;
}

async function hardenedArgv(
  cwd: string,
  args: ReadonlyArray<string>,
  options: GitRunOptions,
): Promise<{ argv: ReadonlyArray<string>; config: ReadonlyArray<readonly [string, string]> }> {
  const config = needsFilterGuard(args) ? await filterOverrides(cwd) : [];
  return { argv: buildArgv(args, options), config };
}

/** `--no-pager`, the `-c` overrides, the caller's arguments, with per-subcommand switches added after the name. */
function buildArgv(args: ReadonlyArray<string>, options: GitRunOptions): string[] {
  const overrides = options.repoHooksPath ? OVERRIDES.filter(([k]) => k !== 'core.hooksPath') : OVERRIDES;
  const argv = ['--no-pager'];
  for (const [key, value] of overrides) argv.push('-c', `${key}=${value}`);
  const at = subcommandIndex(args);
  const name = args[at] ?? '';
  const after: string[] = [];
  if (DIFF_LIKE.has(name)) after.push('--no-textconv', '--no-ext-diff');
  if (ENTERS_SUBMODULES.has(name)) after.push('--ignore-submodules=all');
  argv.push(...args.slice(0, at + 1), ...after, ...args.slice(at + 1));
  return argv;
}

/** Index of the subcommand in `args` (callers may put `-c key=value` pairs first). */
function subcommandIndex(args: ReadonlyArray<string>): number {
  let i = 0;
  while (i < args.length && args[i] === '-c') i += 2;
  return i;
}

/**
 * Whether git may read working-tree files through the repository's conversion (clean, smudge and process filter
 * drivers) to answer: every command but the read-only plumbing listed above, `cat-file` without `--filters`,
 * `notes list`, `ls-files` without `--modified`, and `diff`/`diff-index --cached` (index against a tree).
 */
function needsFilterGuard(args: ReadonlyArray<string>): boolean {
  const at = subcommandIndex(args);
  const name = args[at] ?? '';
  const rest = args.slice(at + 1);
  if (NO_WORKTREE_CONVERSION.has(name)) return false;
  if (name === 'cat-file') return rest.some((a) => /^--(filters|textconv|path)/.test(a));
  if (name === 'notes') return !rest.includes('list');
  if (name === 'ls-files') return rest.some((a) => a === '-m' || a === '--modified');
  if (name === 'diff' || name === 'diff-index') return !rest.includes('--cached') && !rest.includes('--staged');
  return true;
}

/**
 * Config that switches off every filter driver the repository's config defines (any scope, includes followed):
 * an empty command runs nothing, and `required=false` keeps git from refusing the file instead. Read once per
 * folder and process, with one `git config` before the first command that needs it.
 */
const filterMemo = new Map<string, Promise<Array<readonly [string, string]>>>();

function filterOverrides(cwd: string): Promise<Array<readonly [string, string]>> {
  let memo = filterMemo.get(cwd);
  if (!memo) {
    memo = readFilterOverrides(cwd);
    filterMemo.set(cwd, memo);
  }
  return memo;
}

async function readFilterOverrides(cwd: string): Promise<Array<readonly [string, string]>> {
  let out: string;
  try {
    out = await git(cwd, ['config', '-z', '--get-regexp', '^filter\\.']);
  } catch (err) {
    // exit 1 without a word: no filter is configured. Anything else (a config git cannot read) stops the command
    // rather than run it with drivers that may still be on.
    if (err instanceof GitError && err.stderr.trim() === '') return [];
    throw err;
  }
  const names = new Set<string>();
  for (const record of out.split('\0')) {
    const key = record.split('\n', 1)[0] ?? '';
    const last = key.lastIndexOf('.');
    if (last > 'filter.'.length) names.add(key.slice('filter.'.length, last));
  }
  const overrides: Array<readonly [string, string]> = [];
  for (const name of names) {
    for (const v of ['clean', 'smudge', 'process']) overrides.push([`filter.${name}.${v}`, '']);
    overrides.push([`filter.${name}.required`, 'false']);
  }
  return overrides;
}

function feed(child: ChildProcess, input: Buffer | string | undefined): void {
  if (!child.stdin) return;
  child.stdin.on('error', () => {}); // git may exit before reading all of stdin; its exit status tells the story
  if (input !== undefined) child.stdin.end(input);
  else child.stdin.end();
}

function toGitError(args: ReadonlyArray<string>, err: Error & { code?: unknown }, stderr: string): GitError {
  if (err.code === 'ENOENT') {
    return new GitError(args, 'git not found', 'git is not installed or not on PATH (provscan needs git for history)');
  }
  return new GitError(args, stderr || err.message);
}
