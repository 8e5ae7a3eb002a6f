// A corpus recipe: the list of sources one corpus is built from (YAML or JSON; format in docs/corpus.md). Read and
// validated whole before anything is fetched, so a typo fails at once with its line, not hours into a build.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isSpdxExpression } from '../license/expression.js';
import { InputError } from '../errors.js';

/** One source of a recipe, as `openInput` takes it: `target` is `deb:…`, `npm:…` or an absolute path. */
export interface RecipeSource {
  /** How the recipe names it (`deb:glibc`, `npm:tinymce@7.6.0`, `path:vendor/foo`), for messages. */
  readonly label: string;
  readonly target: string;
  /** Line of the entry in the recipe file (1-based). */
  readonly line: number;
  readonly name?: string;
  readonly version?: string;
  readonly license?: string;
  readonly purl?: string;
  /** A local path's kind when detection would guess wrong. */
  readonly type?: 'npm' | 'debian';
  readonly include: ReadonlyArray<string>;
  readonly exclude: ReadonlyArray<string>;
  /** deb sources: tarballs inside the package to unpack before the ingest. */
  readonly unpack: ReadonlyArray<string>;
}

export interface Recipe {
  readonly file: string;
  readonly name: string;
  readonly description?: string;
  readonly sources: ReadonlyArray<RecipeSource>;
}

const TOP_KEYS = new Set(['name', 'description', 'sources']);
const KIND_KEYS = ['deb', 'npm', 'path'] as const;
const SOURCE_KEYS: Record<(typeof KIND_KEYS)[number], ReadonlySet<string>> = {
  deb: new Set(['deb', 'license', 'include', 'exclude', 'unpack']),
  npm: new Set(['npm', 'license', 'include', 'exclude']),
  path: new Set(['path', 'name', 'version', 'license', 'purl', 'type', 'include', 'exclude']),
};

/** Reads and validates a recipe file. @throws InputError naming the file, the line and what is wrong. */
export async function readRecipe(file: string): Promise<Recipe> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new InputError(file, `cannot be read (${(err as { code?: string }).code ?? (err as Error).message})`);
  }
  const { LineCounter, isMap, isSeq, parseDocument } = await import('yaml');
  const lines = new LineCounter();
  // YAML 1.2 reads JSON as it is, so one parser serves both formats
  const doc = parseDocument(text, { uniqueKeys: true, lineCounter: lines });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new InputError(
      file,
      `${pos ? `line ${pos.line}: ` : ''}not valid YAML or JSON (${first.message.split('\n')[0]})`,
    );
  }
  const lineOf = (node: unknown): number => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lines.linePos(range[0]).line : 1;
  };
  const fail = (node: unknown, problem: string): never => {
    throw new InputError(file, `line ${lineOf(node)}: ${problem}`);
  };
  const root = doc.contents;
  if (!isMap(root)) fail(root, 'a recipe is a mapping with a `sources` list');
  const top = doc.toJS() as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (!TOP_KEYS.has(key)) fail(root, `unknown key "${key}" (expected name, description, sources)`);
  }
  const seq = doc.get('sources', true);
  if (!isSeq(seq) || seq.items.length === 0) fail(seq ?? root, '`sources` must be a non-empty list');
  const base = dirname(resolve(file));
  const strings = (node: unknown, value: unknown, key: string): string[] => {
    if (value === undefined) return [];
    const list = typeof value === 'string' ? [value] : value;
    if (!Array.isArray(list) || !list.every((v) => typeof v === 'string' && v.trim() !== ''))
      fail(node, `\`${key}\` must be a glob or a list of globs`);
    return list as string[];
  };
  const sources: RecipeSource[] = [];
  for (const [i, item] of (seq as { items: unknown[] }).items.entries()) {
    const line = lineOf(item);
    const where = `sources[${i}]`;
    const value = (item as { toJSON?: () => unknown }).toJSON?.() ?? (item as { value?: unknown }).value;
    let entry: Record<string, unknown>;
    if (typeof value === 'string') {
      const m = /^(deb|npm|path):(.+)$/.exec(value.trim());
      if (!m) fail(item, `${where}: "${value}" is not deb:PACKAGE[=VERSION], npm:SPEC or path:PATH`);
      entry = { [m![1]!]: m![2]!.trim() };
    } else if (value && typeof value === 'object' && !Array.isArray(value)) {
      entry = value as Record<string, unknown>;
    } else {
      fail(item, `${where}: expected deb:…, npm:…, path:… or a mapping with one of the keys deb, npm, path`);
    }
    const kinds = KIND_KEYS.filter((k) => entry![k] !== undefined);
    if (kinds.length !== 1) fail(item, `${where}: give exactly one of deb, npm, path`);
    const kind = kinds[0]!;
    for (const key of Object.keys(entry!)) {
      if (!SOURCE_KEYS[kind].has(key))
        fail(
          item,
          `${where}: unknown key "${key}" for a ${kind} source (expected ${[...SOURCE_KEYS[kind]].join(', ')})`,
        );
    }
    const str = (key: string): string | undefined => {
      const v = entry![key];
      if (v === undefined) return undefined;
      if (typeof v === 'number') return String(v);
      if (typeof v !== 'string' || v.trim() === '') fail(item, `${where}: \`${key}\` must be a non-empty string`);
      return (v as string).trim();
    };
    const spec = str(kind)!;
    const license = str('license');
    if (license !== undefined && !isSpdxExpression(license))
      fail(item, `${where}: license "${license}" is not a valid SPDX expression`);
    const type = str('type');
    if (type !== undefined && type !== 'npm' && type !== 'debian')
      fail(item, `${where}: \`type\` is npm or debian, not "${type}"`);
    const common = {
      line,
      include: strings(item, entry!['include'], 'include'),
      exclude: strings(item, entry!['exclude'], 'exclude'),
      unpack: strings(item, entry!['unpack'], 'unpack'),
      ...(license !== undefined ? { license } : {}),
    };
    if (kind === 'path') {
      const name = str('name');
      const version = str('version');
      const purl = str('purl');
      sources.push({
        label: `path:${spec}`,
        target: resolve(base, spec),
        ...common,
        ...(name !== undefined ? { name } : {}),
        ...(version !== undefined ? { version } : {}),
        ...(purl !== undefined ? { purl } : {}),
        ...(type !== undefined ? { type: type as 'npm' | 'debian' } : {}),
      });
    } else sources.push({ label: `${kind}:${spec}`, target: `${kind}:${spec}`, ...common });
  }
  const name = typeof top['name'] === 'string' ? top['name'] : (file.split('/').pop() ?? file).replace(/\.\w+$/, '');
  const description = typeof top['description'] === 'string' ? top['description'] : undefined;
  return { file, name, ...(description !== undefined ? { description } : {}), sources };
}
