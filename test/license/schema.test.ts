import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const schema = JSON.parse(readFileSync(new URL('../../schemas/provscan-policy.schema.json', import.meta.url), 'utf8'));
const EXAMPLE = `
fail-on: warning
licenses: {allow: [MIT, Apache-2.0], deny: [GPL-3.0-only]}
categories: {deny: [network-copyleft, source-available]}
severity: {attribution-required: off, LGPL-2.1-only: error}
exclude: ["vendor/**"]
min-match: {lines: 8, tokens: 60}
ai: {stricter: true}
conventions:
  - {agent: acme-bot, trailer: X-Acme-AI}
waivers:
  - {path: src/a.c, lines: "10-40", license: GPL-2.0-only, reason: ok, approver: me, expires: "2027-01-31"}
`;

describe('the policy JSON schema', () => {
  const ajv = new Ajv2020.default({ allErrors: true, strict: false });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);

  it('accepts the documented example', () => {
    expect(validate(parse(EXAMPLE)), JSON.stringify(validate.errors)).toBe(true);
  });

  it('rejects unknown keys like the loader does', () => {
    expect(validate({ fail_on: 'error' })).toBe(false);
    expect(validate({ waivers: [{ path: 'a', reason: 'r', approver: 'a', expires: '31/01/2027' }] })).toBe(false);
  });
});
