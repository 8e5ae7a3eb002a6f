import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openRepo } from '../../src/git/repo.js';
import type { AiSpan, ProgressEvent } from '../../src/model.js';
import { collectLogSpans, type LogSourceName } from '../../src/provenance/logs/index.js';
import {
  codexHomes,
  cursorUserDirs,
  extensionStorageDirs,
  geminiHomes,
  opencodeHomes,
  vscodeUserDirs,
} from '../../src/provenance/logs/locations.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import {
  addFilePatch,
  clineHistory,
  codexRollout,
  copilotSessionJson,
  copilotSessionLog,
  geminiChat,
  updateFilePatch,
  userDir,
  workspaceStorage,
  writeClineTask,
  writeCodexRollout,
  writeContinueSession,
  writeCursorChat,
  writeGeminiChat,
  writeOpencodeDb,
} from './agent-logs.js';

const PARSER = `export function parseHeader(line: string): [string, string] {
  const at = line.indexOf(':');
  if (at < 0) throw new Error(\`not a header: \${line}\`);
  return [line.slice(0, at).trim().toLowerCase(), line.slice(at + 1).trim()];
}
`;
const HUMAN = `// written by a person
export const VERSION = '1.2.3';
`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function setup() {
  const repo = TestRepo.create();
  const home = tempDir('provscan-home-');
  const cache = tempDir('provscan-cache-');
  cleanups.push(() => repo.cleanup(), home.cleanup, cache.cleanup);
  repo.write('src/human.ts', HUMAN).commit('Initial commit');
  const root = repo.git('rev-parse', '--show-toplevel').trim();
  return { repo, home: home.path, cache: cache.path, root };
}

async function collect(
  root: string,
  home: string,
  options: { cache?: string | false; from?: LogSourceName[]; paths?: string[]; env?: NodeJS.ProcessEnv } = {},
) {
  const warnings: string[] = [];
  const res = await collectLogSpans({
    root,
    repo: await openRepo(root),
    read: async (p) => {
      try {
        return await readFile(join(root, p), 'utf8');
      } catch {
        return undefined;
      }
    },
    environment: { env: options.env ?? {}, home, platform: 'linux' },
    cache: options.cache ?? false,
    ...(options.from ? { from: options.from } : {}),
    ...(options.paths ? { paths: options.paths } : {}),
    onProgress: (e: ProgressEvent) => {
      if (e.kind === 'warning') warnings.push(e.message);
    },
  });
  return { ...res, warnings };
}

const span = (res: { spans: ReadonlyMap<string, ReadonlyArray<AiSpan>> }, path: string) => res.spans.get(path) ?? [];

