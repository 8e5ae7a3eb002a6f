// The parts of provscan's BOM that @cyclonedx/cyclonedx-library does not model (annotations, pedigree, evidence
// identity/occurrences, omniborId), built once as CycloneDX JSON fragments. `addProvscanFacts` puts them into the
// normalised JSON document; xml-facts.ts turns the same fragments into XML elements.
import { createRequire } from 'node:module';
import type { FileResult, ScanResult, SnippetMatch } from '../model.js';
import { commitMessage, commitsOf, conflictSentence, fileSentence } from './facts.js';
import { type JsonLicenseChoice, licenseChoice } from './licenses.js';
import { matchedShare, similarityText } from '../util/similarity.js';
import { formatSpans } from './ranges.js';
import type { CdxFeatures } from './spec.js';

/** bom-refs provscan gives its parts; `prefix` keeps them apart from refs of a BOM we merge into. */
export class Refs {
  constructor(readonly prefix = '') {}
  get tool(): string {
    return `${this.prefix}provscan`;
  }
  get project(): string {
    return `${this.prefix}project`;
  }
  file(path: string): string {
    return `${this.prefix}file:${path}`;
  }
  corpus(label: string): string {
    return `${this.prefix}corpus:${label}`;
  }
  match(path: string, index: number): string {
    return `${this.prefix}match:${path}#${index + 1}`;
  }
  fileAnnotation(path: string): string {
    return `${this.prefix}annotation:file:${path}`;
  }
  conflictAnnotation(key: string): string {
    return `${this.prefix}annotation:conflict:${key}`;
  }
  all(result: ScanResult, files: ReadonlyArray<FileResult>): string[] {
    return [
      this.tool,
      this.project,
      ...result.corpora.map((c) => this.corpus(c.label)),
      ...files.flatMap((f) => [
        this.file(f.path),
        this.fileAnnotation(f.path),
        ...f.matches.map((_, i) => this.match(f.path, i)),
      ]),
      ...result.conflicts.map((c, i) => this.conflictAnnotation(c.id ?? String(i + 1))),
    ];
  }
}

export interface JsonProperty {
  name: string;
  value: string;
}

export interface JsonVariant {
  type: 'library';
  'bom-ref': string;
  name: string;
  version?: string;
  licenses: JsonLicenseChoice[];
  /** The matched file's copyright statements, one per line, as the corpus recorded them. */
  copyright?: string;
  purl?: string;
  properties: JsonProperty[];
  evidence: JsonEvidence;
}

export interface JsonIdentity {
  field: 'purl' | 'name';
  confidence: number;
  concludedValue?: string;
  methods: { technique: string; confidence: number; value: string }[];
  tools: string[];
}

export interface JsonEvidence {
  identity: JsonIdentity | JsonIdentity[];
  occurrences: { location: string; line?: number; additionalContext?: string }[];
  licenses: JsonLicenseChoice[];
}

/**
 * Who authored or committed a commit. `email` is left out when git's value is not a mailbox the CycloneDX schema
 * accepts (its `idn-email` format): git takes any text, and real histories hold `root@(none)`, `dev@localhost`,
 * empty addresses and bot addresses such as `49699333+dependabot[bot]@users.noreply.github.com`.
 */
export interface JsonAction {
  timestamp: string;
  name: string;
  email?: string;
}

const require = createRequire(import.meta.url);
/**
 * The `idn-email` check of ajv-formats-draft2019, the one the CycloneDX library's validator applies: loaded on first
 * use (~7 ms), not by every command that shares this module (scan, stats, blame).
 */
let isIdnEmail: ((value: string) => boolean) | undefined;

function action(a: { time: string; name: string; email: string }): JsonAction {
  isIdnEmail ??= require('ajv-formats-draft2019/formats/idn-email.js') as (value: string) => boolean;
  return { timestamp: a.time, name: a.name, ...(isIdnEmail(a.email) ? { email: a.email } : {}) };
}

export interface JsonCommit {
  uid: string;
  author: JsonAction;
  committer: JsonAction;
  message: string;
}

export interface ComponentExtras {
  omniborId?: string[];
  pedigree?: { commits?: JsonCommit[]; variants?: JsonVariant[] };
}

export interface JsonAnnotation {
  'bom-ref': string;
  subjects: string[];
  annotator: { component: { type: 'application'; name: string; version: string } };
  timestamp: string;
  text: string;
}

export interface ProvscanExtras {
  /** By file component bom-ref. */
  readonly components: ReadonlyMap<string, ComponentExtras>;
  readonly annotations: ReadonlyArray<JsonAnnotation>;
}

export interface ExtrasContext {
  readonly refs: Refs;
  readonly features: CdxFeatures;
  readonly isSpdxId: (id: string) => boolean;
}

/** Technique for snippet evidence: the fingerprints come from the source text (documented in docs/sbom.md). */
const TECHNIQUE = 'source-code-analysis';

