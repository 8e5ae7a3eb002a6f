// Real-shaped logs of the agents provscan reads, written where each agent keeps them under a test's fake home
// folder. Each writer follows the format its tool's source defines (see the reader modules in
// src/provenance/logs/ for the fields and where they come from); records carry the noise real logs carry
// (prompts, reasoning, unrelated events) so the readers are tested on what they must skip, too.
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';

let counter = 0;
const uuid = () => `0199a1b2-c3d4-7e5f-8a9b-${String(++counter).padStart(12, '0')}`;

function write(file: string, text: string): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

const jsonl = (records: ReadonlyArray<unknown>) => `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;

/** An apply_patch body adding `path` with `content`. */
export function addFilePatch(path: string, content: string): string {
  const body = content
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n');
  return `*** Begin Patch\n*** Add File: ${path}\n${body}\n*** End Patch\n`;
}

/** An apply_patch body replacing lines of `path`: context, removed and added lines of one hunk. */
export function updateFilePatch(
  path: string,
  hunk: { context?: string[]; remove?: string[]; add: string[]; after?: string[] },
): string {
  const lines = [
    `@@`,
    ...(hunk.context ?? []).map((l) => ` ${l}`),
    ...(hunk.remove ?? []).map((l) => `-${l}`),
    ...hunk.add.map((l) => `+${l}`),
    ...(hunk.after ?? []).map((l) => ` ${l}`),
  ];
  return `*** Begin Patch\n*** Update File: ${path}\n${lines.join('\n')}\n*** End Patch\n`;
}

export interface CodexCall {
  readonly patch: string;
  /** How the patch reaches Codex: the freeform tool, the JSON function tool, or a shell heredoc. */
  readonly via?: 'custom' | 'function' | 'shell';
  readonly fail?: boolean;
}

/** A Codex CLI rollout: session_meta, a turn with its context, the user's prompt, and each apply_patch call. */
export function codexRollout(
  cwd: string,
  calls: ReadonlyArray<CodexCall>,
  options: { sessionId?: string; model?: string } = {},
): string {
  const id = options.sessionId ?? uuid();
  const t = (s: number) => `2026-11-20T10:00:${String(s).padStart(2, '0')}.123Z`;
  const records: unknown[] = [
    {
      timestamp: t(0),
      type: 'session_meta',
      payload: {
        id,
        timestamp: t(0),
        cwd,
        originator: 'codex_cli_rs',
        cli_version: '0.58.0',
        instructions: null,
        source: 'cli',
        model_provider: 'openai',
        base_instructions: { text: 'You are Codex, based on GPT-5. '.repeat(200) },
        git: { commit_hash: 'a'.repeat(40), branch: 'main', repository_url: 'git@github.com:acme/app.git' },
      },
    },
    {
      timestamp: t(1),
      type: 'response_item',
      payload: {
        type: 'message',
        role: 'user',
        content: [{ type: 'input_text', text: `<environment_context>\n  <cwd>${cwd}</cwd>\n</environment_context>` }],
      },
    },
    {
      timestamp: t(1),
      type: 'turn_context',
      payload: {
        cwd,
        approval_policy: 'on-request',
        sandbox_policy: { type: 'workspace-write', network_access: false },
        model: options.model ?? 'gpt-5-codex',
        effort: 'medium',
        summary: 'auto',
      },
    },
    {
      timestamp: t(2),
      type: 'event_msg',
      payload: { type: 'user_message', message: 'add the parser (token sk-secret)', images: [] },
    },
    {
      timestamp: t(3),
      type: 'response_item',
      payload: {
        type: 'reasoning',
        summary: [{ type: 'summary_text', text: '**Planning**' }],
        encrypted_content: 'gAAAA',
      },
    },
  ];
  calls.forEach((c, i) => {
    const callId = `call_${id.slice(-6)}_${i}`;
    const s = 10 + i * 3;
    let item: Record<string, unknown>;
    if (c.via === 'function') {
      item = {
        type: 'function_call',
        name: 'apply_patch',
        arguments: JSON.stringify({ input: c.patch }),
        call_id: callId,
      };
    } else if (c.via === 'shell') {
      item = {
        type: 'function_call',
        name: 'shell',
        arguments: JSON.stringify({ command: ['bash', '-lc', `apply_patch <<'EOF'\n${c.patch}EOF\n`], workdir: cwd }),
        call_id: callId,
      };
    } else
      item = { type: 'custom_tool_call', status: 'completed', call_id: callId, name: 'apply_patch', input: c.patch };
    records.push({ timestamp: t(s), type: 'response_item', payload: item });
    records.push({
      timestamp: t(s + 1),
      type: 'event_msg',
      payload: c.fail
        ? {
            type: 'patch_apply_end',
            call_id: callId,
            stdout: '',
            stderr: 'Failed to find expected lines',
            success: false,
          }
        : {
            type: 'patch_apply_end',
            call_id: callId,
            stdout: 'Success. Updated the following files:\n',
            stderr: '',
            success: true,
          },
    });
    records.push({
      timestamp: t(s + 2),
      type: 'response_item',
      payload: {
        type: c.via === 'custom' || c.via === undefined ? 'custom_tool_call_output' : 'function_call_output',
        call_id: callId,
        output: c.fail
          ? 'apply_patch verification failed: Failed to find expected lines'
          : 'Exit code: 0\nOutput:\nSuccess.',
      },
    });
  });
  records.push({
    timestamp: t(59),
    type: 'event_msg',
    payload: { type: 'token_count', info: null, rate_limits: null },
  });
  return jsonl(records);
}

/** Writes a rollout where Codex keeps it: `<home>/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl`. */
export function writeCodexRollout(home: string, text: string, name = uuid()): string {
  return write(join(home, '.codex', 'sessions', '2026', '11', '20', `rollout-2026-11-20T10-00-00-${name}.jsonl`), text);
}

export interface GeminiCall {
  readonly name: 'write_file' | 'replace' | 'read_file';
  readonly args: Record<string, unknown>;
  readonly status?: 'success' | 'error' | 'cancelled';
}

/** A Gemini CLI chat in JSON Lines: metadata, then user and gemini messages (tool calls inside the latter). */
export function geminiChat(
  projectRoot: string,
  turns: ReadonlyArray<ReadonlyArray<GeminiCall>>,
  options: { sessionId?: string; model?: string; extra?: ReadonlyArray<unknown> } = {},
): string {
  const sessionId = options.sessionId ?? uuid();
  const records: unknown[] = [
    {
      sessionId,
      projectHash: createHash('sha256').update(projectRoot).digest('hex'),
      startTime: '2026-11-20T10:00:00.000Z',
      lastUpdated: '2026-11-20T10:00:00.000Z',
      kind: 'main',
    },
  ];
  turns.forEach((calls, i) => {
    records.push({
      id: `u-${sessionId}-${i}`,
      timestamp: `2026-11-20T10:0${i}:00.000Z`,
      type: 'user',
      content: [{ text: 'write the parser, my password is hunter2' }],
    });
    records.push({ $set: { lastUpdated: `2026-11-20T10:0${i}:00.000Z` } });
    records.push({
      id: `g-${sessionId}-${i}`,
      timestamp: `2026-11-20T10:0${i}:30.000Z`,
      type: 'gemini',
      content: '',
      thoughts: [{ subject: 'Planning', description: 'I will write it.', timestamp: `2026-11-20T10:0${i}:20.000Z` }],
      tokens: { input: 100, output: 20, cached: 0, thoughts: 5, tool: 0, total: 125 },
      model: options.model ?? 'gemini-2.5-pro',
      toolCalls: calls.map((c, j) => ({
        id: `${c.name}-${i}-${j}`,
        name: c.name,
        args: c.args,
        result: [{ functionResponse: { id: `${c.name}-${i}-${j}`, name: c.name, response: { output: 'ok' } } }],
        status: c.status ?? 'success',
        timestamp: `2026-11-20T10:0${i}:31.000Z`,
        displayName: c.name === 'replace' ? 'Edit' : 'WriteFile',
        renderOutputAsMarkdown: false,
      })),
    });
  });
  records.push(...(options.extra ?? []));
  return jsonl(records);
}

/** Writes a chat under `<home>/.gemini/tmp/<sha256 of the project root>/chats/`. */
export function writeGeminiChat(home: string, projectRoot: string, text: string, name = uuid()): string {
  const hash = createHash('sha256').update(projectRoot).digest('hex');
  return write(join(home, '.gemini', 'tmp', hash, 'chats', `session-2026-11-20T10-00-${name.slice(-8)}.jsonl`), text);
}

/** VS Code's `User` folder for a product on Linux, under a fake home. */
export function userDir(home: string, product: 'Code' | 'Cursor'): string {
  return join(home, '.config', product, 'User');
}

/** A workspace storage folder whose workspace.json names `folder`. */
export function workspaceStorage(
  user: string,
  folder: string,
  id = createHash('md5').update(folder).digest('hex'),
): string {
  const dir = join(user, 'workspaceStorage', id);
  write(join(dir, 'workspace.json'), JSON.stringify({ folder: pathToFileURL(folder).href }));
  return dir;
}

function kvDb(file: string, tables: ReadonlyArray<string>, rows: ReadonlyArray<[string, string, string]>): void {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  for (const t of tables) db.exec(`CREATE TABLE IF NOT EXISTS ${t} (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)`);
  const insert = (t: string) => db.prepare(`INSERT INTO ${t} (key, value) VALUES (?, ?)`);
  for (const [t, k, v] of rows) insert(t).run(k, v);
  db.close();
}

export interface CursorTool {
  readonly name: string;
  readonly params: Record<string, unknown>;
  readonly status?: string;
  readonly review?: 'accept' | 'reject';
}

/** A Cursor agent chat: the workspace's composer list, the composer and its bubbles in the global database. */
export function writeCursorChat(
  home: string,
  folder: string,
  tools: ReadonlyArray<CursorTool>,
  options: { composerId?: string; model?: string } = {},
): string {
  const user = userDir(home, 'Cursor');
  const composerId = options.composerId ?? uuid();
  const ws = workspaceStorage(user, folder);
  kvDb(
    join(ws, 'state.vscdb'),
    ['ItemTable', 'cursorDiskKV'],
    [
      ['ItemTable', 'workbench.panel.aichat.view.aichat.chatdata', JSON.stringify({ tabs: [] })],
      [
        'ItemTable',
        'composer.composerData',
        JSON.stringify({
          allComposers: [
            {
              type: 'head',
              composerId,
              name: 'Add parser',
              lastUpdatedAt: 1795168800000,
              createdAt: 1795168000000,
              unifiedMode: 'agent',
            },
          ],
          selectedComposerIds: [composerId],
        }),
      ],
    ],
  );
  const headers: unknown[] = [{ bubbleId: `${composerId}-u`, type: 1 }];
  const rows: Array<[string, string, string]> = [
    [
      'cursorDiskKV',
      `bubbleId:${composerId}:${composerId}-u`,
      JSON.stringify({
        _v: 3,
        type: 1,
        bubbleId: `${composerId}-u`,
        text: 'add a parser (api key sk-123)',
        createdAt: '2026-11-20T10:00:00.000Z',
      }),
    ],
  ];
  tools.forEach((tool, i) => {
    const bubbleId = `${composerId}-a${i}`;
    headers.push({ bubbleId, type: 2, serverBubbleId: `s-${bubbleId}` });
    rows.push([
      'cursorDiskKV',
      `bubbleId:${composerId}:${bubbleId}`,
      JSON.stringify({
        _v: 3,
        type: 2,
        bubbleId,
        text: '',
        createdAt: `2026-11-20T10:0${i + 1}:00.000Z`,
        capabilityType: 15,
        toolFormerData: {
          tool: 7,
          toolCallId: `toolu_${i}`,
          name: tool.name,
          rawArgs: JSON.stringify(tool.params),
          params: JSON.stringify(tool.params),
          status: tool.status ?? 'completed',
          result: JSON.stringify({ diff: { chunks: [] } }),
          additionalData: { reviewData: { selectedOption: tool.review ?? 'accept', status: 'Done' } },
        },
        tokenCount: { inputTokens: 10, outputTokens: 5 },
      }),
    ]);
  });
  rows.push([
    'cursorDiskKV',
    `composerData:${composerId}`,
    JSON.stringify({
      _v: 10,
      composerId,
      name: 'Add parser',
      text: '',
      richText: '',
      createdAt: 1795168000000,
      lastUpdatedAt: 1795168800000,
      status: 'completed',
      unifiedMode: 'agent',
      modelConfig: { modelName: options.model ?? 'claude-4.5-sonnet', maxMode: false },
      fullConversationHeadersOnly: headers,
      conversationMap: {},
      context: { fileSelections: [] },
    }),
  ]);
  kvDb(
    join(user, 'globalStorage', 'state.vscdb'),
    ['ItemTable', 'cursorDiskKV'],
    [['ItemTable', 'cursorAuth/accessToken', 'secret-token'], ...rows],
  );
  return composerId;
}

export interface CopilotEdit {
  readonly file: string;
  /** Batches of inserted texts, as they streamed. */
  readonly batches: ReadonlyArray<ReadonlyArray<string>>;
  readonly undone?: boolean;
}

function copilotRequest(edits: ReadonlyArray<CopilotEdit>, i: number, model: string): Record<string, unknown> {
  return {
    requestId: `request_${i}`,
    message: { text: 'please add the parser; token ghp_secret', parts: [] },
    variableData: { variables: [] },
    response: [
      { value: 'I will edit the file.', supportThemeIcons: false, supportHtml: false },
      {
        kind: 'toolInvocationSerialized',
        toolId: 'copilot_insertEdit',
        toolCallId: `tc${i}`,
        isConfirmed: true,
        isComplete: true,
      },
      ...edits.map((e) => ({
        kind: 'textEditGroup',
        uri: { $mid: 1, fsPath: e.file, external: pathToFileURL(e.file).href, path: e.file, scheme: 'file' },
        edits: e.batches.map((b) =>
          b.map((text) => ({ text, range: { startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 1 } })),
        ),
        done: true,
      })),
    ],
    agent: {
      extensionId: { value: 'GitHub.copilot-chat', _lower: 'github.copilot-chat' },
      id: 'github.copilot.editsAgent',
      name: 'agent',
    },
    timestamp: 1795168800000 + i * 60000,
    modelId: model,
    editedFileEvents: edits
      .filter((e) => e.undone)
      .map((e) => ({ eventKind: 2, uri: { $mid: 1, path: e.file, scheme: 'file' } })),
  };
}

/** A Copilot Chat session in the `.json` form (one object). */
export function copilotSessionJson(
  requests: ReadonlyArray<ReadonlyArray<CopilotEdit>>,
  options: { sessionId?: string; model?: string } = {},
): string {
  return JSON.stringify(
    {
      version: 3,
      requesterUsername: 'ada',
      responderUsername: 'GitHub Copilot',
      initialLocation: 'panel',
      requests: requests.map((r, i) => copilotRequest(r, i, options.model ?? 'copilot/gpt-4.1')),
      sessionId: options.sessionId ?? uuid(),
      creationDate: 1795168000000,
      isImported: false,
    },
    null,
    2,
  );
}

/** The same session as a `.jsonl` mutation log: the empty session first, then each request pushed. */
export function copilotSessionLog(
  requests: ReadonlyArray<ReadonlyArray<CopilotEdit>>,
  options: { sessionId?: string; model?: string } = {},
): string {
  const session = JSON.parse(copilotSessionJson([], options)) as Record<string, unknown>;
  const entries: unknown[] = [{ kind: 0, v: session }];
  requests.forEach((r, i) => {
    const req = copilotRequest(r, i, options.model ?? 'copilot/gpt-4.1');
    const response = req['response'] as unknown[];
    entries.push({ kind: 2, k: ['requests'], v: [{ ...req, response: [] }] });
    entries.push({ kind: 2, k: ['requests', i, 'response'], v: response });
    entries.push({ kind: 1, k: ['requests', i, 'result'], v: { timings: { totalElapsed: 1200 } } });
  });
  entries.push({ kind: 1, k: ['customTitle'], v: 'Parser' });
  return jsonl(entries);
}

export interface ClineStep {
  /** The assistant's message: text with XML tool calls, or tool_use blocks. */
  readonly assistant: ReadonlyArray<Record<string, unknown>> | string;
  /** The next user message (tool results). */
  readonly user?: ReadonlyArray<Record<string, unknown>> | string;
}

/** A Cline/Roo task's api_conversation_history.json: the task prompt with environment details, then the steps. */
export function clineHistory(cwd: string, steps: ReadonlyArray<ClineStep>, options: { model?: string } = {}): string {
  const messages: unknown[] = [
    {
      role: 'user',
      content: [
        { type: 'text', text: '<task>\nadd the parser (password: hunter2)\n</task>' },
        {
          type: 'text',
          text: `<environment_details>\n# VSCode Visible Files\nsrc/a.ts\n\n# Current Working Directory (${cwd}) Files\nsrc/\n</environment_details>`,
        },
      ],
      ts: 1795168000000,
    },
  ];
  steps.forEach((s, i) => {
    messages.push({
      role: 'assistant',
      content: typeof s.assistant === 'string' ? [{ type: 'text', text: s.assistant }] : s.assistant,
      ts: 1795168000000 + (i + 1) * 60000,
      ...(options.model ? { modelInfo: { modelId: options.model, providerId: 'anthropic', mode: 'act' } } : {}),
    });
    if (s.user !== undefined) {
      messages.push({
        role: 'user',
        content: typeof s.user === 'string' ? [{ type: 'text', text: s.user }] : s.user,
        ts: 1795168000000 + (i + 1) * 60000 + 5000,
      });
    }
  });
  return JSON.stringify(messages);
}

