// Where each agent keeps its logs on Linux, macOS and Windows, and the environment variables that move them. Only
// paths are computed here and only existence is checked (a stat per candidate folder): an agent that is not installed
// costs nothing more. docs/provenance.md has the same table for users.
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface Environment {
  readonly env: NodeJS.ProcessEnv;
  readonly home: string;
  readonly platform: NodeJS.Platform;
}

export function currentEnvironment(): Environment {
  return { env: process.env, home: homedir(), platform: process.platform };
}

/** `PROVSCAN_<NAME>_DIR` split on the platform's path delimiter (several folders allowed), or undefined when unset. */
function override(e: Environment, name: string): string[] | undefined {
  const v = e.env[`PROVSCAN_${name}_DIR`];
  if (v === undefined || v.trim() === '') return undefined;
  return v.split(delimiter).filter((p) => p !== '');
}

function existing(dirs: ReadonlyArray<string>): string[] {
  return [...new Set(dirs)].filter((d) => existsSync(d));
}

/** Codex home folders (holding `sessions/`): `$PROVSCAN_CODEX_DIR`, else `$CODEX_HOME`, else `~/.codex`. */
export function codexHomes(e: Environment): string[] {
  const own = override(e, 'CODEX');
  if (own) return existing(own);
  const home = e.env['CODEX_HOME'] || join(e.home, '.codex');
  return existsSync(join(home, 'sessions')) || existsSync(join(home, 'archived_sessions')) ? [home] : [];
}

/** Gemini CLI folders (`.gemini`, holding `tmp/<project>/chats`): `$PROVSCAN_GEMINI_DIR`, else under `$GEMINI_CLI_HOME` or the home folder. */
export function geminiHomes(e: Environment): string[] {
  const own = override(e, 'GEMINI');
  if (own) return existing(own);
  const dir = join(e.env['GEMINI_CLI_HOME'] || e.home, '.gemini');
  return existsSync(join(dir, 'tmp')) ? [dir] : [];
}

/** Continue's global folder (holding `sessions/`): `$PROVSCAN_CONTINUE_DIR`, else `$CONTINUE_GLOBAL_DIR`, else `~/.continue`. */
export function continueHomes(e: Environment): string[] {
  const own = override(e, 'CONTINUE');
  if (own) return existing(own);
  const dir = e.env['CONTINUE_GLOBAL_DIR'] || join(e.home, '.continue');
  return existsSync(join(dir, 'sessions')) ? [dir] : [];
}

/** OpenCode's data folder (`opencode.db`, or `storage/` before 1.2): `$PROVSCAN_OPENCODE_DIR`, else `$XDG_DATA_HOME/opencode`, else `~/.local/share/opencode` (on every platform). */
export function opencodeHomes(e: Environment): string[] {
  const own = override(e, 'OPENCODE');
  if (own) return existing(own);
  const data = e.env['XDG_DATA_HOME'] || join(e.home, '.local', 'share');
  return existing([join(data, 'opencode')]);
}

/** Products built on VS Code whose `User` folder holds workspaceStorage/ and globalStorage/. */
const VSCODE_PRODUCTS = ['Code', 'Code - Insiders', 'VSCodium'] as const;
const CURSOR_PRODUCTS = ['Cursor'] as const;
/** Remote servers keep the same layout under `~/.<server>/data/User` on the remote machine. */
const VSCODE_SERVERS = ['.vscode-server', '.vscode-server-insiders', '.vscodium-server'] as const;
const CURSOR_SERVERS = ['.cursor-server'] as const;

/** `<config>/<product>/User` for this platform: `~/.config` (Linux), `~/Library/Application Support` (macOS), `%APPDATA%` (Windows). */
function userDirs(e: Environment, products: ReadonlyArray<string>, servers: ReadonlyArray<string>): string[] {
  let config: string;
  if (e.platform === 'darwin') config = join(e.home, 'Library', 'Application Support');
  else if (e.platform === 'win32') config = e.env['APPDATA'] || join(e.home, 'AppData', 'Roaming');
  else config = e.env['XDG_CONFIG_HOME'] || join(e.home, '.config');
  return [...products.map((p) => join(config, p, 'User')), ...servers.map((s) => join(e.home, s, 'data', 'User'))];
}

/** VS Code `User` folders (GitHub Copilot Chat sessions): `$PROVSCAN_VSCODE_DIR`, else each installed variant's. */
export function vscodeUserDirs(e: Environment): string[] {
  return existing(override(e, 'VSCODE') ?? userDirs(e, VSCODE_PRODUCTS, VSCODE_SERVERS));
}

/** Cursor `User` folders (state.vscdb databases): `$PROVSCAN_CURSOR_DIR`, else Cursor's. */
export function cursorUserDirs(e: Environment): string[] {
  return existing(override(e, 'CURSOR') ?? userDirs(e, CURSOR_PRODUCTS, CURSOR_SERVERS));
}

/** VS Code extensions that keep task histories under `globalStorage/<extension id>/tasks/`. */
export const TASK_EXTENSIONS = {
  cline: { id: 'saoudrizwan.claude-dev', env: 'CLINE' },
  'roo-code': { id: 'rooveterinaryinc.roo-cline', env: 'ROO_CODE' },
  'kilo-code': { id: 'kilocode.kilo-code', env: 'KILO_CODE' },
} as const;
export type TaskExtension = keyof typeof TASK_EXTENSIONS;

/**
 * An extension's storage folders (holding `tasks/`): `$PROVSCAN_<NAME>_DIR`, else its globalStorage folder in every
 * VS Code-family editor (VS Code, Insiders, VSCodium, Cursor, Windsurf and their remote servers), and for Cline also
 * `~/.cline/data` (`$CLINE_DATA_DIR`, `$CLINE_DIR/data`), where its CLI and its newer extension keep sessions.
 */
export function extensionStorageDirs(e: Environment, which: TaskExtension): string[] {
  const ext = TASK_EXTENSIONS[which];
  const own = override(e, ext.env);
  if (own) return existing(own);
  const users = userDirs(
    e,
    [...VSCODE_PRODUCTS, ...CURSOR_PRODUCTS, 'Windsurf'],
    [...VSCODE_SERVERS, ...CURSOR_SERVERS, '.windsurf-server'],
  );
  const dirs = users.map((u) => join(u, 'globalStorage', ext.id));
  if (which === 'cline')
    dirs.push(e.env['CLINE_DATA_DIR'] || join(e.env['CLINE_DIR'] || join(e.home, '.cline'), 'data'));
  return existing(dirs).filter((d) => existsSync(join(d, 'tasks')) || existsSync(join(d, 'sessions')));
}
