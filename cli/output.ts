// Writing results: to stdout, or to the file the user named (src/util/output-file.ts: atomically for a regular file,
// in place for a device or FIFO, never a half-written output), never over one of the command's own inputs.
import { UsageError, descriptorOf, findConfig, sameFile, writeOutputFile } from '../src/index.js';

/** An input a command read, by the option that named it (`--from`, `--db` …), for the "output over input" check. */
export interface NamedInput {
  readonly option: string;
  readonly file: string | undefined;
}

/** Writes `data` to `file` (the user-named file `waive` edits, a hook …); exit 2 naming it when it cannot be. */
export function writeFileOrFail(file: string, data: string | Uint8Array): void {
  writeOutputFile(file, data);
}

/**
 * Writes a command's result to stdout (`file` absent or `-`) or to `file`.
 * @throws UsageError when `file` is one of `inputs` (an SBOM written over the corpus or the scan JSON it came from).
 */
export function writeOutput(
  file: string | undefined,
  data: string | Uint8Array,
  inputs: ReadonlyArray<NamedInput> = [],
): void {
  const fd = file === undefined || file === '-' ? 1 : descriptorOf(file);
  if (fd === 1 || fd === 2) {
    (fd === 1 ? process.stdout : process.stderr).write(data);
    return;
  }
  if (file === undefined) return;
  for (const input of inputs) {
    if (input.file !== undefined && sameFile(file, input.file)) {
      throw new UsageError(
        `--output: ${file} is the ${input.option} input ${input.file}; writing there would destroy it (choose another file)`,
      );
    }
  }
  writeOutputFile(file, data);
}

/** The files a scanning command reads besides the tree: its corpora and its policy file (given or found). */
export function scanInputs(
  path: string | undefined,
  flags: { readonly db?: ReadonlyArray<string>; readonly config?: string },
): NamedInput[] {
  return [
    ...(flags.db ?? []).map((file) => ({ option: '--db', file })),
    { option: '--config', file: flags.config ?? findConfig(path ?? '.') },
  ];
}