describe('OpenAI Codex session logs', () => {
  it('reads apply_patch calls made through the freeform tool, the function tool and a shell heredoc', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const added = true;\n`);
    repo.write('src/util.ts', 'export const a = 1;\nexport const b = 2;\n');
    writeCodexRollout(
      home,
      codexRollout(
        root,
        [
          { patch: addFilePatch('src/parser.ts', PARSER) },
          {
            patch: updateFilePatch('src/human.ts', {
              context: ["export const VERSION = '1.2.3';"],
              add: ['export const added = true;'],
            }),
            via: 'function',
          },
          {
            patch: addFilePatch(join(root, 'src/util.ts'), 'export const a = 1;\nexport const b = 2;\n'),
            via: 'shell',
          },
        ],
        { sessionId: 'codex-session-1', model: 'gpt-5-codex' },
      ),
    );
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'openai-codex',
        model: 'gpt-5-codex',
        source: 'codex-log',
        session: 'codex-session-1',
      }),
    ]);
    expect(span(res, 'src/parser.ts')[0]?.time).toMatch(/^2026-11-20T10:00:10/);
    // the hunk's context line (a human's) is not an AI line; the added one is
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
    expect(span(res, 'src/util.ts')).toEqual([expect.objectContaining({ start: 1, end: 2 })]);
    expect(res.found.codex).toBe(3);
  });

  it('leaves out failed patches, other projects’ sessions and paths outside the repository', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const other = `${root}-other`;
    writeCodexRollout(home, codexRollout(other, [{ patch: addFilePatch('src/parser.ts', PARSER) }]));
    writeCodexRollout(
      home,
      codexRollout(root, [
        { patch: addFilePatch('src/parser.ts', PARSER), fail: true },
        { patch: addFilePatch(join(other, 'src/parser.ts'), PARSER) },
      ]),
    );
    const res = await collect(root, home);
    expect(res.spans.size).toBe(0);
    expect(res.found.codex).toBe(0);
  });

  it('warns about a malformed line and a log cut short, naming the file, and reads the rest', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const text = codexRollout(root, [{ patch: addFilePatch('src/parser.ts', PARSER) }]).split('\n');
    text.splice(3, 0, '{"timestamp":"2026-11-20T10:00:01Z","type":"turn_context","payload":{"cwd":');
    const file = writeCodexRollout(
      home,
      `${text.join('\n')}{"timestamp":"2026-11-20T10:01:00Z","type":"event_msg","payload":{"type":"patch_apply_end","ca`,
    );
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([expect.objectContaining({ start: 1, end: 5 })]);
    expect(res.warnings).toEqual([`${file}: skipped 2 malformed or truncated line(s) of a Codex session log`]);
  });

  it('remembers which project each session belongs to in the cache folder', async () => {
    const { repo, home, cache, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const file = writeCodexRollout(home, codexRollout(root, [{ patch: addFilePatch('src/parser.ts', PARSER) }]));
    const first = await collect(root, home, { cache });
    const index = JSON.parse(readFileSync(join(cache, 'logs-codex.json'), 'utf8')) as {
      files: Record<string, { cwd: string; edits: { names: string[] } }>;
    };
    expect(index.files[file]?.cwd).toBe(root);
    expect(index.files[file]?.edits.names).toEqual(['parser.ts']);
    const second = await collect(root, home, { cache });
    expect(second.spans).toEqual(first.spans);
  });

  it('reads every log whole for a scan of many files, and keeps the spans of the files asked for', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    writeCodexRollout(home, codexRollout(root, [{ patch: addFilePatch('src/parser.ts', PARSER) }]));
    const paths = [...Array.from({ length: 200 }, (_, i) => `src/f${i}.ts`), 'src/parser.ts'];
    const res = await collect(root, home, { paths });
    expect([...res.spans.keys()]).toEqual(['src/parser.ts']);
  });

  it('does not read a finished session again for staged files it did not edit', async () => {
    const { repo, home, cache, root } = setup();
    repo.write('src/parser.ts', PARSER).write('src/other.ts', 'export const other = 1;\n');
    const file = writeCodexRollout(home, codexRollout(root, [{ patch: addFilePatch('src/parser.ts', PARSER) }]));
    const finished = new Date('2026-11-20T11:00:00Z');
    utimesSync(file, finished, finished);
    await collect(root, home, { cache, paths: ['src/other.ts'] });
    // the same size and time, but unreadable: only a read of the file would notice
    writeFileSync(file, '{"type":"event_msg","payload":{"type":"patch_apply_end"'.padEnd(statSync(file).size, 'x'));
    utimesSync(file, finished, finished);
    const skipped = await collect(root, home, { cache, paths: ['src/other.ts'] });
    expect(skipped.warnings).toEqual([]);
    const read = await collect(root, home, { cache, paths: ['src/parser.ts'] });
    expect(read.warnings).toEqual([`${file}: skipped 1 malformed or truncated line(s) of a Codex session log`]);
  });

  it('finds a patch in a session log of several megabytes, past the read chunks, for the staged files only', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER).write('src/other.ts', 'export const other = 42;\n');
    const chatter = Array.from({ length: 4000 }, (_, i) =>
      JSON.stringify({
        timestamp: '2026-11-20T10:00:05Z',
        type: 'event_msg',
        payload: { type: 'agent_message', message: `thinking ${i} ${'lorem '.repeat(200)}` },
      }),
    ).join('\n');
    const [meta, ...rest] = codexRollout(root, [
      { patch: addFilePatch('src/parser.ts', PARSER) },
      { patch: addFilePatch('src/other.ts', 'export const other = 42;\n') },
    ]).split('\n');
    writeCodexRollout(home, [meta, chatter, ...rest].join('\n'));
    const res = await collect(root, home, { paths: ['src/parser.ts'] });
    expect([...res.spans.keys()]).toEqual(['src/parser.ts']);
  });
});

