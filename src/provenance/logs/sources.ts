// The log sources, as data: where each one's logs are (a cheap existence check; nothing is loaded for an absent
// source) and the reader that turns them into logged work. Readers load on first use.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Repo } from '../../git/repo.js';
import { claudeProjectsDir } from './claude-code.js';
import {
  codexHomes,
  continueHomes,
  cursorUserDirs,
  type Environment,
  extensionStorageDirs,
  geminiHomes,
  opencodeHomes,
  vscodeUserDirs,
} from './locations.js';
import { hasRef, refsUnder } from './refs.js';
import type { LoggedWork, LogSourceName, ReaderContext } from './types.js';

export interface LocateContext {
  readonly root: string;
  readonly repo: Repo | null;
  readonly env: Environment;
  /** Claude Code projects folder given on the command line. */
  readonly claudeDir?: string;
}

export interface SourceSpec {
  /** Folders holding this source's logs for the repository; empty when the source is absent. */
  locate(at: LocateContext): string[];
  /** The logged work in one of those folders. Never throws on bad logs: warns through the context. */
  read(ctx: ReaderContext): Promise<ReadonlyArray<LoggedWork>>;
}

const AIDER_HISTORY = '.aider.chat.history.md';
const AGENT_TRACE_DIR = '.agent-trace';
const GIT_AI_REF = 'refs/notes/ai';
const WHOGITIT = ['refs/notes/whogitit', 'refs/notes/ai-blame'];

const inRoot = (at: LocateContext, name: string) => (existsSync(join(at.root, name)) ? [at.root] : []);
const withRepo = (at: LocateContext, present: (repo: Repo) => boolean) =>
  at.repo && present(at.repo) ? [at.repo.root] : [];

export const SOURCES: Readonly<Record<LogSourceName, SourceSpec>> = {
  'claude-code': {
    locate: (at) => {
      const dir = at.claudeDir ?? claudeProjectsDir(at.env.env);
      return existsSync(dir) ? [dir] : [];
    },
    read: async (ctx) =>
      (await import('./claude-code.js')).readClaudeCode(ctx.root, {
        projectsDir: ctx.dir,
        warn: ctx.warn,
        ...(ctx.paths ? { paths: ctx.paths } : {}),
      }),
  },
  codex: { locate: (at) => codexHomes(at.env), read: async (ctx) => (await import('./codex.js')).readCodex(ctx) },
  gemini: { locate: (at) => geminiHomes(at.env), read: async (ctx) => (await import('./gemini.js')).readGemini(ctx) },
  cursor: {
    locate: (at) => cursorUserDirs(at.env),
    read: async (ctx) => (await import('./cursor.js')).readCursor(ctx),
  },
  copilot: {
    locate: (at) => vscodeUserDirs(at.env),
    read: async (ctx) => (await import('./copilot.js')).readCopilot(ctx),
  },
  cline: {
    locate: (at) => extensionStorageDirs(at.env, 'cline'),
    read: async (ctx) => (await import('./cline.js')).readTasks(ctx, 'cline'),
  },
  'roo-code': {
    locate: (at) => extensionStorageDirs(at.env, 'roo-code'),
    read: async (ctx) => (await import('./cline.js')).readTasks(ctx, 'roo-code'),
  },
  'kilo-code': {
    locate: (at) => extensionStorageDirs(at.env, 'kilo-code'),
    read: async (ctx) => (await import('./cline.js')).readTasks(ctx, 'kilo-code'),
  },
  continue: {
    locate: (at) => continueHomes(at.env),
    read: async (ctx) => (await import('./continue.js')).readContinue(ctx),
  },
  opencode: {
    locate: (at) => opencodeHomes(at.env),
    read: async (ctx) => (await import('./opencode.js')).readOpencode(ctx),
  },
  aider: {
    locate: (at) => inRoot(at, AIDER_HISTORY),
    read: async (ctx) => (await import('./aider.js')).readAider(ctx.root, ctx.warn),
  },
  'agent-trace': {
    locate: (at) => inRoot(at, AGENT_TRACE_DIR),
    read: async (ctx) => (await import('./agent-trace.js')).readAgentTrace(ctx.root, ctx.warn),
  },
  'git-ai': {
    locate: (at) => withRepo(at, (r) => hasRef(r.commonDir, GIT_AI_REF)),
    read: async (ctx) => readGitAi(ctx),
  },
  whogitit: {
    locate: (at) => [
      ...new Set([
        ...inRoot(at, '.whogitit-pending.json'),
        ...withRepo(at, (r) => WHOGITIT.some((ref) => hasRef(r.commonDir, ref))),
      ]),
    ],
    read: async (ctx) => (await import('./whogitit.js')).readWhogitit(ctx),
  },
  agentdiff: {
    locate: (at) =>
      withRepo(
        at,
        (r) =>
          existsSync(join(r.gitDir, 'agentdiff')) ||
          existsSync(join(r.commonDir, 'agentdiff')) ||
          hasRef(r.commonDir, 'refs/agentdiff/meta') ||
          hasRef(r.commonDir, 'refs/heads/agentdiff-meta') ||
          refsUnder(r.commonDir, 'refs/agentdiff/traces/').length > 0,
      ),
    read: async (ctx) => (await import('./agentdiff.js')).readAgentdiff(ctx),
  },
  'provscan-record': {
    locate: (at) => withRepo(at, (r) => existsSync(join(r.commonDir, 'provscan', 'records'))),
    read: async (ctx) =>
      ctx.repo ? (await import('./record-store.js')).readRecords(ctx.repo.commonDir, ctx.warn) : [],
  },
};

/** How many commits back git-ai notes are read (their lines are then mapped to the current content). */
const GIT_AI_DEPTH = 200;

async function readGitAi(ctx: ReaderContext): Promise<LoggedWork[]> {
  if (!ctx.repo) return [];
  const root = ctx.repo.root;
  const { readNotes, recentCommits } = await import('../../git/notes.js');
  const { parseAuthorshipNote } = await import('./git-ai.js');
  const commits = await recentCommits(root, GIT_AI_DEPTH);
  if (commits.length === 0) return [];
  const notes = await readNotes(root, GIT_AI_REF, new Set(commits));
  return notes.flatMap((n) => parseAuthorshipNote(n.commit, n.text, ctx.warn));
}
