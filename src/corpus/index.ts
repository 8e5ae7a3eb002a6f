// Opening corpus databases and matching files against them (called by src/scan.ts).
import { basename } from 'node:path';
import type { Channel, FileFingerprints } from '../fingerprint/types.js';
import type { CorpusInfo, CorpusRef, LineSpan, SnippetMatch } from '../model.js';
import { DEFAULT_CORPUS } from '../paths.js';
import { mostlyPlumbing, tooRepetitive } from './boilerplate.js';
import { fingerprintText, type PreparedFile } from './engine.js';
import {
  type Candidate,
  type CorpusHandle,
  DEFAULT_THRESHOLDS,
  type Thresholds,
  findCandidates,
  resolveOverlaps,
} from './match.js';
import { loadPostings } from './postings.js';
import { guard, hasTable, openRead } from './schema.js';

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

class Opened {
  readonly handle: CorpusHandle;
  readonly info: CorpusInfo;
  private readonly membersOf;
  private readonly noticesOf;

  constructor(readonly file: string) {
    const db = openRead(file);
    try {
      const label = file === DEFAULT_CORPUS ? 'bundled:default' : basename(file);
      this.handle = guard(file, () => ({
        db,
        label,
        index: { exact: loadPostings(db, 'exact'), abstract: loadPostings(db, 'abstract') } as Record<
          Channel,
          ReturnType<typeof loadPostings>
        >,
      }));
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
      this.info = {
        path: file === DEFAULT_CORPUS ? 'bundled:default' : file,
        label,
        sources: counts.sources,
        files: counts.files,
        fingerprints: counts.fps,
        schemaVersion: db.pragma('user_version', { simple: true }) as number,
        ...(counts.build ? { version: counts.build } : {}),
      };
      this.membersOf = db.prepare(
        `SELECT s.id AS sourceId, s.name AS name, s.version AS version, s.purl AS purl, m.path AS path,
                coalesce(f.header_license, m.license, s.license) AS license
           FROM members m JOIN sources s ON s.id = m.source_id JOIN files f ON f.id = m.file_id
          WHERE m.file_id = ? ORDER BY s.name, s.version, m.path`,
      );
      this.noticesOf = hasTable(db, 'notices')
        ? db
            .prepare(
              `SELECT statement FROM notices WHERE source_id = ? AND (path = ? OR path = '')
                ORDER BY path = '', seq`,
            )
            .pluck()
        : undefined;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Members per corpus file, read once (the corpus is read-only while open; matched files recur across a scan). */
  private readonly memberCache = new Map<number, Member[]>();

  members(fileId: number): Member[] {
    let m = this.memberCache.get(fileId);
    if (!m) {
      m = guard(this.file, () => this.membersOf.all(fileId) as Member[]);
      this.memberCache.set(fileId, m);
    }
    return m;
  }

  /** Copyright statements for a member: the file's own, then its source's, without repeats. */
  copyrights(m: Member): string[] {
    const q = this.noticesOf;
    if (!q) return [];
    const rows = guard(this.file, () => q.all(m.sourceId, m.path) as string[]);
    return [...new Set(rows)];
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
  return copyrights.length > 0 ? { ...r, copyrights } : r;
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
export function openCorpora(paths: ReadonlyArray<string>): CorpusSet {
  const opened: Opened[] = [];
  try {
    for (const p of paths) opened.push(new Opened(p));
  } catch (err) {
    for (const o of opened) o.handle.db.close();
    throw err;
  }

  const matchFingerprints = (
    fp: FileFingerprints,
    hostLines: number,
    options: MatchOptions = {},
    language?: string,
  ): SnippetMatch[] => {
    const t: Thresholds = {
      minTokens: options.minTokens ?? DEFAULT_THRESHOLDS.minTokens,
      minLines: options.minLines ?? DEFAULT_THRESHOLDS.minLines,
    };
    const cands: Array<Candidate & { corpus: number }> = [];
    opened.forEach((o, i) => {
      for (const c of findCandidates(o.handle, fp, t, language)) cands.push({ ...c, corpus: i });
    });
    const out: SnippetMatch[] = [];
    for (const { best, alternatives } of resolveOverlaps(cands)) {
      const o = opened[best.corpus]!;
      const [primary, ...sameContent] = o.members(best.fileId);
      if (!primary) continue;
      const alts: Array<CorpusRef & { similarity: number }> = sameContent.map((m) => ({
        ...ref(m, best, o.handle.label),
        similarity: best.similarity,
      }));
      for (const a of alternatives) {
        const ao = opened[a.corpus]!;
        for (const m of ao.members(a.fileId)) alts.push({ ...ref(m, a, ao.handle.label), similarity: a.similarity });
      }
      const hostSpan = best.hostEnd - best.hostStart + 1;
      const corpusSpan = best.corpusEnd - best.corpusStart + 1;
      const whole = hostLines > 0 && hostSpan >= 0.9 * hostLines && corpusSpan >= 0.9 * best.corpusLines;
      out.push({
        start: best.hostStart,
        end: best.hostEnd,
        kind: whole ? 'file' : 'snippet',
        channel: best.channel,
        similarity: best.similarity,
        corpus: withCopyrights(ref(primary, best, o.handle.label), o.copyrights(primary)),
        ...(alts.length > 0 ? { alternatives: alts.slice(0, 8) } : {}),
        tokens: best.tokens,
        fingerprint: best.fingerprint,
      });
    }
    return out;
  };

  return {
    info: opened.map((o) => o.info),
    matchFingerprints,
    matchFile(file: PreparedFile, options: MatchOptions = {}): SnippetMatch[] {
      if (opened.length === 0) return [];
      const all = file.text.split('\n');
      // Module plumbing (import lists, requires) reads the same in every project: an abstract match made of it is
      // dropped, an exact one is kept only when it spans the full minimum size (a copied import block of 50+ tokens).
      // Abstract matches on structurally repetitive code (assertion runs, literal lists) are dropped too.
      const minTokens = options.minTokens ?? DEFAULT_THRESHOLDS.minTokens;
      const real = (m: SnippetMatch) => {
        if (m.channel === 'exact' && (m.tokens ?? 0) >= minTokens) return true;
        if (mostlyPlumbing(all, m.start, m.end)) return false;
        return m.channel !== 'abstract' || !tooRepetitive(all, m.start, m.end, file.language, m.similarity);
      };
      if (!options.lines)
        return matchFingerprints(fingerprintText(file.text, file.language), file.lines, options, file.language).filter(
          real,
        );
      if (options.lines.length === 0) return [];
      // Only the regions around the requested lines are fingerprinted and looked up (the pre-commit fast path).
      const out: SnippetMatch[] = [];
      for (const r of regionsOf(options.lines, all.length)) {
        const text = all.slice(r.start - 1, r.end).join('\n');
        const fp = shiftLines(fingerprintText(text, file.language), r.start - 1);
        for (const m of matchFingerprints(fp, file.lines, options, file.language))
          if (touches(m, options.lines) && real(m)) out.push(m);
      }
      return out;
    },
    close(): void {
      for (const o of opened) o.handle.db.close();
    },
  };
}
