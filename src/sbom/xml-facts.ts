// CycloneDX XML: the library's XML normalisation of the models, plus the same provscan extras as the JSON form
// (extras.ts), written as XML elements in the order the XSD's sequences demand.
import type * as CDX from '@cyclonedx/cyclonedx-library';
import type { BuiltBom } from './built-bom.js';
import type { JsonAnnotation, JsonCommit, JsonEvidence, JsonProperty, JsonVariant, ProvscanExtras } from './extras.js';
import type { JsonLicenseChoice } from './licenses.js';
import type { CdxVersion } from './spec.js';

type El = CDX.Serialize.XML.Types.SimpleXml.Element;
type Child = El | CDX.Serialize.XML.Types.SimpleXml.Comment;

// Child order of the XSD sequences we insert into (union over 1.5-1.7; absent names are simply skipped).
const BOM_ORDER = [
  'metadata',
  'components',
  'services',
  'externalReferences',
  'dependencies',
  'compositions',
  'properties',
  'vulnerabilities',
  'annotations',
  'formulation',
  'declarations',
  'definitions',
];
const COMPONENT_ORDER = [
  'supplier',
  'manufacturer',
  'authors',
  'author',
  'publisher',
  'group',
  'name',
  'version',
  'versionRange',
  'isExternal',
  'description',
  'scope',
  'hashes',
  'licenses',
  'copyright',
  'patentAssertions',
  'cpe',
  'purl',
  'omniborId',
  'swhid',
  'swid',
  'modified',
  'pedigree',
  'externalReferences',
  'properties',
  'components',
  'evidence',
  'releaseNotes',
  'modelCard',
  'data',
  'cryptoProperties',
  'tags',
];

function el(
  name: string,
  children?: ReadonlyArray<Child | undefined> | string | number,
  attributes?: Record<string, string | undefined>,
): El {
  return {
    type: 'element',
    name,
    ...(attributes ? { attributes } : {}),
    ...(children === undefined
      ? {}
      : {
          children:
            typeof children === 'string' || typeof children === 'number'
              ? children
              : children.filter((c): c is Child => c !== undefined),
        }),
  };
}

function childrenOf(e: El): Child[] {
  if (e.children === undefined || typeof e.children === 'string' || typeof e.children === 'number') return [];
  return [...e.children];
}

/** Inserts `child` before the first existing child that the XSD sequence puts after it. */
function insertOrdered(parent: El, child: El, order: ReadonlyArray<string>): void {
  const kids = childrenOf(parent);
  const rank = order.indexOf(child.name);
  const at = kids.findIndex((k) => k.type === 'element' && order.indexOf(k.name) > rank);
  kids.splice(at < 0 ? kids.length : at, 0, child);
  parent.children = kids;
}

function licensesEl(list: ReadonlyArray<JsonLicenseChoice>): El {
  return el(
    'licenses',
    list.map((l) =>
      'expression' in l
        ? el('expression', l.expression, l.acknowledgement ? { acknowledgement: l.acknowledgement } : undefined)
        : el(
            'license',
            [l.license.id !== undefined ? el('id', l.license.id) : el('name', l.license.name ?? '')],
            l.license.acknowledgement ? { acknowledgement: l.license.acknowledgement } : undefined,
          ),
    ),
  );
}

function propertiesEl(list: ReadonlyArray<JsonProperty>): El {
  return el(
    'properties',
    list.map((p) => el('property', p.value, { name: p.name })),
  );
}

function evidenceEl(e: JsonEvidence): El {
  const identities = Array.isArray(e.identity) ? e.identity : [e.identity];
  return el('evidence', [
    ...identities.map((i) =>
      el('identity', [
        el('field', i.field),
        el('confidence', i.confidence),
        i.concludedValue !== undefined ? el('concludedValue', i.concludedValue) : undefined,
        el(
          'methods',
          i.methods.map((m) =>
            el('method', [el('technique', m.technique), el('confidence', m.confidence), el('value', m.value)]),
          ),
        ),
        el(
          'tools',
          i.tools.map((t) => el('tool', undefined, { ref: t })),
        ),
      ]),
    ),
    el(
      'occurrences',
      e.occurrences.map((o) =>
        el('occurrence', [
          el('location', o.location),
          o.line !== undefined ? el('line', o.line) : undefined,
          o.additionalContext !== undefined ? el('additionalContext', o.additionalContext) : undefined,
        ]),
      ),
    ),
    licensesEl(e.licenses),
  ]);
}

