// A history shaped like aider's own repository: commits aider wrote (author "… (aider)", `aider:` subjects,
// `Co-authored-by: aider (model)` trailers), commits aider only committed for its user (committer "… (aider)"
// alone: the user's own pending edits), and YAML settings blocks that repeat each other and move. The scan must
// count what aider's scripts/blame.py counts: no line of a committed-only commit is an AI line.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliJson } from '../helpers/cli.js';
import { type Person, TestRepo, tempDir } from '../helpers/repo.js';

interface Span {
  start: number;
  end: number;
  agent: string;
  model: string | null;
  source: string;
  commit?: string;
}
interface Scan {
  files: { path: string; ai: Span[] }[];
  commits: { sha: string; agent: string; source: string; author: { name: string }; committer: { name: string } }[];
  totals: { aiLines: number };
}
interface BlameJson {
  lines: { line: number; text: string; ai: { commit: string | null; source: string } | null }[];
  commits: { sha: string; source: string }[];
}

const PAUL: Person = { name: 'Paul Gauthier', email: 'paul@example.com' };
const PAUL_AIDER: Person = { name: 'Paul Gauthier (aider)', email: 'paul@example.com' };
const TRAILER = 'Co-authored-by: aider (anthropic/claude-3-5-sonnet-20241022) <aider@aider.chat>';

/** A model-settings block like aider/resources/model-settings.yml; the keys repeat from block to block. */
function block(name: string, extra: string[] = []): string {
  return [`- name: ${name}`, '  edit_format: diff', '  use_repo_map: true', ...extra.map((e) => `  ${e}`)].join('\n');
}
const yaml = (...blocks: string[]) => `${blocks.join('\n')}\n`;
const code = (...lines: string[]) => `${lines.join('\n')}\n`;

const spansOf = (scan: Scan, path: string) =>
  (scan.files.find((f) => f.path === path)?.ai ?? []).map((s) => [s.start, s.end, s.commit, s.source]);

