// The contract between the fingerprint engine (pure) and the corpus store / matcher.
// One channel's fingerprints are parallel typed arrays (hot paths stay in synchronous typed-array loops).

export type Channel = 'exact' | 'abstract';

/** Winnowed fingerprints of one channel of one file, in source order. */
export interface ChannelFingerprints {
  /** 32-bit k-gram hashes selected by winnowing. */
  readonly hashes: Uint32Array;
  /** Index (into the file's significant-token stream) of each selected k-gram's first token. */
  readonly positions: Uint32Array;
  /** First and last source line (1-based) covered by each selected k-gram. */
  readonly startLines: Uint32Array;
  readonly endLines: Uint32Array;
}

export interface FileFingerprints {
  readonly exact: ChannelFingerprints;
  readonly abstract: ChannelFingerprints;
  /** Number of significant tokens (comments and layout dropped). */
  readonly tokens: number;
  /** Source line of each significant token (1-based), so a token range maps back to lines. */
  readonly tokenLines: Uint32Array;
  /** Exact-channel hash of each significant token (for `regionDigest`: waiver ids that survive reformatting). */
  readonly tokenHashes: Uint32Array;
}
