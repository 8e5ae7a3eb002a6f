// The help text `check` and `record` share: where agent logs are looked for and how to move or turn off a source.
export const LOG_FOLDERS_HELP = `
Agent logs are found where each agent keeps them (docs/provenance.md lists every place on Linux, macOS and
Windows). To look elsewhere, set a folder (several: separated by the path delimiter):
  PROVSCAN_CLAUDE_DIR    Claude Code projects folder (~/.claude/projects)
  PROVSCAN_CODEX_DIR     Codex home (~/.codex; $CODEX_HOME)
  PROVSCAN_GEMINI_DIR    Gemini CLI folder (~/.gemini)
  PROVSCAN_CURSOR_DIR    Cursor's User folder
  PROVSCAN_VSCODE_DIR    VS Code's User folder (Copilot Chat sessions)
  PROVSCAN_CLINE_DIR, PROVSCAN_ROO_CODE_DIR, PROVSCAN_KILO_CODE_DIR
                         the extension's storage folder (holding tasks/)
  PROVSCAN_CONTINUE_DIR  Continue's folder (~/.continue)
  PROVSCAN_OPENCODE_DIR  OpenCode's data folder (~/.local/share/opencode)
Leave a source out with --from (the others, comma-separated), or every one with --no-logs (check).
`;
