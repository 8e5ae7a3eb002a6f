// provscan's SARIF checked by Microsoft's SARIF Multitool (`validate`, with the SARIF spec rules and GitHub's
// ingestion rules), the tool GitHub points SARIF producers to. It used to note SARIF2012 (rules without helpUri)
// and SARIF2003 (no versionControlProvenance); no error or warning may remain. Also: the one-line reason on stderr
// when a policy failure goes to a file.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { run } from '../helpers/run.js';

// the platform binary the package's own launcher would run through a shell
const MULTITOOL = createRequire(import.meta.url)('@microsoft/sarif-multitool') as string;

// biome-ignore lint/suspicious/noExplicitAny: SARIF is walked untyped
type Sarif = Record<string, any>;

let corpus: { db: string; cleanup(): void };
let repo: TestRepo;
const out = tempDir('provscan-sarif-');
beforeAll(async () => {
  corpus = await gplCorpus();
  repo = mitProject();
  repo.write('src/utils.c', GPL_UTILS_C).commit('Add utils');
  repo.git('remote', 'add', 'origin', 'https://ci-user:t0ken@git.example.com/acme/demo.git');
});
afterAll(() => {
  corpus.cleanup();
  repo.cleanup();
  out.cleanup();
});

async function multitool(file: string): Promise<Sarif[]> {
  const report = `${file}.validation.sarif`;
  const res = await run(
    MULTITOOL,
    [
      'validate',
      file,
      '-o',
      report,
      '--log',
      'ForceOverwrite',
      '--rule-kind',
      'Sarif;Gh',
      '--level',
      'Error;Warning;Note',
    ],
    { env: { DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' } },
  );
  expect(res.code, res.output).toBe(0);
  return (JSON.parse(readFileSync(report, 'utf8')) as Sarif)['runs'][0]['results'] as Sarif[];
}

describe('SARIF output and the SARIF Multitool', () => {
  it('has a helpUri per rule and versionControlProvenance, and no Multitool error or warning', async () => {
    const file = join(out.path, 'scan.sarif');
    const res = await runCli(['scan', '.', '--format', 'sarif', '-o', file, '--db', corpus.db], { cwd: repo.path });
    expect(res.code, res.stderr).toBe(1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as Sarif;
    const run0 = sarif['runs'][0];
    for (const rule of run0['tool']['driver']['rules'] as Sarif[]) {
      expect(rule['helpUri']).toMatch(new RegExp(`^https://.+/docs/policy\\.md#${rule['id']}$`));
    }
    expect(run0['versionControlProvenance']).toEqual([
      {
        repositoryUri: 'https://git.example.com/acme/demo.git',
        revisionId: repo.git('rev-parse', 'HEAD').trim(),
        branch: 'main',
        mappedTo: { uriBaseId: '%SRCROOT%' },
      },
    ]);
    expect(readFileSync(file, 'utf8')).not.toContain('t0ken');

    const results = await multitool(file);
    const ids = results.map((r) => r['ruleId']);
    expect(ids).not.toContain('SARIF2012');
    expect(ids).not.toContain('SARIF2003');
    expect(results.filter((r) => r['level'] === 'error' || r['level'] === 'warning')).toEqual([]);
  });

  it('the Multitool flags what provscan used to write (no helpUri, no versionControlProvenance)', async () => {
    const file = join(out.path, 'old.sarif');
    const res = await runCli(['scan', '.', '--format', 'sarif', '-o', file, '--db', corpus.db, '-q'], {
      cwd: repo.path,
    });
    expect(res.code).toBe(1);
    const sarif = JSON.parse(readFileSync(file, 'utf8')) as Sarif;
    for (const rule of sarif['runs'][0]['tool']['driver']['rules'] as Sarif[]) delete rule['helpUri'];
    delete sarif['runs'][0]['versionControlProvenance'];
    const { writeFileSync } = await import('node:fs');
    writeFileSync(file, JSON.stringify(sarif));
    const ids = (await multitool(file)).map((r) => r['ruleId']);
    expect(ids).toContain('SARIF2012');
    expect(ids).toContain('SARIF2003');
  });

  it('renders the same SARIF from a saved scan (scan --from), as the CI templates do', async () => {
    const env = { SOURCE_DATE_EPOCH: '1764489600' };
    const json = join(out.path, 'scan.json');
    const direct = await runCli(['scan', '.', '--format', 'sarif', '--db', corpus.db, '-q'], { cwd: repo.path, env });
    const saved = await runCli(['scan', '.', '--format', 'json', '-o', json, '--db', corpus.db, '-q'], {
      cwd: repo.path,
      env,
    });
    expect(saved.code).toBe(1);
    const rendered = await runCli(['scan', '--from', json, '--format', 'sarif', '--fail-on', 'never'], { env });
    expect(rendered.code, rendered.stderr).toBe(0);
    expect(rendered.stdout).toBe(direct.stdout);
  });

  it('says in one stderr line why a run whose output went to a file failed the policy, unless --quiet', async () => {
    const sbom = join(out.path, 'bom.json');
    const res = await runCli(['sbom', '.', '-o', sbom, '--db', corpus.db], { cwd: repo.path });
    expect(res.code).toBe(1);
    const lines = res.stderr.split('\n').filter((l) => l.startsWith('provscan: policy failure'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^provscan: policy failure \(fail-on error\): 1 finding\(s\): src\/utils\.c:\d+-\d+ copyleft-in-permissive \(GPL-3\.0-or-later, error\); details in .*bom\.json$/,
    );
    const quiet = await runCli(['sbom', '.', '-o', sbom, '--db', corpus.db, '--quiet'], { cwd: repo.path });
    expect(quiet.code).toBe(1);
    expect(quiet.stderr).toBe('');
    const toStdout = await runCli(['scan', '.', '--format', 'json', '--db', corpus.db, '-q'], { cwd: repo.path });
    expect(toStdout.code).toBe(1);
    expect(toStdout.stderr).not.toContain('policy failure');
  });
});
