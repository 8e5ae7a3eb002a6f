// `corpus list` and `corpus stats` read the bundled corpus when no --db is given, like every scanning command.
import { describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/cli.js';

describe('corpus list / stats without --db', () => {
  it('lists the sources of the bundled corpus', async () => {
    const res = await runCliJson<Array<{ name: string; license: string }>>(['corpus', 'list', '--json']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.json.map((r) => r.name)).toContain('@ckeditor/ckeditor5-utils');
  });

  it('counts the bundled corpus', async () => {
    const res = await runCli(['corpus', 'stats']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^corpus {7}.*fingerprints\/default\.db \(schema \d+/);
    expect(res.stdout).toMatch(/^sources {6}[1-9]\d*$/m);
  });
});
