// Compatibility facts that need more than the OSADL cell, each with a one-line reason in our own words.
// Keys are `INBOUND>OUTBOUND` with current SPDX ids. `source` says where the fact comes from.
import type { Verdict } from '../../model.js';

export interface CompatFact {
  readonly verdict: Verdict;
  readonly reason: string;
  readonly source: string;
}

const OSADL = 'OSADL compatibility matrix (CC-BY-4.0)';
const FSF = 'FSF license list (gnu.org/licenses/license-list)';

export const PAIR_FACTS: Readonly<Record<string, CompatFact>> = {
  'Apache-2.0>GPL-2.0-only': {
    verdict: 'no',
    reason: "Apache-2.0's patent-termination and indemnity terms are extra restrictions that GPL-2.0 does not allow.",
    source: `${OSADL}; ${FSF}`,
  },
  'Apache-2.0>GPL-2.0-or-later': {
    verdict: 'yes',
    reason: 'The work may be distributed under GPL-3.0 (the "or later" option), and GPL-3.0 accepts Apache-2.0 code.',
    source: FSF,
  },
  'Apache-2.0>GPL-3.0-only': {
    verdict: 'yes',
    reason: "GPL-3.0 was written to accept Apache-2.0's patent terms, so the code can join a GPL-3.0 work.",
    source: `${OSADL}; ${FSF}`,
  },
  'Apache-2.0>GPL-3.0-or-later': {
    verdict: 'yes',
    reason: "GPL-3.0 was written to accept Apache-2.0's patent terms, so the code can join a GPL-3.0 work.",
    source: `${OSADL}; ${FSF}`,
  },
  'GPL-2.0-only>GPL-3.0-only': {
    verdict: 'no',
    reason: 'GPL-2.0-only code has no "or any later version" grant, so it cannot be relicensed as GPL-3.0.',
    source: `${OSADL}; ${FSF}`,
  },
  'GPL-2.0-only>GPL-3.0-or-later': {
    verdict: 'no',
    reason: 'GPL-2.0-only code has no "or any later version" grant, so it cannot be relicensed as GPL-3.0.',
    source: `${OSADL}; ${FSF}`,
  },
  'GPL-2.0-or-later>GPL-3.0-only': {
    verdict: 'yes',
    reason: 'The "or later" grant lets this code be used under GPL-3.0.',
    source: `${OSADL}; ${FSF}`,
  },
  'GPL-2.0-or-later>GPL-3.0-or-later': {
    verdict: 'yes',
    reason: 'The "or later" grant lets this code be used under GPL-3.0 or any later version.',
    source: `${OSADL}; ${FSF}`,
  },
  'GPL-2.0-or-later>GPL-2.0-only': {
    verdict: 'yes',
    reason: 'GPL-2.0-or-later code may be used under GPL-2.0 alone.',
    source: FSF,
  },
  'GPL-3.0-only>GPL-2.0-only': {
    verdict: 'no',
    reason: 'GPL-3.0 adds terms (patents, anti-tivoization) that GPL-2.0 does not allow; the two cannot be combined.',
    source: `${OSADL}; ${FSF}`,
  },
  'LGPL-2.1-or-later>GPL-2.0-only': {
    verdict: 'yes',
    reason: 'LGPL-2.1 allows its code to be conveyed under the GPL (section 3), so it can join a GPL-2.0 work.',
    source: `${OSADL}; ${FSF}`,
  },
  'LGPL-2.1-only>GPL-2.0-only': {
    verdict: 'yes',
    reason: 'LGPL-2.1 allows its code to be conveyed under the GPL (section 3), so it can join a GPL-2.0 work.',
    source: `${OSADL}; ${FSF}`,
  },
  'MPL-2.0>GPL-2.0-only': {
    verdict: 'conditional',
    reason:
      'MPL-2.0 (section 3.3) allows distribution under the GPL only when the MPL files stay available under MPL too.',
    source: 'MPL-2.0 FAQ (mozilla.org); OSADL lists it as No for merged code',
  },
  'MPL-2.0>GPL-3.0-only': {
    verdict: 'yes',
    reason: 'MPL-2.0 names the GPL as a secondary license, so MPL code can be part of a GPL-3.0 work.',
    source: `${OSADL}; MPL-2.0 section 3.3`,
  },
  'MPL-2.0>GPL-3.0-or-later': {
    verdict: 'yes',
    reason: 'MPL-2.0 names the GPL as a secondary license, so MPL code can be part of a GPL-3.0 work.',
    source: `${OSADL}; MPL-2.0 section 3.3`,
  },
  'CDDL-1.0>GPL-2.0-only': {
    verdict: 'no',
    reason: 'CDDL and GPL each require their own terms for the combined files; the two cannot be met together.',
    source: `${OSADL}; ${FSF}`,
  },
  'EPL-2.0>GPL-2.0-only': {
    verdict: 'conditional',
    reason: 'EPL-2.0 code can join a GPL work only when its authors named the GPL as a Secondary License.',
    source: `${OSADL} ("check dependency"); EPL-2.0 FAQ`,
  },
  'EUPL-1.2>GPL-2.0-only': {
    verdict: 'yes',
    reason: "EUPL-1.2's appendix lists GPL-2.0 as a compatible license the combined work may use.",
    source: `${OSADL}; EUPL-1.2 appendix`,
  },
  'EUPL-1.2>GPL-3.0-only': {
    verdict: 'yes',
    reason: "EUPL-1.2's appendix lists GPL-3.0 as a compatible license the combined work may use.",
    source: `${OSADL}; EUPL-1.2 appendix`,
  },
  'AGPL-3.0-only>GPL-3.0-only': {
    verdict: 'conditional',
    reason: 'GPL-3.0 section 13 allows combining with AGPL-3.0 code, but the AGPL part keeps its network-use terms.',
    source: `${OSADL} ("check dependency"); GPL-3.0 section 13`,
  },
  'GPL-3.0-only>AGPL-3.0-only': {
    verdict: 'conditional',
    reason: 'AGPL-3.0 section 13 allows combining with GPL-3.0 code; the GPL part stays under GPL-3.0.',
    source: `${OSADL} ("check dependency"); AGPL-3.0 section 13`,
  },
  'Apache-2.0>LGPL-2.1-only': {
    verdict: 'no',
    reason: "Apache-2.0's patent terms are extra restrictions that the (L)GPL version 2 does not allow.",
    source: `${OSADL}; ${FSF}`,
  },
  'Apache-2.0>MPL-2.0': {
    verdict: 'yes',
    reason: 'MPL-2.0 covers only its own files; Apache-2.0 code can sit beside them under its own terms.',
    source: OSADL,
  },
};

