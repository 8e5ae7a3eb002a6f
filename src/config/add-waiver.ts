// Adds a waiver to a policy file's text with yaml's Document API, so the user's comments and layout survive.
// Pure (text in, text out); the CLI writes the result atomically.
import { UsageError } from '../errors.js';
import { isIsoDate } from './policy.js';
import { parseConfigText } from './load-config.js';

export interface NewWaiver {
  readonly path: string;
  readonly lines?: { readonly start: number; readonly end: number };
  readonly fingerprint?: string;
  readonly license?: string;
  readonly reason: string;
  readonly approver: string;
  readonly expires?: string;
}

/**
 * Returns the policy text with `waiver` appended to `waivers` (created when missing), validated as a whole.
 * @throws UsageError for a bad expiry date; InputError naming `label` when the policy is invalid, before or after.
 */
export async function addWaiver(existing: string | undefined, waiver: NewWaiver, label: string): Promise<string> {
  if (waiver.expires !== undefined && !isIsoDate(waiver.expires)) {
    throw new UsageError(`--expires: "${waiver.expires}" is not a date (expected YYYY-MM-DD)`);
  }
  const hasText = existing !== undefined && existing.trim() !== '';
  // the policy as it is must be valid first: a syntax error, an alias bomb or a bad key is reported as the scan would
  // report it (exit 2 naming the file), and the Document API below is never handed a document with errors
  if (hasText) await parseConfigText(existing, label);
  const { Document, isMap, isSeq, parseDocument } = await import('yaml');
  const doc = hasText ? parseDocument(existing) : new Document({});
  if (!isMap(doc.contents)) doc.contents = doc.createNode({}) as typeof doc.contents;
  const entry: Record<string, string> = { path: waiver.path };
  if (waiver.lines) entry['lines'] = `${waiver.lines.start}-${waiver.lines.end}`;
  if (waiver.fingerprint) entry['fingerprint'] = waiver.fingerprint;
  if (waiver.license) entry['license'] = waiver.license;
  entry['reason'] = waiver.reason;
  entry['approver'] = waiver.approver;
  if (waiver.expires) entry['expires'] = waiver.expires;
  const list = doc.get('waivers', true);
  if (isSeq(list)) list.add(doc.createNode(entry));
  else doc.set('waivers', doc.createNode([entry]));
  const text = doc.toString();
  await parseConfigText(text, label); // never write a policy the next scan would reject
  return text;
}
