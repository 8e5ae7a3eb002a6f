// Runs the real, built provscan CLI in a child process, as a user would: asynchronously, so the test worker stays
// responsive while the command runs, and with a deadline that fails the test when the command hangs (a hang in a CI
// tool is a defect to find, never to retry). On the deadline the failure lists the child and its own child processes
// with their state (which git it waits for, or which system call blocks it) and the child's diagnostic report
// (`--report-on-signal`: JavaScript stack, live handles), taken before it is killed, so the hang can be understood.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/provscan.js', import.meta.url));

/** Longest a single CLI run may take in a test (well inside vitest's 120 s testTimeout). */
const CLI_TIMEOUT_MS = 90_000;

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

interface CliOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly input?: string;
  /** Deadline for this run (default CLI_TIMEOUT_MS). */
  readonly timeoutMs?: number;
}

/**
 * With PROVSCAN_CLI_WATCH=FILE, every run is watched for idling (a hang in the making, found before it reaches the
 * deadline): its process tree is sampled from /proc, and one JSON line per run is appended to FILE — arguments,
 * exit code, wall time, and the longest stretch in which every thread of provscan and of every process it started
 * slept (none running, none waiting for a core or the disk). A stretch past IDLE_REPORT_MS takes the child's
 * diagnostic report and process tree into the line, while it idles.
 */
const WATCH_FILE = process.env['PROVSCAN_CLI_WATCH'];
const WATCH_EVERY_MS = 200;
const IDLE_REPORT_MS = 3_000;

/**
 * Run states of every thread of `pid` and its descendants (a worker thread may run while the main one waits), from
 * /proc (Linux); empty when it is gone.
 */
function treeStates(pid: number): string[] {
  const parent = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      parent.set(Number(name), Number(statFields(`/proc/${name}/stat`)[1]));
    } catch {
      // ended between the listing and the read
    }
  }
  const tree = new Set([pid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [p, pp] of parent)
      if (tree.has(pp) && !tree.has(p)) {
        tree.add(p);
        grew = true;
      }
  }
  const states: string[] = [];
  for (const p of tree) {
    try {
      for (const t of readdirSync(`/proc/${p}/task`)) states.push(statFields(`/proc/${p}/task/${t}/stat`)[0] ?? '?');
    } catch {
      // ended meanwhile
    }
  }
  return states;
}

