// End to end: a real repository where an AI commit (Claude Code trailer) copies GPL code that a corpus built with
// `provscan corpus add` knows, rendered by the built CLI into every format and validated against the schemas.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { corpusAddArgs, runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { cyclonedxErrors, jsonSchemaErrors, schemaPath } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped JSON documents
type Doc = Record<string, any>;
const SERIAL = 'urn:uuid:3e671687-395b-41f5-a30f-a58921a69b79';
const ENV = { SOURCE_DATE_EPOCH: '1700000000' };
const NPM_BIN = new URL('../../node_modules/.bin/cyclonedx-npm', import.meta.url).pathname;

/** Eight small C functions, distinct enough for the fingerprints to place a copy. */
function gplFunctions(): string[] {
  const out: string[] = [];
  for (let i = 1; i <= 8; i++) {
    out.push(
      [
        `int nano_utility_${i}(const char *text, int width_${i}, int *result_${i})`,
        '{',
        `    int count_${i} = 0;`,
        "    for (int index = 0; text[index] != '\\0'; index++) {",
        "        if (text[index] == ' ' || text[index] == '\\t') {",
        `            count_${i} += width_${i} * ${i};`,
        '        } else {',
        `            count_${i} -= index % ${i + 1};`,
        '        }',
        '    }',
        `    *result_${i} = count_${i} + ${i * 7};`,
        `    return count_${i} > width_${i} ? ${i} : -${i};`,
        '}',
        '',
      ].join('\n'),
    );
  }
  return out;
}

