import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { addToCorpus } from '../../src/corpus/api.js';
import { openCorpora } from '../../src/corpus/index.js';
import { fingerprintText, isSkipped, lex, prepareFile } from '../../src/fingerprint/index.js';
import { helperRegions } from '../../src/fingerprint/helpers.js';
import { filler, realCode, slice } from '../corpus/helpers.js';
import { tempDir } from '../helpers/repo.js';

// Real compiler output from installed packages: tsc's CommonJS helpers and enums (the CycloneDX library's build) and
// esbuild's module preamble (esbuild's own bundle).
const TSC_INDEX = realCode('@cyclonedx/cyclonedx-library/dist.node/contrib/bom/index.js');
const TSC_ENUM = realCode('@cyclonedx/cyclonedx-library/dist.node/enums/componentScope.js');
const ESBUILD = realCode('esbuild/lib/main.js');

const regionLines = (text: string, language = 'javascript') => {
  const tokens = lex(text, language);
  return helperRegions(text, tokens, language).map(([s, e]) => [
    text.slice(tokens.starts[s]!, tokens.ends[s + 1]!),
    tokens.startLines[s]!,
    tokens.endLines[e - 1]!,
  ]);
};

describe('compiler-emitted helpers', () => {
  it("finds tsc's CommonJS helper definitions, each up to the end of its statement", () => {
    const lines = TSC_INDEX.split('\n');
    const regions = regionLines(TSC_INDEX);
    expect(regions.map((r) => r[0])).toEqual(['var __createBinding', 'var __setModuleDefault', 'var __importStar']);
    // the block ends where the module's own code starts
    const last = regions[regions.length - 1]!;
    expect(lines[(last[2] as number) - 1]).toMatch(/^\}\)\(\);/);
    expect(lines[last[2] as number]).toMatch(/^Object\.defineProperty\(exports/);
  });

  it("finds esbuild's module preamble and tsc's compiled enums, but not a namespace's code", () => {
    const names = regionLines(ESBUILD).map((r) => r[0]);
    expect(names).toEqual(expect.arrayContaining(['var __defProp', 'var __export', 'var __toESM', 'var __toCommonJS']));
    const enums = regionLines(TSC_ENUM);
    expect(enums).toHaveLength(1);
    expect(enums[0]![0]).toBe('(function');
    const namespace =
      'var NS;\n(function (NS) {\n  function helper(a) { return a + 1; }\n  NS.run = helper;\n})(NS || (NS = {}));\n';
    expect(regionLines(namespace)).toEqual([]);
  });

  it('ends a helper declared without a body at its line, so the code after it is kept', () => {
    const text = [
      'export declare function __awaiter(thisArg: any, _arguments: any, P: Function, generator: Function): any;',
      'export function realWork(a: number, b: number): number {',
      '  return a * b + 1;',
      '}',
    ].join('\n');
    const regions = regionLines(text, 'typescript');
    expect(regions).toEqual([['function __awaiter', 1, 1]]);
  });

  it('leaves other languages alone', () => {
    expect(regionLines('function __awaiter() { return 1; }\nint x = 1;\n', 'c')).toEqual([]);
  });

  it('keeps no fingerprint that touches a helper, and all the others', () => {
    const helpers = slice(TSC_INDEX, 20, 33).join('\n');
    const own = filler(40).join('\n');
    const both = fingerprintText(`${helpers}\n${own}\n`, 'javascript');
    const alone = fingerprintText(`${own}\n`, 'javascript');
    expect(both.exact.hashes.length).toBeGreaterThan(0);
    expect([...both.exact.hashes].sort()).toEqual([...alone.exact.hashes].sort());
  });
});

describe('matching compiled code', () => {
  const tmp = tempDir('provscan-helpers-');
  afterAll(() => tmp.cleanup());

  it('does not report two projects as copies because one compiler wrote the same helpers into both', async () => {
    const helpers = slice(TSC_INDEX, 20, 33);
    const dir = join(tmp.path, 'corpus');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.js'), [...helpers, ...filler(80, 3)].join('\n'));
    // The same block with the helpers renamed is ordinary code, and a copy of it is found: the names make the
    // difference, not the code.
    const renamed = helpers.map((l) => l.replace(/__(createBinding|setModuleDefault|importStar)/g, 'copied_$1'));
    writeFileSync(join(dir, 'copied.js'), [...renamed, ...filler(80, 4)].join('\n'));
    const db = join(tmp.path, 'corpus.db');
    await addToCorpus(dir, { db, name: 'compiled-gpl-package', license: 'GPL-3.0-only' });
    const set = await openCorpora([db]);
    try {
      const scan = async (lines: string[]) => {
        const prepared = prepareFile('dist/index.js', Buffer.from(`${lines.join('\n')}\n`));
        if (isSkipped(prepared)) throw new Error(prepared.reason);
        return set.matchFile(prepared);
      };
      expect(await scan([...helpers, ...filler(80, 5)])).toEqual([]);
      const copied = await scan([...renamed, ...filler(80, 6)]);
      expect(copied).toHaveLength(1);
      expect(copied[0]!.corpus.path).toBe('copied.js');
    } finally {
      await set.close();
    }
  });
});