/** Writes a Cline task (and the history index naming its folder) into `storage` (the extension's folder). */
export function writeClineTask(
  storage: string,
  cwd: string,
  history: string,
  options: { taskId?: string; index?: 'cline' | 'roo' | 'none'; model?: string } = {},
): string {
  const id = options.taskId ?? String(1795168000000 + ++counter);
  const dir = join(storage, 'tasks', id);
  write(join(dir, 'api_conversation_history.json'), history);
  write(
    join(dir, 'ui_messages.json'),
    JSON.stringify([{ ts: 1795168000000, type: 'say', say: 'task', text: 'add the parser' }]),
  );
  const item = { id, ts: 1795168000000, task: 'add the parser', tokensIn: 10, tokensOut: 20, totalCost: 0.01 };
  if (options.index === 'cline' || options.index === undefined) {
    write(
      join(storage, 'state', 'taskHistory.json'),
      JSON.stringify([{ ...item, cwdOnTaskInitialization: cwd, ...(options.model ? { modelId: options.model } : {}) }]),
    );
    write(
      join(dir, 'task_metadata.json'),
      JSON.stringify({
        files_in_context: [],
        model_usage: [
          {
            ts: 1795168000000,
            model_id: options.model ?? 'claude-sonnet-4-5',
            model_provider_id: 'anthropic',
            mode: 'act',
          },
        ],
        environment_history: [],
      }),
    );
  } else if (options.index === 'roo') {
    write(
      join(storage, 'tasks', '_index.json'),
      JSON.stringify({ version: 1, entries: [{ ...item, number: 1, workspace: cwd, mode: 'code' }] }),
    );
  }
  return id;
}

