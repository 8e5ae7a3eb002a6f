// Claude Code session transcripts: one JSONL file per session under `~/.claude/projects/<encoded cwd>/`.
// Assistant records carry `message.content[]` blocks of `type: "tool_use"` (`Write {file_path, content}`,
// `Edit {file_path, old_string, new_string}`, `MultiEdit {file_path, edits[]}`); the following user record carries
// the matching `tool_result` (with `is_error` when the call failed). Records also carry `cwd`, `sessionId`,
// `timestamp` and `message.model`. Only the new text of successful edits is kept, in memory, for alignment.
import { closeSync, existsSync, openSync, readdirSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, relative, sep } from 'node:path';
import type { LoggedText, WarningSink } from './types.js';

const WRITE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit']);
/** Session transcripts sit at depth 1; subagent transcripts one or two folders deeper. */
const MAX_DEPTH = 3;

/** Where Claude Code keeps transcripts: `$PROVSCAN_CLAUDE_DIR`, else `$CLAUDE_CONFIG_DIR/projects`, else `~/.claude/projects`. */
export function claudeProjectsDir(env: NodeJS.ProcessEnv = process.env): string {
  const own = env['PROVSCAN_CLAUDE_DIR'];
  if (own) return own;
  const config = env['CLAUDE_CONFIG_DIR'];
  if (config) return join(config, 'projects');
  return join(homedir(), '.claude', 'projects');
}

/**
 * Folder names Claude Code may have used for a project at `root`: the path with every non-alphanumeric character
 * replaced by `-` (current versions), or only `/` and `.` replaced (older ones), for the path as given and resolved.
 * The encoding is lossy, so records are also filtered by the `cwd` they carry.
 */
export function encodedProjectNames(root: string): string[] {
  const paths = new Set([root]);
  try {
    paths.add(realpathSync(root));
  } catch {}
  const names = new Set<string>();
  for (const p of paths) {
    names.add(p.replace(/[^a-zA-Z0-9]/g, '-'));
    names.add(p.replace(/[/\\.:]/g, '-'));
  }
  return [...names];
}

/** Transcript files for the project at `root`, newest first. */
export function transcriptFiles(root: string, projectsDir: string): string[] {
  if (!existsSync(projectsDir)) return [];
  const wanted = encodedProjectNames(root);
  let dirs: string[];
  try {
    dirs = readdirSync(projectsDir);
  } catch {
    return [];
  }
  // long paths are cut (and suffixed) by newer versions: accept a prefix of at least 200 characters too
  const matching = dirs.filter((d) => wanted.some((w) => d === w || (w.length > 200 && d.startsWith(w.slice(0, 200)))));
  const files: Array<{ path: string; mtime: number }> = [];
  const walk = (dir: string, depth: number) => {
    let entries: string[];
    try {
      entries = readdirSync(dir);
    } catch {
      return;
    }
    for (const e of entries) {
      const full = join(dir, e);
      let st: ReturnType<typeof statSync>;
      try {
        st = statSync(full);
      } catch {
        continue;
      }
      if (st.isDirectory() && depth < MAX_DEPTH) walk(full, depth + 1);
      else if (st.isFile() && e.endsWith('.jsonl')) files.push({ path: full, mtime: st.mtimeMs });
    }
  };
  for (const d of matching) walk(join(projectsDir, d), 1);
  return files.sort((a, b) => b.mtime - a.mtime).map((f) => f.path);
}

interface PendingEdit {
  readonly path: string;
  readonly texts: string[];
  readonly model: string | null;
  readonly session?: string;
  readonly time?: string;
}

/** Edits logged in Claude Code transcripts for files inside `root`. Never throws on bad input: warns and skips. */
export function readClaudeCode(
  root: string,
  options: { projectsDir?: string; warn: WarningSink; paths?: ReadonlyArray<string> },
): LoggedText[] {
  const projectsDir = options.projectsDir ?? claudeProjectsDir();
  const out: LoggedText[] = [];
  const names = fileNames(options.paths);
  // With file names (the staged check), a line matters when a "file_path" in it ends in one of them, found in one
  // pass whatever the number of names; an error flag only matters after such a line (a tool's result follows its
  // call). Without, every line with a tool call or result.
  const wanted = new Set(names);
  const find: LineFinder = names
    ? (bytes) => linesNaming(bytes, wanted)
    : (bytes) => linesContaining(bytes, transcriptNeedles(undefined));
  const after = names ? [ERROR_FLAG] : [];
  for (const file of transcriptFiles(root, projectsDir)) {
    let found: Candidates;
    try {
      found = candidateLines(file, find, after);
    } catch (err) {
      options.warn(`${file}: cannot read Claude Code transcript (${(err as Error).message})`);
      continue;
    }
    out.push(...parseTranscript(found.text, root, file, options.warn, options.paths, found));
  }
  return out;
}