describe('a history shaped like aider’s', () => {
  let repo: TestRepo;
  const sha: Record<string, string> = {};
  let scan: Scan;

  const HUMAN_BLOCK = block('gpt-4', ['weak_model_name: gpt-3.5-turbo', 'send_undo_reply: true']);
  // aider adds a model whose settings repeat the human block's keys: those lines are aider's, not moved ones.
  const AI_BLOCK = block('gpt-4o', ['weak_model_name: gpt-4o-mini', 'send_undo_reply: true']);
  // A long block aider wrote, later moved to the top of the file by its user: it stays aider's.
  const AI_LONG_BLOCK = block('claude-3-5-sonnet-20241022', [
    'weak_model_name: claude-3-5-haiku-20241022',
    'examples_as_sys_msg: true',
    'extra_params:',
    '  extra_headers:',
    '    anthropic-beta: prompt-caching-2024-07-31,pdfs-2024-09-25',
    'cache_control: true',
    'editor_model_name: claude-3-5-sonnet-20241022',
    'editor_edit_format: editor-diff',
  ]);

  beforeAll(async () => {
    repo = TestRepo.create('provscan-aider-');
    repo
      .write('aider/coders/base_coder.py', code('import os', 'class Coder:', '    pass'))
      .write('aider/resources/model-settings.yml', yaml(HUMAN_BLOCK));
    sha['start'] = repo.commit('Initial', { author: PAUL });
    // aider's default attribution: author and committer both "… (aider)".
    repo.write(
      'aider/coders/base_coder.py',
      code('import os', 'class Coder:', '    def run(self):', '        return self.send()', '    pass'),
    );
    sha['author'] = repo.commit('feat: Add Coder.run', { author: PAUL_AIDER, committer: PAUL_AIDER });
    // The user's own edits, committed by aider (/commit, or dirty files before an edit): committer only.
    repo.write(
      'aider/coders/base_coder.py',
      code(
        'import os',
        'import sys',
        'class Coder:',
        '    def run(self):',
        '        return self.send(sys.argv)',
        '    pass',
      ),
    );
    sha['committer'] = repo.commit('fix: Pass argv', { author: PAUL, committer: PAUL_AIDER });
    // Older aider: the "aider: " subject prefix, no identity change.
    repo.write(
      'aider/coders/base_coder.py',
      code(
        'import os',
        'import sys',
        'class Coder:',
        '    def run(self):',
        '        return self.send(sys.argv)',
        '    def send(self, args):',
        '        return args',
        '    pass',
      ),
    );
    sha['message'] = repo.commit('aider: Added Coder.send', { author: PAUL });
    // Newer aider: the co-author trailer naming the model, identities left alone.
    repo.write('aider/resources/model-settings.yml', yaml(HUMAN_BLOCK, AI_BLOCK, AI_LONG_BLOCK));
    sha['trailer'] = repo.commit(`feat: Add gpt-4o and sonnet settings\n\n${TRAILER}`, { author: PAUL });
    // The user moves the long block to the top, and aider commits it for them.
    repo.write('aider/resources/model-settings.yml', yaml(AI_LONG_BLOCK, HUMAN_BLOCK, AI_BLOCK));
    sha['move'] = repo.commit('Sort the models', { author: PAUL, committer: PAUL_AIDER });
    const res = await runCliJson<Scan>(['scan', repo.path, '--format', 'json', '--quiet']);
    expect(res.code, res.stderr).toBe(0);
    scan = res.json;
  });
  afterAll(() => repo?.cleanup());

  it('counts the lines of commits aider wrote, by each of its marks', () => {
    expect(spansOf(scan, 'aider/coders/base_coder.py')).toEqual([
      [4, 4, sha['author'], 'author'],
      [6, 7, sha['message'], 'message'],
    ]);
  });

  it('counts no line of a commit aider only committed, even one editing an aider line', () => {
    const all = scan.files.flatMap((f) => f.ai);
    expect(all.filter((s) => s.commit === sha['committer'] || s.commit === sha['move'])).toEqual([]);
    // Line 5 was aider's ("return self.send()") until the user's committed-only edit: it is the user's now.
    const spans = scan.files.find((f) => f.path === 'aider/coders/base_coder.py')?.ai ?? [];
    expect(spans.some((s) => s.start <= 5 && 5 <= s.end)).toBe(false);
  });

  it('lists the committed-only commit as a committer commit, apart from the AI commits', () => {
    const byId = new Map(scan.commits.map((c) => [c.sha, c]));
    expect(byId.get(sha['committer']!)).toMatchObject({
      agent: 'aider',
      source: 'committer',
      author: { name: 'Paul Gauthier' },
      committer: { name: 'Paul Gauthier (aider)' },
    });
    expect(byId.get(sha['author']!)?.source).toBe('author');
    expect(byId.get(sha['message']!)?.source).toBe('message');
    expect(byId.get(sha['trailer']!)?.source).toBe('trailer');
  });

  it('keeps a long aider block aider’s when the user moves it, and a repeated key aider’s when aider adds it', () => {
    const long = AI_LONG_BLOCK.split('\n').length;
    const human = HUMAN_BLOCK.split('\n').length;
    const added = AI_BLOCK.split('\n').length;
    expect(spansOf(scan, 'aider/resources/model-settings.yml')).toEqual([
      [1, long, sha['trailer'], 'trailer'],
      [long + human + 1, long + human + added, sha['trailer'], 'trailer'],
    ]);
  });

  it('totals exactly those lines', () => {
    expect(scan.totals.aiLines).toBe(1 + 2 + AI_LONG_BLOCK.split('\n').length + AI_BLOCK.split('\n').length);
  });

  it('counts the committer mark as aider’s when the user’s conventions say so (aider run with --no-attribute-author)', async () => {
    const config = tempDir('provscan-aider-config-');
    try {
      const file = join(config.path, 'policy.yml');
      writeFileSync(file, 'conventions:\n  - agent: aider\n    committer: "\\\\(aider\\\\) <"\n');
      const res = await runCliJson<Scan>(['scan', repo.path, '--format', 'json', '--quiet', '--config', file]);
      expect(res.code, res.stderr).toBe(0);
      const spans = res.json.files.find((f) => f.path === 'aider/coders/base_coder.py')?.ai ?? [];
      expect(spans.filter((s) => s.commit === sha['committer']).map((s) => [s.start, s.end])).toEqual([
        [2, 2],
        [5, 5],
      ]);
      expect(res.json.commits.find((c) => c.sha === sha['committer'])?.source).toBe('author');
    } finally {
      config.cleanup();
    }
  });

  it('shows the user’s committed lines as human in `provscan blame`', async () => {
    const res = await runCliJson<BlameJson>([
      'blame',
      `${repo.path}/aider/coders/base_coder.py`,
      '--format',
      'json',
      '--quiet',
    ]);
    expect(res.code, res.stderr).toBe(0);
    const owner = (n: number) => res.json.lines[n - 1]?.ai?.commit ?? null;
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(owner)).toEqual([
      null,
      null,
      null,
      sha['author'],
      null,
      sha['message'],
      sha['message'],
      null,
    ]);
  });
});
