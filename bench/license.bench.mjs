// License layer: LICENSE text identification (cold and warm, and how often it names the right license after the
// text was re-wrapped), compatibility verdicts per second, and evaluateConflicts on a large synthetic scan.
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { compatibility, evaluateConflicts, identifyLicenseText } from '../dist/src/index.js';
import { DEFAULT_CONFIG } from '../dist/src/config/policy.js';
import { writeSection } from './lib.mjs';

const require = createRequire(import.meta.url);
const TEXTS = require('spdx-license-list/full');
const COMMON = [
  'MIT',
  'Apache-2.0',
  'BSD-3-Clause',
  'BSD-2-Clause',
  'ISC',
  'GPL-2.0-only',
  'GPL-3.0-only',
  'LGPL-2.1-only',
  'LGPL-3.0-only',
  'AGPL-3.0-only',
  'MPL-2.0',
  'Unlicense',
  'CC0-1.0',
  '0BSD',
  'Zlib',
  'EPL-2.0',
  'BSL-1.0',
  'Artistic-2.0',
  'EUPL-1.2',
  'WTFPL',
  'CC-BY-4.0',
  'CC-BY-SA-4.0',
  'OFL-1.1',
  'MIT-0',
  'PostgreSQL',
];

/** A project's copy of a license: placeholders filled, copyright line added, text re-wrapped at 72 columns. */
function asShipped(id) {
  const body = TEXTS[id].licenseText
    .split('\n')
    .filter((l) => !/^\s*copyright/i.test(l))
    .join('\n');
  const words = body.replace(/<[^>]+>/g, 'Example Corp').split(/\s+/);
  const lines = ['Copyright (c) 2024 Example Corp', ''];
  let line = '';
  for (const w of words) {
    if (line.length + w.length > 72) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  lines.push(line);
  return lines.join('\n');
}

// An uncommon license first, in a fresh process: found through the simhash near-duplicate table without loading
// the whole license list.
const tu = performance.now();
const uncommonFirst = identifyLicenseText(asShipped('EPL-1.0'))?.id;
const uncommonCold = performance.now() - tu;
const t0 = performance.now();
identifyLicenseText(asShipped('MIT'));
const cold = performance.now() - t0;
// Every 15th license of the list that is not a common one, re-wrapped (warm: the near-duplicate path).
const UNCOMMON = Object.keys(TEXTS)
  .filter((id) => !COMMON.includes(id) && TEXTS[id].licenseText && TEXTS[id].licenseText.split(/\s+/).length > 40)
  .filter((_, i) => i % 15 === 0);
let uncommonRight = 0;
const tw = performance.now();
for (const id of UNCOMMON) if (identifyLicenseText(asShipped(id))?.score >= 0.97) uncommonRight++;
const uncommonWarm = (performance.now() - tw) / UNCOMMON.length;
let right = 0;
const t1 = performance.now();
for (const id of COMMON) if (identifyLicenseText(asShipped(id))?.id === id) right++;
const warm = (performance.now() - t1) / COMMON.length;

const pairs = [];
for (const a of COMMON) for (const b of COMMON) pairs.push([a, b]);
const t2 = performance.now();
let n = 0;
while (performance.now() - t2 < 1000) {
  for (const [a, b] of pairs) {
    compatibility(a, b);
    n++;
  }
}
const perSecond = n / ((performance.now() - t2) / 1000);

const LICENSES = ['GPL-2.0-only', 'MIT', 'Apache-2.0', 'MIT OR GPL-2.0-or-later', 'LGPL-2.1-only', 'AGPL-3.0-only'];
const files = [];
for (let f = 0; f < 5000; f++) {
  const matches = [];
  for (let m = 0; m < 20; m++) {
    matches.push({
      start: m * 20 + 1,
      end: m * 20 + 15,
      kind: 'snippet',
      channel: 'exact',
      similarity: 0.9,
      corpus: {
        name: `src${m}`,
        version: '1',
        purl: null,
        path: 'a.c',
        start: 1,
        end: 15,
        license: LICENSES[(f + m) % LICENSES.length],
      },
    });
  }
  files.push({
    path: `src/f${f}.c`,
    language: 'c',
    lines: 400,
    ai: f % 3 === 0 ? [{ start: 1, end: 100, agent: 'x', model: null, source: 'trailer', confidence: 1 }] : [],
    matches,
  });
}
const config = {
  ...DEFAULT_CONFIG,
  waivers: [{ index: 0, path: 'src/f1*.c', reason: 'r', approver: 'a', expires: null }],
};
const t3 = performance.now();
const { conflicts } = evaluateConflicts({ files, projectLicense: 'MIT', config, now: new Date() });
const evalMs = performance.now() - t3;

const body = `
| measure | value |
| --- | --- |
| LICENSE identification, first call (loads the common texts; the full list only when needed) | ${cold.toFixed(0)} ms |
| LICENSE identification, warm, per text | ${warm.toFixed(1)} ms |
| uncommon license (EPL-1.0) as the first call: simhash near-duplicate table, one reference loaded | ${uncommonCold.toFixed(0)} ms (${uncommonFirst}) |
| re-wrapped uncommon licenses (every 15th of the list) concluded at Dice ≥ 0.97, warm, per text | ${uncommonRight} / ${UNCOMMON.length}, ${uncommonWarm.toFixed(1)} ms |
| re-wrapped texts of ${COMMON.length} common licenses identified correctly | ${right} / ${COMMON.length} |
| compatibility verdicts (expression strings, 25 × 25 common licenses) | ${Math.round(perSecond).toLocaleString('en')} / s |
| evaluateConflicts: 5,000 files × 20 matches, one glob waiver | ${evalMs.toFixed(0)} ms (${conflicts.length.toLocaleString('en')} findings) |
`;
console.log(body);
writeSection('license', 'License layer', 'node bench/license.bench.mjs', body);