/**
 * Parses one transcript (text or its UTF-8 bytes). Exported for tests. Transcripts are large (megabytes of
 * conversation) and only a few records matter: the bytes are searched for what a relevant record must contain, and
 * only the lines found are decoded and parsed.
 */
export function parseTranscript(
  text: string | Uint8Array,
  root: string,
  label: string,
  warn: WarningSink,
  paths?: ReadonlyArray<string>,
  selected?: Pick<Candidates, 'lineNumbers' | 'malformed'>,
): LoggedText[] {
  const bytes =
    typeof text === 'string' ? Buffer.from(text, 'utf8') : Buffer.from(text.buffer, text.byteOffset, text.byteLength);
  // With a path list (the staged check), a tool call is parsed only when its line names one of the files.
  const names = fileNames(paths);
  const pending = new Map<string, PendingEdit>();
  const failed = new Set<string>();
  // line numbers in the transcript: `selected` maps the lines candidateLines kept; a whole text is its own map
  const malformed = new Set<number>(selected?.malformed ?? []);
  if (!selected) checkLines(bytes, 1, (_s, n, ok) => ok || malformed.add(n));
  let index = 0; // of the line at `cursor` within `bytes`
  let cursor = 0;
  for (const [start, end] of linesContaining(bytes, transcriptNeedles(names))) {
    for (let nl = bytes.indexOf(10, cursor); nl >= 0 && nl < start; nl = bytes.indexOf(10, nl + 1)) index++;
    cursor = start;
    const lineNo = selected ? (selected.lineNumbers[index] ?? 0) : index + 1;
    const line = bytes.toString('utf8', start, end);
    const n = start; // a unique key for the line (ids of tool calls without one)
    // cheap pre-filter: only records with tool calls or results matter (transcripts are large)
    const call = line.includes('"tool_use"');
    if (!call && !line.includes('"tool_result"')) continue;
    if (names && !(call && names.some((n) => line.includes(n))) && !line.includes('"is_error":true')) continue;
    let rec: unknown;
    try {
      rec = JSON.parse(line);
    } catch {
      malformed.add(lineNo);
      continue;
    }
    if (!isObject(rec)) continue;
    const cwd = typeof rec['cwd'] === 'string' ? rec['cwd'] : undefined;
    // the folder-name encoding is lossy: records of another project may share the folder
    const base = cwd === undefined ? root : inProject(root, cwd);
    if (base === undefined) continue;
    const message = rec['message'];
    if (!isObject(message) || !Array.isArray(message['content'])) continue;
    const model = typeof message['model'] === 'string' && !message['model'].startsWith('<') ? message['model'] : null;
    const session = typeof rec['sessionId'] === 'string' ? rec['sessionId'] : undefined;
    const time = typeof rec['timestamp'] === 'string' ? rec['timestamp'] : undefined;
    for (const block of message['content']) {
      if (!isObject(block)) continue;
      if (block['type'] === 'tool_result' && typeof block['tool_use_id'] === 'string' && block['is_error'] === true) {
        failed.add(block['tool_use_id']);
      }
      if (block['type'] !== 'tool_use' || typeof block['name'] !== 'string' || !WRITE_TOOLS.has(block['name']))
        continue;
      const id = typeof block['id'] === 'string' ? block['id'] : `${label}:@${n}`;
      const input = block['input'];
      if (!isObject(input) || typeof input['file_path'] !== 'string') continue;
      let filePath = input['file_path'];
      if (cwd !== undefined && base !== cwd && filePath.startsWith(`${cwd}/`))
        filePath = base + filePath.slice(cwd.length);
      const path = repoPath(root, base, filePath);
      if (path === undefined) continue;
      const texts = newTexts(block['name'], input);
      if (texts.length === 0) continue;
      pending.set(id, {
        path,
        texts,
        model,
        ...(session !== undefined ? { session } : {}),
        ...(time !== undefined ? { time } : {}),
      });
    }
  }
  if (malformed.size > 0) {
    const numbers = [...malformed].sort((a, b) => a - b);
    const shown = numbers.slice(0, MAX_LISTED_LINES).join(', ');
    const more = numbers.length > MAX_LISTED_LINES ? ` and ${numbers.length - MAX_LISTED_LINES} more` : '';
    warn(
      `${label}: skipped ${numbers.length} malformed or truncated line(s) of a Claude Code transcript (line${numbers.length === 1 ? '' : 's'} ${shown}${more})`,
    );
  }
  const out: LoggedText[] = [];
  for (const [id, edit] of pending) {
    if (failed.has(id)) continue;
    for (const t of edit.texts) {
      out.push({
        kind: 'text',
        source: 'claude-code-log',
        agent: 'claude-code',
        path: edit.path,
        text: t,
        model: edit.model,
        confidence: 0.95,
        ...(edit.session !== undefined ? { session: edit.session } : {}),
        ...(edit.time !== undefined ? { time: edit.time } : {}),
      });
    }
  }
  return out;
}

