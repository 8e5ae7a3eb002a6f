// Options are defined once (cli/option-groups.ts) and mean one thing everywhere: every command's --help lists
// exactly the options it reads, and a flag name has one description wherever it appears.
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Each option of a help text: its long name and its description (continuation lines joined). */
function options(help: string): Map<string, string> {
  const out = new Map<string, string>();
  const lines = help.split('\n');
  const start = lines.findIndex((l) => l.startsWith('Options:'));
  let current: string | undefined;
  for (const line of lines.slice(start + 1)) {
    if (line.trim() === '' || /^\S/.test(line)) break;
    const m = /^\s{2}(?:-\w, )?(--[\w-]+)(?: <[^>]+>)?\s+(.*)$/.exec(line);
    if (m) {
      current = m[1] as string;
      out.set(current, (m[2] as string).trim());
    } else if (current) out.set(current, `${out.get(current)} ${line.trim()}`);
  }
  return out;
}

const SCAN = ['--db', '--license', '--config', '--fail-on', '--only-ai', '--no-cache'];
const OUTPUT = ['--format', '--output', '--quiet'];

/** What each command reads: nothing more is offered, nothing it reads is missing. */
const EXPECTED: Record<string, string[]> = {
  scan: [...OUTPUT, '--from', ...SCAN],
  sbom: [...OUTPUT, '--spec', '--merge', '--all-files', '--serial', '--from', ...SCAN],
  report: [...OUTPUT, '--from', '--root', ...SCAN],
  notice: ['--output', '--quiet', '--db', '--license', '--config', '--only-ai', '--no-cache'],
  check: ['--staged', ...OUTPUT, '--logs', '--no-logs', ...SCAN],
  stats: [...OUTPUT, '--depth', '--config', '--no-cache'],
  blame: [...OUTPUT, '--config', '--no-cache'],
  record: ['--logs', '--head', '--claude-dir', '--json', '--quiet', '--no-cache'],
};

describe('command options', () => {
  it('lists exactly the options each command reads', async () => {
    for (const [command, expected] of Object.entries(EXPECTED)) {
      const help = options((await runCli([command, '--help'])).stdout);
      help.delete('--help');
      expect([...help.keys()].sort(), command).toEqual([...expected].sort());
    }
  });

  it('gives a flag the same description in every command that has it', async () => {
    const seen = new Map<string, { command: string; text: string }>();
    for (const command of Object.keys(EXPECTED)) {
      for (const [flag, text] of options((await runCli([command, '--help'])).stdout)) {
        if (flag === '--help' || flag === '--format') continue; // the formats differ; the meaning does not
        const first = seen.get(flag);
        if (!first) seen.set(flag, { command, text });
        else expect(`${command} ${flag}: ${text}`).toBe(`${command} ${flag}: ${first.text}`);
      }
    }
    expect(seen.size).toBeGreaterThan(12);
  });

  it('refuses options a command does not read, with exit 2', async () => {
    for (const args of [
      ['stats', '--fail-on', 'never'],
      ['stats', '--db', 'x.db'],
      ['notice', '--fail-on', 'never'],
      ['check', '--staged', '--from', 'codex'],
    ]) {
      const res = await runCli(args);
      expect(res.code, args.join(' ')).toBe(2);
      expect(res.stderr, args.join(' ')).toMatch(/unknown option/);
    }
  });

  it('rejects an unknown log source and an unknown format with exit 2', async () => {
    const source = await runCli(['check', '--staged', '--logs', 'notepad']);
    expect(source.code).toBe(2);
    expect(source.stderr).toMatch(/--logs: unknown log source "notepad"/);
    const bad = await runCli(['check', '--staged', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: unknown format "xml"/);
  });
});
