import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/** Long option names in a command's help text. */
function flags(help: string): Set<string> {
  return new Set([...help.matchAll(/^\s+(?:-\w, )?(--[\w-]+)/gm)].map((m) => m[1] as string));
}

describe('provscan check options', () => {
  it('offers every shared scan option that provscan scan offers', async () => {
    const scan = flags((await runCli(['scan', '--help'])).stdout);
    const check = flags((await runCli(['check', '--help'])).stdout);
    for (const own of ['--format', '--output', '--help']) scan.delete(own);
    expect(scan.size).toBeGreaterThan(4);
    for (const f of scan) expect(check, `check is missing ${f}`).toContain(f);
  });

  it('rejects an unknown log source and an unknown format with exit 2', async () => {
    expect((await runCli(['check', '--staged', '--from', 'notepad'])).stderr).toMatch(
      /--from: unknown log source "notepad"/,
    );
    const bad = await runCli(['check', '--staged', '--format', 'xml']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--format: unknown format "xml"/);
  });
});
