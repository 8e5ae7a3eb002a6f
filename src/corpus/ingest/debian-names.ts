// Debian license short names (DEP-5 `License:` first lines) → SPDX, for the names that are not SPDX ids under
// another spelling (those are found case-insensitively in the SPDX list: `BSD-3-clause`, `ZLIB`, `libpng`, `curl`).
// Data, not code: add a row. A name found in neither stays a `LicenseRef-`; it is never guessed, because a guess
// that names the wrong license is worse for a compliance review than an unknown one.
export const DEBIAN_LICENSES: Readonly<Record<string, string>> = {
  'GPL-1': 'GPL-1.0-only',
  'GPL-1+': 'GPL-1.0-or-later',
  'GPL-2': 'GPL-2.0-only',
  'GPL-2+': 'GPL-2.0-or-later',
  'GPL-3': 'GPL-3.0-only',
  'GPL-3+': 'GPL-3.0-or-later',
  // An unversioned GPL lets the recipient choose any version (GPL-2.0 §9, GPL-3.0 §14).
  GPL: 'GPL-1.0-or-later',
  'LGPL-2': 'LGPL-2.0-only',
  'LGPL-2+': 'LGPL-2.0-or-later',
  'LGPL-2.1': 'LGPL-2.1-only',
  'LGPL-2.1+': 'LGPL-2.1-or-later',
  'LGPL-3': 'LGPL-3.0-only',
  'LGPL-3+': 'LGPL-3.0-or-later',
  LGPL: 'LGPL-2.0-or-later',
  'AGPL-3': 'AGPL-3.0-only',
  'AGPL-3+': 'AGPL-3.0-or-later',
  'GFDL-1.2': 'GFDL-1.2-only',
  'GFDL-1.2+': 'GFDL-1.2-or-later',
  'GFDL-1.3': 'GFDL-1.3-only',
  'GFDL-1.3+': 'GFDL-1.3-or-later',
  'GFDL-NIV-1.2': 'GFDL-1.2-no-invariants-only',
  'GFDL-NIV-1.2+': 'GFDL-1.2-no-invariants-or-later',
  'GFDL-NIV-1.3': 'GFDL-1.3-no-invariants-only',
  'GFDL-NIV-1.3+': 'GFDL-1.3-no-invariants-or-later',
  'BSD-2': 'BSD-2-Clause',
  'BSD-3': 'BSD-3-Clause',
  'BSD-4': 'BSD-4-Clause',
  Expat: 'MIT',
  'MIT/X11': 'MIT',
  'Apache-2': 'Apache-2.0',
  'APACHE-2-LLVM-EXCEPTIONS': 'Apache-2.0 WITH LLVM-exception',
  // Debian's /usr/share/common-licenses/Artistic is Perl's Artistic License (1.0).
  Artistic: 'Artistic-1.0-Perl',
  'Artistic-1': 'Artistic-1.0',
  'Artistic-2': 'Artistic-2.0',
  'OpenLDAP-2.8': 'OLDAP-2.8',
  'public-domain': 'LicenseRef-public-domain',
  'MPL-2': 'MPL-2.0',
};

/**
 * Debian exception names (`GPL-2+ with Autoconf exception`) → SPDX exception ids, by the license they modify (GPL-3
 * versions of an exception differ from GPL-2 ones). Keys are lower case. An exception not listed here (or found in
 * the SPDX exception list) is dropped and the license kept: stricter than the truth, never looser.
 */
export const DEBIAN_EXCEPTIONS: Readonly<Record<string, (license: string) => string>> = {
  autoconf: (l) => (l.startsWith('GPL-3') ? 'Autoconf-exception-3.0' : 'Autoconf-exception-2.0'),
  bison: () => 'Bison-exception-2.2',
  classpath: () => 'Classpath-exception-2.0',
  font: () => 'Font-exception-2.0',
  gcc: (l) => (l.startsWith('GPL-3') ? 'GCC-exception-3.1' : 'GCC-exception-2.0'),
  'gcc-3.1': () => 'GCC-exception-3.1',
  libtool: () => 'Libtool-exception',
  'linux-syscall-note': () => 'Linux-syscall-note',
  llvm: () => 'LLVM-exception',
  ocaml: () => 'OCaml-LGPL-linking-exception',
};
