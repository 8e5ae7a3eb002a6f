// Schema validation helpers for the tests: CycloneDX through the library's own validators, SARIF and SPDX through
// ajv with the official schemas vendored under test/fixtures/schemas/ (see the README there).
import { existsSync, readFileSync } from 'node:fs';
import { Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv as AjvDraft7 } from 'ajv';
import { Ajv2019 } from 'ajv/dist/2019.js';
import AjvDraft4 from 'ajv-draft-04';
import addFormats from 'ajv-formats';

type CdxSpec = '1.5' | '1.6' | '1.7';

/** null when valid, else the validator's errors. */
export async function cyclonedxErrors(text: string, spec: CdxSpec, format: 'json' | 'xml'): Promise<unknown> {
  const v =
    format === 'json' ? new Validation.JsonStrictValidator(spec as never) : new Validation.XmlValidator(spec as never);
  return v.validate(text);
}

const SCHEMAS = new URL('../fixtures/schemas/', import.meta.url);

export function schemaPath(name: string): string | undefined {
  const url = new URL(name, SCHEMAS);
  return existsSync(url) ? url.pathname : undefined;
}

type Validate = ((doc: unknown) => boolean) & { errors?: unknown };
const compiled = new Map<string, Validate>();

/** Errors of `doc` against a vendored JSON schema (draft-04, draft-07 or 2019-09), null when valid. */
export function jsonSchemaErrors(schemaFile: string, doc: unknown): unknown {
  let validate = compiled.get(schemaFile);
  if (!validate) {
    const schema = JSON.parse(readFileSync(schemaFile, 'utf8')) as { $schema?: string };
    const draft = schema.$schema ?? '';
    const Ctor = draft.includes('draft-04') ? AjvDraft4 : draft.includes('2019-09') ? Ajv2019 : AjvDraft7;
    const ajv = new (Ctor as unknown as typeof AjvDraft7)({ strict: false, allErrors: true });
    (addFormats as unknown as (a: unknown) => void)(ajv);
    validate = ajv.compile(schema) as Validate;
    compiled.set(schemaFile, validate);
  }
  return validate(doc) ? null : validate.errors;
}
