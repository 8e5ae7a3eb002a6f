// `provscan scan` and `provscan check --staged` share one step from files to findings (src/scan-core.ts): the same
// staged change gives the same findings through both, REUSE annotations included.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conflict, FileResult, ScanResult } from '../../src/index.js';
import { runCliJson } from '../helpers/cli.js';
import { GPL_UTILS_C, gplCorpus, mitProject, originalCode } from './fixtures.js';

let corpus: { db: string; cleanup(): void };
const cleanups: Array<() => void> = [];
beforeAll(async () => {
  corpus = await gplCorpus();
});
afterAll(() => {
  corpus.cleanup();
  for (const c of cleanups) c();
});

function project() {
  const repo = mitProject();
  cleanups.push(() => repo.cleanup());
  return repo;
}

/** What a finding says, without what differs by design between a work-tree scan and a staged check. */
const finding = (c: Conflict) => ({
  path: c.path,
  start: c.start,
  end: c.end,
  license: c.license,
  projectLicense: c.projectLicense,
  severity: c.severity,
  rule: c.rule,
  verdict: c.verdict,
  message: c.message,
});
const judged = (f: FileResult) => ({
  path: f.path,
  license: f.license ?? null,
  sha256: f.sha256,
  sha1: f.sha1,
  matches: f.matches.map((m) => ({ start: m.start, end: m.end, similarity: m.similarity, bytes: m.bytes })),
});

interface CheckJson extends ScanResult {
  readonly check: { readonly failing: number };
}

describe('scan and check --staged agree', () => {
  it('judge a staged GPL copy under a REUSE annotation the same way (a notice, exit 0)', async () => {
    const repo = project();
    repo.write(
      'REUSE.toml',
      'version = 1\n[[annotations]]\npath = "src/vendor/**"\nSPDX-License-Identifier = "GPL-3.0-or-later"\n',
    );
    repo.commit('Vendored code is GPL-3.0-or-later');
    repo.write('src/vendor/utils.c', GPL_UTILS_C);
    repo.git('add', 'src/vendor/utils.c');
    const scanned = await runCliJson<ScanResult>(['scan', repo.path, '--db', corpus.db, '--format', 'json', '-q']);
    const checked = await runCliJson<CheckJson>(
      ['check', '--staged', '--db', corpus.db, '--format', 'json', '--no-logs', '-q'],
      { cwd: repo.path },
    );
    expect(scanned.code, scanned.stderr).toBe(0);
    expect(checked.code, checked.stderr).toBe(0);
    const file = scanned.json.files.find((f) => f.path === 'src/vendor/utils.c');
    expect(file?.license).toBe('GPL-3.0-or-later');
    expect(file?.matches.length).toBeGreaterThan(0);
    expect(checked.json.files.map(judged)).toEqual(scanned.json.files.filter((f) => f.path === file?.path).map(judged));
    expect(checked.json.conflicts.map(finding)).toEqual(scanned.json.conflicts.map(finding));
    expect(checked.json.conflicts.every((c) => c.severity !== 'error')).toBe(true);
  });

  it('give the same findings for the same staged change, through the library calls', async () => {
    // the built library, as a library user imports it (package.json "exports")
    const { checkStaged, scan } = (await import(
      new URL('../../dist/bundle/index.js', import.meta.url).href
    )) as typeof import('../../src/index.js');
    const repo = project();
    repo.write('src/utils.c', GPL_UTILS_C).write('src/mix.c', originalCode(12));
    repo.git('add', 'src/utils.c', 'src/mix.c');
    const scanned = await scan({ path: repo.path, dbs: [corpus.db], staged: true, useCache: false });
    const checked = await checkStaged({ path: repo.path, dbs: [corpus.db], logs: false, cache: false });
    const staged = new Set(['src/utils.c', 'src/mix.c']);
    expect(scanned.conflicts.length).toBeGreaterThan(0);
    expect(checked.result.conflicts.map(finding)).toEqual(scanned.conflicts.map(finding));
    expect(checked.result.files.map(judged)).toEqual(scanned.files.filter((f) => staged.has(f.path)).map(judged));
    expect(checked.result.waivers).toEqual(scanned.waivers);
  });
});
