// The `apply_patch` format OpenAI Codex (and OpenCode, Cline's newer tools) use to edit files:
//
//   *** Begin Patch
//   *** Add File: path            then every line of the new file, prefixed with "+"
//   *** Update File: path         optionally followed by "*** Move to: new/path", then hunks:
//   @@ optional context header    lines prefixed " " (context), "-" (removed), "+" (added)
//   *** Delete File: path
//   *** End Patch
//
// A patch may arrive as a tool's whole input, inside a shell command (`apply_patch <<'EOF' … EOF`) or JSON-encoded
// in a function call's arguments: patches are found by their markers in any string.

export interface PatchEdit {
  /** The path the text ends up in (the "Move to" path of a renamed file). */
  readonly path: string;
  /** The new side of an added file or of one hunk: context and added lines. */
  readonly text: string;
  /** 0-based indexes of the added lines in `text` (the rest is context). */
  readonly only: ReadonlyArray<number>;
}

const BEGIN = '*** Begin Patch';
const END = '*** End Patch';

/** The patch bodies (between the Begin and End markers) found in `text`; an unterminated last one runs to the end. */
export function findPatches(text: string): string[] {
  const out: string[] = [];
  let at = text.indexOf(BEGIN);
  while (at >= 0) {
    const end = text.indexOf(END, at + BEGIN.length);
    out.push(text.slice(at + BEGIN.length, end < 0 ? text.length : end));
    if (end < 0) break;
    at = text.indexOf(BEGIN, end + END.length);
  }
  return out;
}

/** The text each file operation of a patch body writes. Deleted files and pure deletions write nothing. */
export function parsePatch(body: string): PatchEdit[] {
  const out: PatchEdit[] = [];
  let path: string | undefined;
  let mode: 'add' | 'update' | 'none' = 'none';
  let lines: string[] = [];
  let only: number[] = [];
  const flush = () => {
    if (path !== undefined && only.length > 0) out.push({ path, text: lines.join('\n'), only });
    lines = [];
    only = [];
  };
  for (const raw of body.split(/\r?\n/)) {
    const header = /^\*\*\* (Add|Update|Delete) File: (.+?)\s*$/.exec(raw);
    if (header) {
      flush();
      path = header[2];
      mode = header[1] === 'Add' ? 'add' : header[1] === 'Update' ? 'update' : 'none';
      continue;
    }
    const move = /^\*\*\* Move to: (.+?)\s*$/.exec(raw);
    if (move) {
      if (mode === 'update') path = move[1];
      continue;
    }
    if (raw.startsWith('***')) continue; // "*** End of File" and unknown markers
    if (mode === 'none') continue;
    if (raw.startsWith('@@')) {
      flush(); // a new hunk: its context belongs to a different place in the file
      continue;
    }
    if (raw.startsWith('+')) {
      only.push(lines.length);
      lines.push(raw.slice(1));
    } else if (raw.startsWith('-')) {
      // removed: not in the new text
    } else if (mode === 'update') {
      lines.push(raw.startsWith(' ') ? raw.slice(1) : raw);
    }
  }
  flush();
  return out;
}

/** Every edit of every patch found in `text`. */
export function patchEdits(text: string): PatchEdit[] {
  if (!text.includes(BEGIN)) return [];
  return findPatches(text).flatMap(parsePatch);
}

/** The new side of each hunk of a unified diff (`@@ -a,b +c,d @@` hunks; `---`/`+++` headers are skipped). */
export function unifiedDiffEdits(path: string, diff: string): PatchEdit[] {
  const out: PatchEdit[] = [];
  let lines: string[] = [];
  let only: number[] = [];
  let inHunk = false;
  const flush = () => {
    if (only.length > 0) out.push({ path, text: lines.join('\n'), only });
    lines = [];
    only = [];
  };
  for (const raw of diff.split(/\r?\n/)) {
    if (raw.startsWith('@@')) {
      flush();
      inHunk = true;
      continue;
    }
    if (!inHunk) continue; // file headers (diff --git, index, ---, +++)
    if (raw.startsWith('+')) {
      only.push(lines.length);
      lines.push(raw.slice(1));
    } else if (raw.startsWith(' ')) lines.push(raw.slice(1));
    else if (raw.startsWith('diff ')) {
      flush();
      inHunk = false;
    }
  }
  flush();
  return out;
}
