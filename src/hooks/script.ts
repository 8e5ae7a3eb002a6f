// The hook scripts provscan writes, and how it recognises its own: a block of lines between a marker line and an end
// line. A hook without the marker belongs to someone else and is never overwritten or removed; lines a user added
// to a provscan hook, before or after the block, are kept by `install` and `uninstall` alike.
export const HOOK_MARKER = '# provscan-hook: written by `provscan hook install`; `provscan hook uninstall` removes it';
/** The last line of provscan's block (hooks written before it existed end at their `exec npx …` line). */
export const HOOK_END = '# provscan-hook: end';

export type HookName = 'pre-commit' | 'post-commit';

/** The command each hook runs. */
export const HOOK_COMMANDS: Readonly<Record<HookName, string>> = {
  'pre-commit': 'check --staged',
  'post-commit': 'record --head --quiet',
};

export function isOurHook(text: string): boolean {
  return text.split('\n').some((l) => l.trim() === HOOK_MARKER);
}

/**
 * A POSIX shell hook running provscan: the installation that wrote the hook when it still exists (so a project-local
 * install works without PATH changes), else `provscan` on PATH, else `npx --no-install provscan`.
 */
export function hookScript(
  hook: HookName,
  launcher: { node: string; bin: string },
  extraArgs: ReadonlyArray<string> = [],
): string {
  return `#!/bin/sh\n${hookBlock(hook, launcher, extraArgs)}`;
}

/** provscan's own lines of a hook, from HOOK_MARKER to HOOK_END, each ending with a newline. */
export function hookBlock(
  hook: HookName,
  launcher: { node: string; bin: string },
  extraArgs: ReadonlyArray<string> = [],
): string {
  const cmd = [HOOK_COMMANDS[hook], ...extraArgs.map(shellQuote)].join(' ');
  return [
    HOOK_MARKER,
    `# ${hook}: ${hook === 'pre-commit' ? 'blocks commits that stage code matching licensed code the policy rejects' : 'records AI spans from agent logs'}.`,
    `PROVSCAN_BIN=${shellQuote(launcher.bin)}`,
    `PROVSCAN_NODE=${shellQuote(launcher.node)}`,
    'if [ -f "$PROVSCAN_BIN" ]; then',
    '  if [ -x "$PROVSCAN_NODE" ]; then NODE="$PROVSCAN_NODE"; else NODE=node; fi',
    `  exec "$NODE" "$PROVSCAN_BIN" ${cmd}`,
    'fi',
    `if command -v provscan >/dev/null 2>&1; then exec provscan ${cmd}; fi`,
    `exec npx --no-install provscan ${cmd}`,
    HOOK_END,
    '',
  ].join('\n');
}

/** Lines provscan wrote before HOOK_END existed, recognised one by one (a user's line among them is kept). */
const LEGACY_LINES: ReadonlyArray<RegExp> = [
  /^# (?:pre|post)-commit: /,
  /^PROVSCAN_(?:BIN|NODE)=/,
  /^if \[ -f "\$PROVSCAN_BIN" \]; then$/,
  /^ {2}if \[ -x "\$PROVSCAN_NODE" \]; then NODE="\$PROVSCAN_NODE"; else NODE=node; fi$/,
  /^ {2}exec "\$NODE" "\$PROVSCAN_BIN" /,
  /^fi$/,
  /^if command -v provscan >\/dev\/null 2>&1; then exec provscan /,
  /^exec npx --no-install provscan /,
];

/**
 * A hook's text without provscan's lines: the block from HOOK_MARKER to HOOK_END, or in a hook written before
 * HOOK_END existed the marker and the known lines up to its `exec npx …` line. `rest` holds what a user added (with
 * the `#!` line); `at` is the line index where the block was, to put a new block in the same place; `empty` says that
 * nothing but the `#!` line, blank lines and comments remains, so the file can go. The one function both `install`
 * (to replace the block) and `uninstall` (to remove it) use.
 */
export function withoutProvscanLines(text: string): { rest: string[]; at: number; empty: boolean } {
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const start = lines.findIndex((l) => l.trim() === HOOK_MARKER);
  if (start < 0) return { rest: lines, at: lines.length, empty: false };
  const end = lines.findIndex((l, i) => i > start && l.trim() === HOOK_END);
  let rest: string[];
  if (end >= 0) {
    rest = [...lines.slice(0, start), ...lines.slice(end + 1)];
  } else {
    const last = lines.findIndex((l, i) => i > start && /^exec npx --no-install provscan /.test(l));
    const stop = last < 0 ? lines.length - 1 : last;
    rest = lines.filter((l, i) => i < start || i > stop || (i > start && !LEGACY_LINES.some((re) => re.test(l))));
  }
  const empty = rest.every((l, i) => l.trim() === '' || (i === 0 && l.startsWith('#!')));
  return { rest, at: start, empty };
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
