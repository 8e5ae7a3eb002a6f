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
