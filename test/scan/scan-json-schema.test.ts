// The scan JSON contract as a JSON schema (schemas/provscan-scan.schema.json, documented in docs/scan-json.md):
// real outputs of the real CLI — an AI commit with a copied GPL file, a waiver, skipped files, a plain folder,
// --only-ai, and the staged check with an agent transcript — must all validate, with no field the schema lacks.
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GPL_UTILS_C, gplCorpus, mitProject, originalCode } from '../check/fixtures.js';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import { claudeSession, writeTranscript } from '../logs/transcripts.js';

const schema = JSON.parse(readFileSync(new URL('../../schemas/provscan-scan.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: false });
const validate = ajv.compile(schema);

function expectValid(stdout: string): Record<string, unknown> {
  const doc = JSON.parse(stdout) as Record<string, unknown>;
  const ok = validate(doc);
  expect(ok, JSON.stringify(validate.errors, null, 2)).toBe(true);
  return doc;
}

describe('the scan JSON schema', () => {
  let corpus: { db: string; cleanup(): void };
  let repo: TestRepo;
  const tmp = tempDir('provscan-scan-schema-');

  beforeAll(async () => {
    corpus = await gplCorpus();
    repo = mitProject();
    repo.write('src/utils.c', GPL_UTILS_C);
    repo.write('src/mix.c', originalCode(12));
    repo.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0, 1, 2, 3]));
    repo.commit('Add editor helpers\n\nCo-Authored-By: Claude <noreply@anthropic.com>');
    repo.write(
      '.provscan.yml',
      'waivers:\n  - path: src/mix.c\n    reason: reviewed\n    approver: legal@example.com\n    expires: 2099-01-01\n',
    );
    repo.commit('Add a policy');
  });
  afterAll(() => {
    corpus.cleanup();
    repo.cleanup();
    tmp.cleanup();
  });

  it('describes a scan with AI lines, a GPL match, a conflict, a stale waiver and a skipped file', async () => {
    const res = await runCli(['scan', repo.path, '--db', corpus.db, '--format', 'json', '-q']);
    expect(res.code).toBe(1);
    const doc = expectValid(res.stdout) as {
      files: Array<{ ai: unknown[]; matches: unknown[] }>;
      conflicts: unknown[];
      commits: unknown[];
      skipped: unknown[];
      waivers: Array<{ state: string }>;
    };
    // The document really exercises the nested definitions.
    expect(doc.files.some((f) => f.ai.length > 0 && f.matches.length > 0)).toBe(true);
    expect(doc.conflicts.length).toBeGreaterThan(0);
    expect(doc.commits.length).toBe(1);
    expect(doc.skipped.length).toBeGreaterThan(0);
    expect(doc.waivers.map((w) => w.state)).toEqual(['stale']);
  });

  it('describes a commit an agent only committed (source committer) beside an AI commit', async () => {
    const aider = TestRepo.create();
    try {
      const paul = { name: 'Paul', email: 'paul@example.com' };
      const paulAider = { name: 'Paul (aider)', email: 'paul@example.com' };
      aider.write('a.py', 'x = 1\n').commit('Start', { author: paul });
      aider.write('a.py', 'x = 1\ny = 2\n').commit('feat: y', { author: paulAider, committer: paulAider });
      aider.write('a.py', 'x = 1\ny = 2\nz = 3\n').commit('fix: z', { author: paul, committer: paulAider });
      const res = await runCli(['scan', aider.path, '--format', 'json', '-q']);
      expect(res.code, res.stderr).toBe(0);
      const doc = expectValid(res.stdout) as { commits: Array<{ source: string }> };
      expect(doc.commits.map((c) => c.source).sort()).toEqual(['author', 'committer']);
    } finally {
      aider.cleanup();
    }
  });

  it('describes --only-ai and a plain folder', async () => {
    expectValid((await runCli(['scan', repo.path, '--db', corpus.db, '--format', 'json', '-q', '--only-ai'])).stdout);
    const folder = join(tmp.path, 'plain');
    mkdirSync(folder);
    cpSync(join(repo.path, 'src'), join(folder, 'src'), { recursive: true });
    const plain = expectValid((await runCli(['scan', folder, '--db', corpus.db, '--format', 'json', '-q'])).stdout);
    expect(plain['target']).toBe('folder');
    expect(plain['commit']).toBeNull();
  });

  it('describes the staged check, with its check key and log-derived AI spans', async () => {
    const staged = mitProject();
    try {
      const home = tempDir('provscan-home-');
      const root = staged.git('rev-parse', '--show-toplevel').trim();
      writeTranscript(
        home.path,
        root,
        claudeSession(
          root,
          [{ name: 'Write', input: { file_path: join(root, 'src/utils.c'), content: GPL_UTILS_C } }],
          {
            sessionId: 'sess-7',
          },
        ),
      );
      writeFileSync(join(staged.path, 'src', 'utils.c'), GPL_UTILS_C);
      staged.git('add', 'src/utils.c');
      const res = await runCli(['check', '--staged', '--db', corpus.db, '--format', 'json'], {
        cwd: staged.path,
        env: { HOME: home.path },
      });
      expect(res.code).toBe(1);
      const doc = expectValid(res.stdout);
      expect(doc['target']).toBe('staged');
      expect(doc['check']).toMatchObject({ nothingStaged: false });
      home.cleanup();
    } finally {
      staged.cleanup();
    }
  });

  it('describes untracked files, which are listed as skipped and named in a warning, not scanned', async () => {
    const own = mitProject();
    try {
      own.write('src/unadded.c', GPL_UTILS_C).write('notes/todo.md', '- ship it\n');
      const json = await runCli(['scan', own.path, '--db', corpus.db, '--format', 'json', '-q']);
      expect(json.code).toBe(0); // the copied GPL code is not committed, so not scanned
      const doc = expectValid(json.stdout) as { skipped: Array<{ path: string; reason: string }> };
      expect(doc.skipped.map((s) => [s.path, s.reason])).toEqual([
        ['notes/', 'untracked'],
        ['src/unadded.c', 'untracked'],
      ]);
      const text = await runCli(['scan', own.path, '--db', corpus.db]);
      expect(text.stderr).toContain('warning: not scanned: 2 untracked file(s) or folder(s)');
      expect(text.stderr).toContain('notes/, src/unadded.c');
    } finally {
      own.cleanup();
    }
  });

  it('rejects a document with a field it does not describe', async () => {
    const res = await runCli(['scan', repo.path, '--db', corpus.db, '--format', 'json', '-q']);
    const doc = JSON.parse(res.stdout) as Record<string, unknown>;
    expect(validate({ ...doc, surprise: true })).toBe(false);
  });
});
