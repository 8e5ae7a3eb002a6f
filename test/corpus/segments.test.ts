// The segmented inverted index: its row format, merges (many small adds, a merge interrupted half way) and the
// common-hash rule applied at query time — each checked by the matches it gives, against real SQLite files.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCorpora } from '../../src/corpus/index.js';
import { openWrite } from '../../src/corpus/schema.js';
import {
  decodeRow,
  findEntries,
  REC,
  Records,
  RowEncoder,
  readPostings,
  sortRecordsFully,
} from '../../src/corpus/segment-codec.js';
import { HashUnion, PrefetchedPostings } from '../../src/corpus/host-index.js';
import { MAX_USED_POSTINGS } from '../../src/corpus/match.js';
import { listSegments, mergeWork, readMerge, readTombstones, SegmentReader } from '../../src/corpus/segments.js';
import { SqliteReader } from '../../src/corpus/sqlite-store.js';
import { ingestSources, removeSource } from '../../src/corpus/store.js';
import { fingerprintText, prepareFile } from '../../src/fingerprint/index.js';
import type { SnippetMatch } from '../../src/model.js';
import { filler, SHARED } from '../fixtures/golden/define.mjs';
import { tempDir } from '../helpers/repo.js';
import { realCode, slice } from './helpers.js';

const tmp = tempDir('provscan-segments-');
afterAll(() => tmp.cleanup());
let n = 0;
/** A new corpus path; each in a folder of its own, all named corpus.db (matches name their database by file name). */
const fresh = () => {
  const dir = join(tmp.path, `s${++n}`);
  mkdirSync(dir);
  return join(dir, 'corpus.db');
};

/** A deterministic pseudo-random sequence. */
function rng(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return x / 2 ** 32;
  };
}

async function matches(db: string, hosts: ReadonlyArray<[string, string]>): Promise<SnippetMatch[][]> {
  const set = await openCorpora([db]);
  try {
    const out: SnippetMatch[][] = [];
    for (const [path, text] of hosts) {
      const p = prepareFile(path, Buffer.from(text));
      if ('reason' in p) throw new Error(`${path}: ${p.reason}`);
      out.push(await set.matchFile(p));
    }
    return out;
  } finally {
    await set.close();
  }
}

const LIB = ['command.js', 'help.js', 'option.js', 'argument.js', 'error.js', 'suggestSimilar.js'];
const files = LIB.map((f) => ({ path: `lib/${f}`, bytes: Buffer.from(realCode(`commander/lib/${f}`)) }));
const hosts: Array<[string, string]> = [
  ['a.js', [...filler(40, 1), ...slice(realCode('commander/lib/command.js'), 500, 40), ...filler(40, 2)].join('\n')],
  ['b.js', [...filler(10, 3), ...slice(realCode('commander/lib/help.js'), 200, 30)].join('\n')],
  ['c.js', realCode('commander/lib/option.js')],
  ['d.js', filler(100, 4).join('\n')],
];

describe('the segment row format', () => {
  it('gives back every posting it was given, and finds exactly the wanted hashes', () => {
    const random = rng(7);
    for (const bits of [0, 6, 14, 24]) {
      // postings of 200 hashes in one block, 1-4 each, in a few files
      const recs = new Records();
      const block = bits === 0 ? 0 : Math.floor(random() * 2 ** bits);
      for (let h = 0; h < 200; h++) {
        const hash =
          bits === 0
            ? Math.floor(random() * 2 ** 32)
            : (block * 2 ** (32 - bits) + Math.floor(random() * 2 ** (32 - bits))) >>> 0;
        const count = 1 + Math.floor(random() * 4);
        for (let k = 0; k < count; k++) {
          const start = Math.floor(random() * 90_000);
          recs.push(
            hash,
            1 + Math.floor(random() * 5),
            Math.floor(random() * 2 ** 31),
            start,
            start + Math.floor(random() * 9),
          );
        }
      }
      sortRecordsFully(recs.data, new Uint32Array(recs.data.length), recs.length);
      const row = new RowEncoder().encode(recs.data, 0, recs.length, bits).slice();
      const back = new Records();
      decodeRow(row, bits, block, back);
      expect(back.data.subarray(0, REC * back.length)).toEqual(recs.data.subarray(0, REC * recs.length));
      // look up every fourth hash of the row and one absent one
      const hashes = [...new Set(Array.from({ length: recs.length }, (_, i) => recs.data[REC * i]!))];
      const wanted = Uint32Array.from([...hashes.filter((_, i) => i % 4 === 0), (hashes[0]! + 1) >>> 0]).sort();
      const found = new Records();
      findEntries(row, bits, wanted, 0, wanted.length, (i, count, offset) =>
        readPostings(row, offset, count, wanted[i]!, found),
      );
      const want = new Records();
      for (let i = 0; i < recs.length; i++)
        if (wanted.includes(recs.data[REC * i]!))
          want.push(
            ...(Array.from(recs.data.subarray(REC * i, REC * i + REC)) as [number, number, number, number, number]),
          );
      expect(found.data.subarray(0, REC * found.length)).toEqual(want.data.subarray(0, REC * want.length));
    }
  });
});

