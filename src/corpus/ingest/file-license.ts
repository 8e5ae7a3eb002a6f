// A corpus file's own license, from an `SPDX-License-Identifier:` header near its top (REUSE / Linux kernel
// convention). The same reading as for scanned files (src/license/header.ts): only a comment-led line in the first
// lines counts, and only a valid expression (normalised) is kept; anything else leaves the file under its source's
// license.
import { fileLicenseHeader } from '../../license/header.js';

/** The SPDX expression a file declares for itself, or undefined. */
export function headerLicense(text: string): string | undefined {
  return fileLicenseHeader(text);
}
