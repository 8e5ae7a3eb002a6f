// Agent log readers benchmark. Three questions:
// 1. What do the readers cost when no agent left logs (the common pre-commit case)? In-process, all sources vs none.
// 2. What does `provscan check --staged` cost on a busy developer machine: thousands of Codex sessions of other
//    projects, dozens of Gemini/VS Code/Cursor/Cline/Continue/OpenCode sessions, some of this project? (Fresh Node
//    process, as the hook runs it; the Codex session index warm, and cold.)
// 3. Is memory bounded on huge logs? Wall time and peak RSS of reading a multi-GB Codex rollout and a large Cline
//    task history whole (every edit, as `scan` does), in a child process.
// Usage: node bench/logs.bench.mjs [--runs N] [--big-mb MB]   (build first: npm run build)
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import Database from 'better-sqlite3';
import { writeSection } from './lib.mjs';

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const RUNS = arg('runs', 9);
const BIG_MB = arg('big-mb', 2048);
const BIN = fileURLToPath(new URL('../bin/provscan.js', import.meta.url));
const LOGS = pathToFileURL(fileURLToPath(new URL('../dist/src/provenance/logs/index.js', import.meta.url))).href;
const WORK = fileURLToPath(new URL('./work/logs/', import.meta.url));
const GNU_TIME = ['/usr/bin/time', '/bin/time'].find((p) => existsSync(p));

const git = (cwd, ...args) => execFileSync('git', args, { cwd, encoding: 'utf8' });
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const put = (file, text) => {
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
};
const jsonl = (recs) => `${recs.map((r) => JSON.stringify(r)).join('\n')}\n`;
const lorem = (n) => 'lorem ipsum dolor sit amet '.repeat(n);

function code(lines, seed) {
  const out = [];
  for (let i = 0; out.length < lines; i++) {
    const n = seed * 100_000 + i;
    out.push(
      `export function mix${n}(a${n}: number, b${n}: number): number {`,
      `  return a${n} * ${n % 97} + b${n};`,
      '}',
      '',
    );
  }
  return `${out.slice(0, lines).join('\n')}\n`;
}