describe('Gemini CLI chats', () => {
  it('reads write_file and replace calls that succeeded, with session and model, and follows a rewind', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const fromGemini = 7;\n`);
    repo.write('src/rewound.ts', 'export const undone = true;\n');
    const sessionId = 'gem-1';
    const text = geminiChat(
      root,
      [
        [
          { name: 'read_file', args: { absolute_path: join(root, 'src/human.ts') } },
          { name: 'write_file', args: { file_path: join(root, 'src/parser.ts'), content: PARSER } },
          {
            name: 'replace',
            args: {
              file_path: 'src/human.ts',
              old_string: "export const VERSION = '1.2.3';",
              new_string: "export const VERSION = '1.2.3';\nexport const fromGemini = 7;",
            },
          },
          { name: 'write_file', args: { file_path: 'src/failed.ts', content: 'never();' }, status: 'error' },
        ],
        [{ name: 'write_file', args: { file_path: 'src/rewound.ts', content: 'export const undone = true;\n' } }],
      ],
      { sessionId, model: 'gemini-2.5-pro', extra: [{ $rewindTo: `u-${sessionId}-1` }] },
    );
    writeGeminiChat(home, root, text);
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'gemini-cli',
        model: 'gemini-2.5-pro',
        source: 'gemini-log',
        session: sessionId,
      }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
    expect(res.spans.has('src/rewound.ts')).toBe(false);
  });

  it('finds chats through projects.json and in the older one-object .json files', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const gemini = join(home, '.gemini');
    mkdirSync(join(gemini, 'tmp', 'my-app', 'chats'), { recursive: true });
    writeFileSync(
      join(gemini, 'projects.json'),
      JSON.stringify({ projects: { [root]: 'my-app', '/elsewhere': 'other' } }),
    );
    const lines = geminiChat(
      root,
      [[{ name: 'write_file', args: { file_path: join(root, 'src/parser.ts'), content: PARSER } }]],
      { sessionId: 'old-1' },
    )
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const [meta, ...messages] = lines;
    const legacy = { ...meta, messages: messages.filter((m) => !('$set' in m)) };
    writeFileSync(
      join(gemini, 'tmp', 'my-app', 'chats', 'session-2026-11-20T10-00-old1.json'),
      JSON.stringify(legacy, null, 2),
    );
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([expect.objectContaining({ start: 1, end: 5, session: 'old-1' })]);
  });

  it('warns about a broken line naming the file and keeps the rest', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const text = geminiChat(root, [[{ name: 'write_file', args: { file_path: 'src/parser.ts', content: PARSER } }]]);
    const file = writeGeminiChat(home, root, `${text}{"id":"g-x","type":"gemini","toolCalls":[{"name":"write_fi`);
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toHaveLength(1);
    expect(res.warnings).toEqual([`${file}: skipped 1 malformed or truncated record(s) of a Gemini CLI chat`]);
  });
});

describe('Cursor agent chats (state.vscdb)', () => {
  it('reads completed, accepted file edits of this workspace’s chats, read-only', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const fromCursor = 1;\n`);
    const composerId = writeCursorChat(
      home,
      root,
      [
        { name: 'edit_file', params: { target_file: 'src/parser.ts', instructions: 'add parser', code_edit: PARSER } },
        {
          name: 'search_replace',
          params: {
            file_path: join(root, 'src/human.ts'),
            old_string: "export const VERSION = '1.2.3';",
            new_string: "export const VERSION = '1.2.3';\nexport const fromCursor = 1;",
          },
        },
        { name: 'write', params: { file_path: 'src/rejected.ts', contents: 'no();' }, review: 'reject' },
        {
          name: 'search_replace',
          params: { file_path: 'src/errored.ts', old_string: 'a', new_string: 'b' },
          status: 'error',
        },
        { name: 'read_file', params: { target_file: 'src/human.ts' } },
      ],
      { model: 'claude-4.5-sonnet' },
    );
    // another window (another project) in the same Cursor
    writeCursorChat(home, `${root}-other`, [
      { name: 'write', params: { file_path: 'src/parser.ts', contents: PARSER } },
    ]);
    const global = join(userDir(home, 'Cursor'), 'globalStorage', 'state.vscdb');
    const before = readFileSync(global);
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'cursor',
        model: 'claude-4.5-sonnet',
        source: 'cursor-log',
        session: composerId,
      }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
    expect(res.found.cursor).toBe(2);
    expect(readFileSync(global).equals(before)).toBe(true);
  });

  it('warns about a database it cannot read, naming it, and goes on', async () => {
    const { home, root } = setup();
    const user = userDir(home, 'Cursor');
    const ws = workspaceStorage(user, root);
    writeFileSync(join(ws, 'state.vscdb'), 'this is not a database');
    const res = await collect(root, home);
    expect(res.spans.size).toBe(0);
    expect(res.warnings).toEqual([
      expect.stringMatching(new RegExp(`^${join(ws, 'state.vscdb')}: cannot read Cursor state database`)),
    ]);
  });
});

describe('GitHub Copilot Chat sessions (VS Code)', () => {
  const edits = (root: string) => [
    {
      file: join(root, 'src/parser.ts'),
      batches: [[PARSER.split('\n').slice(0, 2).join('\n') + '\n'], [PARSER.split('\n').slice(2).join('\n')]],
    },
    { file: join(root, 'src/undone.ts'), batches: [['export const undone = 1;\n']], undone: true },
    { file: '/elsewhere/x.ts', batches: [['export const x = 1;\n']] },
  ];

  it('reads the text edits of agent-mode requests from a .json session, without undone ones', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER).write('src/undone.ts', 'export const undone = 1;\n');
    const ws = workspaceStorage(userDir(home, 'Code'), root);
    mkdirSync(join(ws, 'chatSessions'));
    writeFileSync(
      join(ws, 'chatSessions', 's1.json'),
      copilotSessionJson([edits(root)], { sessionId: 's1', model: 'copilot/claude-sonnet-4' }),
    );
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'github-copilot',
        model: 'claude-sonnet-4',
        source: 'copilot-log',
        session: 's1',
      }),
    ]);
    expect(res.spans.has('src/undone.ts')).toBe(false);
  });

  it('replays a .jsonl session log to the same edits, and warns about a truncated last change', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const ws = workspaceStorage(userDir(home, 'Code'), root);
    mkdirSync(join(ws, 'chatSessions'));
    const file = join(ws, 'chatSessions', 's2.jsonl');
    writeFileSync(file, `${copilotSessionLog([edits(root)], { sessionId: 's2' })}{"kind":1,"k":["requests",0,"vote"`);
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({ start: 1, end: 5, model: 'gpt-4.1', session: 's2' }),
    ]);
    expect(res.warnings).toEqual([`${file}: skipped 1 malformed or truncated line(s) of a Copilot Chat session`]);
  });
});

describe('Cline, Roo Code and Kilo Code task histories', () => {
  it('reads Cline’s XML tool calls, leaving out a call the user denied', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const fromCline = 2;\n`);
    const storage = join(userDir(home, 'Code'), 'globalStorage', 'saoudrizwan.claude-dev');
    const history = clineHistory(root, [
      {
        assistant: `I will create the parser.\n<write_to_file>\n<path>src/parser.ts</path>\n<content>\n${PARSER}</content>\n</write_to_file>`,
        user: `[write_to_file for 'src/parser.ts'] Result:\nThe content was successfully saved to src/parser.ts.\n\n<final_file_content path="src/parser.ts">\n${PARSER}${HUMAN}</final_file_content>`,
      },
      {
        assistant: `<replace_in_file>\n<path>src/human.ts</path>\n<diff>\n------- SEARCH\nexport const VERSION = '1.2.3';\n=======\nexport const VERSION = '1.2.3';\nexport const fromCline = 2;\n+++++++ REPLACE\n</diff>\n</replace_in_file>`,
        user: "[replace_in_file for 'src/human.ts'] Result:\nThe content was successfully saved to src/human.ts.",
      },
      {
        assistant:
          '<write_to_file>\n<path>src/denied.ts</path>\n<content>\nexport const denied = true;\n</content>\n</write_to_file>',
        user: "[write_to_file for 'src/denied.ts'] Result:\nThe user denied this operation.",
      },
    ]);
    repo.write('src/denied.ts', 'export const denied = true;\n');
    const id = writeClineTask(storage, root, history, { model: 'claude-sonnet-4-5-20250929' });
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'cline',
        model: 'claude-sonnet-4-5-20250929',
        source: 'cline-log',
        session: id,
      }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
    expect(res.spans.has('src/denied.ts')).toBe(false);
  });

  it('reads Roo Code’s native tool calls, leaving out one whose result is an error', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER).write('src/broken.ts', 'export const broken = 1;\n');
    const storage = join(userDir(home, 'Cursor'), 'globalStorage', 'rooveterinaryinc.roo-cline');
    const history = clineHistory(root, [
      {
        assistant: [
          { type: 'text', text: 'Writing it.' },
          {
            type: 'tool_use',
            id: 'toolu_1',
            name: 'write_to_file',
            input: { path: 'src/parser.ts', content: PARSER, line_count: 5 },
          },
        ],
        user: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: [{ type: 'text', text: 'File written.' }] }],
      },
      {
        assistant: [
          {
            type: 'tool_use',
            id: 'toolu_2',
            name: 'apply_diff',
            input: {
              path: 'src/broken.ts',
              diff: '<<<<<<< SEARCH\n:start_line:1\n-------\nx\n=======\nexport const broken = 1;\n>>>>>>> REPLACE',
            },
          },
        ],
        user: [{ type: 'tool_result', tool_use_id: 'toolu_2', is_error: true, content: 'Unable to apply diff' }],
      },
    ]);
    writeClineTask(storage, root, history, { index: 'roo' });
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({ start: 1, end: 5, agent: 'roo-code', source: 'roo-code-log' }),
    ]);
    expect(res.spans.has('src/broken.ts')).toBe(false);
  });

  it('finds a Kilo Code task’s folder from its first message when no index names it, and ignores other projects', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const storage = join(home, '.vscode-server', 'data', 'User', 'globalStorage', 'kilocode.kilo-code');
    const write = {
      assistant: `<write_to_file>\n<path>src/parser.ts</path>\n<content>\n${PARSER}</content>\n</write_to_file>`,
      user: 'ok',
    };
    writeClineTask(storage, root, clineHistory(root, [write]), { index: 'none' });
    writeClineTask(storage, `${root}-other`, clineHistory(`${root}-other`, [write]), { index: 'none' });
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({ agent: 'kilo-code', source: 'kilo-code-log' }),
    ]);
    expect(res.found['kilo-code']).toBe(1);
  });

  it('warns about a task history cut short, naming the file, and keeps what precedes the break', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const storage = join(userDir(home, 'Code'), 'globalStorage', 'saoudrizwan.claude-dev');
    const history = clineHistory(root, [
      {
        assistant: `<write_to_file>\n<path>src/parser.ts</path>\n<content>\n${PARSER}</content>\n</write_to_file>`,
        user: 'ok',
      },
      { assistant: 'more', user: 'ok' },
    ]);
    const id = writeClineTask(storage, root, history.slice(0, -40));
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toHaveLength(1);
    expect(res.warnings).toEqual([
      `${join(storage, 'tasks', id, 'api_conversation_history.json')}: task history is truncated; read up to where it breaks off`,
    ]);
  });
});

