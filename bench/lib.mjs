// Shared by the benchmark scripts: each writes its own section of bench/RESULTS.md, stamped with the machine,
// the command and the date, leaving the other sections as they are.
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
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
 * Real code files under a node_modules folder (JS/TS with declarations, C/C++, Python, Java; no minified files), in a
 * deterministic order: the corpus and scan sides of the corpus benchmarks are cut from this list.
 */
export function nodeModulesCode(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    if (name === '.bin' || name === '.cache') continue;
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) nodeModulesCode(p, out);
    else if (
      /\.(js|mjs|cjs|ts|c|h|cc|cpp|py|java)$/.test(name) &&
      !/\.min\.js$/.test(name) &&
      st.size > 512 &&
      st.size < 8_000_000
    )
      out.push(p);
  }
  return out;
}
