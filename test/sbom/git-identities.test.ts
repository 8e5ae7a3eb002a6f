// Real histories carry identities and messages that CycloneDX's schemas do not accept as they are: bot addresses
// (`…[bot]@users.noreply.github.com`, the address Devin commits with), `root@(none)` from an unconfigured machine,
// and control characters in messages and names (a pasted ANSI colour code, a form feed). The SBOM must stay valid:
// such an email is left out of the commit's author/committer, and XML gets U+FFFD for characters XML 1.0 forbids.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/repo.js';
import { cyclonedxErrors } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk untyped JSON documents
type Doc = Record<string, any>;
const ENV = { SOURCE_DATE_EPOCH: '1700000000' };
const DEVIN = {
  name: 'devin-ai-integration[bot]',
  email: '158243242+devin-ai-integration[bot]@users.noreply.github.com',
};
const UNCONFIGURED = { name: 'Build\u0001Box', email: 'root@(none)' };

describe('provscan sbom on a history with unusual identities and control characters', () => {
  const repo = TestRepo.create('provscan-identities-');

  beforeAll(() => {
    repo.write('package.json', `${JSON.stringify({ name: 'ids', version: '1.0.0', license: 'MIT' })}\n`);
    repo.write('main.js', 'export const main = () => 0;\n').commit('Initial commit');
    repo.write('devin.js', 'export function add(a, b) {\n  return a + b;\n}\n');
    repo.commit('Add add()\n\nWritten by Devin', { author: DEVIN });
    repo.write(
      'colour.js',
      'export const red = (s) => "\\u001b[31m" + s + "\\u001b[0m";\nexport const id = (s) => s;\n',
    );
    repo.commit('Colour \u001b[31mred\u001b[0m output\f\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n', {
      author: UNCONFIGURED,
    });
  });
  afterAll(() => repo.cleanup());

  it('writes valid JSON, keeping names and leaving out emails the schema rejects', async () => {
    const res = await runCli(['sbom', repo.path, '-q'], { env: ENV });
    expect(res.code, res.stderr).toBe(0);
    expect(await cyclonedxErrors(res.stdout, '1.6', 'json')).toBeNull();
    const doc = JSON.parse(res.stdout) as Doc;
    const commits = (doc['components'] as Doc[]).flatMap((c) => (c['pedigree']?.['commits'] ?? []) as Doc[]);
    const devin = commits.find((c) => c['author']['name'] === DEVIN.name);
    expect(devin, JSON.stringify(commits)).toBeDefined();
    expect(devin?.['author']).not.toHaveProperty('email');
    const colour = commits.find((c) => String(c['message']).startsWith('Colour'));
    expect(colour?.['author']).toMatchObject({ name: UNCONFIGURED.name });
    expect(colour?.['author']).not.toHaveProperty('email');
    // the JSON keeps the message as git has it (JSON escapes control characters)
    expect(colour?.['message']).toContain('\u001b[31mred');
  });

  it('writes valid XML with U+FFFD in place of characters XML 1.0 forbids', async () => {
    const res = await runCli(['sbom', repo.path, '-q', '--format', 'xml'], { env: ENV });
    expect(res.code, res.stderr).toBe(0);
    expect(await cyclonedxErrors(res.stdout, '1.6', 'xml')).toBeNull();
    expect(res.stdout).toContain('Colour \uFFFD[31mred\uFFFD[0m output');
    expect(res.stdout).toContain('<name>Build\uFFFDBox</name>');
    expect(res.stdout).toContain(`<name>${DEVIN.name}</name>`);
    expect(res.stdout).not.toContain('<email>root@(none)</email>');
  });
});
