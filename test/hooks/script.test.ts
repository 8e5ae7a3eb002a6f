import { describe, expect, it } from 'vitest';
import { HOOK_MARKER, hookScript, isOurHook } from '../../src/hooks/script.js';

describe('hook scripts', () => {
  it('carry the marker that identifies them as provscan hooks', () => {
    const script = hookScript('pre-commit', { node: '/usr/bin/node', bin: '/opt/provscan/bin/provscan.js' });
    expect(script.startsWith('#!/bin/sh\n')).toBe(true);
    expect(isOurHook(script)).toBe(true);
    expect(isOurHook('#!/bin/sh\nnpx lint-staged\n')).toBe(false);
    expect(script).toContain(HOOK_MARKER);
  });

  it('quote baked-in arguments for the shell', () => {
    const script = hookScript('pre-commit', { node: 'node', bin: "/it's/provscan.js" }, ['--db', '/a b/c.db']);
    expect(script).toContain(`PROVSCAN_BIN='/it'\\''s/provscan.js'`);
    expect(script).toContain(`check --staged '--db' '/a b/c.db'`);
  });
});