function makeRepo() {
  const dir = join(WORK, 'repo');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'config', 'user.name', 'Bench');
  git(dir, 'config', 'user.email', 'bench@example.com');
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'bench', version: '1.0.0', license: 'MIT' })}\n`);
  for (let f = 0; f < 50; f++) writeFileSync(join(dir, 'src', `old${f}.ts`), code(120, f));
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'base');
  writeFileSync(join(dir, 'src', 'new0.ts'), code(200, 9000));
  git(dir, 'add', '-A');
  return git(dir, 'rev-parse', '--show-toplevel').trim();
}

const patch = (path, text) =>
  `*** Begin Patch\n*** Add File: ${path}\n${text
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `+${l}`)
    .join('\n')}\n*** End Patch\n`;

function codexSession(cwd, id, chatterLines, patches) {
  const recs = [
    {
      timestamp: '2026-11-20T10:00:00Z',
      type: 'session_meta',
      payload: {
        id,
        timestamp: '2026-11-20T10:00:00Z',
        cwd,
        originator: 'codex_cli_rs',
        cli_version: '0.58.0',
        base_instructions: { text: lorem(100) },
      },
    },
    {
      timestamp: '2026-11-20T10:00:01Z',
      type: 'turn_context',
      payload: { cwd, model: 'gpt-5-codex', approval_policy: 'on-request' },
    },
  ];
  for (let i = 0; i < chatterLines; i++) {
    recs.push({
      timestamp: '2026-11-20T10:00:02Z',
      type: 'event_msg',
      payload: { type: 'agent_message', message: `${i} ${lorem(60)}` },
    });
  }
  patches.forEach(([path, text], i) => {
    recs.push({
      timestamp: '2026-11-20T10:00:03Z',
      type: 'response_item',
      payload: { type: 'custom_tool_call', call_id: `c${i}`, name: 'apply_patch', input: patch(path, text) },
    });
    recs.push({
      timestamp: '2026-11-20T10:00:04Z',
      type: 'event_msg',
      payload: { type: 'patch_apply_end', call_id: `c${i}`, success: true, stdout: '', stderr: '' },
    });
  });
  return jsonl(recs);
}

/** A home folder as a busy developer's: many sessions of other projects, some of this one, for every agent. */
function makeBusyHome(root, staged) {
  const home = join(WORK, 'home');
  rmSync(home, { recursive: true, force: true });
  const other = (i) => `/home/dev/projects/other-${i}`;
  // Codex: 3,000 sessions of other projects, 10 of this one (about 1 MB each, one writing the staged file)
  for (let i = 0; i < 3000; i++) {
    const day = String((i % 28) + 1).padStart(2, '0');
    put(
      join(
        home,
        '.codex',
        'sessions',
        '2026',
        String((i % 12) + 1).padStart(2, '0'),
        day,
        `rollout-2026-01-${day}T10-00-00-${String(i).padStart(8, '0')}.jsonl`,
      ),
      codexSession(other(i), `o${i}`, 5, []),
    );
  }
  for (let i = 0; i < 10; i++) {
    const patches = i === 0 ? [['src/new0.ts', staged]] : [[`src/gen${i}.ts`, code(50, i)]];
    put(
      join(home, '.codex', 'sessions', '2026', '11', '20', `rollout-2026-11-20T10-00-0${i}-this${i}.jsonl`),
      codexSession(root, `t${i}`, 600, patches),
    );
  }
  // Gemini CLI: 50 other projects, 5 chats of this one
  const geminiChat = (cwd, id, withWrite) =>
    jsonl([
      { sessionId: id, projectHash: 'x', startTime: '2026-11-20T10:00:00Z', lastUpdated: '2026-11-20T10:00:00Z' },
      ...Array.from({ length: 200 }, (_, j) => ({
        id: `${id}-u${j}`,
        timestamp: '2026-11-20T10:00:00Z',
        type: 'user',
        content: [{ text: lorem(20) }],
      })),
      {
        id: `${id}-g`,
        timestamp: '2026-11-20T10:01:00Z',
        type: 'gemini',
        content: '',
        model: 'gemini-2.5-pro',
        toolCalls: withWrite
          ? [
              {
                id: 'w',
                name: 'write_file',
                status: 'success',
                timestamp: '2026-11-20T10:01:00Z',
                args: { file_path: join(cwd, 'src/new0.ts'), content: staged },
              },
            ]
          : [],
      },
    ]);
  for (let i = 0; i < 50; i++)
    put(
      join(home, '.gemini', 'tmp', createHash('sha256').update(other(i)).digest('hex'), 'chats', 'session-a.jsonl'),
      geminiChat(other(i), `g${i}`, false),
    );
  for (let i = 0; i < 5; i++)
    put(
      join(home, '.gemini', 'tmp', createHash('sha256').update(root).digest('hex'), 'chats', `session-${i}.jsonl`),
      geminiChat(root, `gt${i}`, i === 0),
    );
  // VS Code: 60 workspaces, this one with 20 Copilot sessions
  const user = join(home, '.config', 'Code', 'User');
  for (let i = 0; i < 60; i++) {
    const folder = i === 0 ? root : other(i);
    const ws = join(user, 'workspaceStorage', `ws${i}`);
    put(join(ws, 'workspace.json'), JSON.stringify({ folder: pathToFileURL(folder).href }));
    if (i !== 0) continue;
    for (let s = 0; s < 20; s++) {
      const file = s === 0 ? join(root, 'src/new0.ts') : join(root, `src/gen${s}.ts`);
      const requests = Array.from({ length: 10 }, (_, r) => ({
        requestId: `r${r}`,
        message: { text: lorem(30) },
        variableData: { variables: [] },
        modelId: 'copilot/gpt-4.1',
        timestamp: 1795168000000,
        response: [
          { value: lorem(200) },
          {
            kind: 'textEditGroup',
            uri: { scheme: 'file', path: file },
            edits: [[{ text: s === 0 ? staged : code(30, s), range: {} }]],
            done: true,
          },
        ],
      }));
      put(
        join(ws, 'chatSessions', `s${s}.json`),
        JSON.stringify({ version: 3, sessionId: `s${s}`, creationDate: 1, requests }),
      );
    }
  }
  // Cline: 300 tasks, 30 of this project (about 400 KB each)
  const cline = join(user, 'globalStorage', 'saoudrizwan.claude-dev');
  const history = [];
  for (let t = 0; t < 300; t++) {
    const cwd = t < 30 ? root : other(t);
    history.push({
      id: `task${t}`,
      ts: 1795168000000,
      task: 'x',
      tokensIn: 1,
      tokensOut: 1,
      totalCost: 0,
      cwdOnTaskInitialization: cwd,
    });
    const messages = [
      { role: 'user', content: [{ type: 'text', text: `<task>x</task> # Current Working Directory (${cwd}) Files` }] },
    ];
    for (let m = 0; m < 40; m++) {
      messages.push(
        { role: 'assistant', content: [{ type: 'text', text: lorem(200) }] },
        { role: 'user', content: [{ type: 'text', text: lorem(200) }] },
      );
    }
    if (t === 0)
      messages.push({
        role: 'assistant',
        content: [
          {
            type: 'text',
            text: `<write_to_file>\n<path>src/new0.ts</path>\n<content>\n${staged}</content>\n</write_to_file>`,
          },
        ],
      });
    put(join(cline, 'tasks', `task${t}`, 'api_conversation_history.json'), JSON.stringify(messages));
  }
  put(join(cline, 'state', 'taskHistory.json'), JSON.stringify(history));
  // Continue: 300 sessions, 30 of this project
  const cont = join(home, '.continue', 'sessions');
  const list = [];
  for (let s = 0; s < 300; s++) {
    const ws = pathToFileURL(s < 30 ? root : other(s)).href;
    list.push({ sessionId: `c${s}`, title: 'x', dateCreated: '1795168000000', workspaceDirectory: ws });
    const hist = Array.from({ length: 50 }, () => ({
      message: { role: 'user', content: lorem(50) },
      contextItems: [],
    }));
    if (s === 0)
      hist.push({
        message: { role: 'assistant', content: '' },
        contextItems: [],
        toolCallStates: [
          {
            toolCallId: 'a',
            status: 'done',
            toolCall: { function: { name: 'create_new_file', arguments: '{}' } },
            parsedArgs: { filepath: 'src/new0.ts', contents: staged },
          },
        ],
      });
    put(
      join(cont, `c${s}.json`),
      JSON.stringify({ sessionId: `c${s}`, title: 'x', workspaceDirectory: ws, history: hist }),
    );
  }
  put(join(cont, 'sessions.json'), JSON.stringify(list));
  // Cursor: this workspace's 30 composers among 200 in the global database
  const cursorUser = join(home, '.config', 'Cursor', 'User');
  const cws = join(cursorUser, 'workspaceStorage', 'cw');
  put(join(cws, 'workspace.json'), JSON.stringify({ folder: pathToFileURL(root).href }));
  const wdb = new Database(join(cws, 'state.vscdb'));
  wdb.exec('CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)');
  wdb
    .prepare('INSERT INTO ItemTable VALUES (?, ?)')
    .run(
      'composer.composerData',
      JSON.stringify({ allComposers: Array.from({ length: 30 }, (_, c) => ({ composerId: `comp${c}` })) }),
    );
  wdb.close();
  mkdirSync(join(cursorUser, 'globalStorage'), { recursive: true });
  const gdb = new Database(join(cursorUser, 'globalStorage', 'state.vscdb'));
  gdb.exec(
    'CREATE TABLE ItemTable (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB); CREATE TABLE cursorDiskKV (key TEXT UNIQUE ON CONFLICT REPLACE, value BLOB)',
  );
  const ins = gdb.prepare('INSERT INTO cursorDiskKV VALUES (?, ?)');
  gdb.transaction(() => {
    for (let c = 0; c < 200; c++) {
      ins.run(
        `composerData:comp${c}`,
        JSON.stringify({
          composerId: `comp${c}`,
          modelConfig: { modelName: 'claude-4.5-sonnet' },
          fullConversationHeadersOnly: [],
        }),
      );
      for (let b = 0; b < 30; b++) {
        const tool =
          b === 29
            ? {
                name: 'edit_file',
                status: 'completed',
                params: JSON.stringify({
                  target_file: c === 0 ? 'src/new0.ts' : `src/gen${c}.ts`,
                  code_edit: c === 0 ? staged : code(20, c),
                }),
              }
            : undefined;
        ins.run(
          `bubbleId:comp${c}:b${b}`,
          JSON.stringify({ type: 2, text: lorem(100), ...(tool ? { toolFormerData: tool } : {}) }),
        );
      }
    }
  })();
  gdb.close();
  // OpenCode: 300 sessions, 30 of this project
  const odir = join(home, '.local', 'share', 'opencode');
  mkdirSync(odir, { recursive: true });
  const odb = new Database(join(odir, 'opencode.db'));
  odb.exec(`CREATE TABLE session (id TEXT PRIMARY KEY, project_id TEXT, directory TEXT);
    CREATE TABLE message (id TEXT PRIMARY KEY, session_id TEXT, data TEXT);
    CREATE TABLE part (id TEXT PRIMARY KEY, message_id TEXT, session_id TEXT, data TEXT);
    CREATE INDEX part_session ON part (session_id);`);
  odb.transaction(() => {
    for (let s = 0; s < 300; s++) {
      odb.prepare('INSERT INTO session VALUES (?, ?, ?)').run(`ses${s}`, 'p', s < 30 ? root : other(s));
      odb
        .prepare('INSERT INTO message VALUES (?, ?, ?)')
        .run(`msg${s}`, `ses${s}`, JSON.stringify({ role: 'assistant', modelID: 'claude-sonnet-4-5' }));
      for (let p = 0; p < 100; p++) {
        const data =
          p === 99
            ? {
                type: 'tool',
                tool: 'write',
                state: {
                  status: 'completed',
                  input: {
                    filePath: join(root, s === 0 ? 'src/new0.ts' : `src/gen${s}.ts`),
                    content: s === 0 ? staged : code(20, s),
                  },
                },
              }
            : { type: 'text', text: lorem(40) };
        odb
          .prepare('INSERT INTO part VALUES (?, ?, ?, ?)')
          .run(`prt${s}_${p}`, `msg${s}`, `ses${s}`, JSON.stringify(data));
      }
    }
  })();
  odb.close();
  return home;
}

