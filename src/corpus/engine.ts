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
  prepareFile,
  regionDigest,
  structuralVariety,
} from '../fingerprint/index.js';
