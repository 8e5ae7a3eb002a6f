// A reader that closes the pipe early (`provscan scan --format json | head -c 10`) gets its bytes, and provscan stops
// without a stack trace.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/real-code', import.meta.url));

/** Runs the CLI, reads `keep` bytes of its stdout, then closes the pipe; resolves with exit code and stderr. */
function readThenClose(args: string[], keep: number): Promise<{ code: number | null; stderr: string; got: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`provscan ${args.join(' ')}: no exit within 60 s after the pipe closed`));
    }, 60_000);
    let got = 0;
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString('utf8');
    });
    child.stdout.on('data', (d: Buffer) => {
      got += d.length;
      if (got >= keep) child.stdout.destroy();
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, got });
    });
  });
}

describe('a closed output pipe', () => {
  it('ends an SBOM larger than the pipe buffer quietly with its exit code', async () => {
    const res = await readThenClose(['sbom', FIXTURES, '--all-files', '--quiet'], 1);
    expect(res.got).toBeGreaterThan(0);
    expect(res.stderr).not.toMatch(/EPIPE|Error:|node:/);
    expect(res.code).toBe(0);
  });

  it('ends corpus list quietly', async () => {
    const res = await readThenClose(['corpus', 'list'], 1);
    expect(res.stderr).not.toMatch(/EPIPE|Error:|node:/);
    expect(res.code).toBe(0);
  });
});
