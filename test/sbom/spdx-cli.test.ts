// `provscan sbom --format spdx-json` on a real repository, checked against the official SPDX 2.3 JSON schema and
// against the specification's rules the schema does not encode (test/sbom/spdx-rules.ts): the mandatory snippet
// byte range (§9.3), a package that contains files only when they were analysed (§7.8), its verification code
// (§7.9), relationships between existing elements (§11). Byte ranges are checked against the file's own bytes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { type TestRepo, tempDir } from '../helpers/repo.js';
import { spdxRuleErrors } from './spdx-rules.js';
import { jsonSchemaErrors, schemaPath } from './validate.js';

// biome-ignore lint/suspicious/noExplicitAny: the tests walk an untyped JSON document
type Doc = Record<string, any>;
const SCHEMA = schemaPath('spdx-schema-2.3.json') as string;
// UTF-8 text of more bytes than characters before the copied code, so byte and character offsets differ
const PREAMBLE = '/* Größenberechnung — für Zeichenketten, ½ Zeile */\n#include "editor.h"\r\n\n';

let corpus: { db: string; cleanup(): void };
let repo: TestRepo;
const cleanups: Array<() => void> = [];
beforeAll(async () => {
  corpus = await gplCorpus();
  repo = mitProject();
  repo.write('src/editor.c', `${PREAMBLE}${GPL_UTILS_C}\nint tail(void)\n{\n\treturn 0;\n}\n`);
  repo.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0, 1, 2]));
  repo.commit('Add the editor');
});
afterAll(() => {
  corpus.cleanup();
  repo.cleanup();
  for (const c of cleanups) c();
});

async function spdxOf(args: string[]): Promise<Doc> {
  const res = await runCli(['sbom', '.', '--format', 'spdx-json', '--db', corpus.db, '--quiet', ...args], {
    cwd: repo.path,
  });
  expect(res.code, res.stderr).toBe(1); // the GPL copy fails the MIT project's policy; the document is written
  return JSON.parse(res.stdout) as Doc;
}

function sizes(doc: Doc): Map<string, number> {
  return new Map(
    (doc['files'] as Doc[]).map((f) => [f['fileName'], readFileSync(join(repo.path, f['fileName'])).length] as const),
  );
}

/** Each snippet's byte range holds exactly the lines of its line range, in the file's bytes. */
function expectRangesAgree(doc: Doc): number {
  const files = new Map((doc['files'] as Doc[]).map((f) => [f['SPDXID'], f['fileName']] as const));
  let checked = 0;
  for (const s of doc['snippets'] as Doc[]) {
    const bytes = readFileSync(join(repo.path, files.get(s['snippetFromFile'])));
    const [byteRange, lineRange] = s['ranges'] as Doc[];
    const slice = bytes.subarray(byteRange!['startPointer']['offset'] - 1, byteRange!['endPointer']['offset']);
    const lines = bytes.toString('utf8').split(/(?<=\n)/);
    const expected = lines
      .slice(lineRange!['startPointer']['lineNumber'] - 1, lineRange!['endPointer']['lineNumber'])
      .join('');
    expect(slice.toString('utf8')).toBe(expected);
    checked++;
  }
  return checked;
}

describe('provscan sbom --format spdx-json', () => {
  it('writes a document the SPDX 2.3 schema and rules accept, with byte ranges that hold the matched lines', async () => {
    const doc = await spdxOf([]);
    expect(jsonSchemaErrors(SCHEMA, doc)).toBeNull();
    expect(spdxRuleErrors(doc, sizes(doc))).toEqual([]);
    expect(expectRangesAgree(doc)).toBeGreaterThan(0);
    const pkg = (doc['packages'] as Doc[])[0] as Doc;
    expect(pkg['filesAnalyzed']).toBe(true);
    expect(pkg['packageVerificationCode']).toBeUndefined(); // only the file with findings is described
    expect(pkg['comment']).toContain('Only the 1 file(s)');
  });

  it('with --all-files describes every scanned file, with the package verification code, skipped files excluded', async () => {
    const doc = await spdxOf(['--all-files']);
    expect(jsonSchemaErrors(SCHEMA, doc)).toBeNull();
    expect(spdxRuleErrors(doc, sizes(doc))).toEqual([]);
    expectRangesAgree(doc);
    const pkg = (doc['packages'] as Doc[])[0] as Doc;
    expect((doc['files'] as Doc[]).map((f) => f['fileName']).sort()).toEqual([
      './package.json',
      './src/editor.c',
      './src/main.c',
    ]);
    expect(pkg['packageVerificationCode']['packageVerificationCodeValue']).toMatch(/^[0-9a-f]{40}$/);
    expect(pkg['packageVerificationCode']['packageVerificationCodeExcludedFiles']).toEqual(['./assets/logo.png']);
  });

  it('renders the same valid document from a saved scan JSON', async () => {
    const dir = tempDir();
    cleanups.push(dir.cleanup);
    const scanJson = join(dir.path, 'scan.json');
    const scanned = await runCli(['scan', '.', '--format', 'json', '-o', scanJson, '--db', corpus.db, '-q'], {
      cwd: repo.path,
    });
    expect(scanned.code, scanned.stderr).toBe(1);
    const res = await runCli(['sbom', '--from', scanJson, '--format', 'spdx-json'], { cwd: repo.path });
    const doc = JSON.parse(res.stdout) as Doc;
    expect(jsonSchemaErrors(SCHEMA, doc)).toBeNull();
    expect(spdxRuleErrors(doc, sizes(doc))).toEqual([]);
    expectRangesAgree(doc);
  });

  it('is checked by rules that reject what the schema lets through (the old output: files in an unanalysed package, line ranges only)', async () => {
    const doc = await spdxOf([]);
    const old = structuredClone(doc);
    old['packages'][0]['filesAnalyzed'] = false;
    for (const s of old['snippets'] as Doc[]) s['ranges'] = (s['ranges'] as Doc[]).slice(1);
    old['relationships'].push({
      spdxElementId: 'SPDXRef-Package-project',
      relationshipType: 'CONTAINS',
      relatedSpdxElement: 'SPDXRef-File-9-missing',
    });
    expect(jsonSchemaErrors(SCHEMA, old)).toBeNull();
    const errors = spdxRuleErrors(old, sizes(old));
    expect(errors.some((e) => e.startsWith('§7.8'))).toBe(true);
    expect(errors.some((e) => e.startsWith('§7.14'))).toBe(true);
    expect(errors.some((e) => e.startsWith('§9.3'))).toBe(true);
    expect(errors.some((e) => e.startsWith('§11.1'))).toBe(true);
  });
});
