// Opening corpus databases and matching files against them (called by src/scan.ts).
import { basename } from 'node:path';
import type { Statement } from 'better-sqlite3';
import type { Channel, FileFingerprints } from '../fingerprint/types.js';
import type { CorpusInfo, CorpusRef, LineSpan, SnippetMatch } from '../model.js';
import { DEFAULT_CORPUS } from '../paths.js';
import { isTestPath, mostlyPlumbing, tooRepetitive } from './boilerplate.js';
import { uniqueStatements } from './copyright.js';
import { fingerprintText, isLicenseProse, type PreparedFile, regionDigest } from './engine.js';
import {
  type Candidate,
  type CorpusHandle,
  DEFAULT_THRESHOLDS,
  type Thresholds,
  findCandidates,
  measureShares,
  resolveOverlaps,
} from './match.js';
import { loadAllPostings, type PostingIndex } from './postings.js';
import { PostingsFile } from './postings-cache.js';
import { currentParams, type Db, guard, hasTable, openRead, SCHEMA_VERSION } from './schema.js';

export { cacheDir } from './postings-cache.js';

export interface MatchOptions {
  /** When given, only matches touching these host lines are reported (`--only-ai`, staged changes). */
  readonly lines?: ReadonlyArray<LineSpan>;
  /** Minimum size of a reported match (defaults: 50 tokens, 5 lines). */
  readonly minTokens?: number;
  readonly minLines?: number;
}

export interface CorpusSet {
  readonly info: ReadonlyArray<CorpusInfo>;
  matchFile(file: PreparedFile, options?: MatchOptions): SnippetMatch[];
  /** Matches already-computed fingerprints (benchmarks, tools that fingerprint once). */
  matchFingerprints(fp: FileFingerprints, hostLines: number, options?: MatchOptions, language?: string): SnippetMatch[];
  close(): void;
}

/** Below this similarity an abstract-only match needs twice the minimum size to be reported. */
const WEAK_ABSTRACT_SIMILARITY = 0.5;

const round3 = (x: number): number => Math.round(1000 * x) / 1000;

/** Lines of context fingerprinted around requested lines, so a copy that starts before them is still aligned. */
const CONTEXT_LINES = 40;

interface Member {
  sourceId: number;
  name: string;
  version: string;
  purl: string | null;
  path: string;
  license: string;
}

/** Corpus facts kept with the postings cache, and what the cache must agree with to be used. */
interface CachedFacts {
  /** Cache format: the schema this provscan writes (a cache from another version is rebuilt). */
  readonly schema: number;
  /** The database's own schema version (`user_version`; older schemas are read too). */
  readonly dbSchema: number;
  readonly params: Record<string, string>;
  readonly sources: number;
  readonly files: number;
  readonly fps: number;
  readonly build: string | null;
}

/** File ids per member query. */
const MEMBER_BATCH = 400;

/** How a corpus's postings are read: all into memory (scan), or looked up per file through the cache (check). */
export interface OpenOptions {
  /**
   * Look up postings in the flat cache file under this folder (written on first use) instead of loading the whole
   * index: far cheaper when only a few files are matched. With a valid cache the database itself is opened only when
   * a file has candidates to name.
   */
  readonly postingsCache?: string;
}

class Opened {
  readonly info: CorpusInfo;
  readonly label: string;
  private db: Db | undefined;
  private full: Record<Channel, PostingIndex> | undefined;
  private readonly cached: PostingsFile<CachedFacts> | undefined;
  private membersOf: ReturnType<Db['prepare']> | undefined;
  private noticesOf: Statement<unknown[]> | null | undefined;
  /** Members per corpus file, read once (the corpus is read-only while open; matched files recur across a scan). */
  private readonly memberCache = new Map<number, Member[]>();
  /** Copyright statements per source and path (a file matched by many host files is looked up once). */
  private readonly copyrightCache = new Map<string, string[]>();
  /** Copyright statements of each source read so far, by path. */
  private readonly noticeCache = new Map<number, Map<string, string[]>>();