/** The file names of `paths` as they appear inside a JSON string (undefined: no path list). */
function fileNames(paths: ReadonlyArray<string> | undefined): string[] | undefined {
  return paths
    ? [...new Set(paths.map((p) => JSON.stringify(p.slice(p.lastIndexOf('/') + 1)).slice(1, -1)))]
    : undefined;
}

/** What a line must contain to matter: a tool call or result, or (with file names) a name or an error flag. */
function transcriptNeedles(names: ReadonlyArray<string> | undefined): string[] {
  return names ? [...names, ERROR_FLAG] : ['"tool_use"', '"tool_result"'];
}

const ERROR_FLAG = '"is_error":true';

/** Bytes read from a transcript at a time: the file is never held whole (transcripts reach hundreds of MB). */
const CHUNK = 1024 * 1024;

/** [start, end) byte ranges of the lines of `bytes` that matter, in file order. */
type LineFinder = (bytes: Buffer) => Array<[number, number]>;

/** Malformed lines named in a warning; the rest are counted. */
const MAX_LISTED_LINES = 10;

/** The lines of a transcript that matter, with their line numbers, and the numbers of the malformed lines. */
interface Candidates {
  /** The lines kept, each ending with a line break. */
  readonly text: Buffer;
  /** 1-based line number in the transcript of each line of `text`. */
  readonly lineNumbers: ReadonlyArray<number>;
  /** Lines that cannot be a JSON record (not `{` … `}`): truncated or garbage, whether they matter or not. */
  readonly malformed: ReadonlyArray<number>;
}

/**
 * Calls `each(start, lineNumber, ok)` for every non-blank line of `bytes` (numbered from `first`); `ok` is false when
 * the line cannot be a JSONL record: it does not start with `{` and end with `}` (a session cut off mid-write, or
 * garbage). Two byte comparisons per line, so every line is checked without parsing the megabytes that do not matter.
 * Returns the number of lines.
 */
function checkLines(
  bytes: Buffer,
  first: number,
  each: (start: number, lineNo: number, ok: boolean) => unknown,
): number {
  let n = first;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = bytes.length;
    let s = start;
    let e = end;
    while (s < e && (bytes[s] === 32 || bytes[s] === 9 || bytes[s] === 13)) s++;
    while (e > s && (bytes[e - 1] === 32 || bytes[e - 1] === 9 || bytes[e - 1] === 13)) e--;
    if (e > s) each(start, n, bytes[s] === 123 && bytes[e - 1] === 125);
    n++;
    start = end + 1;
  }
  return n - first;
}

/**
 * The lines of a transcript file that `find` selects, and from the first of them on also those containing one of
 * `after`, each ending with a line break; read in chunks into one reused buffer: a 5 MB transcript of which three
 * records matter costs three records of memory, not five MB.
 */
function candidateLines(file: string, find: LineFinder, after: ReadonlyArray<string>): Candidates {
  const fd = openSync(file, 'r');
  try {
    const kept: Buffer[] = [];
    const lineNumbers: number[] = [];
    const malformed: number[] = [];
    let lineNo = 1; // of the first line of the chunk
    let seen = false;
    let buf = Buffer.allocUnsafe(CHUNK);
    let used = 0; // bytes in buf: the unfinished last line of the previous chunk, then the new chunk
    for (;;) {
      if (used === buf.length) {
        // one line longer than the buffer (a Write of a large file): grow it
        const bigger = Buffer.allocUnsafe(buf.length * 2);
        buf.copy(bigger, 0, 0, used);
        buf = bigger;
      }
      const read = readSync(fd, buf, used, buf.length - used, null);
      const end = used + read;
      const last = read === 0 ? end : buf.lastIndexOf(10, end - 1) + 1; // complete lines: [0, last)
      if (last > 0) {
        const complete = buf.subarray(0, last);
        const found = find(complete);
        // `after` needles count from the first line found on (earlier lines of this chunk included: they precede
        // the call, so a flag among them cannot concern it, and keeping one costs nothing)
        const more = found.length > 0 || seen ? linesContaining(complete, after) : [];
        seen ||= found.length > 0;
        const lines = more.length === 0 ? found : mergeRanges(found, more);
        for (const [s, e] of lines) kept.push(Buffer.from(complete.subarray(s, e)), NEWLINE);
        let k = 0;
        lineNo += checkLines(complete, lineNo, (start, n, ok) => {
          if (!ok) malformed.push(n);
          if (lines[k]?.[0] === start) {
            lineNumbers.push(n);
            k++;
          }
        });
      }
      if (read === 0) break;
      buf.copy(buf, 0, last, end);
      used = end - last;
    }
    return { text: Buffer.concat(kept), lineNumbers, malformed };
  } finally {
    closeSync(fd);
  }
}