describe('Continue sessions', () => {
  it('reads finished file-writing tool calls of sessions in this workspace', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const fromContinue = 3;\n`);
    const id = writeContinueSession(
      home,
      root,
      [
        { name: 'create_new_file', args: { filepath: 'src/parser.ts', contents: PARSER } },
        {
          name: 'single_find_and_replace',
          args: {
            filepath: 'src/human.ts',
            old_string: "export const VERSION = '1.2.3';",
            new_string: "export const VERSION = '1.2.3';\nexport const fromContinue = 3;",
          },
        },
        { name: 'create_new_file', args: { filepath: 'src/errored.ts', contents: 'x' }, status: 'errored' },
      ],
      { model: 'Claude 4.5 Sonnet' },
    );
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'continue',
        model: 'Claude 4.5 Sonnet',
        source: 'continue-log',
        session: id,
      }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
  });
});

describe('OpenCode sessions', () => {
  it('reads completed write, edit and apply_patch parts from opencode.db, read-only', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    repo.write('src/human.ts', `${HUMAN}export const fromOpencode = 4;\n`);
    repo.write('src/util.ts', 'export const u = 1;\n');
    const id = writeOpencodeDb(home, root, [
      { tool: 'write', input: { filePath: join(root, 'src/parser.ts'), content: PARSER } },
      {
        tool: 'edit',
        input: {
          filePath: join(root, 'src/human.ts'),
          oldString: "export const VERSION = '1.2.3';",
          newString: "export const VERSION = '1.2.3';\nexport const fromOpencode = 4;",
        },
      },
      { tool: 'apply_patch', input: { patchText: addFilePatch('src/util.ts', 'export const u = 1;\n') } },
      {
        tool: 'edit',
        input: { filePath: join(root, 'src/human.ts'), oldString: 'nope', newString: 'failed();' },
        status: 'error',
      },
    ]);
    writeOpencodeDb(home, '/elsewhere/project', [
      { tool: 'write', input: { filePath: '/elsewhere/project/a.ts', content: PARSER } },
    ]);
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 5,
        agent: 'opencode',
        model: 'claude-sonnet-4-5',
        source: 'opencode-log',
        session: id,
      }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([expect.objectContaining({ start: 3, end: 3 })]);
    expect(span(res, 'src/util.ts')).toEqual([expect.objectContaining({ start: 1, end: 1 })]);
  });

  it('reads the JSON files OpenCode kept before its database', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const storage = join(home, '.local', 'share', 'opencode', 'storage');
    const put = (rel: string, doc: unknown) => {
      mkdirSync(join(storage, rel, '..'), { recursive: true });
      writeFileSync(join(storage, rel), JSON.stringify(doc));
    };
    put('project/p1.json', { id: 'p1', worktree: root, vcs: 'git' });
    put('session/p1/ses_1.json', { id: 'ses_1', projectID: 'p1', directory: root, title: 'x' });
    put('message/ses_1/msg_1.json', {
      id: 'msg_1',
      sessionID: 'ses_1',
      role: 'assistant',
      modelID: 'gpt-5',
      path: { cwd: root, root },
    });
    put('part/msg_1/prt_1.json', {
      id: 'prt_1',
      type: 'tool',
      tool: 'write',
      callID: 'c',
      state: {
        status: 'completed',
        input: { filePath: join(root, 'src/parser.ts'), content: PARSER },
        output: '',
        title: '',
        metadata: {},
        time: { start: 1, end: 1795168000000 },
      },
    });
    writeFileSync(join(storage, 'part', 'msg_1', 'prt_2.json'), '{"type":"tool","tool":"write","state":');
    const res = await collect(root, home);
    expect(span(res, 'src/parser.ts')).toEqual([expect.objectContaining({ model: 'gpt-5', session: 'ses_1' })]);
  });
});

describe('capture tools’ records in the repository', () => {
  it('reads whogitit notes on recent commits and its pending buffer', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const commit = repo.commit('Add parser');
    const note = {
      version: 3,
      session: {
        session_id: 'wg-1',
        model: { id: 'claude-opus-4-5-20251101', provider: 'anthropic' },
        started_at: '2026-11-20T10:00:00Z',
        prompt_count: 1,
      },
      prompts: [
        { index: 0, text: 'secret prompt', timestamp: '2026-11-20T10:00:00Z', affected_files: ['src/parser.ts'] },
      ],
      files: [
        {
          path: 'src/parser.ts',
          lines: PARSER.trimEnd()
            .split('\n')
            .map((content, i) => ({
              line_number: i + 1,
              content,
              source:
                i === 2 || i === 3
                  ? { type: 'AIModified', edit_id: 'e', similarity: 0.8 }
                  : { type: 'AI', edit_id: 'e' },
              prompt_index: 0,
              confidence: 1,
            })),
          summary: {
            total_lines: 5,
            ai_lines: 3,
            ai_modified_lines: 2,
            human_lines: 0,
            original_lines: 0,
            unknown_lines: 0,
          },
        },
      ],
    };
    repo.git('notes', '--ref=whogitit', 'add', '-m', JSON.stringify(note), commit);
    // later, a human adds a line on top; the AI lines move down
    repo.write('src/parser.ts', `// header\n${PARSER}`);
    repo.write(
      '.whogitit-pending.json',
      JSON.stringify({
        version: 3,
        session: {
          session_id: 'wg-2',
          model: { id: 'claude-sonnet-4-5', provider: 'anthropic' },
          started_at: '2026-11-21T10:00:00Z',
          prompt_count: 1,
          prompts: [],
        },
        file_histories: {
          'src/human.ts': {
            path: 'src/human.ts',
            original: { content: HUMAN },
            edits: [
              {
                edit_id: 'x',
                prompt: 'p',
                tool: 'Edit',
                before: { content: HUMAN },
                after: { content: `${HUMAN}export const pending = 5;\n` },
                timestamp: '2026-11-21T10:00:05Z',
              },
            ],
            was_new_file: false,
          },
        },
      }),
    );
    repo.write('src/human.ts', `${HUMAN}export const pending = 5;\n`);
    const res = await collect(root, home);
    expect(res.warnings).toEqual([]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 2,
        end: 3,
        agent: 'claude-code',
        model: 'claude-opus-4-5-20251101',
        source: 'whogitit',
        confidence: 0.95,
      }),
      expect.objectContaining({ start: 4, end: 5, confidence: 0.6 }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([
      expect.objectContaining({ start: 3, end: 3, session: 'wg-2', source: 'whogitit' }),
    ]);
  });

  it('reads agentdiff’s Agent Trace records from .git/agentdiff and from its refs, and its uncommitted captures', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const commit = repo.commit('Add parser');
    const trace = (id: string, start: number, end: number) => ({
      version: '0.1.0',
      id,
      timestamp: '2026-11-20T10:00:00Z',
      vcs: { type: 'git', revision: commit },
      tool: { name: 'codex' },
      files: [
        {
          path: 'src/parser.ts',
          conversations: [
            {
              contributor: { type: 'ai', model_id: 'openai/gpt-5-codex' },
              ranges: [{ start_line: start, end_line: end }],
            },
          ],
        },
      ],
      metadata: { agentdiff: { prompt_excerpt: 'secret', session_id: 'ad-1', trust: 90 } },
    });
    const gitDir = join(root, '.git', 'agentdiff');
    mkdirSync(join(gitDir, 'traces'), { recursive: true });
    writeFileSync(
      join(gitDir, 'traces', 'main.jsonl'),
      `${JSON.stringify(trace('t1', 1, 2))}\n{"version":"0.1.0","id":"t9","files":[`,
    );
    // a pushed record on refs/agentdiff/meta (a commit whose tree holds traces.jsonl)
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], {
      cwd: root,
      input: `${JSON.stringify(trace('t2', 4, 5))}\n`,
    })
      .toString()
      .trim();
    const tree = execFileSync('git', ['mktree'], { cwd: root, input: `100644 blob ${blob}\ttraces.jsonl\n` })
      .toString()
      .trim();
    const meta = repo.git('commit-tree', tree, '-m', 'agentdiff traces').trim();
    repo.git('update-ref', 'refs/agentdiff/meta', meta);
    writeFileSync(
      join(gitDir, 'session.jsonl'),
      `${JSON.stringify({ timestamp: '2026-11-21T10:00:00Z', agent: 'cursor', model: 'gpt-5', session_id: 'ad-2', tool: 'Edit', file: 'src/human.ts', abs_file: join(root, 'src/human.ts'), prompt: 'secret', lines: [3], old: "export const VERSION = '1.2.3';", new: "export const VERSION = '1.2.3';\nexport const captured = 6;" })}\n`,
    );
    repo.write('src/human.ts', `${HUMAN}export const captured = 6;\n`);
    const res = await collect(root, home);
    expect(res.warnings).toEqual([
      `${join(gitDir, 'traces', 'main.jsonl')}: skipped 1 malformed or truncated agentdiff record(s)`,
    ]);
    expect(span(res, 'src/parser.ts')).toEqual([
      expect.objectContaining({
        start: 1,
        end: 2,
        agent: 'openai-codex',
        model: 'gpt-5-codex',
        source: 'agentdiff',
        session: 'ad-1',
      }),
      expect.objectContaining({ start: 4, end: 5 }),
    ]);
    expect(span(res, 'src/human.ts')).toEqual([
      expect.objectContaining({ start: 3, end: 3, agent: 'cursor', session: 'ad-2' }),
    ]);
  });
});