  constructor(
    readonly file: string,
    options: OpenOptions,
  ) {
    this.label = file === DEFAULT_CORPUS ? 'bundled:default' : basename(file);
    const dir = options.postingsCache;
    const cached = dir === undefined ? undefined : PostingsFile.open<CachedFacts>(dir, file);
    if (
      cached &&
      cached.info.schema === SCHEMA_VERSION &&
      typeof cached.info.dbSchema === 'number' &&
      sameParams(cached.info.params, currentParams())
    ) {
      this.cached = cached;
      this.info = this.infoOf(cached.info);
      return;
    }
    cached?.close();
    // the stamp is taken before the database is read: a change made meanwhile leaves the cache stale, not wrong
    const stamp = dir === undefined ? '' : PostingsFile.stamp(file);
    const db = openRead(file);
    this.db = db;
    try {
      this.full = guard(file, () => loadAllPostings(db));
      const counts = guard(
        file,
        () =>
          db
            .prepare(
              `SELECT (SELECT count(*) FROM sources) AS sources, (SELECT count(*) FROM files) AS files,
                      (SELECT coalesce(sum(value), 0) FROM meta
                        WHERE key IN ('fingerprints_exact', 'fingerprints_abstract')) AS fps,
                      (SELECT value FROM meta WHERE key = 'build') AS build`,
            )
            .get() as { sources: number; files: number; fps: number; build: string | null },
      );
      const facts: CachedFacts = {
        schema: SCHEMA_VERSION,
        dbSchema: db.pragma('user_version', { simple: true }) as number,
        params: currentParams(),
        ...counts,
      };
      this.info = this.infoOf(facts);
      if (dir !== undefined) PostingsFile.write(dir, file, this.full, facts, stamp);
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private infoOf(facts: CachedFacts): CorpusInfo {
    return {
      path: this.file === DEFAULT_CORPUS ? 'bundled:default' : this.file,
      label: this.label,
      sources: facts.sources,
      files: facts.files,
      fingerprints: facts.fps,
      schemaVersion: facts.dbSchema,
      ...(facts.build ? { version: facts.build } : {}),
    };
  }

  /** The database, opened on first use when the postings come from the cache. */
  database(): Db {
    this.db ??= openRead(this.file);
    return this.db;
  }

  /** The handle to match `fp` with: the whole index, or only the postings of `fp`'s hashes read from the cache. */
  handleFor(fp: FileFingerprints): CorpusHandle {
    const cached = this.cached;
    // the database is only touched (and opened) when a file has candidates to look up
    const open = (): Db => this.database();
    const index: Record<Channel, PostingIndex> =
      this.full ??
      guard(this.file, () => ({
        exact: (cached as PostingsFile<CachedFacts>).subset('exact', fp.exact.hashes),
        abstract: (cached as PostingsFile<CachedFacts>).subset('abstract', fp.abstract.hashes),
      }));
    return {
      get db() {
        return open();
      },
      label: this.label,
      index,
    };
  }

  members(fileId: number): Member[] {
    const known = this.memberCache.get(fileId);
    if (known) return known;
    this.prefetchMembers([fileId]);
    return this.memberCache.get(fileId) ?? [];
  }

  /** Reads the members of every file of `ids` not read yet, in one query per batch. */
  prefetchMembers(ids: Iterable<number>): void {
    const missing = [...new Set(ids)].filter((id) => !this.memberCache.has(id));
    if (missing.length === 0) return;
    guard(this.file, () => {
      this.membersOf ??= this.database().prepare(
        `SELECT m.file_id AS fileId, s.id AS sourceId, s.name AS name, s.version AS version, s.purl AS purl,
                m.path AS path, coalesce(f.header_license, m.license, s.license) AS license
           FROM members m JOIN sources s ON s.id = m.source_id JOIN files f ON f.id = m.file_id
          WHERE m.file_id IN (SELECT value FROM json_each(?))
          ORDER BY m.file_id, s.name, s.version, m.path`,
      );
      for (let i = 0; i < missing.length; i += MEMBER_BATCH) {
        const batch = missing.slice(i, i + MEMBER_BATCH);
        for (const id of batch) this.memberCache.set(id, []);
        const rows = this.membersOf.all(JSON.stringify(batch)) as Array<Member & { fileId: number }>;
        for (const { fileId, ...member } of rows) this.memberCache.get(fileId)?.push(member);
      }
    });
  }

  /** Copyright statements for a member: the file's own, then its source's, without repeats. */
  copyrights(m: Member): string[] {
    const key = `${m.sourceId}\u0000${m.path}`;
    let found = this.copyrightCache.get(key);
    if (!found) {
      found = this.readCopyrights(m);
      this.copyrightCache.set(key, found);
    }
    return found;
  }

  private readCopyrights(m: Member): string[] {
    const byPath = this.sourceNotices(m.sourceId);
    return uniqueStatements([...(byPath.get(m.path) ?? []), ...(byPath.get('') ?? [])]);
  }

  /** Every copyright statement of a source by path ('' = the whole source), read in one query per source. */
  private sourceNotices(sourceId: number): Map<string, string[]> {
    let found = this.noticeCache.get(sourceId);
    if (found) return found;
    const byPath = new Map<string, string[]>();
    guard(this.file, () => {
      if (this.noticesOf === undefined) {
        const db = this.database();
        this.noticesOf = hasTable(db, 'notices')
          ? db.prepare(`SELECT path, statement FROM notices WHERE source_id = ? ORDER BY path, seq`)
          : null;
      }
      if (this.noticesOf === null) return;
      for (const row of this.noticesOf.all(sourceId) as Array<{ path: string; statement: string }>) {
        let list = byPath.get(row.path);
        if (!list) {
          list = [];
          byPath.set(row.path, list);
        }
        list.push(row.statement);
      }
    });
    found = byPath;
    this.noticeCache.set(sourceId, found);
    return found;
  }

  close(): void {
    this.db?.close();
    this.db = undefined;
    this.cached?.close();
  }
}

function sameParams(a: Record<string, string>, b: Record<string, string>): boolean {
  const keys = Object.keys(b);
  return Object.keys(a).length === keys.length && keys.every((k) => a[k] === b[k]);
}

function ref(m: Member, c: Candidate, db: string): CorpusRef {
  return {
    name: m.name,
    version: m.version === '' ? null : m.version,
    purl: m.purl,
    path: m.path,
    start: c.corpusStart,
    end: c.corpusEnd,
    license: m.license,
    db,
  };
}

function withCopyrights(r: CorpusRef, copyrights: string[]): CorpusRef {
  return copyrights.length > 0 ? { ...r, copyrights: [...copyrights] } : r;
}

/** Lines [start, end] (1-based) of `text`, as `text.split('\n').slice(start - 1, end)` gives them. */
export function linesOf(text: string, start: number, end: number): string[] {
  let at = 0;
  for (let line = 1; line < start; line++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) return [];
    at = nl + 1;
  }
  const out: string[] = [];
  for (let line = start; line <= end; line++) {
    const nl = text.indexOf('\n', at);
    if (nl < 0) {
      out.push(text.slice(at));
      break;
    }
    out.push(text.slice(at, nl));
    at = nl + 1;
  }
  return out;
}

/** Requested lines widened by context and merged into disjoint regions. */
function regionsOf(spans: ReadonlyArray<LineSpan>, lineCount: number): LineSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const out: Array<{ start: number; end: number }> = [];
  for (const s of sorted) {
    const start = Math.max(1, s.start - CONTEXT_LINES);
    const end = Math.min(lineCount, s.end + CONTEXT_LINES);
    const last = out[out.length - 1];
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else if (start <= end) out.push({ start, end });
  }
  return out;
}

