// The few error classes the library throws. The CLI maps them once (cli/run.ts) to a message and an exit code:
// usage/input/corpus/git/config problems exit 2, anything else exits 3 with a request to report it.

export const EXIT = { clean: 0, policy: 1, usage: 2, internal: 3 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** Base class: an error whose message is fit to show a user as it is, with the exit code it deserves. */
export class ProvscanError extends Error {
  readonly exitCode: ExitCode;
  readonly hint: string | undefined;
  constructor(message: string, exitCode: ExitCode, hint?: string) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Wrong arguments or option values. */
export class UsageError extends ProvscanError {
  constructor(message: string, hint?: string) {
    super(message, EXIT.usage, hint);
  }
}

/** A file the user handed us is wrong: names the file, what is wrong, and (optionally) the key inside it. */
export class InputError extends ProvscanError {
  readonly file: string;
  readonly problem: string;
  constructor(file: string, problem: string, hint?: string) {
    super(`${file}: ${problem}`, EXIT.usage, hint);
    this.file = file;
    this.problem = problem;
  }
}

/** A corpus database cannot be opened, is corrupted, locked, or of an unknown schema. */
export class CorpusError extends ProvscanError {
  readonly file: string;
  constructor(file: string, problem: string, hint?: string) {
    super(`${file}: ${problem}`, EXIT.usage, hint);
    this.file = file;
  }
}

/** Git failed; carries git's own message. */
export class GitError extends ProvscanError {
  readonly args: ReadonlyArray<string>;
  readonly stderr: string;
  constructor(args: ReadonlyArray<string>, stderr: string, message?: string) {
    super(message ?? `git ${args.slice(0, 3).join(' ')} failed: ${stderr.trim().split('\n')[0] ?? ''}`, EXIT.usage);
    this.args = args;
    this.stderr = stderr;
  }
}

/** A bug in provscan (including an SBOM that fails schema validation): exit 3. */
export class InternalError extends ProvscanError {
  readonly details: ReadonlyArray<string>;
  constructor(message: string, details: ReadonlyArray<string> = []) {
    super(message, EXIT.internal);
    this.details = details;
  }
}