function run(args, cwd, env) {
  const t0 = performance.now();
  const res = GNU_TIME
    ? spawnSync(GNU_TIME, ['-f', 'CPU %U %S RSS %M', process.execPath, ...args], {
        cwd,
        encoding: 'utf8',
        env,
        maxBuffer: 1 << 26,
      })
    : spawnSync(process.execPath, args, { cwd, encoding: 'utf8', env, maxBuffer: 1 << 26 });
  const wall = performance.now() - t0;
  const m = /CPU (\d+\.\d+) (\d+\.\d+) RSS (\d+)\s*$/.exec(res.stderr ?? '');
  return {
    res,
    wall,
    cpu: m ? (Number(m[1]) + Number(m[2])) * 1000 : Number.NaN,
    rssMb: m ? Number(m[3]) / 1024 : Number.NaN,
  };
}

function timeCheck(root, env, extra = [], before = () => {}) {
  const walls = [];
  const cpus = [];
  let last;
  for (let i = 0; i < RUNS + 2; i++) {
    before();
    last = run([BIN, 'check', '--staged', '--format', 'json', ...extra], root, { ...process.env, CI: 'true', ...env });
    if (i >= 2) {
      walls.push(last.wall);
      cpus.push(last.cpu);
    }
  }
  if (last.res.status !== 0) throw new Error(`check exited ${last.res.status}: ${last.res.stderr}`);
  const ai = JSON.parse(last.res.stdout).files.flatMap((f) => f.ai.flatMap((s) => s.sources ?? [s.source]));
  return { wall: median(walls), cpu: median(cpus), ai: [...new Set(ai)].sort().join(', ') || 'none' };
}

