// What a match reports must be what was measured: a copy with some lines changed by renames is not "100% exact".
// Runs the CLI on a real repository against a real corpus and reads every output that states a similarity.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ScanResult, SnippetMatch } from '../../src/model.js';
import { corpusAdd, runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { filler, realCode, slice } from '../corpus/helpers.js';

const CLAUDE = { name: 'Claude', email: 'noreply@anthropic.com' };

/**
 * Renames identifiers of `lines` consistently (whole words, outside strings), choosing names in order of first
 * appearance until about `target` lines are changed. Returns the new lines and how many changed.
 */
function renameSome(lines: ReadonlyArray<string>, target: number): { lines: string[]; changed: number } {
  const words = [...new Set(lines.join('\n').match(/\b[a-z][A-Za-z]{5,}\b/g) ?? [])];
  const chosen = new Map<string, string>();
  let out = [...lines];
  let changed = 0;
  for (const w of words) {
    const trial = new Map(chosen).set(w, `${w}Renamed`);
    const next = lines.map((l) =>
      l.replace(/(["'`])(?:\\.|(?!\1).)*\1|\b[A-Za-z_$][\w$]*\b/g, (m) => trial.get(m) ?? m),
    );
    const n = next.filter((l, i) => l !== lines[i]).length;
    if (n > target) continue;
    chosen.set(w, `${w}Renamed`);
    out = next;
    changed = n;
    if (n >= target - 1) break;
  }
  return { lines: out, changed };
}

describe('similarity says what was measured', () => {
  const tmp = tempDir('provscan-similarity-');
  const db = join(tmp.path, 'corpus.db');
  const repo = TestRepo.create();
  const command = realCode('commander/lib/command.js');
  // 97 dense lines of real code, and the same lines with 13 of them changed by consistent renames
  const original = slice(command, 1100, 97);
  const renamed = renameSome(original, 13);
  let scan: ScanResult;
  let text: string;

  beforeAll(async () => {
    const src = join(tmp.path, 'commander');
    mkdirSync(src);
    writeFileSync(join(src, 'command.js'), command);
    await corpusAdd(src, db, { name: 'commander', version: '14.0.0', license: 'GPL-3.0-only' });
    repo
      .write('LICENSE', realCode('commander/LICENSE'))
      .write('src/base.js', `${filler(50).join('\n')}\n`)
      .commit('Base');
    repo
      .write('src/verbatim.js', `${[...filler(60, 2), ...original, ...filler(60, 3)].join('\n')}\n`)
      .write('src/renamed.js', `${[...filler(60, 4), ...renamed.lines, ...filler(60, 5)].join('\n')}\n`)
      .commit('Add helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>', { author: CLAUDE });
    const out = join(tmp.path, 'scan.json');
    const res = await runCli(['scan', repo.path, '--db', db, '--format', 'json', '--output', out, '-q']);
    expect(res.stderr).toBe('');
    scan = JSON.parse(readFileSync(out, 'utf8')) as ScanResult;
    text = (await runCli(['scan', repo.path, '--db', db, '--format', 'text'])).stdout;
  });
  afterAll(() => {
    tmp.cleanup();
    repo.cleanup();
  });

  const only = (path: string): SnippetMatch => {
    const ms = scan.files.find((f) => f.path === path)?.matches ?? [];
    expect(ms).toHaveLength(1);
    return ms[0]!;
  };

  it('reports a verbatim copy as (nearly) all identical', () => {
    const m = only('src/verbatim.js');
    expect(m.channel).toBe('exact');
    expect(m.similarity).toBeGreaterThanOrEqual(0.97);
    expect(m.abstractShare ?? 0).toBeLessThanOrEqual(0.03);
  });

  it('reports a copy with 13 of 97 lines renamed as partly identical, the rest matching after renaming', () => {
    expect(renamed.changed).toBeGreaterThanOrEqual(11);
    expect(renamed.changed).toBeLessThanOrEqual(13);
    const m = only('src/renamed.js');
    // not "exact 100%": the renamed lines' tokens are not identical
    expect(m.similarity).toBeLessThan(0.97);
    expect(m.similarity).toBeGreaterThan(0.4);
    expect(m.abstractShare).toBeGreaterThan(0.03);
    expect(m.similarity + (m.abstractShare ?? 0)).toBeGreaterThan(0.85);
    expect(m.similarity + (m.abstractShare ?? 0)).toBeLessThanOrEqual(1);
  });

  it('words both shares in the text output, the conflict message and every document format', async () => {
    const m = only('src/renamed.js');
    const identical = `${Math.round(m.similarity * 100)}% identical`;
    const after = `${Math.round((m.abstractShare ?? 0) * 100)}% more after renaming`;
    expect(text).toContain(`${identical}, ${after}`);
    const conflict = scan.conflicts.find((c) => c.path === 'src/renamed.js');
    expect(conflict?.message).toContain(identical);
    expect(conflict?.match?.abstractShare).toBe(m.abstractShare);

    const sarifOut = join(tmp.path, 'scan.sarif');
    await runCli(['scan', repo.path, '--db', db, '--format', 'sarif', '--output', sarifOut]);
    const sarif = readFileSync(sarifOut, 'utf8');
    expect(sarif).toContain(identical);
    expect(sarif).toContain('"abstractShare"');

    const spdxOut = join(tmp.path, 'sbom.spdx.json');
    await runCli(['sbom', repo.path, '--db', db, '--format', 'spdx-json', '--output', spdxOut]);
    expect(readFileSync(spdxOut, 'utf8')).toContain(`${identical}, ${after}`);

    const cdxOut = join(tmp.path, 'sbom.cdx.json');
    await runCli(['sbom', repo.path, '--db', db, '--output', cdxOut]);
    const cdx = readFileSync(cdxOut, 'utf8');
    expect(cdx).toContain('provscan:match:abstract-share');
    expect(cdx).toContain(`${identical}, ${after}`);

    const reportOut = join(tmp.path, 'report.md');
    await runCli(['report', repo.path, '--db', db, '--format', 'markdown', '--output', reportOut]);
    expect(readFileSync(reportOut, 'utf8')).toContain(
      `${Math.round(m.similarity * 100)}% + ${Math.round((m.abstractShare ?? 0) * 100)}% renamed`,
    );
  });
});
