// Runs the real, built provscan CLI in a child process, as a user would.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/provscan.js', import.meta.url));

/** Longest a single CLI run may take in a test: two of them fit in vitest's 120 s testTimeout. */
const CLI_TIMEOUT_MS = 50_000;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(
  args: ReadonlyArray<string>,
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): CliResult {
  const run = () =>
    spawnSync(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, CI: 'true', NO_COLOR: '1', ...options.env },
      // No input: stdin is closed, as in a CI job, so nothing can wait on it.
      ...(options.input !== undefined ? { input: options.input } : { stdio: ['ignore', 'pipe', 'pipe'] }),
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      // spawnSync blocks the test worker, so vitest's own timeout cannot end a hung command: end it here.
      timeout: CLI_TIMEOUT_MS,
      killSignal: 'SIGKILL',
    });
  const timedOut = (r: ReturnType<typeof run>) => (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT';
  let res = run();
  if (timedOut(res)) {
    // A known, not yet explained idle hang of a scan child under a loaded full run (twice in ~20 local full runs,
    // never in a fresh clone): say so loudly and try once more, so the test still checks the command's output.
    process.stderr.write(`[test] provscan ${args.join(' ')} hung for ${CLI_TIMEOUT_MS} ms; killed, running it again\n`);
    res = run();
    if (timedOut(res))
      return {
        code: -1,
        stdout: res.stdout ?? '',
        stderr: `${res.stderr ?? ''}\n[test] provscan ${args.join(' ')} timed out twice after ${CLI_TIMEOUT_MS} ms`,
      };
  }
  return { code: res.status ?? -1, stdout: res.stdout, stderr: res.stderr };
}

/** Runs the CLI and parses stdout as JSON (fails the test with stderr when the command failed to print JSON). */
export function runCliJson<T = unknown>(
  args: ReadonlyArray<string>,
  options: Parameters<typeof runCli>[1] = {},
): { code: number; json: T; stderr: string } {
  const res = runCli(args, options);
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
export function corpusAdd(src: string, db: string, source: CorpusSource): void {
  const res = runCli([...corpusAddArgs(src, db, source), '--quiet']);
  if (res.code !== 0) throw new Error(`provscan corpus add ${src} failed (${res.code}): ${res.stderr}`);
}
