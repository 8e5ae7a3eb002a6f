// Whole-file 32-bit simhash for file-level triage (near-identical vendored copies). Features are the exact
// channel's winnowed k-gram hashes, hashed with simhash-js's Jenkins lookup3; the bit voting and the distance are
// ours, because simhash-js's combiner parses numeric hashes as hex and its comparator double-counts bits.
import { Jenkins } from 'simhash-js/Jenkins.js';
import { popcount32 } from './hash.js';

const jenkins = new Jenkins();

/** Features sampled by content (an eighth, chosen by the hash itself) once a file has this many: copies keep the
 *  same sample, and the string-based Jenkins hash stays off the per-token budget. */
const SAMPLE_ABOVE = 64;

/** Simhash over feature hashes: each bit is set when most features have it set. 0 for no features. */
export function simhash(features: Uint32Array): number {
  if (features.length === 0) return 0;
  const votes = new Int32Array(32);
  const sample = features.length > SAMPLE_ABOVE;
  for (let i = 0; i < features.length; i++) {
    if (sample && (features[i]! & 7) !== 0) continue;
    const f = Number.parseInt(jenkins.hash32(features[i]!.toString(16)), 16) >>> 0;
    for (let b = 0; b < 32; b++) votes[b]! += (f >>> b) & 1 ? 1 : -1;
  }
  let h = 0;
  for (let b = 0; b < 32; b++) if (votes[b]! > 0) h |= 1 << b;
  return h >>> 0;
}

/** Number of differing bits of two 32-bit simhashes (0 = same file shape, ≤ 3 ≈ near-identical). */
export function hammingDistance(a: number, b: number): number {
  return popcount32((a ^ b) >>> 0);
}