describe('merging segments', () => {
  it('matches after one add per source, merged along the way, as after one add of every source', async () => {
    const source = (f: (typeof files)[number], i: number) => ({
      info: { name: `part${i}`, license: 'MIT' },
      entries: [f],
    });
    const once = fresh();
    await ingestSources(once, files.map(source));
    const many = fresh();
    for (const [i, f] of files.entries()) await ingestSources(many, [source(f, i)]);
    // six adds of one file each: the sixth segment of about the same size made the policy merge them into one
    const db = openWrite(many);
    expect(listSegments(db).length).toBe(1);
    db.close();
    const want = await matches(once, hosts);
    expect(want.filter((m) => m.length > 0).length).toBe(3);
    expect(await matches(many, hosts)).toEqual(want);
  });

  it('matches while a merge is half done, and after it is finished', async () => {
    const db = fresh();
    for (const [i, f] of files.slice(0, 3).entries())
      await ingestSources(db, [{ info: { name: `part${i}`, license: 'MIT' }, entries: [f] }]);
    const want = await matches(db, hosts);
    const conn = openWrite(db);
    expect(listSegments(conn).map((s) => s.state)).toEqual(['live', 'live', 'live']);
    mergeWork(conn, 1, true); // one slice of the merge of every segment
    expect(listSegments(conn).map((s) => s.state)).toEqual(['merging', 'merging', 'merging', 'building']);
    conn.close();
    expect(await matches(db, hosts)).toEqual(want);
    const again = openWrite(db);
    mergeWork(again, Number.POSITIVE_INFINITY, true);
    expect(listSegments(again).map((s) => s.state)).toEqual(['live']);
    again.close();
    expect(await matches(db, hosts)).toEqual(want);
  });
});

