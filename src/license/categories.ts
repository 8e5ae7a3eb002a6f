// Which kind of license an id is. The knowledge is data (./data/categories.ts); this file only looks it up.
import { EXPLICIT, FAMILIES, KNOWN_REFS, type LicenseCategory, OTHER_KNOWN } from './data/categories.js';
import { COLUMNS, ROWS } from './data/osadl-matrix.js';

export { LICENSE_CATEGORIES, type LicenseCategory } from './data/categories.js';

let osadlPermissive: ReadonlySet<string> | undefined;

/** Category of one license id (no operators; a trailing `+` is ignored). */
export function licenseCategory(id: string): LicenseCategory {
  const bare = id.endsWith('+') ? id.slice(0, -1) : id;
  const explicit = EXPLICIT[bare] ?? EXPLICIT[id] ?? OTHER_KNOWN[bare];
  if (explicit) return explicit;
  // Every license the OSADL matrix treats as permissive (the rows without their own entry) is permissive.
  osadlPermissive ??= new Set(COLUMNS.filter((c) => ROWS[c] === undefined));
  if (osadlPermissive.has(bare)) return 'permissive';
  if (/^(DocumentRef-[^:]+:)?LicenseRef-/i.test(bare)) {
    const ref = bare.replace(/^DocumentRef-[^:]+:/i, '').toLowerCase();
    return KNOWN_REFS[ref] ?? 'unknown';
  }
  for (const [prefix, category] of FAMILIES) if (bare.startsWith(prefix)) return category;
  return 'unknown';
}

/** Copyleft of any strength (the categories that may impose terms on the work that includes the code). */
export function isCopyleft(category: LicenseCategory): boolean {
  return (
    category === 'weak-copyleft-file' ||
    category === 'weak-copyleft-library' ||
    category === 'strong-copyleft' ||
    category === 'network-copyleft'
  );
}
