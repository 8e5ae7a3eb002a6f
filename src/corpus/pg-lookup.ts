// Look-ups in a PostgreSQL corpus's segments: a look-up `begin`s by scanning the rows of segments held in memory and
// naming the keys of the other rows it needs, the reader fetches those in one query, and `finish` gives the postings
// exactly as the SQLite reader does (segments.ts: the same row codec, caps, removed files and order). A segment
// asked for often is read whole and kept (`keepResident`), so a long scan reads a small segment once.
import { blockOf, findEntries, Records, readPostings } from './segment-codec.js';
import { dropRemoved, firstAtOrAbove, removedIn, type Segment, sortHashRange, type Tombstone } from './segments.js';
import { pgKey } from './pg-segments.js';

/** Bytes of rows a reader keeps in memory at most. */
const RESIDENT_BYTES = 256 * 2 ** 20;
/** A segment is read whole once the rows asked of it pass this share of its rows. */
const RESIDENT_SHARE = 0.25;

/** A segment's rows in memory: per channel, the rows' bytes end to end and where each block's row starts. */
interface Resident {
  readonly bytes: [Uint8Array, Uint8Array];
  readonly starts: [Uint32Array, Uint32Array];
}

/** Where the postings of one wanted hash were found: a row, the entry's offset and posting count. */
interface EntryRef {
  readonly row: Uint8Array;
  readonly offset: number;
  readonly count: number;
  readonly wanted: number;
  /** The removed files the row's segment may hold. */
  readonly removed: ReadonlySet<number> | undefined;
}

/** One look-up under way. */
interface Lookup {
  readonly wanted: readonly [Uint32Array, Uint32Array];
  /** Keys of the rows to fetch and hand to `finish`. */
  readonly keys: number[];
  /** Segments to read whole once this look-up is done. */
  readonly promote: Segment[];
  readonly refs: [EntryRef[], EntryRef[]];
  /** Per wanted hash, the postings in segments that hold no removed file (exact counts). */
  readonly totals: [Uint32Array, Uint32Array];
}

export class PgSegmentIndex {
  private readonly requested = new Map<number, number>();
  private readonly resident = new Map<number, Resident>();
  private residentBytes = 0;
  private readonly bySegment: Map<number, Segment>;
  /** Per segment, the removed files it may hold. */
  private readonly removed = new Map<number, Set<number>>();

  constructor(
    private readonly segments: ReadonlyArray<Segment>,
    tombstones: ReadonlyArray<Tombstone>,
  ) {
    this.bySegment = new Map(segments.map((s) => [s.id, s]));
    for (const s of segments) {
      const set = removedIn(tombstones, s.id);
      if (set) this.removed.set(s.id, set);
    }
  }

  private scan(l: Lookup, row: Uint8Array, segment: number, c: number, bits: number, block: number): void {
    const w = l.wanted[c]!;
    // the wanted hashes of this block: a contiguous range of the sorted list
    const lo = firstAtOrAbove(w, bits === 0 ? 0 : (block << (32 - bits)) >>> 0);
    let hi = lo;
    while (hi < w.length && blockOf(w[hi]!, bits) === block) hi++;
    const list = l.refs[c]!;
    const total = l.totals[c]!;
    const removed = this.removed.get(segment);
    findEntries(row, bits, w, lo, hi, (i, count, offset) => {
      list.push({ row, offset, count, wanted: i, removed });
      if (!removed) total[i]! += count;
    });
  }

