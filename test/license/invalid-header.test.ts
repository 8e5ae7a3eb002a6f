import { describe, expect, it } from 'vitest';
import { readFileLicenseHeader } from '../../src/license/index.js';
import { runCli } from '../helpers/cli.js';
import { TestRepo } from '../helpers/repo.js';

describe('a file whose SPDX-License-Identifier header does not parse', () => {
  it('is read as invalid, with a suggestion', () => {
    const header = readFileLicenseHeader('// SPDX-License-Identifier: GPLv2\nint x;\n');
    expect(header).toMatchObject({ ok: false, text: 'GPLv2', suggestion: 'GPL-2.0-only' });
    expect(readFileLicenseHeader('/* SPDX-License-Identifier: MIT */\n')).toEqual({ ok: true, expression: 'MIT' });
    expect(readFileLicenseHeader('int x;\n')).toBeUndefined();
    // The words inside code are not a header: no warning for a license scanner's own sources.
    expect(readFileLicenseHeader('const TAG = /SPDX-License-Identifier:\\s*(.+)$/;\n')).toBeUndefined();
    expect(readFileLicenseHeader('msg = "SPDX-License-Identifier: GPLv2"\n')).toBeUndefined();
    expect(readFileLicenseHeader('SPDX-License-Identifier: MIT\n')).toEqual({ ok: true, expression: 'MIT' });
    expect(readFileLicenseHeader(' * SPDX-License-Identifier: MIT\n')).toEqual({ ok: true, expression: 'MIT' });
  });

  it('makes provscan scan warn, naming the file, and judge it under the project license', async () => {
    const repo = TestRepo.create();
    try {
      repo.write('package.json', JSON.stringify({ name: 'demo', version: '1.0.0', license: 'MIT' }));
      repo.write('src/a.c', '// SPDX-License-Identifier: GPLv2\nint main(void) { return 0; }\n');
      repo.commit('initial');
      const res = await runCli(['scan', '--format', 'json'], { cwd: repo.path });
      expect(res.code).toBe(0);
      expect(res.stderr).toContain('src/a.c: SPDX-License-Identifier "GPLv2" is not a valid SPDX expression');
      expect(res.stderr).toContain('did you mean "GPL-2.0-only"?');
      const result = JSON.parse(res.stdout) as { files: Array<{ path: string; license?: string }> };
      const file = result.files.find((f) => f.path === 'src/a.c');
      expect(file).toBeDefined();
      expect(file?.license).toBeUndefined();
    } finally {
      repo.cleanup();
    }
  });

  it('refuses a --license expression with a dangling operator with exit 2, not an internal error', async () => {
    const repo = TestRepo.create();
    try {
      repo.write('a.py', 'x = 1\n').commit('initial');
      const res = await runCli(['scan', '--license', 'MIT OR'], { cwd: repo.path });
      expect(res.code).toBe(2);
      expect(res.stderr).toContain('--license: "MIT OR" is not a valid SPDX expression');
    } finally {
      repo.cleanup();
    }
  });
});