mkdirSync(WORK, { recursive: true });
const root = makeRepo();
const staged = readFileSync(join(root, 'src', 'new0.ts'), 'utf8');
const cache = join(WORK, 'cache');
rmSync(cache, { recursive: true, force: true });
const clean = (home) => ({
  HOME: home,
  PROVSCAN_CACHE_DIR: cache,
  PROVSCAN_CLAUDE_DIR: join(home, '.claude', 'projects'),
  XDG_CONFIG_HOME: '',
  XDG_DATA_HOME: '',
  CODEX_HOME: '',
  GEMINI_CLI_HOME: '',
  CONTINUE_GLOBAL_DIR: '',
  CLINE_DIR: '',
  CLINE_DATA_DIR: '',
});

// 1. absent sources, in process
const empty = join(WORK, 'empty-home');
rmSync(empty, { recursive: true, force: true });
mkdirSync(empty, { recursive: true });
const absent = spawnSync(
  process.execPath,
  [
    '--input-type=module',
    '-e',
    `const { collectLogSpans, LOG_SOURCES } = await import(${JSON.stringify(LOGS)});
     const input = (from) => ({ root: ${JSON.stringify(root)}, repo: null, paths: ['src/new0.ts'], read: async () => undefined, from, cache: false,
       environment: { env: {}, home: ${JSON.stringify(empty)}, platform: 'linux' } });
     const time = async (from) => { const xs = []; for (let i = 0; i < 200; i++) { const t = performance.now(); await collectLogSpans(input(from)); xs.push(performance.now() - t); } return xs.sort((a, b) => a - b)[100]; };
     await time(LOG_SOURCES); await time([]);
     console.log(JSON.stringify({ all: await time(LOG_SOURCES), none: await time([]) }));`,
  ],
  { encoding: 'utf8' },
);
if (absent.status !== 0) throw new Error(absent.stderr);
const abs = JSON.parse(absent.stdout);