/** The fields of a /proc stat file after the command name (state, ppid, …). */
function statFields(file: string): string[] {
  const stat = readFileSync(file, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

interface Watch {
  stop(code: number): void;
}

function watch(child: ReturnType<typeof spawn>, args: ReadonlyArray<string>, reportDir: string): Watch | undefined {
  const file = WATCH_FILE;
  const pid = child.pid;
  if (!file || pid === undefined || !existsSync('/proc/self/stat')) return undefined;
  const started = Date.now();
  let idleSince: number | undefined;
  let longestIdle = 0;
  let samples = 0;
  let reported: Promise<string> | undefined;
  const timer = setInterval(() => {
    const states = treeStates(pid);
    if (states.length === 0) return;
    samples++;
    // asleep: S (interruptible sleep) or T/t (stopped); R (running or runnable) and D (disk) are work
    const asleep = states.every((s) => s === 'S' || s === 'T' || s === 't');
    const now = Date.now();
    if (!asleep) {
      idleSince = undefined;
      return;
    }
    idleSince ??= now;
    longestIdle = Math.max(longestIdle, now - idleSince);
    if (longestIdle >= IDLE_REPORT_MS && reported === undefined) {
      reported = childProcesses(pid);
      child.kill('SIGUSR2');
    }
  }, WATCH_EVERY_MS);
  timer.unref();
  return {
    stop(code) {
      clearInterval(timer);
      const line = {
        args,
        code,
        wallMs: Date.now() - started,
        longestIdleMs: longestIdle,
        samples,
      };
      if (reported === undefined) {
        appendFileSync(file, `${JSON.stringify(line)}\n`);
        return;
      }
      const report = readReport(reportDir);
      void reported.then((tree) => appendFileSync(file, `${JSON.stringify({ ...line, tree, report })}\n`));
    },
  };
}

/** Runs `provscan ARGS`; rejects (failing the test) when it does not finish within the deadline. */
export function runCli(args: ReadonlyArray<string>, options: CliOptions = {}): Promise<CliResult> {
  const timeoutMs = options.timeoutMs ?? CLI_TIMEOUT_MS;
  const reportDir = mkdtempSync(join(tmpdir(), 'provscan-cli-report-'));
  return new Promise<CliResult>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['--report-on-signal', '--report-signal=SIGUSR2', `--report-directory=${reportDir}`, BIN, ...args],
      {
        cwd: options.cwd,
        env: { ...process.env, CI: 'true', NO_COLOR: '1', ...options.env },
        // No input: stdin is closed, as in a CI job, so nothing can wait on it.
        stdio: [options.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => out.push(c));
    child.stderr?.on('data', (c: Buffer) => err.push(c));
    if (options.input !== undefined && child.stdin) {
      child.stdin.on('error', () => {}); // the command may exit before reading all of it
      child.stdin.end(options.input);
    }
    const watching = watch(child, args, reportDir);
    let timedOut = false;
    let processes = Promise.resolve('');
    const timer = setTimeout(() => {
      timedOut = true;
      // What the hung command waits for: it and its child processes (a git that never ends?) with their state, then
      // a diagnostic report (JavaScript stack, libuv handles), then the kill.
      processes = childProcesses(child.pid);
      child.kill('SIGUSR2');
      setTimeout(() => child.kill('SIGKILL'), 2_000).unref();
    }, timeoutMs);
    const finish = () => {
      clearTimeout(timer);
      rmSync(reportDir, { recursive: true, force: true });
    };
    child.on('error', (e) => {
      finish();
      reject(e);
    });
    child.on('close', (code, signal) => {
      const stdout = Buffer.concat(out).toString('utf8');
      const stderr = Buffer.concat(err).toString('utf8');
      watching?.stop(code ?? -1);
      if (timedOut) {
        const report = readReport(reportDir);
        finish();
        void processes.then((tree) =>
          reject(
            new Error(
              `provscan ${args.join(' ')} did not finish within ${timeoutMs} ms (killed)\nstderr: ${stderr.slice(-4000)}\n` +
                `the process and its children when the deadline passed (pid, ppid, state, wait channel, time, command):\n${tree}\n` +
                `diagnostic report of the hung process:\n${report}`,
            ),
          ),
        );
        return;
      }
      finish();
      resolve({ code: code ?? (signal ? 128 : -1), stdout, stderr });
    });
  });
}

/** `pid` and its descendants (pid, state, kernel wait channel, elapsed time, command line), from `ps`. */
function childProcesses(pid: number | undefined): Promise<string> {
  if (pid === undefined) return Promise.resolve('(no pid)');
  return new Promise((resolve) => {
    const ps = spawn('ps', ['-e', '-o', 'pid=,ppid=,stat=,wchan:20=,etime=,args='], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const chunks: Buffer[] = [];
    ps.stdout.on('data', (c: Buffer) => chunks.push(c));
    ps.on('error', () => resolve('(ps not available)'));
    ps.on('close', () => {
      const rows = Buffer.concat(chunks)
        .toString('utf8')
        .split('\n')
        .map((line) => ({ line, f: line.trim().split(/\s+/) }));
      const tree = new Set([String(pid)]);
      let grew = true;
      while (grew) {
        grew = false;
        for (const r of rows) {
          if (r.f[0] && r.f[1] && tree.has(r.f[1]) && !tree.has(r.f[0])) {
            tree.add(r.f[0]);
            grew = true;
          }
        }
      }
      resolve(
        rows
          .filter((r) => r.f[0] !== undefined && tree.has(r.f[0]))
          .map((r) => r.line.slice(0, 300))
          .join('\n') || '(none)',
      );
    });
  });
}

/** The JavaScript stack and active handles of a diagnostic report, when the process wrote one. */
function readReport(dir: string): string {
  try {
    if (!existsSync(dir)) return '(none)';
    const file = readdirSync(dir).find((f) => f.endsWith('.json'));
    if (!file)
      return '(none written: the process did not answer SIGUSR2, so its event loop or a native call was blocked)';
    const report = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      javascriptStack?: { message?: string; stack?: string[] };
      libuv?: Array<{ type: string; is_active: boolean; address?: string; [k: string]: unknown }>;
    };
    const stack = report.javascriptStack?.stack?.join('\n') ?? '';
    const handles = (report.libuv ?? [])
      .filter((h) => h.is_active)
      .map((h) => JSON.stringify(h))
      .join('\n');
    return `${report.javascriptStack?.message ?? ''}\n${stack}\nactive handles:\n${handles}`;
  } catch (e) {
    return `(unreadable: ${(e as Error).message})`;
  }
}

/** Runs the CLI and parses stdout as JSON (fails the test with stderr when the command failed to print JSON). */
export async function runCliJson<T = unknown>(
  args: ReadonlyArray<string>,
  options: CliOptions = {},
): Promise<{ code: number; json: T; stderr: string }> {
  const res = await runCli(args, options);
  try {
    return { code: res.code, json: JSON.parse(res.stdout) as T, stderr: res.stderr };
  } catch {
    throw new Error(
      `provscan ${args.join(' ')} exited ${res.code} without JSON.\nstdout: ${res.stdout.slice(0, 2000)}\nstderr: ${res.stderr}`,
    );
  }
}

type CorpusSource = { name: string; version?: string; license: string; purl?: string };

/** The arguments of `provscan corpus add SRC --db DB --name N [--version V] --license EXPR [--purl P]`. */
export function corpusAddArgs(src: string, db: string, source: CorpusSource): string[] {
  return [
    'corpus',
    'add',
    src,
    '--db',
    db,
    '--name',
    source.name,
    ...(source.version !== undefined ? ['--version', source.version] : []),
    '--license',
    source.license,
    ...(source.purl !== undefined ? ['--purl', source.purl] : []),
  ];
}

/** `provscan corpus add …` through the real CLI, quietly; throws on failure. */
export async function corpusAdd(src: string, db: string, source: CorpusSource): Promise<void> {
  const res = await runCli([...corpusAddArgs(src, db, source), '--quiet']);
  if (res.code !== 0) throw new Error(`provscan corpus add ${src} failed (${res.code}): ${res.stderr}`);
}