export function buildExtras(result: ScanResult, files: ReadonlyArray<FileResult>, ctx: ExtrasContext): ProvscanExtras {
  const components = new Map<string, ComponentExtras>();
  const annotator = {
    component: { type: 'application' as const, name: result.tool.name, version: result.tool.version },
  };
  const annotations: JsonAnnotation[] = [];
  const described = new Set(files.map((f) => f.path));
  for (const file of files) {
    const ref = ctx.refs.file(file.path);
    const extras: ComponentExtras = {};
    if (file.blob && ctx.features.omniborId) extras.omniborId = [`gitoid:blob:sha1:${file.blob}`];
    const commits = commitsOf(file, result).map(
      (c): JsonCommit => ({
        uid: c.sha,
        author: action(c.author),
        committer: action(c.committer),
        message: commitMessage(c),
      }),
    );
    const variants = file.matches.map((m, i) => variantOf(file, m, ctx.refs.match(file.path, i), ctx));
    if (commits.length > 0 || variants.length > 0) {
      extras.pedigree = {
        ...(commits.length > 0 ? { commits } : {}),
        ...(variants.length > 0 ? { variants } : {}),
      };
    }
    components.set(ref, extras);
    if (file.ai.length > 0 || file.matches.length > 0) {
      annotations.push({
        'bom-ref': ctx.refs.fileAnnotation(file.path),
        subjects: [ref],
        annotator,
        timestamp: result.generatedAt,
        text: fileSentence(file, result),
      });
    }
  }
  result.conflicts.forEach((c, i) => {
    annotations.push({
      'bom-ref': ctx.refs.conflictAnnotation(c.id ?? String(i + 1)),
      subjects: [described.has(c.path) ? ctx.refs.file(c.path) : ctx.refs.project],
      annotator,
      timestamp: result.generatedAt,
      text: conflictSentence(c),
    });
  });
  return { components, annotations };
}

function variantOf(file: FileResult, m: SnippetMatch, ref: string, ctx: ExtrasContext): JsonVariant {
  const c = m.corpus;
  // How sure the identification is: the share of the range that matched at all (identical or after abstraction).
  const confidence = Math.round(matchedShare(m) * 1000) / 1000;
  const ours = formatSpans([m]);
  const theirs = `${c.path}:${c.start}-${c.end}`;
  const identity: JsonIdentity = {
    field: c.purl ? 'purl' : 'name',
    confidence,
    ...(ctx.features.concludedValue ? { concludedValue: c.purl ?? c.name } : {}),
    methods: [
      {
        technique: TECHNIQUE,
        confidence,
        value: `${m.channel} winnowing fingerprints: ${file.path} lines ${ours} match ${theirs}${m.tokens ? ` (${m.tokens} tokens)` : ''}: ${similarityText(m)}`,
      },
    ],
    tools: [ctx.refs.tool],
  };
  const properties: JsonProperty[] = [
    { name: 'provscan:match:channel', value: m.channel },
    { name: 'provscan:match:kind', value: m.kind },
    { name: 'provscan:match:lines', value: ours },
    { name: 'provscan:match:similarity', value: m.similarity.toFixed(3) },
    { name: 'provscan:match:abstract-share', value: (m.abstractShare ?? 0).toFixed(3) },
    { name: 'provscan:match:source-lines', value: `${c.start}-${c.end}` },
    { name: 'provscan:match:source-path', value: c.path },
  ];
  if (c.db) properties.push({ name: 'provscan:match:corpus', value: c.db });
  if (m.fingerprint) properties.push({ name: 'provscan:match:fingerprint', value: m.fingerprint });
  if (m.tokens !== undefined) properties.push({ name: 'provscan:match:tokens', value: String(m.tokens) });
  properties.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return {
    type: 'library',
    'bom-ref': ref,
    name: c.name,
    ...(c.version ? { version: c.version } : {}),
    licenses: [licenseChoice(c.license, 'concluded', ctx.features, ctx.isSpdxId)],
    ...(c.copyrights && c.copyrights.length > 0 ? { copyright: c.copyrights.join('\n') } : {}),
    ...(c.purl ? { purl: c.purl } : {}),
    properties,
    evidence: {
      identity: ctx.features.identityArray ? [identity] : identity,
      occurrences: [
        ctx.features.occurrenceDetail
          ? { location: file.path, line: m.start, additionalContext: `lines ${ours} match ${theirs}` }
          : { location: file.path },
      ],
      licenses: [licenseChoice(c.license, undefined, ctx.features, ctx.isSpdxId)],
    },
  };
}

type JsonObject = Record<string, unknown>;

/**
 * THE step that adds what the library cannot model to its normalised JSON document: omniborId and pedigree on file
 * components (found by bom-ref), and the annotations. Keys are placed where the schema lists them so the output
 * reads like any other CycloneDX document.
 */
/**
 * Writes `dependsOn: []` on dependency entries without one. The schema makes the list optional and an entry without
 * it already means "no dependencies", but validators in use (cdxgen's `cdx-validate`) read its length and fail.
 */
export function completeDependencies(doc: JsonObject): void {
  if (!Array.isArray(doc['dependencies'])) return;
  for (const entry of doc['dependencies'] as unknown[]) {
    if (entry !== null && typeof entry === 'object' && !Array.isArray((entry as JsonObject)['dependsOn'])) {
      (entry as JsonObject)['dependsOn'] = [];
    }
  }
}

export function addProvscanFacts(doc: JsonObject, extras: ProvscanExtras): void {
  completeDependencies(doc);
  const components = Array.isArray(doc['components']) ? (doc['components'] as JsonObject[]) : [];
  for (const component of components) {
    const ref = component['bom-ref'];
    const add = typeof ref === 'string' ? extras.components.get(ref) : undefined;
    if (!add) continue;
    if (add.omniborId) component['omniborId'] = add.omniborId;
    if (add.pedigree) component['pedigree'] = add.pedigree;
  }
  if (extras.annotations.length > 0) {
    doc['annotations'] = [
      ...(Array.isArray(doc['annotations']) ? (doc['annotations'] as unknown[]) : []),
      ...extras.annotations,
    ];
  }
}
