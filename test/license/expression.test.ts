import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/license/expression.js';
import { fileLicenseHeader } from '../../src/license/header.js';

describe('SPDX expressions', () => {
  it('accepts current and deprecated ids, exceptions and LicenseRefs', () => {
    for (const ok of [
      'MIT',
      'GPL-2.0',
      'GPL-2.0+',
      'MIT OR Apache-2.0',
      '(MIT AND BSD-3-Clause) OR Apache-2.0',
      'GPL-2.0-only WITH Classpath-exception-2.0',
      'LicenseRef-Acme-1',
    ]) {
      expect(parseExpression(ok).ok, ok).toBe(true);
    }
  });

  it('prints expressions back with parentheses only where needed', () => {
    const p = parseExpression('(MIT OR Apache-2.0) AND BSD-3-Clause');
    expect(p.ok && p.expression).toBe('(MIT OR Apache-2.0) AND BSD-3-Clause');
  });

  it('rejects sloppy strings and only suggests a correction', () => {
    const gplv2 = parseExpression('GPLv2');
    expect(gplv2.ok).toBe(false);
    expect(!gplv2.ok && gplv2.suggestion).toBe('GPL-2.0-only');
    const apache = parseExpression('Apache 2');
    expect(!apache.ok && apache.suggestion).toBe('Apache-2.0');
    const pair = parseExpression('MIT/Apache 2');
    expect(!pair.ok && pair.suggestion).toBe('MIT OR Apache-2.0');
  });

  it('gives no suggestion for nonsense', () => {
    const p = parseExpression('Foo-Bar-License');
    expect(p.ok).toBe(false);
    expect(!p.ok && p.suggestion).toBeUndefined();
  });
});

describe('SPDX-License-Identifier headers', () => {
  it('reads the tag in any comment style', () => {
    expect(fileLicenseHeader('// SPDX-License-Identifier: MIT\nint x;\n')).toBe('MIT');
    expect(fileLicenseHeader('/* SPDX-License-Identifier: GPL-2.0-only WITH Linux-syscall-note */\n')).toBe(
      'GPL-2.0-only WITH Linux-syscall-note',
    );
    expect(fileLicenseHeader('#!/usr/bin/env python\n# SPDX-License-Identifier: Apache-2.0 OR MIT\n')).toBe(
      'Apache-2.0 OR MIT',
    );
    expect(fileLicenseHeader('<!-- SPDX-License-Identifier: CC-BY-4.0 -->\n<p>hi</p>\n')).toBe('CC-BY-4.0');
    expect(fileLicenseHeader('-- SPDX-License-Identifier: (MIT OR BSD-2-Clause)\n')).toBe('MIT OR BSD-2-Clause');
  });

  it('ignores a tag below the first 30 lines and an invalid expression', () => {
    expect(fileLicenseHeader(`${'x\n'.repeat(40)}// SPDX-License-Identifier: MIT\n`)).toBeUndefined();
    expect(fileLicenseHeader('// SPDX-License-Identifier: GPLv2\n')).toBeUndefined();
  });
});
