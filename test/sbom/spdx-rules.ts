// The SPDX 2.3 rules a document must keep that the official JSON schema does not encode, read from the
// specification (clauses cited per check) with the SPDX tools' validators (spdx-tools 0.8, PyPI only, so not run
// here) as the reference for how they are applied. Returns one message per broken rule; an empty list means none.
import { createHash } from 'node:crypto';

// biome-ignore lint/suspicious/noExplicitAny: the checks walk an untyped JSON document
type Doc = Record<string, any>;

const SPDX_ID = /^SPDXRef-[A-Za-z0-9.-]+$/;
const CREATED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const LICENSE_REF = /\b(?:DocumentRef-[A-Za-z0-9.-]+:)?(LicenseRef-[A-Za-z0-9.-]+)/g;

/**
 * @param sizes byte size of each described file, by `fileName` (`./path`): byte ranges must lie inside the file
 */
export function spdxRuleErrors(doc: Doc, sizes: ReadonlyMap<string, number> = new Map()): string[] {
  const errors: string[] = [];
  const packages: Doc[] = doc['packages'] ?? [];
  const files: Doc[] = doc['files'] ?? [];
  const snippets: Doc[] = doc['snippets'] ?? [];
  const relationships: Doc[] = doc['relationships'] ?? [];

  // §6.3, §7.2, §8.2, §9.1: every element has a well-formed SPDX id, unique within the document
  const ids = new Map<string, string>();
  for (const [kind, element] of [
    ['document', doc] as const,
    ...packages.map((p) => ['package', p] as const),
    ...files.map((f) => ['file', f] as const),
    ...snippets.map((s) => ['snippet', s] as const),
  ]) {
    const id = element['SPDXID'];
    if (typeof id !== 'string' || !SPDX_ID.test(id)) errors.push(`${kind} has a malformed SPDXID ${String(id)}`);
    else if (ids.has(id)) errors.push(`SPDXID ${id} is used twice`);
    else ids.set(id, kind);
  }
  if (doc['SPDXID'] !== 'SPDXRef-DOCUMENT') errors.push('§6.3: the document SPDXID must be SPDXRef-DOCUMENT');
  if (doc['spdxVersion'] !== 'SPDX-2.3') errors.push('§6.1: spdxVersion must be SPDX-2.3');
  if (doc['dataLicense'] !== 'CC0-1.0') errors.push('§6.2: dataLicense must be CC0-1.0');

  // §6.5: the namespace is an absolute URI without a fragment
  const ns = doc['documentNamespace'];
  try {
    if (typeof ns !== 'string' || ns.includes('#')) throw new Error();
    new URL(ns);
  } catch {
    errors.push(`§6.5: documentNamespace ${String(ns)} is not an absolute URI without #`);
  }
  // §6.9: created is UTC, to the second
  if (!CREATED.test(doc['creationInfo']?.['created'] ?? '')) errors.push('§6.9: created must be YYYY-MM-DDThh:mm:ssZ');

  // §6.1/§11: the document describes something that exists
  const describes = [
    ...(doc['documentDescribes'] ?? []),
    ...relationships
      .filter((r) => r['spdxElementId'] === 'SPDXRef-DOCUMENT' && r['relationshipType'] === 'DESCRIBES')
      .map((r) => r['relatedSpdxElement']),
  ];
  if (describes.length === 0) errors.push('the document DESCRIBES no element');

  // §11.1: both ends of a relationship are elements of the document (or NONE/NOASSERTION, or another document's)
  const known = (id: unknown) =>
    typeof id === 'string' && (ids.has(id) || id === 'NONE' || id === 'NOASSERTION' || id.startsWith('DocumentRef-'));
  for (const r of relationships) {
    if (!known(r['spdxElementId'])) errors.push(`§11.1: relationship from unknown element ${r['spdxElementId']}`);
    if (!known(r['relatedSpdxElement']))
      errors.push(`§11.1: relationship to unknown element ${r['relatedSpdxElement']}`);
  }
  for (const id of describes) if (!known(id)) errors.push(`documentDescribes names unknown element ${id}`);

  const fileById = new Map(files.map((f) => [f['SPDXID'] as string, f] as const));
  for (const p of packages) {
    const id = p['SPDXID'];
    const contained = new Set<string>([
      ...relationships
        .filter((r) => r['spdxElementId'] === id && r['relationshipType'] === 'CONTAINS')
        .map((r) => r['relatedSpdxElement'] as string),
      ...relationships
        .filter((r) => r['relatedSpdxElement'] === id && r['relationshipType'] === 'CONTAINED_BY')
        .map((r) => r['spdxElementId'] as string),
      ...(p['hasFiles'] ?? []),
    ]);
    const containedFiles = [...contained].filter((c) => fileById.has(c));
    if (p['filesAnalyzed'] === false) {
      // §7.8: a package whose files were not analysed shall contain no files; §7.9 and §7.14 then do not apply
      if (containedFiles.length > 0)
        errors.push(`§7.8: package ${id} has filesAnalyzed false but contains ${containedFiles.length} file(s)`);
      if (p['packageVerificationCode'] !== undefined)
        errors.push(`§7.9: package ${id} has a verification code although filesAnalyzed is false`);
      if (p['licenseInfoFromFiles'] !== undefined)
        errors.push(`§7.14: package ${id} has licenseInfoFromFiles although filesAnalyzed is false`);
    } else {
      const code = p['packageVerificationCode'];
      if (code !== undefined) {
        // §7.9: SHA-1 of the concatenated, sorted SHA-1s of the package's files (excluded files left out)
        const excluded = new Set<string>(code['packageVerificationCodeExcludedFiles'] ?? []);
        const sums = containedFiles
          .map((f) => fileById.get(f))
          .filter((f) => f !== undefined && !excluded.has(f['fileName']))
          .map((f) => (f!['checksums'] as Doc[]).find((c) => c['algorithm'] === 'SHA1')?.['checksumValue'] as string)
          .sort();
        const expected = createHash('sha1').update(sums.join('')).digest('hex');
        if (code['packageVerificationCodeValue'] !== expected)
          errors.push(`§7.9: package ${id} verification code is not the SHA-1 of its files' SHA-1s`);
      }
      // §7.14: the licenses found in the files, each one listed in some file's licenseInfoInFiles
      const inFiles = new Set(containedFiles.flatMap((f) => fileById.get(f)?.['licenseInfoInFiles'] ?? []));
      for (const l of p['licenseInfoFromFiles'] ?? []) {
        if (l !== 'NOASSERTION' && l !== 'NONE' && !inFiles.has(l))
          errors.push(`§7.14: package ${id} lists ${l}, found in none of its files`);
      }
    }
  }

  // §8.4: every file has a SHA-1 checksum
  for (const f of files) {
    const sha1 = (f['checksums'] ?? []).find((c: Doc) => c['algorithm'] === 'SHA1');
    if (!sha1 || !/^[0-9a-f]{40}$/.test(sha1['checksumValue'])) errors.push(`§8.4: file ${f['fileName']} has no SHA-1`);
  }

  for (const s of snippets) {
    const id = s['SPDXID'];
    const from = s['snippetFromFile'];
    // §9.2: the snippet's host file is a file of this document
    if (!fileById.has(from)) errors.push(`§9.2: snippet ${id} is from ${from}, not a file of this document`);
    const ranges: Doc[] = s['ranges'] ?? [];
    const byteRanges = ranges.filter((r) => 'offset' in (r['startPointer'] ?? {}));
    const lineRanges = ranges.filter((r) => 'lineNumber' in (r['startPointer'] ?? {}));
    // §9.3: exactly one byte range, 1 <= start <= end <= the file's size
    if (byteRanges.length !== 1) errors.push(`§9.3: snippet ${id} has ${byteRanges.length} byte ranges, not 1`);
    const size = sizes.get(fileById.get(from)?.['fileName'] ?? '');
    for (const r of byteRanges) {
      const start = r['startPointer']['offset'];
      const end = r['endPointer']?.['offset'];
      if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 1 && start <= end))
        errors.push(`§9.3: snippet ${id} byte range ${start}:${end} is not 1 <= start <= end`);
      if (size !== undefined && end > size) errors.push(`§9.3: snippet ${id} byte range ends past the file (${size})`);
    }
    // §9.4: at most one line range, 1 <= start <= end
    if (lineRanges.length > 1) errors.push(`§9.4: snippet ${id} has ${lineRanges.length} line ranges`);
    for (const r of lineRanges) {
      const start = r['startPointer']['lineNumber'];
      const end = r['endPointer']?.['lineNumber'];
      if (!(start >= 1 && start <= end)) errors.push(`§9.4: snippet ${id} line range ${start}:${end} is inverted`);
    }
    for (const r of ranges) {
      if (r['startPointer']?.['reference'] !== from || r['endPointer']?.['reference'] !== from)
        errors.push(`§9.3: snippet ${id} range points into another element than its file`);
    }
  }

  // §10.1: every LicenseRef used is declared in hasExtractedLicensingInfos
  const declared = new Set((doc['hasExtractedLicensingInfos'] ?? []).map((l: Doc) => l['licenseId']));
  const used = new Set<string>();
  const collect = (v: unknown) => {
    if (typeof v === 'string') for (const m of v.matchAll(LICENSE_REF)) used.add(m[1] as string);
    else if (Array.isArray(v)) v.forEach(collect);
  };
  for (const e of [...packages, ...files, ...snippets]) {
    for (const key of [
      'licenseConcluded',
      'licenseDeclared',
      'licenseInfoInFiles',
      'licenseInfoFromFiles',
      'licenseInfoInSnippets',
    ])
      collect(e[key]);
  }
  for (const id of used) if (!declared.has(id)) errors.push(`§10.1: ${id} is used but not declared`);
  return errors;
}
