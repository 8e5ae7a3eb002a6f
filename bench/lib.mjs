// Shared by the benchmark scripts: each writes its own section of bench/RESULTS.md, stamped with the machine,
// the command and the date, leaving the other sections as they are.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';

const RESULTS = new URL('./RESULTS.md', import.meta.url);

export function machine() {
  const cpu = os.cpus()[0]?.model ?? 'unknown cpu';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
}

/** Replace (or append) the section named `name` in bench/RESULTS.md. `body` is Markdown. */
export function writeSection(name, title, command, body) {
  const begin = `<!-- bench:${name} -->`;
  const end = `<!-- /bench:${name} -->`;
  const stamp = `_Machine: ${machine()}. Command: \`${command}\`. Date: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC._`;
  const section = `${begin}\n## ${title}\n\n${stamp}\n\n${body.trim()}\n${end}`;
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench` (each script replaces its own section).\n';
  const i = text.indexOf(begin);
  const j = text.indexOf(end);
  if (i >= 0 && j > i) text = text.slice(0, i) + section + text.slice(j + end.length);
  else text = `${text.trimEnd()}\n\n${section}\n`;
  writeFileSync(RESULTS, text);
}

/** Peak resident set size of this process so far, in MB (Linux: VmHWM). */
export function peakRssMb() {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {}
  return process.memoryUsage().rss / 2 ** 20;
}

/**
 * Runs `provscan ARGS` in a fresh process and measures it: wall seconds, the process's own CPU seconds and peak RSS
 * (through bench/rusage-hook.mjs; apt, dpkg-source and git children not counted). Output is captured.
 */
export async function runProvscan(args, { cwd, env, input } = {}) {
  const { spawn } = await import('node:child_process');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { fileURLToPath } = await import('node:url');
  const bin = fileURLToPath(new URL('../bin/provscan.js', import.meta.url));
  const hook = new URL('./rusage-hook.mjs', import.meta.url).href;
  const dir = mkdtempSync(join(os.tmpdir(), 'provscan-bench-'));
  const usage = join(dir, 'usage.json');
  const t0 = performance.now();
  const child = spawn(process.execPath, ['--import', hook, bin, ...args], {
    cwd,
    env: { ...process.env, ...env, PROVSCAN_BENCH_RUSAGE: usage },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin.end(input);
  const out = [];
  const err = [];
  child.stdout.on('data', (c) => out.push(c));
  child.stderr.on('data', (c) => err.push(c));
  const code = await new Promise((resolve) => child.on('close', (c, s) => resolve(c ?? (s ? 128 : -1))));
  const wallS = (performance.now() - t0) / 1000;
  let cpuS = Number.NaN;
  let rssMb = Number.NaN;
  try {
    const u = JSON.parse(readFileSync(usage, 'utf8'));
    cpuS = (u.user + u.system) / 1e6;
    rssMb = u.maxRSS / 1024;
  } catch {}
  rmSync(dir, { recursive: true, force: true });
  return {
    code,
    stdout: Buffer.concat(out).toString('utf8'),
    stderr: Buffer.concat(err).toString('utf8'),
    wallS,
    cpuS,
    rssMb,
  };
}
