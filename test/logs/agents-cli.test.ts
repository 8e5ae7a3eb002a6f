import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, runCliJson } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';
import {
  addFilePatch,
  clineHistory,
  codexRollout,
  copilotSessionJson,
  geminiChat,
  userDir,
  workspaceStorage,
  writeClineTask,
  writeCodexRollout,
  writeContinueSession,
  writeCursorChat,
  writeGeminiChat,
  writeOpencodeDb,
} from './agent-logs.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A distinct file per agent, so each span names who wrote it. */
const code = (name: string) => `export function ${name}Checksum(data: Uint8Array): number {
  let sum = 0x${name.length.toString(16)}1f;
  for (const byte of data) sum = (sum * 31 + byte) >>> 0;
  return sum ^ ${name.length * 7919};
}
`;

const AGENTS = ['codex', 'gemini', 'cursor', 'copilot', 'cline', 'roo', 'continue', 'opencode'] as const;

function setup() {
  const repo = TestRepo.create();
  const home = tempDir('provscan-home-');
  const cache = tempDir('provscan-cache-');
  cleanups.push(() => repo.cleanup(), home.cleanup, cache.cleanup);
  repo.write('README.md', '# app\n').commit('Initial commit');
  const root = repo.git('rev-parse', '--show-toplevel').trim();
  // only the fake home: no variable of the machine running the tests may point the readers elsewhere
  const env: NodeJS.ProcessEnv = {
    HOME: home.path,
    PROVSCAN_CACHE_DIR: cache.path,
    XDG_CONFIG_HOME: '',
    XDG_DATA_HOME: '',
    CODEX_HOME: '',
    GEMINI_CLI_HOME: '',
    CONTINUE_GLOBAL_DIR: '',
    CLINE_DIR: '',
    CLINE_DATA_DIR: '',
    CLAUDE_CONFIG_DIR: '',
    PROVSCAN_CLAUDE_DIR: join(home.path, 'no-claude'),
  };
  return { repo, home: home.path, root, env };
}

/** Each agent's logs, each writing its own file `src/<agent>.ts`. */
function writeAllLogs(home: string, root: string): void {
  const file = (a: string) => `src/${a}.ts`;
  writeCodexRollout(
    home,
    codexRollout(root, [{ patch: addFilePatch(file('codex'), code('codex')) }], { sessionId: 'codex-1' }),
  );
  writeGeminiChat(
    home,
    root,
    geminiChat(
      root,
      [[{ name: 'write_file', args: { file_path: join(root, file('gemini')), content: code('gemini') } }]],
      { sessionId: 'gemini-1' },
    ),
  );
  writeCursorChat(
    home,
    root,
    [{ name: 'edit_file', params: { target_file: file('cursor'), code_edit: code('cursor') } }],
    { composerId: 'cursor-1' },
  );
  const ws = workspaceStorage(userDir(home, 'Code'), root);
  mkdirSync(join(ws, 'chatSessions'));
  writeFileSync(
    join(ws, 'chatSessions', 'copilot-1.json'),
    copilotSessionJson([[{ file: join(root, file('copilot')), batches: [[code('copilot')]] }]], {
      sessionId: 'copilot-1',
    }),
  );
  const vscodeGlobal = join(userDir(home, 'Code'), 'globalStorage');
  writeClineTask(
    join(vscodeGlobal, 'saoudrizwan.claude-dev'),
    root,
    clineHistory(root, [
      {
        assistant: `<write_to_file>\n<path>${file('cline')}</path>\n<content>\n${code('cline')}</content>\n</write_to_file>`,
        user: 'ok',
      },
    ]),
    { taskId: 'cline-1' },
  );
  writeClineTask(
    join(vscodeGlobal, 'rooveterinaryinc.roo-cline'),
    root,
    clineHistory(root, [
      {
        assistant: [
          { type: 'tool_use', id: 't1', name: 'write_to_file', input: { path: file('roo'), content: code('roo') } },
        ],
        user: [{ type: 'tool_result', tool_use_id: 't1', content: 'ok' }],
      },
    ]),
    { taskId: 'roo-1', index: 'roo' },
  );
  writeContinueSession(
    home,
    root,
    [{ name: 'create_new_file', args: { filepath: file('continue'), contents: code('continue') } }],
    { sessionId: 'continue-1' },
  );
  writeOpencodeDb(
    home,
    root,
    [{ tool: 'write', input: { filePath: join(root, file('opencode')), content: code('opencode') } }],
    { sessionId: 'opencode-1' },
  );
}

interface RecordJson {
  file: string | null;
  files: number;
  lines: number;
  found: Record<string, number>;
}

interface CheckJson {
  files: Array<{
    path: string;
    ai: Array<{ start: number; end: number; agent: string; source: string; session?: string }>;
  }>;
}