describe('where the logs are', () => {
  it('finds each agent’s folders on Linux, macOS and Windows, and honours PROVSCAN_<AGENT>_DIR', () => {
    const home = tempDir('provscan-home-');
    cleanups.push(home.cleanup);
    const h = home.path;
    const mk = (...p: string[]) => {
      mkdirSync(join(h, ...p), { recursive: true });
      return join(h, ...p);
    };
    const linux = { env: {}, home: h, platform: 'linux' as const };
    const mac = { env: {}, home: h, platform: 'darwin' as const };
    const win = { env: { APPDATA: join(h, 'Roaming') }, home: h, platform: 'win32' as const };
    expect(codexHomes(linux)).toEqual([]);
    mk('.codex', 'sessions');
    expect(codexHomes(linux)).toEqual([join(h, '.codex')]);
    expect(
      codexHomes({ ...linux, env: { CODEX_HOME: mk('codex-home', 'sessions').replace(/\/sessions$/, '') } }),
    ).toEqual([join(h, 'codex-home')]);
    mk('.gemini', 'tmp');
    expect(geminiHomes(win)).toEqual([join(h, '.gemini')]);
    const macCode = mk('Library', 'Application Support', 'Code', 'User');
    const winCursor = mk('Roaming', 'Cursor', 'User');
    const linuxInsiders = mk('.config', 'Code - Insiders', 'User');
    expect(vscodeUserDirs(mac)).toEqual([macCode]);
    expect(vscodeUserDirs(linux)).toEqual([linuxInsiders]);
    expect(cursorUserDirs(win)).toEqual([winCursor]);
    const roo = mk('Roaming', 'Code', 'User', 'globalStorage', 'rooveterinaryinc.roo-cline', 'tasks').replace(
      /\/tasks$/,
      '',
    );
    expect(extensionStorageDirs(win, 'roo-code')).toEqual([roo]);
    const cline = mk('.cline', 'data', 'sessions').replace(/\/sessions$/, '');
    expect(extensionStorageDirs(linux, 'cline')).toEqual([cline]);
    const share = mk('.local', 'share', 'opencode');
    expect(opencodeHomes(mac)).toEqual([share]);
    const a = mk('a');
    const b = mk('b');
    expect(vscodeUserDirs({ ...linux, env: { PROVSCAN_VSCODE_DIR: `${a}:${b}:${join(h, 'missing')}` } })).toEqual([
      a,
      b,
    ]);
    expect(codexHomes({ ...linux, env: { PROVSCAN_CODEX_DIR: join(h, 'missing') } })).toEqual([]);
  });

  it('reads nothing and warns about nothing when no agent left logs', async () => {
    const { repo, home, root } = setup();
    repo.write('src/parser.ts', PARSER);
    const res = await collect(root, home);
    expect(res.spans.size).toBe(0);
    expect(res.warnings).toEqual([]);
    expect(Object.values(res.found).every((n) => n === 0)).toBe(true);
    expect(existsSync(join(home, '.codex'))).toBe(false);
  });
});