  /** Starts a look-up of `wanted[c]` (distinct hashes, sorted ascending). */
  begin(wanted: readonly [Uint32Array, Uint32Array]): Lookup {
    const l: Lookup = {
      wanted,
      keys: [],
      promote: [],
      refs: [[], []],
      totals: [new Uint32Array(wanted[0].length), new Uint32Array(wanted[1].length)],
    };
    for (const s of this.segments) {
      const mem = this.resident.get(s.id);
      let asked = 0;
      for (let c = 0; c < 2; c++) {
        const bits = s.bits[c as 0 | 1];
        let last = -1;
        for (const h of wanted[c]!) {
          const b = blockOf(h, bits);
          if (b === last) continue;
          last = b;
          asked++;
          if (!mem) l.keys.push(pgKey(s.id, c, b));
          else {
            const from = mem.starts[c]![b]!;
            const to = mem.starts[c]![b + 1]!;
            if (to > from) this.scan(l, mem.bytes[c]!.subarray(from, to), s.id, c, bits, b);
          }
        }
      }
      if (mem) continue;
      const total = (this.requested.get(s.id) ?? 0) + asked;
      this.requested.set(s.id, total);
      if (total >= RESIDENT_SHARE * s.rows && this.residentBytes + s.bytes <= RESIDENT_BYTES) l.promote.push(s);
    }
    return l;
  }

  /** Keeps a segment's rows (per channel, all of them, in key order) in memory. */
  keepResident(
    s: Segment,
    rowsOf: readonly [ReadonlyArray<readonly [number, Uint8Array]>, ReadonlyArray<readonly [number, Uint8Array]>],
  ): void {
    if (this.resident.has(s.id)) return;
    const bytes: [Uint8Array, Uint8Array] = [new Uint8Array(0), new Uint8Array(0)];
    const starts: [Uint32Array, Uint32Array] = [new Uint32Array(0), new Uint32Array(0)];
    for (let c = 0; c < 2; c++) {
      const bits = s.bits[c as 0 | 1];
      const rows = rowsOf[c]!;
      let size = 0;
      for (const [, data] of rows) size += data.length;
      const all = new Uint8Array(size);
      // starts[b] .. starts[b + 1]: the row of block b (empty when the block has none)
      const at = new Uint32Array(2 ** bits + 1);
      let o = 0;
      let next = 0;
      for (const [key, data] of rows) {
        const block = key - pgKey(s.id, c, 0);
        while (next <= block) at[next++] = o;
        all.set(data, o);
        o += data.length;
      }
      while (next <= 2 ** bits) at[next++] = o;
      bytes[c] = all;
      starts[c] = at;
    }
    this.resident.set(s.id, { bytes, starts });
    this.residentBytes += s.bytes;
  }

  /**
   * Every posting of the look-up's hashes, given the rows its `keys` name, for both channels, sorted by (hash, file,
   * position), removed files left out; a hash with more postings in a channel than `cap[c]` is left out whole.
   */
  finish(l: Lookup, rows: Iterable<readonly [number, Uint8Array]>, cap: readonly [number, number]): [Records, Records] {
    for (const [key, data] of rows) {
      const segment = Math.floor(key / 2 ** 26);
      const c = key % 2 ** 26 >= 2 ** 25 ? 1 : 0;
      this.scan(l, data, segment, c, this.bySegment.get(segment)!.bits[c], key - pgKey(segment, c, 0));
    }
    const out: [Records, Records] = [new Records(64), new Records(64)];
    for (let c = 0; c < 2; c++) {
      const list = l.refs[c]!.sort((x, y) => x.wanted - y.wanted);
      const total = l.totals[c]!;
      const into = out[c]!;
      let i = 0;
      while (i < list.length) {
        const u = list[i]!.wanted;
        let j = i + 1;
        while (j < list.length && list[j]!.wanted === u) j++;
        // more postings than matching pairs in segments without removed files alone: left out undecoded
        if (total[u]! <= cap[c]!) {
          const from = into.length;
          const h = l.wanted[c]![u]!;
          for (let k = i; k < j; k++) {
            const e = list[k]!;
            const at = into.length;
            readPostings(e.row, e.offset, e.count, h, into);
            if (e.removed) dropRemoved(into, at, e.removed);
          }
          // several segments: order by file and position (each segment's postings are in that order)
          if (j - i > 1) sortHashRange(into.data, from, into.length);
          if (into.length - from > cap[c]!) into.length = from;
        }
        i = j;
      }
    }
    return out;
  }
}