function variantEl(v: JsonVariant): El {
  return el(
    'component',
    [
      el('name', v.name),
      v.version !== undefined ? el('version', v.version) : undefined,
      licensesEl(v.licenses),
      v.copyright !== undefined ? el('copyright', v.copyright) : undefined,
      v.purl !== undefined ? el('purl', v.purl) : undefined,
      propertiesEl(v.properties),
      evidenceEl(v.evidence),
    ],
    { type: v.type, 'bom-ref': v['bom-ref'] },
  );
}

function actionEl(name: string, a: JsonCommit['author']): El {
  return el(name, [
    el('timestamp', a.timestamp),
    el('name', a.name),
    a.email !== undefined ? el('email', a.email) : undefined,
  ]);
}

function commitEl(c: JsonCommit): El {
  return el('commit', [
    el('uid', c.uid),
    actionEl('author', c.author),
    actionEl('committer', c.committer),
    el('message', c.message),
  ]);
}

function annotationEl(a: JsonAnnotation): El {
  const c = a.annotator.component;
  return el(
    'annotation',
    [
      el(
        'subjects',
        a.subjects.map((s) => el('subject', undefined, { ref: s })),
      ),
      el('annotator', [el('component', [el('name', c.name), el('version', c.version)], { type: c.type })]),
      el('timestamp', a.timestamp),
      el('text', a.text),
    ],
    { 'bom-ref': a['bom-ref'] },
  );
}

/** The XML twin of `addProvscanFacts`: omniborId and pedigree on file components, then the annotations. */
export function addProvscanFactsXml(bom: El, extras: ProvscanExtras): void {
  const components = childrenOf(bom).find((c): c is El => c.type === 'element' && c.name === 'components');
  for (const component of components ? childrenOf(components) : []) {
    if (component.type !== 'element') continue;
    const ref = component.attributes?.['bom-ref'];
    const add = typeof ref === 'string' ? extras.components.get(ref) : undefined;
    if (!add) continue;
    for (const id of add.omniborId ?? []) insertOrdered(component, el('omniborId', id), COMPONENT_ORDER);
    if (add.pedigree) {
      const p = add.pedigree;
      insertOrdered(
        component,
        el('pedigree', [
          p.variants ? el('variants', p.variants.map(variantEl)) : undefined,
          p.commits ? el('commits', p.commits.map(commitEl)) : undefined,
        ]),
        COMPONENT_ORDER,
      );
    }
  }
  if (extras.annotations.length > 0)
    insertOrdered(bom, el('annotations', extras.annotations.map(annotationEl)), BOM_ORDER);
}

/** Normalises the models to XML, adds the extras, serialises with two-space indentation. */
export function renderXml(built: BuiltBom, _version: CdxVersion): string {
  const { lib } = built;
  const factory = new lib.Serialize.XML.Normalize.Factory(built.spec);
  const root = factory.makeForBom().normalize(built.bom, { sortLists: true });
  addProvscanFactsXml(root, built.extras);
  const serializer = new ElementSerializer(lib, factory);
  return `${xmlSafe(serializer.stringify(root))}\n`;
}

/**
 * Characters XML 1.0 forbids even as references (C0 controls other than tab and line breaks, U+FFFE, U+FFFF) become
 * U+FFFD. Git takes them in commit messages, author names and file names (an ANSI colour code pasted into a message,
 * a form feed in an old source file's header), and one of them would make the whole document unreadable.
 */
export function xmlSafe(xml: string): string {
  return xml.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD');
}

/** The library's XML serialiser, fed an element tree we completed instead of a model. */
function ElementSerializerOf(lib: typeof CDX) {
  return class extends lib.Serialize.XmlSerializer {
    stringify(root: El): string {
      return this._serialize(root, { space: 2 });
    }
  };
}

class ElementSerializer {
  private readonly inner: { stringify(root: El): string };
  constructor(lib: typeof CDX, factory: CDX.Serialize.XML.Normalize.Factory) {
    const Impl = ElementSerializerOf(lib);
    this.inner = new Impl(factory);
  }
  stringify(root: El): string {
    return this.inner.stringify(root);
  }
}
