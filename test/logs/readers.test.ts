import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTraceRecord } from '../../src/provenance/logs/agent-trace.js';
import { parseAiderHistory } from '../../src/provenance/logs/aider.js';
import { encodedProjectNames, parseTranscript, readClaudeCode } from '../../src/provenance/logs/claude-code.js';
import { parseAuthorshipNote, parseRanges } from '../../src/provenance/logs/git-ai.js';
import { aiderHistory, claudeSession, writeTranscript } from './transcripts.js';

const ROOT = '/home/ada/work/my.app';

function collect() {
  const warnings: string[] = [];
  return { warnings, warn: (m: string) => warnings.push(m) };
}

describe('Claude Code transcripts', () => {
  it('reads Write, Edit and MultiEdit calls with their session, model and time', () => {
    const jsonl = claudeSession(
      ROOT,
      [
        { name: 'Write', input: { file_path: `${ROOT}/src/a.ts`, content: 'export const a = 1;\n' } },
        {
          name: 'Edit',
          input: { file_path: `${ROOT}/src/b.ts`, old_string: 'x', new_string: 'const y = 2;', replace_all: false },
        },
        {
          name: 'MultiEdit',
          input: {
            file_path: `${ROOT}/src/c.ts`,
            edits: [
              { old_string: 'p', new_string: 'let q = 3;' },
              { old_string: 'r', new_string: 'let s = 4;' },
            ],
          },
        },
        { name: 'Read', input: { file_path: `${ROOT}/src/d.ts` } },
      ],
      { sessionId: 'sess-1', model: 'claude-opus-4-1' },
    );
    const { warn, warnings } = collect();
    const edits = parseTranscript(jsonl, ROOT, 't.jsonl', warn);
    expect(edits.map((e) => [e.path, e.text])).toEqual([
      ['src/a.ts', 'export const a = 1;\n'],
      ['src/b.ts', 'const y = 2;'],
      ['src/c.ts', 'let q = 3;'],
      ['src/c.ts', 'let s = 4;'],
    ]);
    expect(edits[0]).toMatchObject({
      agent: 'claude-code',
      model: 'claude-opus-4-1',
      session: 'sess-1',
      source: 'claude-code-log',
    });
    expect(edits[0]?.time).toMatch(/^2026-11-20T10:01/);
    expect(warnings).toEqual([]);
  });

  it('leaves out tool calls that failed', () => {
    const jsonl = claudeSession(ROOT, [
      {
        name: 'Edit',
        input: { file_path: `${ROOT}/a.ts`, old_string: 'nope', new_string: 'failed edit' },
        error: true,
      },
    ]);
    expect(parseTranscript(jsonl, ROOT, 't', () => {})).toEqual([]);
  });

  it('reads a transcript file for given paths across its chunks, leaving out a failed call wherever its result is', () => {
    const home = mkdtempSync(join(tmpdir(), 'provscan-cc-'));
    try {
      const root = join(home, 'proj');
      mkdirSync(root);
      const filler = (n: number) =>
        `${JSON.stringify({ type: 'user', cwd: root, message: { role: 'user', content: 'x'.repeat(n) } })}\n`;
      // b.ts's failed edit: its call, then over a megabyte of conversation, then its error result
      const [bPrompt, bCall, bResult] = claudeSession(root, [
        {
          name: 'Edit',
          input: { file_path: `${root}/b.ts`, old_string: 'o', new_string: 'const lost = 2;' },
          error: true,
        },
      ])
        .trimEnd()
        .split('\n');
      const jsonl = [
        // an unrelated failure before any call naming a.ts or b.ts
        claudeSession(root, [
          { name: 'Edit', input: { file_path: `${root}/c.ts`, old_string: 'o', new_string: 'n' }, error: true },
        ]),
        filler(1_500_000), // past the reader's 1 MB chunk
        claudeSession(root, [
          { name: 'Write', input: { file_path: `${root}/a.ts`, content: 'export const kept = 1;\n' } },
        ]),
        `${bPrompt}\n${bCall}\n`,
        filler(1_200_000),
        `${bResult}\n`,
        filler(300_000),
      ].join('');
      writeTranscript(home, root, jsonl);
      const { warn, warnings } = collect();
      const edits = readClaudeCode(root, {
        projectsDir: join(home, '.claude', 'projects'),
        warn,
        paths: ['a.ts', 'b.ts'],
      });
      expect(edits.map((e) => [e.path, e.text])).toEqual([['a.ts', 'export const kept = 1;\n']]);
      expect(warnings).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('finds the calls for given paths however their file_path is written', () => {
    const home = mkdtempSync(join(tmpdir(), 'provscan-cc-'));
    try {
      const root = join(home, 'proj');
      mkdirSync(root);
      const call = (filePath: string, content: string) =>
        JSON.stringify({
          type: 'assistant',
          cwd: root,
          message: {
            model: 'claude-opus-4-1',
            content: [
              { type: 'tool_use', id: `t${content.length}`, name: 'Write', input: { file_path: filePath, content } },
            ],
          },
        });
      const lines = [
        // spaces around the colon
        call(`${root}/src/a.ts`, 'const a = 1;\n').replace('"file_path":', '"file_path" : '),
        // escaped slashes
        call(`${root}/src/b.ts`, 'const bb = 2;\n').replaceAll('/', '\\/'),
        // a name outside ASCII, and a relative path
        call('src/größe.ts', 'const ccc = 3;\n'),
        // a.ts named only inside another file's content: not a call for a.ts
        call(`${root}/src/other.ts`, '// see src/a.ts\n'),
      ];
      writeTranscript(home, root, `${lines.join('\n')}\n`);
      const edits = readClaudeCode(root, {
        projectsDir: join(home, '.claude', 'projects'),
        warn: () => {},
        paths: ['src/a.ts', 'src/b.ts', 'src/größe.ts'],
      });
      expect(edits.map((e) => [e.path, e.text])).toEqual([
        ['src/a.ts', 'const a = 1;\n'],
        ['src/b.ts', 'const bb = 2;\n'],
        ['src/größe.ts', 'const ccc = 3;\n'],
      ]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('skips truncated and malformed lines with one warning, and keeps the rest', () => {
    const good = claudeSession(ROOT, [
      { name: 'Write', input: { file_path: `${ROOT}/a.ts`, content: 'const kept = true;\n' } },
    ]);
    // a session cut off mid-write: the last record stops inside its tool call
    const assistant = good.trimEnd().split('\n')[1] ?? '';
    const truncated = assistant.slice(0, assistant.indexOf('"input"') + 12);
    const jsonl = `${good}{"type":"assistant","message":{"content":[{"type":"tool_use" garbage\n${truncated}`;
    const { warn, warnings } = collect();
    const edits = parseTranscript(jsonl, ROOT, 't.jsonl', warn);
    expect(edits).toHaveLength(1);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/t\.jsonl: skipped 2 malformed or truncated line/);
  });

  it('tolerates unknown fields and record types from future versions', () => {
    const rec = {
      type: 'assistant',
      cwd: ROOT,
      sessionId: 's',
      timestamp: '2026-11-21T00:00:00Z',
      futureField: { nested: [1, 2] },
      message: {
        model: 'claude-x',
        content: [
          {
            type: 'tool_use',
            id: 't1',
            name: 'Write',
            input: { file_path: 'rel/b.ts', content: 'ok();\n', mode: 'new' },
          },
          { type: 'hologram', data: 1 },
        ],
      },
    };
    const jsonl = `${JSON.stringify({ type: 'summary-v9', whatever: true })}\n${JSON.stringify(rec)}\n`;
    expect(parseTranscript(jsonl, ROOT, 't', () => {}).map((e) => e.path)).toEqual(['rel/b.ts']);
  });

  it('ignores records of another project and files outside the repository', () => {
    const other = claudeSession('/home/ada/work/my-app', [
      { name: 'Write', input: { file_path: '/home/ada/work/my-app/a.ts', content: 'x();\n' } },
    ]);
    const outside = claudeSession(ROOT, [{ name: 'Write', input: { file_path: '/etc/passwd', content: 'root\n' } }]);
    expect(parseTranscript(other + outside, ROOT, 't', () => {})).toEqual([]);
  });

  it('derives the project folder name the way Claude Code encodes it', () => {
    expect(encodedProjectNames('/home/ada/work/my.app')).toContain('-home-ada-work-my-app');
  });
});

describe('aider chat history', () => {
  it('reads SEARCH/REPLACE blocks that aider applied, with the model and session', () => {
    const md = aiderHistory([
      { path: 'src/util.c', search: 'int old;\n', replace: 'int add(int a, int b) {\n  return a + b;\n}\n' },
      { path: 'src/new.c', search: '', replace: 'int fresh(void);\n' },
    ]);
    const edits = parseAiderHistory(md, () => {}, 'h');
    expect(edits.map((e) => [e.path, e.text])).toEqual([
      ['src/util.c', 'int add(int a, int b) {\n  return a + b;\n}'],
      ['src/new.c', 'int fresh(void);'],
    ]);
    expect(edits[0]).toMatchObject({
      agent: 'aider',
      model: 'gpt-4o-2024-08-06',
      source: 'aider-log',
      time: '2026-11-20T10:00:00Z',
    });
  });

  it('reads whole-file blocks only when aider says it applied them', () => {
    const md = [
      '# aider chat started at 2026-11-20 11:00:00',
      '> Model: claude-3-5-sonnet-20241022 with whole edit format',
      '#### write hello',
      'hello.py',
      '```python',
      'print("hello")',
      '```',
      '> Applied edit to hello.py',
      '#### show me an example',
      'example.py',
      '```python',
      'print("not applied")',
      '```',
    ].join('\n');
    expect(parseAiderHistory(md, () => {}, 'h').map((e) => [e.path, e.text])).toEqual([['hello.py', 'print("hello")']]);
  });

  it('warns about a truncated history instead of failing', () => {
    const md = aiderHistory([{ path: 'a.c', search: 'x', replace: 'y' }]).split('>>>>>>> REPLACE')[0] ?? '';
    const { warn, warnings } = collect();
    expect(parseAiderHistory(md, warn, 'h')).toEqual([]);
    expect(warnings[0]).toMatch(/not terminated/);
  });
});

describe('Agent Trace records', () => {
  const record = {
    version: '0.1.0',
    id: '3f1c0e1a-0000-4000-8000-000000000001',
    timestamp: '2026-11-20T09:00:00Z',
    tool: { name: 'cursor', version: '2.1' },
    files: [
      {
        path: 'src/app.ts',
        conversations: [
          {
            url: 'https://example.com/c/1',
            contributor: { type: 'ai', model_id: 'anthropic/claude-opus-4-5-20251101' },
            ranges: [{ start_line: 3, end_line: 9, content_hash: 'murmur3:9f2e8a1b' }],
          },
          { contributor: { type: 'human' }, ranges: [{ start_line: 10, end_line: 12 }] },
        ],
      },
    ],
    metadata: { vendor: { anything: true } },
  };

  it('reads AI ranges with the agent and model, and leaves human ranges out', () => {
    const out = parseTraceRecord(record, 'r.json', () => {});
    expect(out).toEqual([
      expect.objectContaining({
        kind: 'range',
        path: 'src/app.ts',
        start: 3,
        end: 9,
        agent: 'cursor',
        model: 'claude-opus-4-5-20251101',
        source: 'agent-trace',
      }),
    ]);
  });

  it('anchors ranges to the recorded git revision', () => {
    const out = parseTraceRecord({ ...record, vcs: { type: 'git', revision: 'a'.repeat(40) } }, 'r.json', () => {});
    expect(out[0]).toMatchObject({ kind: 'revision', revision: 'a'.repeat(40), ranges: [{ start: 3, end: 9 }] });
  });

  it('skips a record of a future major version with a warning', () => {
    const { warn, warnings } = collect();
    expect(parseTraceRecord({ ...record, version: '2.0.0' }, 'r.json', warn)).toEqual([]);
    expect(warnings[0]).toMatch(/newer than provscan understands/);
  });
});

describe('git-ai authorship notes', () => {
  const note = [
    'src/main.rs',
    '  abcd1234abcd1234 1-10,15',
    '"src/my file.rs"',
    '  efef5678efef5678 3-4',
    '---',
    JSON.stringify({
      schema_version: 'authorship/3.0.0',
      base_commit_sha: 'b'.repeat(40),
      prompts: {
        abcd1234abcd1234: {
          agent_id: { tool: 'claude', id: 'conv-1', model: 'claude-sonnet-4' },
          messages: [{ type: 'user', text: 'private prompt' }],
          total_additions: 11,
          total_deletions: 0,
          accepted_lines: 11,
          overriden_lines: 0,
        },
        efef5678efef5678: { agent_id: { tool: 'cursor', id: 'conv-2', model: 'gpt-5' }, messages: [] },
      },
    }),
  ].join('\n');

  it('reads files, line ranges and agents, anchored at the commit', () => {
    const out = parseAuthorshipNote('c'.repeat(40), note, () => {});
    expect(out).toEqual([
      expect.objectContaining({
        path: 'src/main.rs',
        revision: 'c'.repeat(40),
        ranges: [
          { start: 1, end: 10 },
          { start: 15, end: 15 },
        ],
        agent: 'claude-code',
        model: 'claude-sonnet-4',
        session: 'conv-1',
      }),
      expect.objectContaining({
        path: 'src/my file.rs',
        ranges: [{ start: 3, end: 4 }],
        agent: 'cursor',
        model: 'gpt-5',
      }),
    ]);
    expect(JSON.stringify(out)).not.toContain('private prompt');
  });

  it('parses range lists and drops malformed parts', () => {
    expect(parseRanges('1-4,9,x,12-10,20-21')).toEqual([
      { start: 1, end: 4 },
      { start: 9, end: 9 },
      { start: 20, end: 21 },
    ]);
  });

  it('warns about a note without the divider', () => {
    const { warn, warnings } = collect();
    expect(parseAuthorshipNote('d'.repeat(40), 'src/a.rs\n  abcd 1-2\n', warn)).toEqual([]);
    expect(warnings[0]).toMatch(/no "---" divider/);
  });
});