describe('provscan sbom on a repository with an AI-copied GPL snippet', () => {
  const work = tempDir('provscan-sbom-');
  const repo = TestRepo.create('provscan-sbom-repo-');
  const db = join(work.path, 'corpus.db');
  const codes: number[] = [];
  const cli = async (args: string[], env: NodeJS.ProcessEnv = ENV) => {
    const res = await runCli(args, { env });
    codes.push(res.code);
    return res;
  };

  beforeAll(async () => {
    const functions = gplFunctions();
    const src = join(work.path, 'nano-src');
    mkdirSync(join(src, 'src'), { recursive: true });
    writeFileSync(join(src, 'src/utils.c'), `/* nano utilities */\n#include <stdio.h>\n\n${functions.join('\n')}`);
    const add = await cli([
      ...corpusAddArgs(src, db, { name: 'nano', license: 'GPL-3.0-or-later', purl: 'pkg:generic/nano@7.2' }),
      '-q',
    ]);
    expect(add.code, add.stderr).toBe(0);

    repo.write('package.json', `${JSON.stringify({ name: 'demo-app', version: '1.2.3', license: 'MIT' })}\n`);
    repo.write('main.c', 'int main(void) { return 0; }\n').commit('Initial commit');
    repo.write('helpers.c', `#include <stdio.h>\n\n${functions.slice(2, 5).join('\n')}`);
    repo.commit('Add text helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n');
  });
  afterAll(() => {
    repo.cleanup();
    work.cleanup();
  });

  it('writes a valid CycloneDX 1.6 JSON SBOM naming the AI lines and the GPL match, and exits 1 for the conflict', async () => {
    const res = await cli(['sbom', repo.path, '--db', db, '-q', '--serial', SERIAL]);
    expect(res.code, res.stderr).toBe(1);
    expect(await cyclonedxErrors(res.stdout, '1.6', 'json')).toBeNull();
    const doc = JSON.parse(res.stdout) as Doc;
    expect(doc['metadata']['component']).toMatchObject({ name: 'demo-app', version: '1.2.3' });
    const helpers = (doc['components'] as Doc[]).find((c) => c['name'] === 'helpers.c')!;
    const props = Object.fromEntries((helpers['properties'] as Doc[]).map((p) => [p['name'], p['value']]));
    expect(props['provscan:ai:agents']).toBe('claude-code');
    expect(props['provscan:match:licenses']).toBe('GPL-3.0-or-later');
    const variant = helpers['pedigree']['variants'][0];
    expect(variant).toMatchObject({ name: 'nano', purl: 'pkg:generic/nano@7.2' });
    expect(variant['evidence']['occurrences'][0]['location']).toBe('helpers.c');
    expect(helpers['pedigree']['commits'][0]['message']).toContain('Co-Authored-By: Claude <noreply@anthropic.com>');
    const text = (doc['annotations'] as Doc[]).map((a) => a['text']).join('\n');
    expect(text).toMatch(/helpers\.c: Lines 1–\d+ written by Claude Code in commit [0-9a-f]{7}/);
    expect(text).toMatch(/lines \d+–\d+ match nano src\/utils\.c:\d+-\d+ \(GPL-3\.0-or-later\)/);
    expect(text).toContain('incompatible with MIT');
  });

  it('exits 0 with --fail-on never and still writes the SBOM', async () => {
    const out = join(work.path, 'never.json');
    const res = await cli(['sbom', repo.path, '--db', db, '-q', '--fail-on', 'never', '-o', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).bomFormat).toBe('CycloneDX');
  });

  for (const spec of ['1.5', '1.6', '1.7'] as const) {
    for (const format of ['json', 'xml'] as const) {
      it(`writes CycloneDX ${spec} ${format.toUpperCase()} that validates`, async () => {
        const res = await cli([
          'sbom',
          repo.path,
          '--db',
          db,
          '-q',
          '--spec',
          spec,
          '--format',
          format,
          '--fail-on',
          'never',
        ]);
        expect(res.code, res.stderr).toBe(0);
        expect(await cyclonedxErrors(res.stdout, spec, format)).toBeNull();
        expect(res.stdout).toContain('Claude Code');
      });
    }
  }

  it('gives byte-identical output for two runs on the same commit with SOURCE_DATE_EPOCH and --serial', async () => {
    for (const format of ['json', 'xml', 'spdx-json']) {
      const a = await cli([
        'sbom',
        repo.path,
        '--db',
        db,
        '-q',
        '--format',
        format,
        '--serial',
        SERIAL,
        '--fail-on',
        'never',
      ]);
      const b = await cli([
        'sbom',
        repo.path,
        '--db',
        db,
        '-q',
        '--format',
        format,
        '--serial',
        SERIAL,
        '--fail-on',
        'never',
      ]);
      expect(a.code).toBe(0);
      const diff = a.stdout.split('\n').findIndex((line, i) => line !== b.stdout.split('\n')[i]);
      expect(diff, `${format}: first difference at line ${diff + 1}`).toBe(-1);
      expect(b.stdout).toBe(a.stdout);
    }
  });

  it('renders a saved scan with --from exactly as a fresh scan', async () => {
    const scanFile = join(work.path, 'scan.json');
    expect((await cli(['scan', repo.path, '--db', db, '-q', '--format', 'json', '-o', scanFile])).code).toBe(1);
    const fresh = await cli(['sbom', repo.path, '--db', db, '-q', '--serial', SERIAL]);
    const saved = await cli(['sbom', '--from', scanFile, '--serial', SERIAL]);
    expect(saved.code, saved.stderr).toBe(1);
    expect(fresh.code, fresh.stderr).toBe(1);
    expect(saved.stdout).toBe(fresh.stdout);
  });

  it('rejects a --from file that is not a provscan scan with exit 2 naming it', async () => {
    const other = join(work.path, 'other.json');
    writeFileSync(other, '{"bomFormat":"CycloneDX"}');
    const res = await cli(['sbom', '--from', other]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`${other}: not a provscan scan JSON`);
  });

  it('writes SPDX 2.3 JSON with a snippet for the match', async () => {
    const res = await cli(['sbom', repo.path, '--db', db, '-q', '--format', 'spdx-json', '--fail-on', 'never']);
    expect(res.code, res.stderr).toBe(0);
    const doc = JSON.parse(res.stdout) as Doc;
    const schema = schemaPath('spdx-schema-2.3.json');
    expect(schema).toBeDefined();
    expect(jsonSchemaErrors(schema!, doc)).toBeNull();
    expect(doc['snippets'][0]).toMatchObject({ licenseConcluded: 'GPL-3.0-or-later' });
    expect(doc['files'][0]['checksums'][0]['algorithm']).toBe('SHA1');
  });

  it('writes SARIF for the conflict with a region in helpers.c', async () => {
    const res = await cli(['scan', repo.path, '--db', db, '-q', '--format', 'sarif']);
    expect(res.code).toBe(1);
    const log = JSON.parse(res.stdout) as Doc;
    const schema = schemaPath('sarif-schema-2.1.0.json');
    expect(schema).toBeDefined();
    expect(jsonSchemaErrors(schema!, log)).toBeNull();
    const [result] = log['runs'][0]['results'] as Doc[];
    expect(result!['ruleId']).toBe('copyleft-in-permissive');
    expect(result!['locations'][0]['physicalLocation']['artifactLocation']['uri']).toBe('helpers.c');
    expect(result!['locations'][0]['physicalLocation']['region']['startLine']).toBeGreaterThanOrEqual(1);
  });

  it('merges into an SBOM made by cyclonedx-npm, keeping its components', async () => {
    const project = join(work.path, 'npm-project');
    mkdirSync(join(project, 'local-lib'), { recursive: true });
    writeFileSync(join(project, 'local-lib/package.json'), '{"name":"local-lib","version":"0.1.0","license":"ISC"}\n');
    writeFileSync(
      join(project, 'package.json'),
      '{"name":"demo-app","version":"1.2.3","license":"MIT","private":true,"dependencies":{"local-lib":"file:./local-lib"}}\n',
    );
    execFileSync('npm', ['install', '--ignore-scripts', '--no-audit', '--no-fund', '--offline', '-q'], {
      cwd: project,
      stdio: 'pipe',
    });
    const bomFile = join(project, 'bom.json');
    execFileSync(NPM_BIN, ['--output-format', 'JSON', '--spec-version', '1.6', '--output-file', bomFile], {
      cwd: project,
      stdio: 'pipe',
    });
    const input = JSON.parse(readFileSync(bomFile, 'utf8')) as Doc;

    const res = await cli(['sbom', repo.path, '--db', db, '-q', '--merge', bomFile, '--serial', SERIAL]);
    expect(res.code, res.stderr).toBe(1);
    expect(await cyclonedxErrors(res.stdout, '1.6', 'json')).toBeNull();
    const merged = JSON.parse(res.stdout) as Doc;
    for (const c of input['components'] as Doc[]) expect(merged['components']).toContainEqual(c);
    // kept, with the empty dependsOn lists cyclonedx-npm leaves out written (cdxgen's validator needs them)
    expect(merged['dependencies']).toEqual(
      (input['dependencies'] as Doc[]).map((d) => ({ ...d, dependsOn: d['dependsOn'] ?? [] })),
    );
    expect(merged['metadata']['component']['bom-ref']).toBe(input['metadata']['component']['bom-ref']);
    const toolNames = (merged['metadata']['tools']['components'] as Doc[]).map((t) => t['name']);
    expect(toolNames).toEqual(expect.arrayContaining(['cyclonedx-npm', 'provscan', 'corpus.db']));
    expect((merged['components'] as Doc[]).map((c) => c['name'])).toContain('helpers.c');
    expect((merged['annotations'] as Doc[]).some((a) => String(a['text']).includes('Claude Code'))).toBe(true);
  });

  it('rejects a --merge file that cannot be read with exit 2 naming it', async () => {
    const missing = join(work.path, 'missing-bom.json');
    const res = await cli(['sbom', repo.path, '--db', db, '-q', '--merge', missing]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(missing);
  });

  it('rejects bad option values with exit 2', async () => {
    expect((await cli(['sbom', repo.path, '--spec', '1.4'])).stderr).toContain(
      '--spec: expected 1.5, 1.6, 1.7, got "1.4"',
    );
    expect((await cli(['sbom', repo.path, '--format', 'yaml'])).code).toBe(2);
    expect((await cli(['sbom', repo.path, '--serial', 'not-a-urn'])).code).toBe(2);
    expect((await cli(['sbom', repo.path, '--format', 'xml', '--merge', 'x.json'])).code).toBe(2);
  });

  it('never exits 3 (an internal error) in any of these runs', () => {
    expect(codes.length).toBeGreaterThan(10);
    expect(codes).not.toContain(3);
  });
});
