// Runs another program a test needs (git with its hooks, pre-commit, npm, husky, a CI step's shell) asynchronously,
// with a deadline that fails the test: the same contract as runCli, for tools that are not provscan.
import { spawn } from 'node:child_process';

export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr as they interleaved, for messages a hook prints on either. */
  readonly output: string;
  readonly ms: number;
}

export interface RunOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly timeoutMs?: number;
  readonly input?: string;
}

/** Runs `command ARGS`; rejects (failing the test) when it has not finished by the deadline (default 120 s). */
export function run(command: string, args: ReadonlyArray<string>, options: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const started = Date.now();
  return new Promise<RunResult>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', ...options.env },
      stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      // its own process group, so the deadline ends the tool's children (npm's, a hook's) too
      detached: true,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const all: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => {
      out.push(c);
      all.push(c);
    });
    child.stderr?.on('data', (c: Buffer) => {
      err.push(c);
      all.push(c);
    });
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {});
      child.stdin.end(options.input);
    }
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const text = (b: Buffer[]) => Buffer.concat(b).toString('utf8');
      if (timedOut) {
        reject(
          new Error(
            `${command} ${args.join(' ')} did not finish within ${timeoutMs} ms (killed)\n${text(all).slice(-4000)}`,
          ),
        );
        return;
      }
      resolve({
        code: code ?? (signal ? 128 : -1),
        stdout: text(out),
        stderr: text(err),
        output: text(all),
        ms: Date.now() - started,
      });
    });
  });
}
