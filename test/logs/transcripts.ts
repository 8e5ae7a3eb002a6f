// Real-shaped agent logs written by tests: Claude Code transcript JSONL records and aider chat histories.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

let counter = 0;
const uuid = () => `00000000-0000-4000-8000-${String(++counter).padStart(12, '0')}`;

interface ClaudeTool {
  readonly name: 'Write' | 'Edit' | 'MultiEdit' | 'Read' | 'Bash';
  readonly input: Record<string, unknown>;
  readonly error?: boolean;
}

/** JSONL records of one Claude Code session in `cwd`: a prompt, then each tool call and its result. */
export function claudeSession(
  cwd: string,
  tools: ReadonlyArray<ClaudeTool>,
  options: { sessionId?: string; model?: string; prompt?: string } = {},
): string {
  const sessionId = options.sessionId ?? uuid();
  const base = { isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.30', gitBranch: 'main' };
  const records: unknown[] = [
    {
      ...base,
      parentUuid: null,
      type: 'user',
      uuid: uuid(),
      timestamp: '2026-11-20T10:00:00.000Z',
      message: { role: 'user', content: options.prompt ?? 'please write the parser (secret: hunter2)' },
    },
  ];
  let minute = 1;
  for (const t of tools) {
    const id = `toolu_${uuid().replace(/-/g, '')}`;
    const time = `2026-11-20T10:${String(minute++).padStart(2, '0')}:00.000Z`;
    records.push({
      ...base,
      parentUuid: uuid(),
      type: 'assistant',
      uuid: uuid(),
      timestamp: time,
      requestId: `req_${counter}`,
      message: {
        id: `msg_${counter}`,
        type: 'message',
        role: 'assistant',
        model: options.model ?? 'claude-sonnet-4-5-20250929',
        content: [
          { type: 'text', text: 'I will write it now.' },
          { type: 'tool_use', id, name: t.name, input: t.input },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 10, output_tokens: 20 },
      },
    });
    records.push({
      ...base,
      parentUuid: uuid(),
      type: 'user',
      uuid: uuid(),
      timestamp: time,
      message: {
        role: 'user',
        content: [
          t.error
            ? {
                type: 'tool_result',
                tool_use_id: id,
                is_error: true,
                content: '<tool_use_error>String to replace not found in file.</tool_use_error>',
              }
            : {
                type: 'tool_result',
                tool_use_id: id,
                content: `The file ${String(t.input['file_path'])} has been updated.`,
              },
        ],
      },
      toolUseResult: t.error
        ? 'Error: String to replace not found in file.'
        : { filePath: t.input['file_path'], type: 'update' },
    });
  }
  return `${records.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/** Writes a transcript where Claude Code keeps it for a project at `cwd`, under `home/.claude/projects`. */
export function writeTranscript(home: string, cwd: string, jsonl: string, name = `${uuid()}.jsonl`): string {
  const dir = join(home, '.claude', 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));
  mkdirSync(dir, { recursive: true });
  const file = join(dir, name);
  writeFileSync(file, jsonl);
  return file;
}

/** An aider chat history with one SEARCH/REPLACE edit per entry, confirmed as applied. */
export function aiderHistory(
  edits: ReadonlyArray<{ path: string; search: string; replace: string }>,
  model = 'gpt-4o-2024-08-06',
): string {
  const out = [
    '',
    '# aider chat started at 2026-11-20 10:00:00',
    '',
    '> /usr/local/bin/aider --model gpt-4o',
    '> Aider v0.86.1',
    `> Main model: ${model} with diff edit format`,
    '> Git repo: .git with 3 files',
    '',
    '#### add the helper functions, my token is sk-secret',
    '',
    'Here are the changes:',
    '',
  ];
  for (const e of edits) {
    out.push(
      e.path,
      '```c',
      '<<<<<<< SEARCH',
      ...(e.search ? e.search.replace(/\n$/, '').split('\n') : []),
      '=======',
      ...e.replace.replace(/\n$/, '').split('\n'),
      '>>>>>>> REPLACE',
      '```',
      '',
    );
  }
  for (const e of edits) out.push(`> Applied edit to ${e.path}`);
  out.push('> Commit 1a2b3c4 feat: add helpers', '');
  return out.join('\n');
}
