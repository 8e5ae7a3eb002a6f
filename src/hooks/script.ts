// The hook scripts provscan writes, and how it recognises its own: a marker line. A hook without the marker
// belongs to someone else and is never overwritten or removed.
export const HOOK_MARKER = '# provscan-hook: written by `provscan hook install`; `provscan hook uninstall` removes it';

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
  const cmd = [HOOK_COMMANDS[hook], ...extraArgs.map(shellQuote)].join(' ');
  return [
    '#!/bin/sh',
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
    '',
  ].join('\n');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}
