// Opening corpora and matching files against them (called by src/scan.ts and the staged check). Each host file's
// postings are fetched from each corpus in one batched call (src/corpus/host-index.ts), or, for a scan, read for a
// whole batch of files in one ordered pass beforehand (`prefetch`): nothing is loaded up front, and memory does not
// grow with the corpus.
import { basename } from 'node:path';
import type { FileFingerprints } from '../fingerprint/types.js';
import type { CorpusInfo, CorpusRef, LineSpan, SnippetMatch } from '../model.js';
import { DEFAULT_CORPUS } from '../paths.js';
import type { CorpusReader, FileRow, Member } from './backend.js';
import { isTestPath, mostlyPlumbing, tooRepetitive } from './boilerplate.js';
import { uniqueStatements } from './copyright.js';
import { fingerprintText, isLicenseProse, type PreparedFile, regionDigest } from './engine.js';
import { HashUnion, hostIndex, PrefetchedPostings } from './host-index.js';
import {
  type Candidate,
  type CorpusHandle,
  DEFAULT_THRESHOLDS,
  MAX_USED_POSTINGS,
  type Thresholds,
  findCandidates,
  measureShares,
  resolveOverlaps,
} from './match.js';
import { isPostgresUrl, postgresLabel, redactDbUrl } from '../util/db-location.js';
import { openReader } from './stores.js';

export interface MatchOptions {
  /** When given, only matches touching these host lines are reported (`--only-ai`, staged changes). */
  readonly lines?: ReadonlyArray<LineSpan>;
  /** Minimum size of a reported match (defaults: 50 tokens, 5 lines). */
  readonly minTokens?: number;
  readonly minLines?: number;
}

export interface CorpusSet {
  readonly info: ReadonlyArray<CorpusInfo>;
  /**
   * Reads, in one ordered pass over each corpus that can (`CorpusReader.postingsBatch`), the postings of every hash
   * of `files`, so matching them afterwards reads no index; replaces what an earlier call read (no files: frees it).
   * Matches are the same with or without it. Worth it for many files (a scan); a few (the staged check) are looked
   * up file by file.
   */
  prefetch(files: ReadonlyArray<PreparedFile>): Promise<void>;
  /** Matches one file; calls are answered one after another (matching is not reentrant). */
  matchFile(file: PreparedFile, options?: MatchOptions): Promise<SnippetMatch[]>;
  /** Matches already-computed fingerprints (benchmarks, tools that fingerprint once). */
  matchFingerprints(
    fp: FileFingerprints,
    hostLines: number,
    options?: MatchOptions,
    language?: string,
  ): Promise<SnippetMatch[]>;
  close(): Promise<void>;
}

/** Below this similarity an abstract-only match needs twice the minimum size to be reported. */
const WEAK_ABSTRACT_SIMILARITY = 0.5;

const round3 = (x: number): number => Math.round(1000 * x) / 1000;

/** Lines of context fingerprinted around requested lines, so a copy that starts before them is still aligned. */
const CONTEXT_LINES = 40;

/** One opened corpus: its reader, the label matches name it by, and the copyright statements read so far. */
class OpenCorpus {
  /** Copyright statements per source and path (a file matched by many host files is looked up once). */
  private readonly copyrightCache = new Map<string, string[]>();
  /** Postings read for the files of the current batch (`CorpusSet.prefetch`). */
  prefetched: PrefetchedPostings | undefined;

  constructor(
    readonly reader: CorpusReader,
    readonly label: string,
  ) {}

  /** The handle to match `fp` with: the postings of its hashes, corpus file ids renumbered (host-index.ts). */
  async handleFor(fp: FileFingerprints): Promise<{ handle: CorpusHandle; ids: Uint32Array }> {
    const { index, ids } = await hostIndex(this.reader, fp, this.prefetched);
    const reader = this.reader;
    const handle: CorpusHandle = {
      label: this.label,
      index,
      async fileRows(local: ReadonlyArray<number>): Promise<ReadonlyArray<FileRow>> {
        const rows = await reader.fileRows(local.map((i) => ids[i]!));
        const back = new Map<number, number>();
        for (const i of local) back.set(ids[i]!, i);
        return rows.map((r) => ({ ...r, id: back.get(r.id)! }));
      },
    };
    return { handle, ids };
  }