/** A Continue session file and its entry in sessions.json. */
export function writeContinueSession(
  home: string,
  workspace: string,
  calls: ReadonlyArray<{ name: string; args: Record<string, unknown>; status?: string }>,
  options: { sessionId?: string; model?: string } = {},
): string {
  const sessionId = options.sessionId ?? uuid();
  const dir = join(home, '.continue', 'sessions');
  const history = [
    { message: { role: 'user', content: 'add the parser; my key is sk-secret' }, contextItems: [] },
    {
      message: {
        role: 'assistant',
        content: '',
        toolCalls: calls.map((c, i) => ({
          id: `call_${i}`,
          type: 'function',
          function: { name: c.name, arguments: JSON.stringify(c.args) },
        })),
      },
      contextItems: [],
      toolCallStates: calls.map((c, i) => ({
        toolCallId: `call_${i}`,
        toolCall: { id: `call_${i}`, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } },
        status: c.status ?? 'done',
        parsedArgs: c.args,
        output: [{ name: 'Edit', description: 'done', content: 'ok' }],
      })),
    },
  ];
  const uri = pathToFileURL(workspace).href;
  write(
    join(dir, `${sessionId}.json`),
    JSON.stringify({
      sessionId,
      title: 'Parser',
      workspaceDirectory: uri,
      history,
      mode: 'agent',
      chatModelTitle: options.model ?? 'Claude 4.5 Sonnet',
    }),
  );
  write(
    join(dir, 'sessions.json'),
    JSON.stringify([{ sessionId, title: 'Parser', dateCreated: '1795168000000', workspaceDirectory: uri }]),
  );
  return sessionId;
}