describe('provscan record and check --staged read every agent’s logs', () => {
  it('records the lines each agent wrote, and the staged check names the agent of each file', async () => {
    const { repo, home, root, env } = setup();
    writeAllLogs(home, root);
    for (const a of AGENTS) repo.write(`src/${a}.ts`, code(a));
    const rec = await runCliJson<RecordJson>(['record', '--json'], { cwd: root, env });
    expect(rec.code).toBe(0);
    expect(rec.stderr).toBe('');
    expect(rec.json.files).toBe(AGENTS.length);
    expect(rec.json.lines).toBe(AGENTS.length * 5);
    for (const s of ['codex', 'gemini', 'cursor', 'copilot', 'cline', 'roo-code', 'continue', 'opencode']) {
      expect(rec.json.found[s], s).toBe(1);
    }

    repo.git('add', 'src');
    const check = await runCliJson<CheckJson>(['check', '--staged', '--format', 'json', '--from', 'auto'], {
      cwd: root,
      env,
    });
    expect(check.stderr).toBe('');
    const agents = new Map(check.json.files.map((f) => [f.path, f.ai.find((s) => s.source !== 'provscan-record')]));
    const expected: Record<string, [string, string, string]> = {
      'src/codex.ts': ['openai-codex', 'codex-log', 'codex-1'],
      'src/gemini.ts': ['gemini-cli', 'gemini-log', 'gemini-1'],
      'src/cursor.ts': ['cursor', 'cursor-log', 'cursor-1'],
      'src/copilot.ts': ['github-copilot', 'copilot-log', 'copilot-1'],
      'src/cline.ts': ['cline', 'cline-log', 'cline-1'],
      'src/roo.ts': ['roo-code', 'roo-code-log', 'roo-1'],
      'src/continue.ts': ['continue', 'continue-log', 'continue-1'],
      'src/opencode.ts': ['opencode', 'opencode-log', 'opencode-1'],
    };
    for (const [path, [agent, source, session]] of Object.entries(expected)) {
      const f = check.json.files.find((x) => x.path === path);
      expect(f?.ai, path).toEqual([expect.objectContaining({ start: 1, end: 5, agent, session })]);
      expect(f?.ai[0]?.source === source || f?.ai[0]?.source === 'provscan-record', path).toBe(true);
    }
    expect(agents.size).toBe(AGENTS.length);
    // nothing of the logs' prompts reaches the output
    const out = JSON.stringify(check.json);
    for (const secret of ['hunter2', 'sk-secret', 'sk-123', 'ghp_secret']) expect(out).not.toContain(secret);
  });

  it('reads only the sources --from names', async () => {
    const { repo, home, root, env } = setup();
    writeAllLogs(home, root);
    for (const a of AGENTS) repo.write(`src/${a}.ts`, code(a));
    repo.git('add', 'src');
    const check = await runCliJson<CheckJson>(['check', '--staged', '--format', 'json', '--from', 'codex,opencode'], {
      cwd: root,
      env,
    });
    const marked = check.json.files.filter((f) => f.ai.length > 0).map((f) => f.path);
    expect(marked.sort()).toEqual(['src/codex.ts', 'src/opencode.ts']);
    const rec = await runCliJson<RecordJson>(['record', '--json', '--from', 'cursor'], { cwd: root, env });
    expect(Object.entries(rec.json.found).filter(([, n]) => n > 0)).toEqual([['cursor', 1]]);
  });

  it('warns about broken logs by name and still checks, exit 0, without a stack trace', async () => {
    const { repo, home, root, env } = setup();
    const rollout = writeCodexRollout(
      home,
      `${codexRollout(root, [{ patch: addFilePatch('src/codex.ts', code('codex')) }])}{"timestamp":"2026-11-20T10:05:00Z","type":"event_msg","payload":{"type":"patch_apply_end","call_id":"c`,
    );
    const ws = workspaceStorage(userDir(home, 'Code'), root);
    mkdirSync(join(ws, 'chatSessions'));
    writeFileSync(
      join(ws, 'chatSessions', 'broken.json'),
      '{"version":3,"sessionId":"x","requests":[{"response":[{"kind":"textEd',
    );
    const cursorWs = workspaceStorage(userDir(home, 'Cursor'), root);
    writeFileSync(join(cursorWs, 'state.vscdb'), 'not sqlite');
    repo.write('src/codex.ts', code('codex'));
    repo.git('add', 'src');
    const res = await runCli(['check', '--staged'], { cwd: root, env });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain(
      `provscan: warning: ${rollout}: skipped 1 malformed or truncated line(s) of a Codex session log`,
    );
    expect(res.stderr).toContain(
      `provscan: warning: ${join(ws, 'chatSessions', 'broken.json')}: Copilot Chat session is truncated`,
    );
    expect(res.stderr).toContain(
      `provscan: warning: ${join(cursorWs, 'state.vscdb')}: cannot read Cursor state database`,
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists where it looks for each agent’s logs in --help', async () => {
    const { env } = setup();
    for (const cmd of ['check', 'record']) {
      const res = await runCli([cmd, '--help'], { env });
      for (const v of [
        'PROVSCAN_CODEX_DIR',
        'PROVSCAN_GEMINI_DIR',
        'PROVSCAN_CURSOR_DIR',
        'PROVSCAN_VSCODE_DIR',
        'PROVSCAN_OPENCODE_DIR',
      ]) {
        expect(res.stdout, `${cmd} --help`).toContain(v);
      }
      expect(res.stdout).toContain('roo-code');
    }
  });

  it('gives provscan scan the spans of committed lines no trailer marks, in JSON that fits the schema', async () => {
    const { repo, home, root, env } = setup();
    writeAllLogs(home, root);
    for (const a of AGENTS) repo.write(`src/${a}.ts`, code(a));
    repo.commit('Add checksums');
    const res = await runCli(['scan', '--format', 'json', '--quiet'], { cwd: root, env });
    expect(res.code).toBe(0);
    const schema = JSON.parse(
      readFileSync(new URL('../../schemas/provscan-scan.schema.json', import.meta.url), 'utf8'),
    );
    const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
    const doc = JSON.parse(res.stdout) as {
      files: Array<{ path: string; ai: Array<{ source: string; start: number; end: number }> }>;
    };
    expect(validate(doc), JSON.stringify(validate.errors, null, 2)).toBe(true);
    const sources = doc.files.flatMap((f) => f.ai.map((s) => s.source)).sort();
    expect(sources).toEqual(
      [
        'cline-log',
        'codex-log',
        'continue-log',
        'copilot-log',
        'cursor-log',
        'gemini-log',
        'opencode-log',
        'roo-code-log',
      ].sort(),
    );
  });
});
