// Writing results: to stdout, or atomically to a file (temp file + rename: never a half-written output).
import { writeFileAtomic } from '../src/index.js';

export function writeOutput(file: string | undefined, text: string): void {
  if (file === undefined || file === '-') {
    process.stdout.write(text);
    return;
  }
  writeFileAtomic(file, text);
}
