// The attribution text `attribution-required` findings ask for: per matched source its name, version, license,
// where its code appears in this project, its copyright statements as the corpus recorded them (the matched file's
// header, then the source's LICENSE / NOTICE / AUTHORS files or DEP-5 fields), and the standard license text. When
// the corpus recorded none, the notice says where to copy them from. Pure: a scan result in, text out.
import type { Conflict, ScanResult } from '../model.js';
import { canonicalLeaf, parseExpression } from './expression.js';
import { uniqueStatements } from '../util/statements.js';
import { licenseText } from './license-texts.js';

interface Source {
  name: string;
  version: string | null;
  purl: string | null;
  license: string;
  copyrights: Set<string>;
  uses: Set<string>;
}

function idsOf(expression: string): string[] {
  const parsed = parseExpression(expression);
  if (!parsed.ok) return [];
  const out: string[] = [];
  const walk = (n: typeof parsed.node): void => {
    if (n.kind === 'license') out.push(canonicalLeaf(n).id);
    else {
      walk(n.left);
      walk(n.right);
    }
  };
  walk(parsed.node);
  return out;
}

/** Attribution notices for every `attribution-required` finding (waived or not: attribution is owed either way). */
export function renderNotice(result: Pick<ScanResult, 'conflicts' | 'root' | 'project'>): string {
  const sources = new Map<string, Source>();
  const findings: Conflict[] = result.conflicts.filter((c) => c.rule === 'attribution-required' && c.match);
  for (const c of findings) {
    const m = c.match;
    if (!m) continue;
    const key = `${m.name}\0${m.version ?? ''}\0${c.license}`;
    let s = sources.get(key);
    if (!s) {
      s = {
        name: m.name,
        version: m.version,
        purl: m.purl,
        license: c.license,
        copyrights: new Set(),
        uses: new Set(),
      };
      sources.set(key, s);
    }
    for (const line of m.copyrights ?? []) s.copyrights.add(line);
    s.uses.add(`${c.path}:${c.start}-${c.end} (from ${m.path}:${m.start}-${m.end})`);
  }
  const title = result.project?.name ?? result.root;
  if (sources.size === 0) return `${title}: no third-party code that requires attribution was found.\n`;
  const ordered = [...sources.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : (a.version ?? '') < (b.version ?? '') ? -1 : 1,
  );
  const out: string[] = [
    `THIRD-PARTY NOTICES for ${title}`,
    '',
    'This project contains code from the following sources. Their licenses require that the notices below',
    'accompany copies of the code.',
    '',
  ];
  const texts = new Set<string>();
  for (const s of ordered) {
    out.push('='.repeat(78));
    out.push(`${s.name}${s.version ? ` ${s.version}` : ''}`);
    out.push(`License: ${s.license}`);
    if (s.purl) out.push(`Package: ${s.purl}`);
    if (s.copyrights.size > 0) for (const line of uniqueStatements(s.copyrights)) out.push(line);
    else out.push('Copyright: none recorded in the corpus; copy the notice from the original source.');
    if (s.license.startsWith('Apache-'))
      out.push('Apache-2.0: if the source ships a NOTICE file, include its text as well.');
    out.push('Used in:');
    for (const u of [...s.uses].sort()) out.push(`  ${u}`);
    out.push('');
    for (const id of idsOf(s.license)) texts.add(id);
  }
  out.push('='.repeat(78));
  out.push('LICENSE TEXTS');
  out.push('');
  for (const id of [...texts].sort()) {
    const t = licenseText(id);
    out.push('-'.repeat(78));
    out.push(`${id}${t ? ` (${t.name})` : ''}`);
    out.push('');
    out.push(
      t ? t.text.trimEnd() : `(no standard text for ${id} is bundled; see https://spdx.org/licenses/${id}.html)`,
    );
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
