// The one object reader (src/git/cat-file.ts) must never leave a caller waiting: a cat-file process that ends
// fails every request, made before or after, and a session nobody closed does not keep provscan from exiting.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { GitError } from '../../src/errors.js';
import { CatFileSession, readObjects } from '../../src/git/cat-file.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

describe('reading objects', () => {
  it('fails every request of a session whose git ended, instead of waiting for an answer', async () => {
    const dir = tempDir();
    try {
      const queued = new CatFileSession(dir.path); // not a repository: git exits at once
      await expect(queued.contents(['HEAD:a.txt'])).rejects.toBeInstanceOf(GitError); // asked while it runs
      await expect(queued.info(['HEAD'])).rejects.toBeInstanceOf(GitError); // asked after it ended
      queued.close();
      // a session whose process has ended before anything was asked (normally so after a second)
      const session = new CatFileSession(dir.path);
      await new Promise((r) => setTimeout(r, 1000));
      await expect(session.contents(['HEAD:a.txt'])).rejects.toBeInstanceOf(GitError);
      session.close();
    } finally {
      dir.cleanup();
    }
  });

  it('answers a spec with a line break as missing, and every other spec as it is', async () => {
    const repo = TestRepo.create();
    try {
      repo.write('a b.txt', 'spaced\n').write('c.txt', 'plain\n').commit('Start');
      const specs = ['HEAD:a b.txt', 'HEAD:no\nsuch', 'HEAD:c.txt', 'HEAD:missing.txt'];
      const once = await readObjects(repo.path, specs);
      const session = new CatFileSession(repo.path);
      const rounds = await session.contents(specs);
      session.close();
      for (const answers of [once, rounds]) {
        expect(answers.get('HEAD:a b.txt')?.data?.toString()).toBe('spaced\n');
        expect(answers.get('HEAD:no\nsuch')).toBeNull();
        expect(answers.get('HEAD:c.txt')?.data?.toString()).toBe('plain\n');
        expect(answers.get('HEAD:missing.txt')).toBeNull();
      }
    } finally {
      repo.cleanup();
    }
  });

  it('does not keep a process alive through a session nobody closed', async () => {
    const repo = TestRepo.create();
    try {
      repo.write('a.txt', 'alpha\n').commit('Start');
      const module = new URL('../../dist/src/git/cat-file.js', import.meta.url).href;
      const script = `const { CatFileSession } = await import(${JSON.stringify(module)});
        const s = new CatFileSession(process.argv[1]);
        const m = await s.contents(['HEAD:a.txt']);
        process.stdout.write(m.get('HEAD:a.txt').data.toString());`;
      const child = spawn(process.execPath, ['--input-type=module', '-e', script, repo.path], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
      });
      const code = await new Promise<number | null>((resolve, reject) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          reject(new Error('the process did not exit by itself: the idle cat-file session kept it alive'));
        }, 60_000);
        child.on('close', (c) => {
          clearTimeout(timer);
          resolve(c);
        });
      });
      expect(code).toBe(0);
      expect(out).toBe('alpha\n');
    } finally {
      repo.cleanup();
    }
  });
});
