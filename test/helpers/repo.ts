// Real git repositories in temporary folders, for tests. Git is called with argument arrays only.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface Person {
  readonly name: string;
  readonly email: string;
}

export const HUMAN: Person = { name: 'Ada Human', email: 'ada@example.com' };

/** A temporary folder removed by `cleanup()`. */
export function tempDir(prefix = 'provscan-test-'): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

export class TestRepo {
  readonly path: string;
  private tick = 0;

  constructor(path: string) {
    this.path = path;
  }

  /** A fresh repository with a deterministic identity and dates. */
  static create(prefix = 'provscan-repo-'): TestRepo {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    const repo = new TestRepo(dir);
    repo.git('init', '-q', '-b', 'main');
    repo.git('config', 'user.name', HUMAN.name);
    repo.git('config', 'user.email', HUMAN.email);
    repo.git('config', 'commit.gpgsign', 'false');
    return repo;
  }

  git(...args: string[]): string {
    return execFileSync('git', args, {
      cwd: this.path,
      encoding: 'utf8',
      env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0' },
      maxBuffer: 256 * 1024 * 1024,
    });
  }

  write(path: string, content: string | Uint8Array): this {
    const full = join(this.path, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
    return this;
  }

  remove(path: string): this {
    rmSync(join(this.path, path), { force: true, recursive: true });
    return this;
  }

  /**
   * Stages everything and commits with `message`, as `author` (and committer, unless given).
   * Dates advance one minute per commit so history is deterministic. Returns the new commit id.
   */
  commit(message: string, options: { author?: Person; committer?: Person; all?: boolean } = {}): string {
    const author = options.author ?? HUMAN;
    const committer = options.committer ?? author;
    this.tick++;
    const date = `${1_700_000_000 + this.tick * 60} +0000`;
    if (options.all !== false) this.git('add', '-A');
    execFileSync('git', ['commit', '-q', '--allow-empty', '-F', '-'], {
      cwd: this.path,
      input: message,
      env: {
        ...process.env,
        GIT_CONFIG_NOSYSTEM: '1',
        GIT_AUTHOR_NAME: author.name,
        GIT_AUTHOR_EMAIL: author.email,
        GIT_AUTHOR_DATE: date,
        GIT_COMMITTER_NAME: committer.name,
        GIT_COMMITTER_EMAIL: committer.email,
        GIT_COMMITTER_DATE: date,
      },
    });
    return this.git('rev-parse', 'HEAD').trim();
  }

  cleanup(): void {
    rmSync(this.path, { recursive: true, force: true });
  }
}

/** `count` numbered lines `prefix 1` … joined with newlines, ending with a newline. */
export function lines(prefix: string, count: number, from = 1): string {
  const out: string[] = [];
  for (let i = from; i < from + count; i++) out.push(`${prefix} ${i}`);
  return `${out.join('\n')}\n`;
}
