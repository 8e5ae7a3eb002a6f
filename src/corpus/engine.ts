// The one place the corpus module meets the fingerprint engine (src/fingerprint/), so a change in where the engine
// exports things touches one file.
export {
  ABSTRACT_K,
  ABSTRACT_W,
  EXACT_K,
  EXACT_W,
  FINGERPRINT_VERSION,
  fingerprintText,
  isSkipped,
  type PreparedFile,
  regionDigest,
  structuralVariety,
} from '../fingerprint/index.js';
import type { SkippedFile } from '../model.js';
import {
  isSkipped,
  type PreparedFile,
  type PrepareOptions,
  prepareFile as prepareSource,
} from '../fingerprint/index.js';
import { isLicenseText } from '../license/license-text.js';

/**
 * A license text is prose every project using the license shares, whatever its file name (a vendored
 * `angular-dirPagination.js.LICENSE` holds the MIT text): it is prepared as skipped (`license-text`), so the corpus
 * never holds it and a project's own LICENSE can never match it. Only prose files are read for this.
 */
export function prepareFile(path: string, bytes: Uint8Array, options?: PrepareOptions): PreparedFile | SkippedFile {
  const p = prepareSource(path, bytes, options);
  if (!isSkipped(p) && isLicenseProse(p)) return { path, reason: 'license-text', detail: 'a license text, not code' };
  return p;
}

/** Whether a prepared file is a license text (prose only: code files carry license headers, not license texts). */
export const isLicenseProse = (p: PreparedFile): boolean => p.language === 'text' && isLicenseText(p.text);