describe("batched look-ups (a scan reads all its files' postings in one pass)", () => {
  /** Three segments, one of them holding a removed source, a merge of all of them half done. */
  async function corpus(): Promise<string> {
    const db = fresh();
    for (const [i, f] of files.slice(0, 4).entries())
      await ingestSources(db, [{ info: { name: `part${i}`, license: 'MIT' }, entries: [f] }]);
    await removeSource(db, 'part1');
    const conn = openWrite(db);
    mergeWork(conn, 1, true);
    expect(listSegments(conn).some((s) => s.state === 'building')).toBe(true);
    expect(readTombstones(conn).length).toBeGreaterThan(0);
    conn.close();
    return db;
  }
  const texts = [...hosts.map(([, t]) => t), ...files.map((f) => f.bytes.toString('utf8'))];
  const fps = texts.map((t) => fingerprintText(t, 'javascript'));
  const wanted = (fp: (typeof fps)[number]) => {
    const u = new HashUnion();
    u.add(fp);
    return u.hashes();
  };
  const union = new HashUnion();
  for (const fp of fps) union.add(fp);
  const all = union.hashes();

  it('gives each file exactly the postings a look-up of its own hashes gives', async () => {
    const reader = SqliteReader.open(await corpus(), { path: 'corpus.db', label: 'corpus.db' });
    try {
      const batch = await reader.postingsBatch(all, MAX_USED_POSTINGS);
      expect(batch.exact.count + batch.abstract.count).toBeGreaterThan(0);
      const prefetched = new PrefetchedPostings(all, batch);
      for (const fp of fps) {
        const own = await reader.postings(wanted(fp), MAX_USED_POSTINGS);
        const cut = prefetched.postings(wanted(fp))!;
        for (const c of ['exact', 'abstract'] as const) {
          expect(cut[c].count).toBe(own[c].count);
          expect(cut[c].records.subarray(0, 5 * cut[c].count)).toEqual(own[c].records.subarray(0, 5 * own[c].count));
        }
      }
      // a hash that was not asked for: the file is looked up on its own
      const other = wanted(fingerprintText(filler(60, 9).join('\n'), 'javascript'));
      expect(prefetched.postings(other)).toBeUndefined();
    } finally {
      await reader.close();
    }
  });

  it('reads the same postings whatever the slices the hash space is cut into', async () => {
    const conn = openWrite(await corpus());
    try {
      conn.exec('BEGIN');
      const index = new SegmentReader(conn, listSegments(conn), readTombstones(conn), readMerge(conn));
      const cap = [MAX_USED_POSTINGS.exact, MAX_USED_POSTINGS.abstract] as const;
      const w = [all.exact, all.abstract] as const;
      const one = index.lookupBatch(w, cap, Number.POSITIVE_INFINITY);
      const direct = index.lookup(w, cap, false);
      for (const sliceBytes of [1, 4096])
        for (const [c, got] of index.lookupBatch(w, cap, sliceBytes).entries()) {
          expect(got.length).toBe(one[c]!.length);
          expect(got.data.subarray(0, REC * got.length)).toEqual(one[c]!.data.subarray(0, REC * got.length));
          expect(direct[c]!.data.subarray(0, REC * got.length)).toEqual(got.data.subarray(0, REC * got.length));
        }
      conn.exec('ROLLBACK');
    } finally {
      conn.close();
    }
  });

  it('matches every file as file-by-file look-ups do, and files outside the batch too', async () => {
    const db = await corpus();
    const want = await matches(db, hosts);
    expect(want.filter((m) => m.length > 0).length).toBeGreaterThan(0);
    const set = await openCorpora([db]);
    try {
      const prepared = hosts.map(([path, text]) => {
        const p = prepareFile(path, Buffer.from(text));
        if ('reason' in p) throw new Error(`${path}: ${p.reason}`);
        return p;
      });
      await set.prefetch(prepared.slice(0, 2));
      const got: SnippetMatch[][] = [];
      for (const p of prepared) got.push(await set.matchFile(p));
      expect(got).toEqual(want);
    } finally {
      await set.close();
    }
  });
});

describe('the common-hash rule', () => {
  /** A corpus where SHARED is held by `copies` files at `paths` distinct paths (each file with its own filler). */
  async function corpus(copies: number, paths: number): Promise<string> {
    const db = fresh();
    const entry = (i: number) => ({
      path: `gen/part${i % paths}.js`,
      bytes: Buffer.from([...filler(12, 500 + i), ...SHARED, ...filler(12, 600 + i)].join('\n')),
    });
    // files beyond `paths` repeat a path, in a second version of the source
    const first = Array.from({ length: Math.min(copies, paths) }, (_, i) => entry(i));
    const second = Array.from({ length: Math.max(0, copies - paths) }, (_, i) => entry(paths + i));
    await ingestSources(db, [
      { info: { name: 'gen', version: '1', license: 'GPL-3.0-only' }, entries: first },
      ...(second.length > 0 ? [{ info: { name: 'gen', version: '2', license: 'GPL-3.0-only' }, entries: second }] : []),
    ]);
    return db;
  }
  const host: [string, string] = ['host.js', [...filler(15, 1), ...SHARED, ...filler(15, 2)].join('\n')];

  it('matches code held at 32 distinct paths (the threshold of a small corpus)', async () => {
    const [m] = await matches(await corpus(32, 32), [host]);
    expect(m).toHaveLength(1);
    expect(m![0]!.corpus.path).toMatch(/^gen\/part\d+\.js$/);
  });

  it('matches nothing of code held at 33 distinct paths', async () => {
    expect(await matches(await corpus(33, 33), [host])).toEqual([[]]);
  });

  it('counts paths, not files: 33 files at 32 paths still match', async () => {
    const [m] = await matches(await corpus(33, 32), [host]);
    expect(m).toHaveLength(1);
  });
});