export interface OpencodeTool {
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly status?: 'completed' | 'error';
}

/** An OpenCode database (1.2+): project, session, message and part rows with JSON data. */
export function writeOpencodeDb(
  home: string,
  directory: string,
  tools: ReadonlyArray<OpencodeTool>,
  options: { sessionId?: string; model?: string } = {},
): string {
  const file = join(home, '.local', 'share', 'opencode', 'opencode.db');
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(`
    CREATE TABLE IF NOT EXISTS project (id TEXT PRIMARY KEY, worktree TEXT NOT NULL, vcs TEXT, name TEXT, time_created INTEGER, time_updated INTEGER);
    CREATE TABLE IF NOT EXISTS session (id TEXT PRIMARY KEY, project_id TEXT NOT NULL, parent_id TEXT, slug TEXT, directory TEXT NOT NULL, title TEXT, version TEXT, time_created INTEGER, time_updated INTEGER);
    CREATE TABLE IF NOT EXISTS message (id TEXT PRIMARY KEY, session_id TEXT NOT NULL, time_created INTEGER, time_updated INTEGER, data TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS part (id TEXT PRIMARY KEY, message_id TEXT NOT NULL, session_id TEXT NOT NULL, time_created INTEGER, time_updated INTEGER, data TEXT NOT NULL);
  `);
  const sessionId = options.sessionId ?? `ses_${uuid().replace(/-/g, '')}`;
  db.prepare('INSERT OR REPLACE INTO project VALUES (?, ?, ?, ?, ?, ?)').run(
    'a'.repeat(40),
    directory,
    'git',
    'app',
    1,
    1,
  );
  db.prepare('INSERT INTO session VALUES (?, ?, NULL, ?, ?, ?, ?, ?, ?)').run(
    sessionId,
    'a'.repeat(40),
    'slug',
    directory,
    'Parser',
    '1.2.3',
    1,
    1,
  );
  const user = `msg_${sessionId}_u`;
  db.prepare('INSERT INTO message VALUES (?, ?, ?, ?, ?)').run(
    user,
    sessionId,
    1,
    1,
    JSON.stringify({ role: 'user', time: { created: 1795168000000 } }),
  );
  db.prepare('INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)').run(
    `prt_${sessionId}_0`,
    user,
    sessionId,
    1,
    1,
    JSON.stringify({ type: 'text', text: 'add the parser, token sk-secret' }),
  );
  const assistant = `msg_${sessionId}_a`;
  db.prepare('INSERT INTO message VALUES (?, ?, ?, ?, ?)').run(
    assistant,
    sessionId,
    2,
    2,
    JSON.stringify({
      role: 'assistant',
      modelID: options.model ?? 'claude-sonnet-4-5',
      providerID: 'anthropic',
      mode: 'build',
      path: { cwd: directory, root: directory },
      time: { created: 1795168060000, completed: 1795168090000 },
      cost: 0.01,
      tokens: { input: 1, output: 2, reasoning: 0, cache: { read: 0, write: 0 } },
    }),
  );
  tools.forEach((t, i) => {
    db.prepare('INSERT INTO part VALUES (?, ?, ?, ?, ?, ?)').run(
      `prt_${sessionId}_${i + 1}`,
      assistant,
      sessionId,
      3,
      3,
      JSON.stringify({
        type: 'tool',
        callID: `call_${i}`,
        tool: t.tool,
        state:
          t.status === 'error'
            ? {
                status: 'error',
                input: t.input,
                error: 'oldString not found',
                time: { start: 1795168070000, end: 1795168071000 },
              }
            : {
                status: 'completed',
                input: t.input,
                output: '',
                title: 'src/a.ts',
                metadata: { diff: '' },
                time: { start: 1795168070000, end: 1795168071000 },
              },
      }),
    );
  });
  db.close();
  return sessionId;
}
