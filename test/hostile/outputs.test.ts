// Hostile and unlucky output targets for `-o` (issue 13, items 2 and 16): devices, FIFOs, descriptors, links, kernel
// file systems, and an output that is one of the command's inputs. Run as root, as CI runs provscan.
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  lstatSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

const isRoot = process.getuid?.() === 0;

describe('output targets', () => {
  const repo = TestRepo.create('provscan-hostile-out-');
  repo.write('src/app.js', 'export const answer = 42;\n').commit('Initial commit');
  const dir = tempDir('provscan-hostile-out-dir-');
  afterAll(() => {
    repo.cleanup();
    dir.cleanup();
  });

  it.runIf(isRoot)('writes a character device in place instead of replacing it with a regular file', async () => {
    const dev = join(dir.path, 'null');
    execFileSync('mknod', [dev, 'c', '1', '3']);
    chmodSync(dev, 0o666);
    const res = await runCli(['scan', repo.path, '-o', dev]);
    expect(res.code, res.stderr).toBe(0);
    const st = statSync(dev);
    expect(st.isCharacterDevice()).toBe(true);
    expect(st.mode & 0o777).toBe(0o666);
    expect(readdirSync(dir.path).filter((n) => n.startsWith('.provscan-tmp'))).toEqual([]);
  });

  it('writes into a FIFO that a concurrent reader reads', async () => {
    const fifo = join(dir.path, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo]);
    const chunks: Buffer[] = [];
    reader.stdout.on('data', (c: Buffer) => chunks.push(c));
    const read = new Promise<string>((resolve) => reader.on('close', () => resolve(Buffer.concat(chunks).toString())));
    const res = await runCli(['scan', repo.path, '--format', 'json', '-o', fifo]);
    expect(res.code, res.stderr).toBe(0);
    const json = JSON.parse(await read) as { files: Array<{ path: string }> };
    expect(json.files.map((f) => f.path)).toContain('src/app.js');
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('writes /dev/stdout to the standard output it names', async () => {
    const res = await runCli(['scan', repo.path, '--format', 'json', '-o', '/dev/stdout']);
    expect(res.code, res.stderr).toBe(0);
    expect((JSON.parse(res.stdout) as { tool: { name: string } }).tool.name).toBe('provscan');
  });

  it('follows a symbolic link to the file it names, keeping the link and the file mode', async () => {
    const target = join(dir.path, 'real.json');
    writeFileSync(target, 'old\n', { mode: 0o640 });
    chmodSync(target, 0o640);
    const link = join(dir.path, 'link.json');
    symlinkSync(target, link);
    const res = await runCli(['scan', repo.path, '--format', 'json', '-o', link]);
    expect(res.code, res.stderr).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(target);
    expect(readFileSync(target, 'utf8')).toContain('"provscan"');
    expect(statSync(target).mode & 0o777).toBe(0o640);
  });

  it('refuses a symbolic link to nothing, naming it', async () => {
    const link = join(dir.path, 'dangling.json');
    symlinkSync(join(dir.path, 'nowhere', 'x.json'), link);
    const res = await runCli(['scan', repo.path, '-o', link]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(
      `${link}: cannot write the output: it is a symbolic link to a file that does not exist`,
    );
    expect(existsSync(join(dir.path, 'nowhere'))).toBe(false);
  });

  it('says a file of /proc is on a kernel file system, not that its folder is missing', async () => {
    const res = await runCli(['scan', repo.path, '-o', '/proc/version']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('/proc/version: cannot write the output: it is on /proc, a virtual file system');
    expect(res.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('creates a missing output folder', async () => {
    const out = join(dir.path, 'new', 'deeper', 'scan.json');
    const res = await runCli(['scan', repo.path, '--format', 'json', '-o', out]);
    expect(res.code, res.stderr).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toMatchObject({ schema: 1 });
  });

  it('refuses to write the output over one of its inputs', async () => {
    const saved = join(dir.path, 'saved.json');
    const scan = await runCli(['scan', repo.path, '--format', 'json', '-o', saved]);
    expect(scan.code, scan.stderr).toBe(0);
    const before = readFileSync(saved, 'utf8');
    const res = await runCli(['report', '--from', saved, '--format', 'md', '-o', saved]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain(`is the --from input ${saved}`);
    expect(readFileSync(saved, 'utf8')).toBe(before);
    const policy = join(repo.path, '.provscan.yml');
    writeFileSync(policy, 'fail-on: error\n');
    const over = await runCli(['scan', repo.path, '-o', policy]);
    expect(over.code).toBe(2);
    expect(over.stderr).toContain('is the --config input');
    expect(readFileSync(policy, 'utf8')).toBe('fail-on: error\n');
  });

  it('refuses a name too long for the file system, naming the reason', async () => {
    const out = join(dir.path, `${'n'.repeat(300)}.json`);
    const res = await runCli(['scan', repo.path, '-o', out]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('cannot write the output: the name is too long');
  });
});
