// The fingerprint engine's surface (pure: no I/O). The corpus store and the CLI use only what is exported here.
export {
  ABSTRACT_K,
  ABSTRACT_T,
  ABSTRACT_W,
  EXACT_K,
  EXACT_T,
  EXACT_W,
  FINGERPRINT_VERSION,
  fingerprintText,
  regionDigest,
} from './fingerprint.js';
export { detectLanguage } from './language.js';
export { lex } from './lex/lexer.js';
export {
  binaryReason,
  decodeSource,
  isSkipped,
  type PrepareOptions,
  type PreparedFile,
  prepareFile,
} from './prepare.js';
export { structuralVariety } from './variety.js';
export type { ChannelFingerprints, FileFingerprints } from './types.js';
export { kgramHashes, parameterisedKgramHashes, winnow } from './winnow.js';
export { wfpSkipsDir, wfpSkipsFile } from './wfp/skip.js';
export { type WfpOptions, wfpForFile } from './wfp/wfp.js';