const NEWLINE = Buffer.from('\n');

/** Two sorted lists of line ranges as one, sorted, without repeats. */
function mergeRanges(a: Array<[number, number]>, b: Array<[number, number]>): Array<[number, number]> {
  const byStart = new Map<number, number>([...a, ...b]);
  return [...byStart].sort((x, y) => x[0] - y[0]);
}

/**
 * The key searched for, without its opening quote (checked after a hit): Node's substring search speed depends on
 * the needle, and on 100 MB of transcript `"file_path"` took 57 ms where `file_path"` takes 4.
 */
const FILE_PATH = 'file_path"';

/** [start, end) byte ranges of the lines with a `"file_path"` string whose last path segment is in `names`. */
function linesNaming(bytes: Buffer, names: ReadonlySet<string>): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let at = bytes.indexOf(FILE_PATH, 0, 'latin1');
  while (at >= 0) {
    const start = bytes.lastIndexOf(10, at) + 1;
    let end = bytes.indexOf(10, at);
    if (end < 0) end = bytes.length;
    for (let p = at; p >= 0 && p < end; p = bytes.indexOf(FILE_PATH, p + FILE_PATH.length, 'latin1')) {
      if (bytes[p - 1] === 34 && pathValueEndsIn(bytes, p + FILE_PATH.length, end, names)) {
        out.push([start, end]);
        break;
      }
    }
    at = end >= bytes.length ? -1 : bytes.indexOf(FILE_PATH, end + 1, 'latin1');
  }
  return out;
}

/**
 * Whether the JSON string value that follows a key at `i` (`: "…"`) ends in a name of `names`, compared as raw
 * JSON text: after its last `/`, or after its last `/`, `\/` or escaped backslash (a Windows path).
 */
function pathValueEndsIn(bytes: Buffer, i: number, end: number, names: ReadonlySet<string>): boolean {
  const space = (c: number | undefined) => c === 32 || c === 9;
  while (i < end && space(bytes[i])) i++;
  if (bytes[i] !== 58) return false; // ':'
  i++;
  while (i < end && space(bytes[i])) i++;
  if (bytes[i] !== 34) return false; // '"'
  i++;
  let slash = i; // after the last '/'
  let separator = i; // after the last '/', '\/' or '\\'
  for (; i < end; i++) {
    const c = bytes[i];
    if (c === 92) {
      // an escape: '\\' (a backslash) and '\/' separate path segments, the others stay in the name
      const next = bytes[i + 1];
      i++;
      if (next === 92 || next === 47) separator = i + 1;
    } else if (c === 47) {
      slash = i + 1;
      separator = i + 1;
    } else if (c === 34) {
      return names.has(bytes.toString('utf8', separator, i)) || names.has(bytes.toString('utf8', slash, i));
    }
  }
  return false;
}

/** [start, end) byte ranges of the lines (split at `\n`) containing any of `needles`, in file order. */
function linesContaining(bytes: Buffer, needles: ReadonlyArray<string>): Array<[number, number]> {
  const starts = new Map<number, number>();
  for (const needle of needles) {
    if (needle === '') continue;
    let at = bytes.indexOf(needle, 0, 'utf8');
    while (at >= 0) {
      const start = bytes.lastIndexOf(10, at) + 1;
      let end = bytes.indexOf(10, at);
      if (end < 0) end = bytes.length;
      starts.set(start, end);
      at = end >= bytes.length ? -1 : bytes.indexOf(needle, end + 1, 'utf8');
    }
  }
  return [...starts].sort((a, b) => a[0] - b[0]);
}

function newTexts(tool: string, input: Record<string, unknown>): string[] {
  if (tool === 'Write') return typeof input['content'] === 'string' ? [input['content']] : [];
  if (tool === 'Edit') return typeof input['new_string'] === 'string' ? [input['new_string']] : [];
  const edits = input['edits'];
  if (!Array.isArray(edits)) return [];
  return edits.filter(isObject).flatMap((e) => (typeof e['new_string'] === 'string' ? [e['new_string']] : []));
}

/** POSIX path of `file` relative to `root`, or undefined when it lies outside. */
export function repoPath(root: string, cwd: string, file: string): string | undefined {
  const abs = isAbsolute(file) ? file : join(cwd, file);
  const rel = relative(root, abs);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}

/** `dir` expressed under `root` (resolving symlinks such as /tmp -> /private/tmp), or undefined when outside. */
function inProject(root: string, dir: string): string | undefined {
  if (isInside(root, dir)) return dir;
  try {
    const real = realpathSync(dir);
    if (isInside(root, real)) return real;
  } catch {}
  return undefined;
}

function isInside(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function isObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