/** Shifts every line of a region's fingerprints by `offset`, so they read as lines of the whole file. */
function shiftLines(fp: FileFingerprints, offset: number): FileFingerprints {
  const shift = (a: Uint32Array) => a.map((x) => x + offset);
  const ch = (c: FileFingerprints['exact']) => ({ ...c, startLines: shift(c.startLines), endLines: shift(c.endLines) });
  return { ...fp, exact: ch(fp.exact), abstract: ch(fp.abstract), tokenLines: shift(fp.tokenLines) };
}

const touches = (m: LineSpan, spans: ReadonlyArray<LineSpan>) =>
  spans.some((s) => s.start <= m.end && m.start <= s.end);

/** Opens every corpus read-only. Throws CorpusError naming the file when one is missing, corrupted or locked. */
export function openCorpora(paths: ReadonlyArray<string>, options: OpenOptions = {}): CorpusSet {
  const opened: Opened[] = [];
  try {
    for (const p of paths) opened.push(new Opened(p, options));
  } catch (err) {
    for (const o of opened) o.close();
    throw err;
  }

  /** Matches with the candidate each came from (its fingerprint-share similarity drives the noise filters). */
  const matchWithCandidates = (
    fp: FileFingerprints,
    hostLines: number,
    options: MatchOptions = {},
    language?: string,
  ): Array<{ match: SnippetMatch; cand: Candidate }> => {
    const t: Thresholds = {
      minTokens: options.minTokens ?? DEFAULT_THRESHOLDS.minTokens,
      minLines: options.minLines ?? DEFAULT_THRESHOLDS.minLines,
    };
    const cands: Array<Candidate & { corpus: number }> = [];
    const handles = opened.map((o) => o.handleFor(fp));
    opened.forEach((_, i) => {
      for (const c of findCandidates(handles[i]!, fp, t, language)) cands.push({ ...c, corpus: i });
    });
    const out: Array<{ match: SnippetMatch; cand: Candidate }> = [];
    const resolved = resolveOverlaps(cands);
    for (const [i, o] of opened.entries())
      o.prefetchMembers(
        resolved.flatMap((r) => [r.best, ...r.alternatives].filter((c) => c.corpus === i).map((c) => c.fileId)),
      );
    const shares = (c: Candidate & { corpus: number }) => {
      const m = measureShares(handles[c.corpus]!, fp, c);
      return { similarity: round3(m.identical), abstractShare: round3(m.abstractOnly) };
    };
    for (const { best, alternatives } of resolved) {
      const o = opened[best.corpus]!;
      const [primary, ...sameContent] = o.members(best.fileId);
      if (!primary) continue;
      const measured = shares(best);
      const alts: Array<CorpusRef & { similarity: number; abstractShare: number }> = sameContent.map((m) => ({
        ...ref(m, best, o.label),
        ...measured,
      }));
      for (const a of alternatives) {
        const ao = opened[a.corpus]!;
        const members = ao.members(a.fileId);
        if (members.length === 0) continue;
        const am = shares(a);
        for (const m of members) alts.push({ ...ref(m, a, ao.label), ...am });
      }
      const hostSpan = best.hostEnd - best.hostStart + 1;
      const corpusSpan = best.corpusEnd - best.corpusStart + 1;
      const whole = hostLines > 0 && hostSpan >= 0.9 * hostLines && corpusSpan >= 0.9 * best.corpusLines;
      out.push({
        cand: best,
        match: {
          start: best.hostStart,
          end: best.hostEnd,
          kind: whole ? 'file' : 'snippet',
          // the channel that carried the match: identical tokens, or tokens that match only once abstracted
          channel: measured.similarity >= measured.abstractShare ? 'exact' : 'abstract',
          similarity: measured.similarity,
          abstractShare: measured.abstractShare,
          corpus: withCopyrights(ref(primary, best, o.label), o.copyrights(primary)),
          ...(alts.length > 0 ? { alternatives: alts.slice(0, 8) } : {}),
          tokens: best.tokens,
          fingerprint: regionDigest(fp, best.hostFrom, best.hostTo),
        },
      });
    }
    return out;
  };
  const matchFingerprints = (
    fp: FileFingerprints,
    hostLines: number,
    options: MatchOptions = {},
    language?: string,
  ): SnippetMatch[] => matchWithCandidates(fp, hostLines, options, language).map((x) => x.match);

  return {
    info: opened.map((o) => o.info),
    matchFingerprints,
    matchFile(file: PreparedFile, options: MatchOptions = {}): SnippetMatch[] {
      if (opened.length === 0) return [];
      // A license text (the project's own LICENSE, whatever its name) shares its words with every copy of that
      // license: it is not code that was copied.
      if (isLicenseProse(file)) return [];
      // The file's lines, split only when a match has to be examined (most files have none).
      let split: string[] | undefined;
      const lines = (): string[] => {
        split ??= file.text.split('\n');
        return split;
      };
      // Module plumbing (import lists, requires) reads the same in every project: an abstract match made of it is
      // dropped, an exact one is kept only when it spans the full minimum size (a copied import block of 50+ tokens).
      // Abstract matches on structurally repetitive code (assertion runs, literal lists) are dropped too.
      const minTokens = options.minTokens ?? DEFAULT_THRESHOLDS.minTokens;
      // The filters judge the candidate (its channel and fingerprint share), not the reported shares.
      const real = ({ match: m, cand: c }: { match: SnippetMatch; cand: Candidate }) => {
        if (c.channel === 'exact' && c.tokens >= minTokens) return true;
        // only the matched lines are needed: they are cut out of the text rather than splitting all of it
        const region = split ? split.slice(m.start - 1, m.end) : linesOf(file.text, m.start, m.end);
        if (mostlyPlumbing(region, 1, region.length)) return false;
        if (c.channel !== 'abstract') return true;
        // Test code shares its structure across projects (table-driven loops, printf-and-exit checks, assertion
        // runs): a short match carried by the abstract channel between two test files is that structure, not a copy.
        if (m.channel === 'abstract' && c.tokens < 2 * minTokens && isTestPath(file.path) && isTestPath(m.corpus.path))
          return false;
        // A weak renamed match is only evidence when there is enough of it: below WEAK_ABSTRACT_SIMILARITY it must
        // span twice the token minimum (a few short lines of a common idiom, half of them shared, prove nothing).
        if (c.similarity < WEAK_ABSTRACT_SIMILARITY && c.tokens < 2 * minTokens) return false;
        return !tooRepetitive(region, 1, region.length, file.language, c.similarity);
      };
      // The per-token arrays are borrowed from the lexer: the match digests are computed before anything lexes again.
      if (!options.lines)
        return matchWithCandidates(
          fingerprintText(file.text, file.language, { simhash: false, tokens: 'view' }),
          file.lines,
          options,
          file.language,
        )
          .filter(real)
          .map((x) => x.match);
      if (options.lines.length === 0) return [];
      // Only the regions around the requested lines are fingerprinted and looked up (the pre-commit fast path).
      const out: SnippetMatch[] = [];
      const all = lines();
      for (const r of regionsOf(options.lines, all.length)) {
        const text = all.slice(r.start - 1, r.end).join('\n');
        const fp = shiftLines(fingerprintText(text, file.language, { simhash: false }), r.start - 1);
        for (const x of matchWithCandidates(fp, file.lines, options, file.language))
          if (touches(x.match, options.lines) && real(x)) out.push(x.match);
      }
      return out;
    },
    close(): void {
      for (const o of opened) o.close();
    },
  };
}
