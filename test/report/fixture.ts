// Hand-built scan results that follow the scan JSON contract, with every kind of thing the report must show:
// AI spans, matches with alternatives, findings of each severity, waived findings, waivers in each state, skipped
// files, and hostile file names and code. `writeSources` puts matching file content in a folder for excerpts.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Conflict, FileResult, ScanResult, SnippetMatch } from '../../src/index.js';

export const HOSTILE_NAME = 'src/<img src=x onerror=alert(1)>.js';
export const HOSTILE_CODE = 'const s = "</script><script>alert(2)</script>"; // \u2028 <b>bold</b> & \u2029';
const COMMIT_AI = 'a'.repeat(40);
const COMMIT_AI2 = 'b'.repeat(40);

function numbered(prefix: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix} line ${i + 1};`);
}

/** The content of each fixture file (the hostile file carries hostile code on its matched lines). */
export const SOURCES: Record<string, string[]> = {
  'src/util/hash.c': numbered('int hash', 200),
  'src/util/list.c': numbered('int list', 80),
  'src/app/main.ts': numbered('const app', 120),
  'lib/vendor/sort.js': numbered('function sort', 60),
  [HOSTILE_NAME]: [...numbered('x', 9), HOSTILE_CODE, ...numbered('y', 30)],
  'README.md': numbered('text', 10),
};

function match(
  start: number,
  end: number,
  name: string,
  license: string,
  extra: Partial<SnippetMatch> = {},
): SnippetMatch {
  return {
    start,
    end,
    kind: 'snippet',
    channel: 'exact',
    similarity: 0.92,
    corpus: {
      name,
      version: '1.0',
      purl: `pkg:generic/${name}@1.0`,
      path: `src/${name}.c`,
      start: start + 100,
      end: end + 100,
      license,
      db: 'test.db',
    },
    tokens: 240,
    ...extra,
  };
}

function conflictFor(
  path: string,
  m: SnippetMatch,
  severity: Conflict['severity'],
  ai: boolean,
  extra: Partial<Conflict> = {},
): Conflict {
  return {
    path,
    start: m.start,
    end: m.end,
    license: m.corpus.license,
    projectLicense: 'MIT',
    severity,
    ai,
    rule:
      severity === 'error'
        ? 'copyleft-in-permissive'
        : severity === 'warning'
          ? 'weak-copyleft'
          : 'attribution-required',
    message: `${m.corpus.license} code from ${m.corpus.name} in an MIT project`,
    verdict: severity === 'error' ? 'no' : 'conditional',
    reason: 'the compatibility table says so',
    howToFix: 'remove the code or relicense',
    match: {
      name: m.corpus.name,
      version: m.corpus.version,
      purl: m.corpus.purl,
      path: m.corpus.path,
      start: m.corpus.start,
      end: m.corpus.end,
      similarity: m.similarity,
      channel: m.channel,
    },
    ...extra,
  };
}

export function richScan(): ScanResult {
  const gpl = match(20, 60, 'nano', 'GPL-3.0-or-later', {
    channel: 'abstract',
    similarity: 0.91,
    alternatives: [{ ...match(20, 60, 'pico', 'GPL-2.0-only').corpus, similarity: 0.88 }],
    fingerprint: 'deadbeef',
  });
  const lgpl = match(5, 30, 'glib', 'LGPL-2.1-or-later');
  const mit = match(40, 70, 'lodash', 'MIT', { similarity: 0.75 });
  const agpl = match(1, 50, 'ghost', 'AGPL-3.0-only', { kind: 'file', channel: 'file', similarity: 0.99 });
  const hostile = match(8, 12, '<script>alert(3)</script>', 'GPL-2.0-only | <i>x</i>');
  const files: FileResult[] = [
    {
      path: 'src/util/hash.c',
      language: 'c',
      lines: 200,
      ai: [
        {
          start: 10,
          end: 70,
          agent: 'claude-code',
          model: 'claude-sonnet-4',
          source: 'trailer',
          commit: COMMIT_AI,
          confidence: 1,
        },
      ],
      matches: [gpl],
    },
    { path: 'src/util/list.c', language: 'c', lines: 80, ai: [], matches: [lgpl] },
    {
      path: 'src/app/main.ts',
      language: 'typescript',
      lines: 120,
      ai: [{ start: 1, end: 30, agent: 'aider', model: null, source: 'author', commit: COMMIT_AI2, confidence: 0.9 }],
      matches: [mit],
    },
    { path: 'lib/vendor/sort.js', language: 'javascript', lines: 60, ai: [], matches: [agpl] },
    {
      path: HOSTILE_NAME,
      language: 'javascript',
      lines: 40,
      ai: [
        {
          start: 8,
          end: 12,
          agent: 'unknown-ai',
          model: '<svg onload=alert(4)>',
          source: 'message',
          commit: COMMIT_AI2,
          confidence: 0.6,
        },
      ],
      matches: [hostile],
    },
    { path: 'README.md', language: 'text', lines: 10, ai: [], matches: [] },
  ];
  const conflicts: Conflict[] = [
    conflictFor('src/util/hash.c', gpl, 'error', true, { id: 'c0ffee01' }),
    conflictFor('src/util/list.c', lgpl, 'warning', false, { id: 'c0ffee02' }),
    conflictFor('src/app/main.ts', mit, 'notice', true, { id: 'c0ffee03' }),
    conflictFor('lib/vendor/sort.js', agpl, 'error', false, {
      id: 'c0ffee04',
      waived: {
        reason: 'vendored under a separate agreement',
        approver: 'legal@example.com',
        expires: '2030-01-01',
        index: 0,
      },
    }),
    conflictFor(HOSTILE_NAME, hostile, 'error', true, {
      id: 'c0ffee05',
      message: '=HYPERLINK("http://evil") </script><img src=x onerror=alert(5)> | pipe',
      howToFix: '@SUM(A1) "quoted", comma\nnewline',
    }),
  ];
  const totalLines = files.reduce((n, f) => n + f.lines, 0);
  return {
    schema: 1,
    tool: { name: 'provscan', version: '0.1.0' },
    root: 'example-app',
    commit: 'c'.repeat(40),
    target: 'worktree',
    generatedAt: '2026-11-24T12:00:00Z',
    projectLicense: 'MIT',
    projectLicenseEvidence: [{ source: 'package.json', expression: 'MIT', confidence: 1 }],
    project: { name: 'example-app', version: '1.2.3' },
    provenance: { available: true, complete: true, notes: [] },
    corpora: [{ path: '/tmp/test.db', label: 'test.db', sources: 5, files: 50, fingerprints: 5000, schemaVersion: 1 }],
    files,
    conflicts,
    commits: [
      {
        sha: COMMIT_AI,
        author: { name: 'Ada Human', email: 'ada@example.com', time: '2026-11-01T10:00:00Z' },
        committer: { name: 'Ada Human', email: 'ada@example.com', time: '2026-11-01T10:00:00Z' },
        subject: 'Add hash table <script>alert(6)</script>',
        trailers: [{ key: 'Co-Authored-By', value: 'Claude <noreply@anthropic.com>' }],
        agent: 'claude-code',
        agentName: 'Claude Code',
        model: 'claude-sonnet-4',
        source: 'trailer',
        confidence: 1,
      },
      {
        sha: COMMIT_AI2,
        author: { name: 'aider', email: 'aider@example.com', time: '2026-11-02T10:00:00Z' },
        committer: { name: 'aider', email: 'aider@example.com', time: '2026-11-02T10:00:00Z' },
        subject: 'aider: refactor',
        trailers: [],
        agent: 'aider',
        agentName: 'Aider',
        model: null,
        source: 'author',
        confidence: 0.9,
      },
    ],
    skipped: [
      { path: 'assets/logo.png', reason: 'binary' },
      { path: 'dist/app.min.js', reason: 'minified', detail: 'average line 4000 chars' },
    ],
    waivers: [
      {
        index: 0,
        path: 'lib/vendor/**',
        reason: 'vendored under a separate agreement',
        approver: 'legal@example.com',
        expires: '2030-01-01',
        state: 'active',
        covers: 1,
      },
      { index: 1, path: 'old/**', reason: 'gone', approver: 'bob', expires: null, state: 'stale', covers: 0 },
      {
        index: 2,
        path: 'src/**',
        reason: 'temporary',
        approver: 'carol',
        expires: '2020-01-01',
        state: 'expired',
        covers: 0,
      },
    ],
    totals: { files: files.length, lines: totalLines, aiLines: 61 + 30 + 5, matchedLines: 41 + 26 + 31 + 50 + 5 },
    settings: { onlyAi: false, failOn: 'error', minMatchLines: 6, minMatchTokens: 50 },
  };
}

/** A scan with `count` findings spread over many files, for the 5,000-finding responsiveness check. */
export function bigScan(count: number): ScanResult {
  const base = richScan();
  const files: FileResult[] = [];
  const conflicts: Conflict[] = [];
  const severities: Conflict['severity'][] = ['error', 'warning', 'notice'];
  const licenses = ['GPL-3.0-only', 'LGPL-2.1-only', 'MPL-2.0', 'Apache-2.0'];
  for (let i = 0; i < count; i++) {
    const path = `pkg${i % 50}/file${i}.c`;
    const lic = licenses[i % licenses.length]!;
    const m = match(10, 20, `source${i % 97}`, lic);
    files.push({
      path,
      language: 'c',
      lines: 100,
      ai:
        i % 2 === 0
          ? [
              {
                start: 1,
                end: 50,
                agent: 'claude-code',
                model: null,
                source: 'trailer',
                commit: COMMIT_AI,
                confidence: 1,
              },
            ]
          : [],
      matches: [m],
    });
    conflicts.push(conflictFor(path, m, severities[i % 3]!, i % 2 === 0, { id: `big${i}` }));
  }
  return {
    ...base,
    files,
    conflicts,
    waivers: [],
    totals: { files: count, lines: count * 100, aiLines: Math.ceil(count / 2) * 50, matchedLines: count * 11 },
  };
}

/** Writes the fixture files under `root` so the CLI can read excerpts. */
function writeSources(root: string): void {
  for (const [path, lines] of Object.entries(SOURCES)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, `${lines.join('\n')}\n`);
  }
}