// 2. the staged check, empty and busy homes
const rEmpty = timeCheck(root, clean(empty));
const rNoLogs = timeCheck(root, clean(empty), ['--no-logs']);
const busy = makeBusyHome(root, staged);
const rBusy = timeCheck(root, clean(busy));
const rCold = timeCheck(root, clean(busy), [], () => {
  for (const f of readdirSync(cache)) if (/^logs-.*\.json$/.test(f)) rmSync(join(cache, f), { force: true });
});
const rBusyCodexOnly = timeCheck(root, clean(busy), ['--from', 'codex']);

// 3. huge logs, read whole (no path filter, as scan reads them), in a child process
const bigHome = join(WORK, 'big-home');
rmSync(bigHome, { recursive: true, force: true });
const bigRollout = join(bigHome, '.codex', 'sessions', '2026', '11', '20', 'rollout-2026-11-20T10-00-00-big.jsonl');
mkdirSync(join(bigRollout, '..'), { recursive: true });
{
  const fd = openSync(bigRollout, 'w');
  const head = codexSession(root, 'big', 0, []);
  writeSync(fd, head);
  const chatter =
    `${JSON.stringify({ timestamp: '2026-11-20T10:00:02Z', type: 'event_msg', payload: { type: 'agent_message', message: lorem(150) } })}\n`.repeat(
      256,
    );
  const patchLine = (i) =>
    `${JSON.stringify({ timestamp: '2026-11-20T10:00:03Z', type: 'response_item', payload: { type: 'custom_tool_call', call_id: `p${i}`, name: 'apply_patch', input: patch('src/new0.ts', staged) } })}\n`;
  let written = head.length;
  for (let i = 0; written < BIG_MB * 2 ** 20; i++) {
    writeSync(fd, chatter);
    written += chatter.length;
    if (i % 2000 === 0) {
      const p = patchLine(i);
      writeSync(fd, p);
      written += p.length;
    }
  }
  closeSync(fd);
}
const bigTask = join(bigHome, '.config', 'Code', 'User', 'globalStorage', 'saoudrizwan.claude-dev', 'tasks', 'big');
mkdirSync(bigTask, { recursive: true });
const taskMb = Math.max(64, Math.round(BIG_MB / 4));
{
  const fd = openSync(join(bigTask, 'api_conversation_history.json'), 'w');
  writeSync(
    fd,
    `[${JSON.stringify({ role: 'user', content: [{ type: 'text', text: `# Current Working Directory (${root}) Files` }] })}`,
  );
  const pair =
    `,${JSON.stringify({ role: 'assistant', content: [{ type: 'text', text: lorem(300) }] })},${JSON.stringify({ role: 'user', content: [{ type: 'text', text: `[read_file] Result: "quoted \\\\ text" ${lorem(300)}` }] })}`.repeat(
      64,
    );
  const write = `,${JSON.stringify({ role: 'assistant', content: [{ type: 'text', text: `<write_to_file>\n<path>src/new0.ts</path>\n<content>\n${staged}</content>\n</write_to_file>` }] })}`;
  let written = 0;
  for (let i = 0; written < taskMb * 2 ** 20; i++) {
    writeSync(fd, pair);
    written += pair.length;
    if (i % 500 === 0) writeSync(fd, write);
  }
  writeSync(fd, ']');
  closeSync(fd);
}
const readWhole = (from) =>
  run(
    [
      '--input-type=module',
      '-e',
      `const { collectLogSpans } = await import(${JSON.stringify(LOGS)});
       const { readFile } = await import('node:fs/promises');
       const res = await collectLogSpans({ root: ${JSON.stringify(root)}, repo: null, from: [${JSON.stringify(from)}], cache: false,
         read: (p) => readFile(${JSON.stringify(root)} + '/' + p, 'utf8').catch(() => undefined),
         environment: { env: {}, home: ${JSON.stringify(bigHome)}, platform: 'linux' } });
       console.log(JSON.stringify(res.found[${JSON.stringify(from)}]));`,
    ],
    root,
    process.env,
  );
