import { describe, expect, it } from 'vitest';
import {
  ABSTRACT_K,
  ABSTRACT_T,
  ABSTRACT_W,
  EXACT_K,
  EXACT_T,
  EXACT_W,
  fingerprintText,
  hammingDistance,
  kgramHashes,
  parameterisedKgramHashes,
  regionDigest,
  winnow,
} from '../../src/fingerprint/index.js';

const ORIGINAL = `// Binary search over a sorted array.
export function binarySearch(items, target, compare) {
  let low = 0;
  let high = items.length - 1;
  while (low <= high) {
    const mid = (low + high) >>> 1;
    const order = compare(items[mid], target);
    if (order === 0) return mid;
    if (order < 0) {
      low = mid + 1;
    } else {
      high = mid - 1;
    }
  }
  return -(low + 1);
}

export function insertSorted(items, value, compare) {
  const at = binarySearch(items, value, compare);
  const index = at < 0 ? -(at + 1) : at;
  items.splice(index, 0, value);
  return { index, length: items.length, message: 'inserted' };
}
`;

/** Same code: other layout, other comments, no semicolons, double quotes, trailing commas. */
const REFORMATTED = `/* Utilities (no comment in common with the original). */
export function binarySearch(
  items,
  target,
  compare,
) {
  let low = 0
  let high = items.length - 1
  while (low <= high) {   // loop
    const mid = (low + high) >>> 1
    const order = compare(items[mid], target)
    if (order === 0) return mid
    if (order < 0) { low = mid + 1 } else { high = mid - 1 }
  }
  return -(low + 1)
}
export function insertSorted(items, value, compare) {
  const at = binarySearch(items, value, compare)
  const index = at < 0 ? -(at + 1) : at
  items.splice(index, 0, value)
  return {
    index,
    length: items.length,
    message: "inserted",
  }
}
`;

/** Every identifier renamed consistently. */
function renameConsistently(code: string): string {
  const names: Record<string, string> = {
    binarySearch: 'findPos',
    items: 'arr',
    target: 'needle',
    compare: 'cmp',
    low: 'lo',
    high: 'hi',
    mid: 'm',
    order: 'c',
    insertSorted: 'addInOrder',
    value: 'v',
    at: 'p',
    index: 'idx',
    splice: 'splice',
    length: 'length',
  };
  return code.replace(/\b[A-Za-z_]\w*\b/g, (w) => names[w] ?? w);
}

/** Every occurrence of an identifier gets a fresh name (what a sloppy paraphrase does). */
function renameInconsistently(code: string): string {
  let n = 0;
  const keep = new Set(['export', 'function', 'let', 'const', 'while', 'if', 'return', 'else', 'inserted']);
  return code.replace(/\b[A-Za-z_]\w*\b/g, (w) => (keep.has(w) ? w : `v${n++}`));
}

const set = (a: Uint32Array) => [...new Set(a)].sort((x, y) => x - y);

