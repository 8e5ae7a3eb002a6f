// The GitHub Action (action.yml) and the GitLab CI template (ci/provscan.gitlab-ci.yml), run as their CI would run
// them: every `run:`/`script:` command in bash, with the inputs and variables a user sets, on a temporary project
// repository, installing provscan from a fresh copy of this checkout. The steps a shell cannot run (uploading an
// artifact, uploading SARIF to code scanning) are checked for what they would upload: files that exist and validate.
// Slow (real `npm ci` installs): runs when PROVSCAN_SLOW_TESTS=1, as .ci/run sets it.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { type FreshCopy, freshCopy, PROVSCAN_ROOT, SLOW_TESTS } from '../helpers/fresh-copy.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { run } from '../helpers/run.js';
import { cyclonedxErrors, jsonSchemaErrors, schemaPath } from '../sbom/validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped YAML
type Yaml = Record<string, any>;
const INSTALL_MS = 30 * 60_000;
// A CI runner's remote URL carries a token (GitLab's does): it must not reach the SARIF.
const REMOTE = 'https://gitlab-ci-token:s3cr3t-t0ken@gitlab.example.com/acme/demo.git';

let corpus: { db: string; cleanup(): void };
let copy: FreshCopy;
const cleanups: Array<() => void> = [];

/** An MIT project whose history holds a copy of the corpus's GPL code, or a clean one. */
function project(withCopy: boolean): TestRepo {
  const repo = mitProject();
  cleanups.push(() => repo.cleanup());
  if (withCopy) repo.write('src/utils.c', GPL_UTILS_C).commit('Add utils');
  repo.git('remote', 'add', 'origin', REMOTE);
  return repo;
}

function expectValidSarif(file: string): Yaml {
  const sarif = JSON.parse(readFileSync(file, 'utf8')) as Yaml;
  expect(jsonSchemaErrors(schemaPath('sarif-schema-2.1.0.json') as string, sarif)).toBeNull();
  expect(JSON.stringify(sarif)).not.toContain('s3cr3t');
  return sarif;
}

/** `${{ expr }}` as GitHub evaluates the few forms action.yml uses. */
function expand(value: unknown, ctx: { inputs: Record<string, string>; outputs: Record<string, string> }): string {
  return String(value ?? '').replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const input = /^inputs\.([\w-]+)$/.exec(expr);
    if (input) return ctx.inputs[input[1] as string] ?? '';
    const output = /^steps\.(\w+)\.outputs\.(\w+)$/.exec(expr);
    if (output) return ctx.outputs[`${output[1]}.${output[2]}`] ?? '';
    throw new Error(`action.yml uses an expression this test does not evaluate: ${expr}`);
  });
}

/** An `if:` of the forms action.yml uses: `inputs.NAME == 'VALUE'`. */
function condition(expr: unknown, inputs: Record<string, string>): boolean {
  if (expr === undefined) return true;
  const m = /^inputs\.([\w-]+) == '([^']*)'$/.exec(String(expr).trim());
  if (!m) throw new Error(`action.yml uses a condition this test does not evaluate: ${String(expr)}`);
  return inputs[m[1] as string] === m[2];
}

interface StepRun {
  readonly name: string;
  readonly code: number;
  readonly output: string;
}

