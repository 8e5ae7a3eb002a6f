// VS Code (and Cursor, which is built on it) keeps per-window state in `User/workspaceStorage/<id>/`, where `<id>` is
// a hash of the folder and its creation time, so it cannot be computed: each folder's `workspace.json` names what it
// was opened on (`{"folder": "file:///…"}`, or `{"workspace": "file:///….code-workspace"}` for a multi-root
// workspace, whose `folders[].path` are relative to the .code-workspace file). Reading those small files is the
// cheapest way to find this repository's folders. Remote workspaces (`vscode-remote://`) keep their storage on the
// remote machine and are skipped here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { holdsRepo, inRepo, isObject, localPath } from './scope.js';

export interface Workspace {
  /** `User/workspaceStorage/<id>` */
  readonly storage: string;
  /** Local folders the window was opened on that overlap the repository. */
  readonly folders: ReadonlyArray<string>;
}

/** Workspace storage folders under a `User` folder whose workspace is the repository, inside it, or holds it. */
export function repoWorkspaces(user: string, roots: ReadonlyArray<string>): Workspace[] {
  const base = join(user, 'workspaceStorage');
  let ids: string[];
  try {
    ids = readdirSync(base);
  } catch {
    return [];
  }
  const out: Workspace[] = [];
  for (const id of ids.sort()) {
    const storage = join(base, id);
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(join(storage, 'workspace.json'), 'utf8'));
    } catch {
      continue;
    }
    const folders = workspaceFolders(doc).filter((f) => inRepo(roots, f) || holdsRepo(roots, f));
    if (folders.length > 0) out.push({ storage, folders });
  }
  return out;
}

function workspaceFolders(doc: unknown): string[] {
  if (!isObject(doc)) return [];
  if (typeof doc['folder'] === 'string') {
    const f = localPath(doc['folder']);
    return f ? [f] : [];
  }
  if (typeof doc['workspace'] !== 'string') return [];
  const file = localPath(doc['workspace']);
  if (!file) return [];
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  let ws: unknown;
  try {
    // .code-workspace files are JSON with comments and trailing commas
    ws = JSON.parse(
      text
        .replace(/^\s*\/\/.*$/gm, '')
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/,(\s*[}\]])/g, '$1'),
    );
  } catch {
    return [];
  }
  if (!isObject(ws) || !Array.isArray(ws['folders'])) return [];
  const out: string[] = [];
  for (const f of ws['folders']) {
    if (!isObject(f)) continue;
    const p =
      typeof f['path'] === 'string' ? f['path'] : typeof f['uri'] === 'string' ? localPath(f['uri']) : undefined;
    if (!p) continue;
    out.push(isAbsolute(p) ? p : resolve(dirname(file), p));
  }
  return out;
}

/** A VS Code `UriComponents` object or URI string as a local path (file scheme only). */
export function uriPath(uri: unknown): string | undefined {
  if (typeof uri === 'string') return localPath(uri);
  if (!isObject(uri)) return undefined;
  if (typeof uri['external'] === 'string' && uri['external'].startsWith('file:')) return localPath(uri['external']);
  if (uri['scheme'] !== 'file' || typeof uri['path'] !== 'string') return undefined;
  if (typeof uri['fsPath'] === 'string') return uri['fsPath'];
  const p = uri['path'];
  return process.platform === 'win32' && /^\/[a-zA-Z]:/.test(p) ? p.slice(1) : p;
}