describe('fingerprint channels', () => {
  it('documents k and w with a guarantee threshold of at most 50 tokens', () => {
    expect(EXACT_T).toBe(EXACT_K + EXACT_W - 1);
    expect(ABSTRACT_T).toBe(ABSTRACT_K + ABSTRACT_W - 1);
    expect(EXACT_T).toBeLessThanOrEqual(50);
    expect(ABSTRACT_T).toBeLessThanOrEqual(50);
    // The matcher needs two exact or three abstract fingerprints: a 50-token shared run must hold that many.
    expect(EXACT_K + 2 * EXACT_W - 1).toBeLessThanOrEqual(50);
    expect(ABSTRACT_K + 3 * ABSTRACT_W - 1).toBeLessThanOrEqual(50);
  });

  it('gives the exact channel the same fingerprints after reformatting and comment changes', () => {
    const a = fingerprintText(ORIGINAL, 'javascript');
    const b = fingerprintText(REFORMATTED, 'javascript');
    expect(a.tokens).toBe(b.tokens);
    expect(a.exact.hashes.length).toBeGreaterThan(3);
    expect(set(b.exact.hashes)).toEqual(set(a.exact.hashes));
    expect(b.simhash).toBe(a.simhash);
  });

  it('changes the exact channel but not the abstract channel under consistent renaming', () => {
    const a = fingerprintText(ORIGINAL, 'javascript');
    const b = fingerprintText(renameConsistently(ORIGINAL), 'javascript');
    expect(set(b.abstract.hashes)).toEqual(set(a.abstract.hashes));
    const shared = set(b.exact.hashes).filter((h) => a.exact.hashes.includes(h));
    expect(shared.length).toBeLessThan(a.exact.hashes.length);
  });

  it('keeps the abstract channel under consistent renaming and reformatting together', () => {
    const a = fingerprintText(ORIGINAL, 'javascript');
    const b = fingerprintText(renameConsistently(REFORMATTED), 'javascript');
    expect(set(b.abstract.hashes)).toEqual(set(a.abstract.hashes));
  });

  it('tells apart, in the abstract channel, code of the same shape whose names repeat at other places', () => {
    // Every identifier a fresh name: the token classes are the same as the original's, the repeats are gone.
    const a = fingerprintText(ORIGINAL, 'javascript');
    const b = fingerprintText(renameInconsistently(ORIGINAL), 'javascript');
    expect(b.tokens).toBe(a.tokens);
    const shared = set(b.abstract.hashes).filter((h) => a.abstract.hashes.includes(h));
    expect(shared.length).toBeLessThan(a.abstract.hashes.length * 0.75);
  });

  it('maps every fingerprint to the lines its k-gram covers', () => {
    const fp = fingerprintText(ORIGINAL, 'javascript');
    const lines = ORIGINAL.split('\n').length;
    for (const ch of [fp.exact, fp.abstract]) {
      for (let i = 0; i < ch.hashes.length; i++) {
        expect(ch.startLines[i]).toBe(fp.tokenLines[ch.positions[i]!]);
        expect(ch.startLines[i]!).toBeGreaterThanOrEqual(2); // line 1 is a comment
        expect(ch.endLines[i]!).toBeGreaterThanOrEqual(ch.startLines[i]!);
        expect(ch.endLines[i]!).toBeLessThanOrEqual(lines);
        if (i > 0) expect(ch.positions[i]!).toBeGreaterThan(ch.positions[i - 1]!);
      }
    }
    // A copy pasted 100 lines further down reports lines 100 further down.
    const shifted = fingerprintText('\n'.repeat(100) + ORIGINAL, 'javascript');
    expect([...shifted.exact.startLines]).toEqual([...fp.exact.startLines].map((l) => l + 100));
  });

  it('produces no fingerprints for files shorter than k tokens, and one for a file of k tokens', () => {
    expect(fingerprintText('a b c', 'javascript').exact.hashes.length).toBe(0);
    const words = Array.from({ length: EXACT_K }, (_, i) => `w${i}`).join(' ');
    expect(fingerprintText(words, 'javascript').exact.hashes.length).toBe(1);
    expect(fingerprintText('', 'javascript').tokens).toBe(0);
  });

  it('digests a token region the same way whatever the layout and comments', () => {
    const a = fingerprintText(ORIGINAL, 'javascript');
    const b = fingerprintText(REFORMATTED, 'javascript');
    expect(regionDigest(a, 10, 60)).toMatch(/^[0-9a-f]{16}$/);
    expect(regionDigest(b, 10, 60)).toBe(regionDigest(a, 10, 60));
    expect(regionDigest(a, 10, 61)).not.toBe(regionDigest(a, 10, 60));
    expect(regionDigest(a, 11, 60)).not.toBe(regionDigest(a, 10, 60));
  });

  it('puts near-identical files at a small simhash distance and unrelated files far apart', () => {
    const big = Array.from({ length: 20 }, (_, i) => ORIGINAL.replace(/binarySearch/g, `search${i}`)).join('\n');
    const edited = big.replace('return -(low + 1);', 'return -low - 1;');
    const other = Array.from({ length: 60 }, (_, i) => `def f${i}(x):\n    return [y * ${i} for y in x if y]\n`).join(
      '',
    );
    const a = fingerprintText(big, 'javascript').simhash;
    expect(hammingDistance(a, fingerprintText(edited, 'javascript').simhash)).toBeLessThanOrEqual(3);
    expect(hammingDistance(a, fingerprintText(other, 'python').simhash)).toBeGreaterThan(6);
    expect(hammingDistance(0xffffffff, 0)).toBe(32);
    expect(hammingDistance(0x80000001, 1)).toBe(1);
  });
});