  /** Copyright statements for a member: the file's own, then its source's, without repeats. */
  async copyrights(m: Member): Promise<string[]> {
    const key = `${m.sourceId}\u0000${m.path}`;
    let found = this.copyrightCache.get(key);
    if (!found) {
      const byPath = await this.reader.notices(m.sourceId);
      found = uniqueStatements([...(byPath.get(m.path) ?? []), ...(byPath.get('') ?? [])]);
      this.copyrightCache.set(key, found);
    }
    return found;
  }
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

/** How a corpus is named in results: the bundled one by `bundled:default`, a PostgreSQL one without its password. */
function named(p: string): { path: string; label: string } {
  if (p === DEFAULT_CORPUS) return { path: 'bundled:default', label: 'bundled:default' };
  if (isPostgresUrl(p)) return { path: redactDbUrl(p), label: postgresLabel(p) };
  return { path: p, label: basename(p) };
}

/**
 * Opens every corpus read-only (SQLite files and PostgreSQL URLs alike). Throws CorpusError naming the database when
 * one is missing, corrupted, locked or unreachable.
 */
export async function openCorpora(paths: ReadonlyArray<string>): Promise<CorpusSet> {
  const opened: OpenCorpus[] = [];
  try {
    for (const p of paths) {
      const n = named(p);
      opened.push(new OpenCorpus(await openReader(p, n), n.label));
    }
  } catch (err) {
    // the first failure is the one to report: closing the others must not replace it
    for (const o of opened) await o.reader.close().catch(() => {});
    throw err;
  }

  /** Matches with the candidate each came from (its fingerprint-share similarity drives the noise filters). */
  const matchWithCandidates = async (
    fp: FileFingerprints,
    hostLines: number,
    options: MatchOptions = {},
    language?: string,
  ): Promise<Array<{ match: SnippetMatch; cand: Candidate }>> => {
    const t: Thresholds = {
      minTokens: options.minTokens ?? DEFAULT_THRESHOLDS.minTokens,
      minLines: options.minLines ?? DEFAULT_THRESHOLDS.minLines,
    };
    // candidates carry store file ids from here on (ties between corpora are broken by them, as before)
    const cands: Array<Candidate & { corpus: number }> = [];
    const handles: CorpusHandle[] = [];
    // per corpus: store file id -> the id in that corpus's host index (what measureShares reads postings by)
    const local: Array<Map<number, number>> = [];
    for (const [i, o] of opened.entries()) {
      const { handle, ids } = await o.handleFor(fp);
      handles.push(handle);
      const back = new Map<number, number>();
      local.push(back);
      for (const c of await findCandidates(handle, fp, t, language)) {
        back.set(ids[c.fileId]!, c.fileId);
        cands.push({ ...c, fileId: ids[c.fileId]!, corpus: i });
      }
    }
    const out: Array<{ match: SnippetMatch; cand: Candidate }> = [];
    const resolved = resolveOverlaps(cands);
    const members = await Promise.all(
      opened.map((o, i) =>
        o.reader.members(
          resolved.flatMap((r) => [r.best, ...r.alternatives].filter((c) => c.corpus === i).map((c) => c.fileId)),
        ),
      ),
    );
    const shares = (c: Candidate & { corpus: number }) => {
      const m = measureShares(handles[c.corpus]!, fp, { ...c, fileId: local[c.corpus]!.get(c.fileId)! });
      return { similarity: round3(m.identical), abstractShare: round3(m.abstractOnly) };
    };
    for (const { best, alternatives } of resolved) {
      const o = opened[best.corpus]!;
      const [primary, ...sameContent] = members[best.corpus]!.get(best.fileId) ?? [];
      if (!primary) continue;
      const measured = shares(best);
      const alts: Array<CorpusRef & { similarity: number; abstractShare: number }> = sameContent.map((m) => ({
        ...ref(m, best, o.label),
        ...measured,
      }));
      for (const a of alternatives) {
        const ao = opened[a.corpus]!;
        const am = members[a.corpus]!.get(a.fileId) ?? [];
        if (am.length === 0) continue;
        const measuredAlt = shares(a);
        for (const m of am) alts.push({ ...ref(m, a, ao.label), ...measuredAlt });
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
          corpus: withCopyrights(ref(primary, best, o.label), await o.copyrights(primary)),
          ...(alts.length > 0 ? { alternatives: alts.slice(0, 8) } : {}),
          tokens: best.tokens,
          fingerprint: regionDigest(fp, best.hostFrom, best.hostTo),
        },
      });
    }
    return out;
  };
  const matchFingerprints = async (
    fp: FileFingerprints,
    hostLines: number,
    options: MatchOptions = {},
    language?: string,
  ): Promise<SnippetMatch[]> => (await matchWithCandidates(fp, hostLines, options, language)).map((x) => x.match);

  return {
    info: opened.map((o) => o.reader.info),
    matchFingerprints,
    async prefetch(files: ReadonlyArray<PreparedFile>): Promise<void> {
      for (const o of opened) o.prefetched = undefined;
      const batched = opened.filter((o) => o.reader.postingsBatch);
      if (batched.length === 0 || files.length === 0) return;
      // the hashes matchFile will ask for: it fingerprints the same text the same way (license texts are not matched)
      const union = new HashUnion();
      for (const f of files) if (!isLicenseProse(f)) union.add(fingerprintText(f.text, f.language, { tokens: 'view' }));
      const hashes = union.hashes();
      for (const o of batched)
        o.prefetched = new PrefetchedPostings(hashes, await o.reader.postingsBatch!(hashes, MAX_USED_POSTINGS));
    },
    async matchFile(file: PreparedFile, options: MatchOptions = {}): Promise<SnippetMatch[]> {
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
        return (
          await matchWithCandidates(
            fingerprintText(file.text, file.language, { tokens: 'view' }),
            file.lines,
            options,
            file.language,
          )
        )
          .filter(real)
          .map((x) => x.match);
      if (options.lines.length === 0) return [];
      // Only the regions around the requested lines are fingerprinted and looked up (the pre-commit fast path).
      const out: SnippetMatch[] = [];
      const all = lines();
      for (const r of regionsOf(options.lines, all.length)) {
        const text = all.slice(r.start - 1, r.end).join('\n');
        const fp = shiftLines(fingerprintText(text, file.language), r.start - 1);
        for (const x of await matchWithCandidates(fp, file.lines, options, file.language))
          if (touches(x.match, options.lines) && real(x)) out.push(x.match);
      }
      return out;
    },
    async close(): Promise<void> {
      for (const o of opened) await o.reader.close();
    },
  };
}