/** How an exception changes the base license when the code is INBOUND. */
interface ExceptionFact {
  /**
   * `linking`: only linking is freed, copied code keeps the base terms; `relaxes`: the combined work may use other
   * terms; `output`: what a tool copies into its output is free; `interface`: programs may use the interface
   * definitions (the kernel's user-space headers), implementation code stays under the base terms.
   */
  readonly effect: 'linking' | 'relaxes' | 'output' | 'interface';
  readonly note: string;
}

export const EXCEPTION_FACTS: Readonly<Record<string, ExceptionFact>> = {
  'Classpath-exception-2.0': {
    effect: 'linking',
    note: 'the Classpath exception frees programs that only link to the library; code copied out of it stays GPL',
  },
  'LLVM-exception': {
    effect: 'relaxes',
    note: 'the LLVM exception lets the Apache-2.0 code be combined with GPL-2.0 code',
  },
  'GCC-exception-3.1': {
    effect: 'output',
    note: 'the GCC runtime exception covers code GCC puts into compiled programs, not source copied from GCC',
  },
  'GCC-exception-2.0': {
    effect: 'linking',
    note: 'the GCC linking exception frees programs that link to the library; copied code stays GPL',
  },
  'Autoconf-exception-3.0': {
    effect: 'output',
    note: 'the Autoconf exception covers the scripts Autoconf generates, not Autoconf source itself',
  },
  'Bison-exception-2.2': {
    effect: 'output',
    note: 'the Bison exception covers the parser skeleton Bison copies into its output',
  },
  'Linux-syscall-note': {
    effect: 'interface',
    note: 'the syscall note frees programs that use the kernel interface, such as the definitions of its user-space headers; kernel code copied out stays GPL-2.0',
  },
  'OpenJDK-assembly-exception-1.0': {
    effect: 'linking',
    note: 'the assembly exception frees programs that link to OpenJDK; copied code stays GPL',
  },
  'Universal-FOSS-exception-1.0': {
    effect: 'linking',
    note: 'the Universal FOSS exception frees open source programs that link to the library',
  },
};
