// What a file-editing tool call writes, read from its arguments. Agents name the same things differently
// (`file_path`, `filePath`, `filepath`, `path`, `target_file`; `new_string`, `newString`, `new_text`, `replace`), so
// the argument names are data here; each reader decides which of its tools write files. Only the new text is kept,
// and with an old/new pair only the lines the edit added count (the rest repeats the replaced text).
import { addedLines, splitLines } from './align.js';
import { patchEdits } from './apply-patch.js';
import { isObject } from './scope.js';

export interface ToolEdit {
  /** The path as the tool was given it (absolute, relative to the session's folder, or a file URI). */
  readonly file: string;
  readonly text: string;
  readonly only?: ReadonlyArray<number>;
}

const PATH_ARGS = [
  'file_path',
  'filePath',
  'filepath',
  'path',
  'target_file',
  'relativeWorkspacePath',
  'absolute_path',
  'file',
] as const;
const CONTENT_ARGS = ['content', 'contents', 'file_text', 'code_edit', 'streamingContent', 'code'] as const;
const OLD_ARGS = ['old_string', 'oldString', 'old_text', 'search', 'old_str', 'old'] as const;
const NEW_ARGS = ['new_string', 'newString', 'new_text', 'replace', 'new_str', 'new'] as const;
const PATCH_ARGS = ['patch', 'patchText', 'input'] as const;

function first(args: Record<string, unknown>, names: ReadonlyArray<string>): string | undefined {
  for (const n of names) {
    const v = args[n];
    if (typeof v === 'string') return v;
  }
  return undefined;
}

/**
 * The texts a file-writing tool call's arguments carry: whole content, old/new replacements (also several under
 * `edits[]`), SEARCH/REPLACE blocks under `diff`, or an apply_patch body (which names its own files).
 */
export function editsFromArgs(args: unknown): ToolEdit[] {
  if (!isObject(args)) return [];
  const patch = first(args, PATCH_ARGS);
  if (patch?.includes('*** Begin Patch'))
    return patchEdits(patch).map((e) => ({ file: e.path, text: e.text, only: e.only }));
  const file = first(args, PATH_ARGS);
  if (file === undefined) return [];
  const out: ToolEdit[] = [];
  const replacement = (o: Record<string, unknown>) => {
    const next = first(o, NEW_ARGS);
    if (next === undefined) return;
    const prev = first(o, OLD_ARGS) ?? '';
    const only = addedLines(prev, next);
    if (only.length > 0) out.push({ file, text: next, only });
  };
  const content = first(args, CONTENT_ARGS);
  if (content !== undefined) out.push({ file, text: content });
  else if (typeof args['diff'] === 'string')
    out.push(...searchReplaceBlocks(args['diff']).map((e) => ({ file, ...e })));
  else if (Array.isArray(args['edits'])) for (const e of args['edits']) isObject(e) && replacement(e);
  else replacement(args);
  return out;
}

const SEARCH = /^(?:<{5,9}|-{5,9}) ?SEARCH>?\s*$/;
const DIVIDER = /^={5,9}\s*$/;
const REPLACE = /^(?:>{5,9}|\+{5,9}) ?REPLACE\s*$/;

/**
 * The REPLACE sides of SEARCH/REPLACE blocks (Cline's `------- SEARCH` / `=======` / `+++++++ REPLACE`, Roo Code's
 * and aider's `<<<<<<< SEARCH` / `>>>>>>> REPLACE`, with Roo's `:start_line:` and `-------` lines in the search part).
 */
export function searchReplaceBlocks(diff: string): Array<{ text: string; only: number[] }> {
  const out: Array<{ text: string; only: number[] }> = [];
  let state: 'out' | 'search' | 'replace' = 'out';
  let search: string[] = [];
  let replace: string[] = [];
  for (const line of splitLines(diff)) {
    if (SEARCH.test(line)) {
      state = 'search';
      search = [];
      replace = [];
    } else if (state === 'search' && DIVIDER.test(line)) state = 'replace';
    else if (state === 'replace' && REPLACE.test(line)) {
      const text = replace.join('\n');
      const only = addedLines(search.join('\n'), text);
      if (only.length > 0) out.push({ text, only });
      state = 'out';
    } else if (state === 'search') {
      if (!/^:(start|end)_line:\s*\d+\s*$/.test(line) && !(search.length === 0 && /^-{3,}\s*$/.test(line)))
        search.push(line);
    } else if (state === 'replace') replace.push(line);
  }
  return out;
}
