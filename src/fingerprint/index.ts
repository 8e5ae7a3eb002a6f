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
  fingerprintTokens,
  regionDigest,
} from './fingerprint.js';
export { detectLanguage } from './language.js';
export { lex, type TokenStream, TokenKind, tokenize } from './lex/lexer.js';
export {
  binaryReason,
  decodeSource,
  isSkipped,
  type PrepareOptions,
  type PreparedFile,
  prepareFile,
} from './prepare.js';
export { hammingDistance, simhash } from './simhash.js';
export { structuralVariety, VARIETY_GRAM, type Variety } from './variety.js';
export type { Channel, ChannelFingerprints, FileFingerprints } from './types.js';
export { kgramHashes, parameterisedKgramHashes, winnow } from './winnow.js';
export { wfpSkipsDir, wfpSkipsFile } from './wfp/skip.js';
export { WFP_DEFAULT_MAX_SIZE, WFP_GRAM, WFP_WINDOW, type WfpOptions, wfpForFile } from './wfp/wfp.js';
