// Copyright statements, kept at ingest so `provscan notice` can reproduce the notices that MIT, BSD and Apache
// require ("the above copyright notice … shall be included"). Pure: text in, statements out.
//
// A statement is a line that starts (after comment markers) with "Copyright", "©" or "(c)" and names a year or a
// holder; license boilerplate that merely talks about copyright ("the above copyright notice and this permission
// notice …", "Copyright (c) <year> <copyright holders>") is not one.
import { statementKey } from '../util/statements.js';

export { uniqueStatements } from '../util/statements.js';

/** Lines of a code file's head searched for statements (headers sit at the top). */
const HEAD_LINES = 60;
/** At most this many statements per file and per source, and this many characters per statement. */
export const MAX_STATEMENTS = 50;
const MAX_LENGTH = 200;

const COMMENT_LEAD = /^(?:\/\/+|\/\*+|\*+\/?|#+|;+|--+|<!--|\{-|%+|'+|"{3}|REM\b|dnl\b|!)\s*/i;
const START = /^@?(?:copyright\b|©|\(c\)\s*(?:\d{4}|[A-Z]))/i;
const YEAR = /\b(?:19|20)\d{2}\b/;
/** The copyright of a license's own text (GNU licenses), quoted in LICENSE/COPYING files: not the software's. */
const LICENSE_TEXT_COPYRIGHT =
  /^Copyright \(C\) [\d, ]+ Free Software Foundation, Inc\.(?: <https?:\/\/(?:www\.)?fsf\.org\/?>)?,?$/i;
const TEMPLATE =
  /\byyyy\b|name of (?:author|copyright owner)|<\s*(?:year|yyyy|name|owner|copyright holders?|author)\b[^>]*>|\[\s*(?:year|yyyy|name of copyright owner|fullname)\s*\]|\{\s*(?:year|name)\s*\}/i;
const PROSE = /\b(?:notice|shall be included|permission|license|licence|herein|this software|all copies|the above)\b/i;

/** Normalises one candidate line into a statement, or undefined when it is not one. */
function statement(raw: string): string | undefined {
  let line = raw.trim();
  for (let i = 0; i < 3; i++) {
    // comment markers, and JSDoc tags that introduce a statement (`@license Copyright (c) 2003 …`, `@preserve`)
    const next = line.replace(COMMENT_LEAD, '').replace(/^@(?:license|preserve|file|fileoverview)\s+(?=\S)/i, '');
    if (next === line) break;
    line = next;
  }
  line = line
    .replace(/\s*(?:\*\/|-->|-\})\s*$/, '')
    .replace(/\[([^\]]+)\]\([^)\s]+\)/g, '$1') // Markdown links: keep the text
    .replace(/\s+/g, ' ')
    .trim();
  if (!START.test(line)) return undefined;
  if (TEMPLATE.test(line)) return undefined;
  // "Copyright: 2019 Jane" (DEP-5 field style) becomes "Copyright 2019 Jane".
  line = line.replace(/^@copyright\b\s*/i, 'Copyright ').replace(/^copyright\s*:\s*/i, 'Copyright ');
  const rest = line.replace(/^(?:copyright\b|©|\(c\))[\s,:]*(?:(?:\(c\)|©)\s*)?/i, '');
  if (rest.length < 2) return undefined;
  if (!YEAR.test(line)) {
    // Without a year, only a short holder name: "© Jane Doe", "Copyright (c) Acme Inc." — not prose about copyright.
    if (PROSE.test(line) || rest.split(' ').length > 8) return undefined;
    const symbol = /\(c\)|©/i.test(line);
    if (!symbol && !/^[A-Z][\w.'-]*(?: [A-Z&][\w.'-]*){0,5}[.,]?$/.test(rest)) return undefined;
  }
  return line.length > MAX_LENGTH ? `${line.slice(0, MAX_LENGTH - 1)}…` : line;
}

/** Copyright statements in `text`, in order of appearance, without duplicates. `head` limits the lines searched. */
export function copyrightStatements(text: string, head: number = Number.POSITIVE_INFINITY): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  let start = 0;
  for (let n = 0; n < head && start < text.length && out.length < MAX_STATEMENTS; n++) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const line = text.slice(start, Math.min(end, start + 1000));
    start = end + 1;
    if (!/copyright|©|\(c\)/i.test(line)) continue;
    const s = statement(line);
    if (s === undefined) continue;
    const key = statementKey(s);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(s);
  }
  return out;
}

/** Statements in the header of a code file (its first lines). */
export function fileCopyrights(text: string): string[] {
  return copyrightStatements(text, HEAD_LINES);
}

/** Statements of a LICENSE / NOTICE / AUTHORS file, without the copyright of a quoted license text itself. */
export function noticeFileCopyrights(text: string): string[] {
  return copyrightStatements(text).filter((s) => !LICENSE_TEXT_COPYRIGHT.test(s));
}

/** License, notice and authors files whose statements apply to the whole source. */
export function isNoticeFile(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return /^(?:licen[cs]e|copying|notice|copyright|authors|credits)(?:[-_][\w-]+)?(?:\.(?:txt|md|markdown|rst|apache|apache2|mit|bsd|gpl|lgpl|mpl|lesser))?$/i.test(
    base,
  );
}
