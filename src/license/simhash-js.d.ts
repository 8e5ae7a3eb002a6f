// Types for the part of simhash-js (CommonJS, untyped) that provscan uses: its Jenkins lookup3 feature hash.
declare module 'simhash-js/Jenkins.js' {
  export class Jenkins {
    /** lookup3 32-bit hash of `msg`, as a hex string (may carry a minus sign). */
    hash32(msg: string): string;
  }
}