const bigCodex = readWhole('codex');
const bigCline = readWhole('cline');
for (const r of [bigCodex, bigCline]) if (r.res.status !== 0) throw new Error(r.res.stderr);

const fmt = (ms) => (Number.isNaN(ms) ? 'n/a' : `${Math.round(ms)} ms`);
const load = os
  .loadavg()
  .map((l) => l.toFixed(1))
  .join(', ');
const body = `Load average during the run: ${load} (1/5/15 min) on ${os.cpus().length} cores; wall times on a loaded machine
are dominated by scheduling, so compare rows of one run and re-run on a quiet machine for absolute numbers.

**No agent logs on the machine** (the usual pre-commit case): \`collectLogSpans\` for one staged path with every
source, in process, median of 200: **${abs.all.toFixed(2)} ms**, against ${abs.none.toFixed(2)} ms with none
(each source only stats its folders: ~40 \`stat\` calls).

**\`provscan check --staged\`** (200 staged lines, fresh Node process as the hook runs it, median of ${RUNS} runs
after 2 warm-up runs; CPU = user + sys including git):

| home folder | wall median | CPU median | AI sources found on the staged file |
| --- | ---: | ---: | --- |
| empty (no agent logs) | ${fmt(rEmpty.wall)} | ${fmt(rEmpty.cpu)} | ${rEmpty.ai} |
| empty, \`--no-logs\` | ${fmt(rNoLogs.wall)} | ${fmt(rNoLogs.cpu)} | ${rNoLogs.ai} |
| busy: every agent, mostly other projects | ${fmt(rBusy.wall)} | ${fmt(rBusy.cpu)} | ${rBusy.ai} |
| busy, first check (log index deleted before each run: every log read whole) | ${fmt(rCold.wall)} | ${fmt(rCold.cpu)} | ${rCold.ai} |
| busy, \`--from codex\` | ${fmt(rBusyCodexOnly.wall)} | ${fmt(rBusyCodexOnly.cpu)} | ${rBusyCodexOnly.ai} |

The busy home: 3,010 Codex rollouts (10 of this project, ~1 MB each), Gemini CLI chats of 51 projects, 60 VS Code
workspaces (this one with 20 Copilot Chat sessions), Cursor's global database with 200 chats (30 of this
workspace), 300 Cline tasks (30 of this project, ~400 KB each), 300 Continue sessions (30 of this project) and an
OpenCode database of 300 sessions (30 of this project). One session of each agent wrote the staged file.

**Huge logs read whole** (every edit, no path filter, as \`provscan scan\` reads them), child process:

| log | size | wall | CPU | peak RSS | edits found |
| --- | ---: | ---: | ---: | ---: | ---: |
| Codex rollout (JSON Lines) | ${BIG_MB} MB | ${fmt(bigCodex.wall)} | ${fmt(bigCodex.cpu)} | ${Math.round(bigCodex.rssMb)} MB | ${bigCodex.res.stdout.trim()} |
| Cline api_conversation_history.json (one JSON array) | ${taskMb} MB | ${fmt(bigCline.wall)} | ${fmt(bigCline.cpu)} | ${Math.round(bigCline.rssMb)} MB | ${bigCline.res.stdout.trim()} |

Peak memory stays near Node's own footprint whatever the log size: JSON Lines are read in 1 MB chunks and only lines
with a needle are parsed; JSON documents are split at array elements and each element is parsed alone.`;
console.log(body);
writeSection('logs', 'Agent log readers', `node bench/logs.bench.mjs --runs ${RUNS} --big-mb ${BIG_MB}`, body);