/** Runs action.yml's steps on `repo` as a composite action, with the given inputs over the defaults. */
async function runAction(
  repo: TestRepo,
  given: Record<string, string>,
): Promise<{ steps: StepRun[]; uploads: Yaml[] }> {
  const action = parse(readFileSync(join(copy.path, 'action.yml'), 'utf8')) as Yaml;
  expect(action['runs']['using']).toBe('composite');
  const inputs: Record<string, string> = {};
  for (const [name, spec] of Object.entries(action['inputs'] as Yaml)) inputs[name] = String(spec['default'] ?? '');
  Object.assign(inputs, given);
  const temp = tempDir('provscan-runner-');
  cleanups.push(temp.cleanup);
  const outputs: Record<string, string> = {};
  const steps: StepRun[] = [];
  const uploads: Yaml[] = [];
  for (const step of action['runs']['steps'] as Yaml[]) {
    if (!condition(step['if'], inputs)) continue;
    if (step['uses']) {
      uploads.push({
        uses: step['uses'],
        with: Object.fromEntries(
          Object.entries(step['with'] ?? {}).map(([k, v]) => [k, expand(v, { inputs, outputs })]),
        ),
      });
      continue;
    }
    expect(step['shell']).toBe('bash');
    const outFile = join(temp.path, `output-${steps.length}`);
    writeFileSync(outFile, '');
    const env: NodeJS.ProcessEnv = {
      GITHUB_ACTION_PATH: copy.path,
      GITHUB_OUTPUT: outFile,
      RUNNER_TEMP: temp.path,
      CI: 'true',
    };
    for (const [k, v] of Object.entries((step['env'] ?? {}) as Yaml)) env[k] = expand(v, { inputs, outputs });
    // GitHub's bash for composite steps: `bash --noprofile --norc -eo pipefail {0}`
    const res = await run('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', String(step['run'])], {
      cwd: repo.path,
      env,
      timeoutMs: INSTALL_MS,
    });
    steps.push({ name: String(step['name']), code: res.code, output: res.output });
    for (const line of readFileSync(outFile, 'utf8').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0 && step['id']) outputs[`${step['id']}.${line.slice(0, eq)}`] = line.slice(eq + 1);
    }
    if (res.code !== 0) break; // a failed step ends the job
  }
  return { steps, uploads };
}

