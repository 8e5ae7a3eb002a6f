// The only place provscan starts git. Always an argument array (never a shell string), never an interactive
// prompt, no optional locks (a scan must not fight the user's own git for .git/index.lock), and git's own
// message kept in the typed error.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { GitError } from '../errors.js';

/** Environment for every git we start: no prompts, no optional index writes, stable (C) messages. */
export function gitEnv(): NodeJS.ProcessEnv {
  return { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', LANG: 'C' };
}

export interface GitRunOptions {
  /** Bytes written to git's stdin (then closed). */
  readonly input?: Buffer | string;
}

/** Runs git to completion and returns stdout as bytes. @throws GitError with git's stderr when git fails. */
export function gitBuffer(cwd: string, args: ReadonlyArray<string>, options: GitRunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'git',
      [...args],
      { cwd, env: gitEnv(), encoding: 'buffer', maxBuffer: 1024 * 1024 * 1024 },
      (err, stdout, stderr) => {
        if (err) reject(toGitError(args, err, stderr.toString('utf8')));
        else resolve(stdout);
      },
    );
    feed(child, options.input);
  });
}

/** Runs git to completion and returns stdout as UTF-8 text. @throws GitError */
export async function git(cwd: string, args: ReadonlyArray<string>, options: GitRunOptions = {}): Promise<string> {
  return (await gitBuffer(cwd, args, options)).toString('utf8');
}

/**
 * Runs git and hands stdout to `onData` chunk by chunk as it arrives (for log and blame, whose output can be far
 * larger than we want to hold). Resolves when git exits 0. @throws GitError with git's stderr otherwise.
 */
export function gitStream(
  cwd: string,
  args: ReadonlyArray<string>,
  onData: (chunk: Buffer) => void,
  options: GitRunOptions = {},
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd, env: gitEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    const errChunks: Buffer[] = [];
    let failed: Error | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      if (failed) return;
      try {
        onData(chunk);
      } catch (err) {
        // A consumer error (a parse bug) stops git; it is reported as it is, not as a git failure.
        failed = err as Error;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => errChunks.push(chunk));
    child.on('error', (err) => reject(toGitError(args, err, '')));
    child.on('close', (code, signal) => {
      if (failed) reject(failed);
      else if (code === 0) resolve();
      else {
        const stderr = Buffer.concat(errChunks).toString('utf8');
        reject(new GitError(args, stderr || `exited with ${signal ?? code}`));
      }
    });
    feed(child, options.input);
  });
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
