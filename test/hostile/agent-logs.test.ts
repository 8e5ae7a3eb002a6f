// Agent logs that are cut off or garbled (issue 13, item 15): docs/hooks.md promises a warning, and it must name the
// transcript and the lines, for lines the fast path never parses too.
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { claudeSession, writeTranscript } from '../logs/transcripts.js';
import { runCli } from '../helpers/cli.js';
import { TestRepo, tempDir } from '../helpers/repo.js';

describe('a Claude Code transcript with malformed lines', () => {
  const repo = TestRepo.create('provscan-hostile-logs-');
  const home = tempDir('provscan-hostile-home-');
  afterAll(() => {
    repo.cleanup();
    home.cleanup();
  });

  it('makes scan warn once, naming the transcript and every malformed line, and keeps the good records', async () => {
    const code = 'export function parse(input) {\n  return input.split(",").map(Number);\n}\n';
    repo.write('src/parse.js', code).commit('Add the parser');
    const good = claudeSession(repo.path, [
      { name: 'Write', input: { file_path: join(repo.path, 'src/parse.js'), content: code } },
    ]);
    const lines = good.trimEnd().split('\n');
    // line 2: a record cut off mid-write (no tool call in it); line 4: garbage; the last line: cut off inside a call
    const jsonl = [
      lines[0],
      '{"type":"user","message":{"content":"an interrupted prom',
      ...lines.slice(1),
      'not json at all',
      `{"type":"assistant","message":{"content":[{"type":"tool_use","name":"Write","input":{"file_path":"${join(repo.path, 'src/parse.js')}","content":"tru`,
      '',
    ].join('\n');
    const file = writeTranscript(home.path, repo.path, jsonl, 'session.jsonl');
    const res = await runCli(['scan', repo.path, '--format', 'json'], { env: { HOME: home.path } });
    expect(res.code, res.stderr).toBe(0);
    const total = jsonl.trimEnd().split('\n').length;
    const bad = [2, total - 1, total];
    expect(res.stderr).toContain(
      `provscan: warning: ${file}: skipped 3 malformed or truncated line(s) of a Claude Code transcript (lines ${bad.join(', ')})`,
    );
    const json = JSON.parse(res.stdout) as { files: Array<{ path: string; ai: Array<{ source: string }> }> };
    expect(json.files.find((f) => f.path === 'src/parse.js')?.ai[0]?.source).toBe('claude-code-log');
  });
});