/** Small deterministic PRNG (mulberry32) so the property test is reproducible. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('winnowing guarantee', () => {
  it('selects the rightmost minimum of each window and records a position only when it changes', () => {
    const h = Uint32Array.from([5, 3, 3, 7, 9, 1, 8, 8, 2]);
    // Windows of 3 select indices 2, 2, 2, 5, 5, 5, 8: recorded when the selection changes.
    expect([...winnow(h, 3)]).toEqual([2, 5, 8]);
    expect([...winnow(Uint32Array.from([4, 4, 4, 4]), 2)]).toEqual([1, 2, 3]);
    expect([...winnow(Uint32Array.from([9, 2]), 5)]).toEqual([1]);
  });

  for (const [name, k, w] of [
    ['exact', EXACT_K, EXACT_W],
    ['abstract', ABSTRACT_K, ABSTRACT_W],
  ] as const) {
    it(`always shares a fingerprint between random token streams that share a run of t tokens (${name} channel)`, () => {
      const rnd = prng(k * 1000 + w);
      const t = k + w - 1;
      for (let trial = 0; trial < 500; trial++) {
        // A small alphabet makes repeats and ties common, the hard case for the rightmost-minimum rule.
        const alphabet = 2 + Math.floor(rnd() * 40);
        const tok = () => Math.floor(rnd() * alphabet) * 0x9e3779b1;
        const run = Array.from({ length: t + Math.floor(rnd() * 5) }, tok);
        const a = [
          ...Array.from({ length: Math.floor(rnd() * 200) }, tok),
          ...run,
          ...Array.from({ length: Math.floor(rnd() * 200) }, tok),
        ];
        const b = [
          ...Array.from({ length: Math.floor(rnd() * 200) }, tok),
          ...run,
          ...Array.from({ length: Math.floor(rnd() * 200) }, tok),
        ];
        const ga = kgramHashes(Uint32Array.from(a), a.length, k);
        const gb = kgramHashes(Uint32Array.from(b), b.length, k);
        const fa = new Set([...winnow(ga, w)].map((p) => ga[p]));
        const shared = [...winnow(gb, w)].some((p) => fa.has(gb[p]));
        expect(shared, `trial ${trial}`).toBe(true);
      }
    });
  }

  it('selects about 2/(w+1) of the k-grams on random input', () => {
    const rnd = prng(7);
    const tokens = Uint32Array.from({ length: 100_000 }, () => Math.floor(rnd() * 2 ** 32));
    const grams = kgramHashes(tokens, tokens.length, EXACT_K);
    const density = winnow(grams, EXACT_W).length / grams.length;
    expect(density).toBeGreaterThan(0.8 * (2 / (EXACT_W + 1)));
    expect(density).toBeLessThan(1.2 * (2 / (EXACT_W + 1)));
  });
});

describe('exact channel across languages', () => {
  const pairs: [string, string, string][] = [
    [
      'python',
      `def merge(a, b):\n    # merge two sorted lists\n    out = []\n    i = j = 0\n    while i < len(a) and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i]); i += 1\n        else:\n            out.append(b[j]); j += 1\n    return out + a[i:] + b[j:] + ['done']\n`,
      `def merge(a, b):\n    out = []\n    i = j = 0\n    while i < len(a) \\\n            and j < len(b):\n        if a[i] <= b[j]:\n            out.append(a[i])\n            i += 1\n        else:\n            out.append(b[j])\n            j += 1\n    return out + a[i:] + b[j:] + ["done",]\n`,
    ],
    [
      'go',
      `func Sum(xs []int) int {\n\ttotal := 0 // running\n\tfor _, x := range xs {\n\t\tif x > 0 {\n\t\t\ttotal += x\n\t\t}\n\t}\n\treturn total\n}\n`,
      `/* Sum adds the positive values. */\nfunc Sum(xs []int) int { total := 0; for _, x := range xs { if x > 0 { total += x } }; return total }\n`,
    ],
    [
      'c',
      `static int gcd(int a, int b) {\n  while (b != 0) {\n    int t = a % b;\n    a = b;\n    b = t;\n  }\n  return a; /* done */\n}\n`,
      `static int\ngcd (int a, int b)\n{\n\twhile (b != 0)\n\t{\n\t\tint t = a % b;\n\t\ta = b;\n\t\tb = t;\n\t}\n\treturn a;\n}\n`,
    ],
  ];
  for (const [language, a, b] of pairs) {
    it(`ignores layout, comments and punctuation style in ${language}`, () => {
      const fa = fingerprintText(a, language);
      const fb = fingerprintText(b, language);
      expect(fb.tokens).toBe(fa.tokens);
      expect([...fb.tokenHashes]).toEqual([...fa.tokenHashes]);
      expect(set(fb.exact.hashes)).toEqual(set(fa.exact.hashes));
    });
  }
});

describe('abstract k-grams with repeated names', () => {
  const backRef = (d: number): number => Math.imul(d ^ 0x5bd1e995, 0x9e3779b1) ^ 0x7f4a7c15;
  const mix = (x: number): number => {
    let h = x;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h >>> 0;
  };
  /** The definition, k-gram by k-gram: a name seen earlier inside the same k-gram is the distance back to it. */
  function direct(abstract: Uint32Array, names: Uint32Array, isName: Uint8Array, k: number): number[] {
    const out: number[] = [];
    for (let s = 0; s + k <= abstract.length; s++) {
      let h = 0;
      for (let j = s; j < s + k; j++) {
        let d = 0;
        if (isName[j] === 1)
          for (let e = 1; e < k && j - e >= s; e++)
            if (isName[j - e] === 1 && names[j - e] === names[j]) {
              d = e;
              break;
            }
        h = (Math.imul(h, 0x01000193) + (d !== 0 ? backRef(d) : abstract[j]!)) | 0;
      }
      out.push(mix(h));
    }
    return out;
  }

  it('rolls to the same hashes as hashing every k-gram from scratch', () => {
    const rnd = prng(4242);
    for (let trial = 0; trial < 300; trial++) {
      const n = 5 + Math.floor(rnd() * 300);
      const k = 2 + Math.floor(rnd() * 14);
      const abstract = new Uint32Array(n);
      const names = new Uint32Array(n);
      const isName = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        isName[i] = rnd() < 0.5 ? 1 : 0;
        names[i] = Math.floor(rnd() * 6);
        abstract[i] = isName[i] === 1 ? 0xabcdef12 : Math.floor(rnd() * 2 ** 32);
      }
      const rolled = [...parameterisedKgramHashes(abstract, names, isName, n, k, new Uint32Array(n))];
      expect(rolled, `trial ${trial}`).toEqual(direct(abstract, names, isName, k));
    }
  });
});
