// Standard license texts for attribution files, from `spdx-license-list` (one small JSON file per id, loaded on
// demand so a NOTICE for three licenses never parses the 5 MB full list).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Name and standard text of an SPDX license id, or undefined when the list has no text for it. */
export function licenseText(id: string): { readonly name: string; readonly text: string } | undefined {
  if (!/^[A-Za-z0-9.+-]+$/.test(id)) return undefined;
  try {
    const entry = require(`spdx-license-list/licenses/${id}.json`) as { name?: string; licenseText?: string };
    return entry.licenseText ? { name: entry.name ?? id, text: entry.licenseText } : undefined;
  } catch {
    return undefined;
  }
}