describe.skipIf(!SLOW_TESTS)('CI templates, run step by step on a temporary repository', () => {
  beforeAll(async () => {
    corpus = await gplCorpus();
    copy = freshCopy();
  });
  afterAll(() => {
    corpus?.cleanup();
    copy?.cleanup();
    for (const c of cleanups) c();
  });

  it(
    'GitHub Action: installs provscan, writes a valid SBOM and SARIF for the uploads, and fails the job on policy',
    async () => {
      const repo = project(true);
      const { steps, uploads } = await runAction(repo, { db: corpus.db });
      const summary = steps.map((s) => `${s.name}: ${s.code}`).join(', ');
      expect(
        steps.map((s) => s.name),
        summary,
      ).toEqual(['Install provscan', 'Scan', 'Write the SBOM and SARIF', 'Fail on policy']);
      expect(
        steps.slice(0, 3).map((s) => s.code),
        steps.map((s) => s.output).join('\n'),
      ).toEqual([0, 0, 0]);
      expect(steps[1]?.output).toContain('policy failure (fail-on error)'); // the reason, in the job log
      expect(steps[3]?.code).toBe(1);
      expect(steps[3]?.output).toContain('::error title=provscan::');

      const artifact = uploads.find((u) => String(u['uses']).startsWith('actions/upload-artifact@'));
      const sbomText = readFileSync(join(repo.path, artifact?.['with']['path']), 'utf8');
      expect(await cyclonedxErrors(sbomText, '1.6', 'json')).toBeNull();
      expect(sbomText).toContain('copyleft-in-permissive');
      const codeScanning = uploads.find((u) => String(u['uses']).startsWith('github/codeql-action/upload-sarif@'));
      const sarif = expectValidSarif(join(repo.path, codeScanning?.['with']['sarif_file']));
      expect(sarif['runs'][0]['results'][0]['ruleId']).toBe('copyleft-in-permissive');
      expect(sarif['runs'][0]['versionControlProvenance'][0]['repositoryUri']).toBe(
        'https://gitlab.example.com/acme/demo.git',
      );

      // the production install has no libxmljs2 (an optional peer): XML is written, and says it was not validated
      const xml = await run(
        process.execPath,
        [join(copy.path, 'bin/provscan.js'), 'sbom', '.', '--format', 'xml', '--db', corpus.db, '--fail-on', 'never'],
        { cwd: repo.path },
      );
      expect(xml.code, xml.stderr).toBe(0);
      expect(xml.stdout).toMatch(/^<\?xml /);
      expect(xml.stderr).toContain('written without schema validation: libxmljs2 is not installed');
    },
    INSTALL_MS + 120_000,
  );

  it('GitHub Action: passes a clean repository (provscan already installed: the install step reuses it)', async () => {
    const repo = project(false);
    const { steps } = await runAction(repo, { db: corpus.db, 'upload-sarif': 'false' });
    expect(
      steps.map((s) => s.code),
      steps.map((s) => `${s.name}: ${s.output}`).join('\n'),
    ).toEqual([0, 0, 0, 0]);
    expect(JSON.parse(readFileSync(join(repo.path, 'provscan.cdx.json'), 'utf8'))['bomFormat']).toBe('CycloneDX');
  });

  it(
    'GitLab template: clones and installs provscan, writes the cyclonedx report and SARIF, and fails on policy',
    async () => {
      const template = parse(readFileSync(join(copy.path, 'ci/provscan.gitlab-ci.yml'), 'utf8')) as Yaml;
      const job = template['provscan'] as Yaml;
      const home = tempDir('provscan-gitlab-');
      cleanups.push(home.cleanup);
      const variables: Record<string, string> = {
        ...(template['variables'] as Record<string, string>),
        ...(job['variables'] as Record<string, string>),
        // what a user sets: where provscan comes from, and a team corpus
        PROVSCAN_REPO: copy.path,
        PROVSCAN_REF: copy.tag,
        PROVSCAN_ARGS: `--db ${corpus.db}`,
        PROVSCAN_HOME: join(home.path, 'provscan'),
      };
      const repo = project(true);
      const env = Object.fromEntries(Object.entries(variables).map(([k, v]) => [k, String(v)]));
      // GitLab runs the script's lines in one shell that stops at the first failing one
      const res = await run(
        'bash',
        ['--noprofile', '--norc', '-eo', 'pipefail', '-c', (job['script'] as string[]).join('\n')],
        {
          cwd: repo.path,
          env: { ...env, CI: 'true' },
          timeoutMs: INSTALL_MS,
        },
      );
      expect(res.code, res.output).toBe(1);
      expect(res.output).toContain('policy failure (fail-on error)');
      const expandVars = (p: string) => p.replace(/\$(\w+)/g, (_, v: string) => env[v] ?? '');
      const [report] = (job['artifacts']['reports']['cyclonedx'] as string[]).map(expandVars);
      expect(await cyclonedxErrors(readFileSync(join(repo.path, report as string), 'utf8'), '1.6', 'json')).toBeNull();
      for (const p of (job['artifacts']['paths'] as string[]).map(expandVars)) {
        expect(readFileSync(join(repo.path, p)).length, p).toBeGreaterThan(0);
      }
      expect(job['artifacts']['when']).toBe('always');
      expectValidSarif(join(repo.path, variables['PROVSCAN_SARIF'] as string));
    },
    INSTALL_MS + 120_000,
  );
});

// The templates' own files are in this checkout (not only in a fresh copy) and name each other consistently.
describe('CI templates', () => {
  it('are YAML that names the provscan commands the README documents', () => {
    const action = parse(readFileSync(join(PROVSCAN_ROOT, 'action.yml'), 'utf8')) as Yaml;
    const gitlab = parse(readFileSync(join(PROVSCAN_ROOT, 'ci/provscan.gitlab-ci.yml'), 'utf8')) as Yaml;
    const readme = readFileSync(join(PROVSCAN_ROOT, 'README.md'), 'utf8');
    expect(Object.keys(action['inputs'] as Yaml)).toEqual(expect.arrayContaining(['path', 'db', 'sbom', 'sarif']));
    expect(gitlab['provscan']['script'].join('\n')).toContain('scan --from provscan-scan.json --format sarif');
    expect(readme).toContain('ci/provscan.gitlab-ci.yml');
    expect(readme).toMatch(/uses: [\w<>-]+\/provscan@v0\.1\.0/);
  });
});
