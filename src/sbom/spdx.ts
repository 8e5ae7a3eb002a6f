// SPDX 2.3 JSON for legal teams that require SPDX: the project as a package, each described file with its SHA1
// (required by SPDX 2.3) and SHA256, and one Snippet per match with its byte range (mandatory, §9.3) and line range
// and its concluded license. The package is analysed (filesAnalyzed true) exactly when it contains files; its
// verification code (§7.9) is given only when every scanned file is described (--all-files).
import { createHash, randomUUID } from 'node:crypto';
import { InputError } from '../errors.js';
import type { ScanResult } from '../model.js';
import { concludedLicense, describeSource, fileSentence, filesToDescribe } from './facts.js';
import { similarityText } from '../util/similarity.js';
import { formatSpans } from './ranges.js';

export interface SpdxOptions {
  /** `urn:uuid:…`: its uuid names the document namespace, so a fixed serial gives a fixed document. */
  readonly serial?: string;
  readonly allFiles?: boolean;
}

const ID_CHARS = /[^A-Za-z0-9.-]/g;
const LICENSE_TOKEN = /[A-Za-z0-9.+:-]+/g;
const OPERATORS = new Set(['AND', 'OR', 'WITH']);

/** SPDX ids may use letters, digits, `.` and `-` only. */
function spdxId(kind: string, index: number, name: string): string {
  return `SPDXRef-${kind}-${index}-${name.replace(ID_CHARS, '-')}`.slice(0, 200);
}

/**
 * A license as SPDX writes it: expressions pass through; a name that is not an expression becomes a LicenseRef.
 * Collects LicenseRef- ids for `hasExtractedLicensingInfos`.
 */
function licenseOf(expression: string | null | undefined, refs: Map<string, string>): string {
  if (!expression || expression === 'NOASSERTION' || expression === 'NONE') return expression || 'NOASSERTION';
  const valid = /^[A-Za-z0-9.+:()\s-]+$/.test(expression);
  const expr = valid ? expression : `LicenseRef-${expression.replace(/[^A-Za-z0-9.-]/g, '-')}`;
  for (const token of expr.match(LICENSE_TOKEN) ?? []) {
    const id = token.replace(/^DocumentRef-[^:]+:/, '');
    if (id.startsWith('LicenseRef-') && !refs.has(id)) refs.set(id, valid ? expression : `${expression}`);
  }
  return expr;
}

/** The license ids in an expression (what `licenseInfoInFiles` / `licenseInfoInSnippets` list). */
function idsOf(expression: string): string[] {
  const tokens = (expression.match(LICENSE_TOKEN) ?? []).filter((t) => !OPERATORS.has(t));
  // An exception id follows WITH; SPDX lists licenses only.
  const withExceptions = [...expression.matchAll(/\bWITH\s+([A-Za-z0-9.+-]+)/g)].map((m) => m[1]);
  const ids = tokens.filter((t) => !withExceptions.includes(t));
  return ids.length > 0 ? [...new Set(ids)].sort() : ['NOASSERTION'];
}

/** @throws InputError when a described file lacks its SHA-1 (a scan JSON made before provscan recorded it). */
export function renderSpdx(result: ScanResult, options: SpdxOptions = {}): string {
  const refs = new Map<string, string>();
  const uuid = options.serial?.replace(/^urn:uuid:/, '') ?? randomUUID();
  const name = result.project?.name ?? result.root;
  const tool = `Tool: ${result.tool.name}-${result.tool.version}`;
  const created = result.generatedAt.replace(/\.\d+Z$/, 'Z');
  const packageId = 'SPDXRef-Package-project';
  const files = filesToDescribe(result, options.allFiles === true);

  const spdxFiles = files.map((f, i) => {
    if (!f.sha1) {
      throw new InputError(
        f.path,
        'no SHA-1 in the scan result (SPDX 2.3 requires one per file); re-run the scan with this provscan',
      );
    }
    const concluded = licenseOf(concludedLicense(f, result), refs);
    const declared = f.license ? licenseOf(f.license, refs) : undefined;
    return {
      SPDXID: spdxId('File', i + 1, f.path),
      fileName: `./${f.path}`,
      fileTypes: ['SOURCE'],
      checksums: [
        { algorithm: 'SHA1', checksumValue: f.sha1 },
        ...(f.sha256 ? [{ algorithm: 'SHA256', checksumValue: f.sha256 }] : []),
      ],
      licenseConcluded: concluded,
      licenseInfoInFiles: declared ? idsOf(declared) : ['NOASSERTION'],
      copyrightText: 'NOASSERTION',
      comment: fileSentence(f, result),
      ...(f.ai.length > 0
        ? {
            annotations: [
              {
                annotationDate: created,
                annotationType: 'OTHER',
                annotator: tool,
                comment: `AI-written lines ${formatSpans(f.ai)} (agents: ${[...new Set(f.ai.map((s) => s.agent))].sort().join(', ')}).`,
              },
            ],
          }
        : {}),
    };
  });
  const fileIds = new Map(files.map((f, i) => [f.path, spdxFiles[i]?.SPDXID ?? ''] as const));
  const analyzed = spdxFiles.length > 0;
  const whole = options.allFiles === true && !result.settings.onlyAi;

  let n = 0;
  const snippets = files.flatMap((f) =>
    f.matches.map((m) => {
      n++;
      const fileId = fileIds.get(f.path) ?? '';
      const license = licenseOf(m.corpus.license, refs);
      const ai = f.ai.some((s) => s.start <= m.end && m.start <= s.end);
      if (!m.bytes) {
        throw new InputError(
          f.path,
          `no byte range for the match at lines ${m.start}-${m.end} in the scan result (SPDX 2.3 requires one per snippet); re-run the scan with this provscan`,
        );
      }
      return {
        SPDXID: spdxId('Snippet', n, `${f.path}-${m.start}-${m.end}`),
        name: `${f.path}:${m.start}-${m.end} ~ ${m.corpus.name}${m.corpus.version ? ` ${m.corpus.version}` : ''} ${m.corpus.path}:${m.corpus.start}-${m.corpus.end}`,
        snippetFromFile: fileId,
        ranges: [
          {
            startPointer: { reference: fileId, offset: m.bytes.start },
            endPointer: { reference: fileId, offset: m.bytes.end },
          },
          {
            startPointer: { reference: fileId, lineNumber: m.start },
            endPointer: { reference: fileId, lineNumber: m.end },
          },
        ],
        licenseConcluded: license,
        licenseInfoInSnippets: idsOf(license),
        copyrightText:
          m.corpus.copyrights && m.corpus.copyrights.length > 0 ? m.corpus.copyrights.join('\n') : 'NOASSERTION',
        comment: `Matches ${describeSource(m)}: ${similarityText(m)} (${m.channel} fingerprint channel, ${m.kind})${ai ? '; the lines were written by an AI assistant' : ''}.${m.corpus.purl ? ` Source: ${m.corpus.purl}.` : ''}`,
      };
    }),
  );

  const projectLicense = licenseOf(result.projectLicense, refs);
  const doc = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: `${name}${result.project?.version ? `-${result.project.version}` : ''}`,
    documentNamespace: `https://spdx.org/spdxdocs/provscan-${name.replace(/[^A-Za-z0-9.-]/g, '-')}-${uuid}`,
    creationInfo: { created, creators: [tool], comment: 'AI provenance and snippet matches found by provscan.' },
    packages: [
      {
        SPDXID: packageId,
        name,
        ...(result.project?.version ? { versionInfo: result.project.version } : {}),
        downloadLocation: 'NOASSERTION',
        // A package with files not analysed shall contain none (§7.8): analysed exactly when files are described.
        filesAnalyzed: analyzed,
        ...(analyzed && whole ? { packageVerificationCode: verificationCode(files, result) } : {}),
        licenseConcluded: 'NOASSERTION',
        ...(analyzed ? { licenseInfoFromFiles: licenseInfoFromFiles(spdxFiles) } : {}),
        licenseDeclared: projectLicense,
        copyrightText: 'NOASSERTION',
        primaryPackagePurpose: 'SOURCE',
        comment: packageComment(result, spdxFiles.length, whole),
      },
    ],
    files: spdxFiles,
    snippets,
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: packageId },
      ...(analyzed ? spdxFiles : []).map((f) => ({
        spdxElementId: packageId,
        relationshipType: 'CONTAINS',
        relatedSpdxElement: f.SPDXID,
      })),
    ],
    ...(refs.size > 0
      ? {
          hasExtractedLicensingInfos: [...refs.keys()].sort().map((id) => ({
            licenseId: id,
            name: id.replace(/^LicenseRef-/, ''),
            extractedText: `License text not recorded by provscan; the corpus names this license "${refs.get(id)}".`,
          })),
        }
      : {}),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** §7.9: SHA-1 over the sorted SHA-1s of the package's files; files the scan skipped are named as excluded. */
function verificationCode(
  files: ReadonlyArray<{ readonly sha1?: string }>,
  result: ScanResult,
): { packageVerificationCodeValue: string; packageVerificationCodeExcludedFiles?: string[] } {
  const sums = files.map((f) => f.sha1 ?? '').sort();
  const value = createHash('sha1').update(sums.join('')).digest('hex');
  // files of the work tree the scan read but could not fingerprint (binary, minified, …) are part of the package
  const excluded = result.skipped
    .filter((s) => s.reason !== 'untracked' && s.reason !== 'submodule' && !s.path.endsWith('/'))
    .map((s) => `./${s.path}`);
  return {
    packageVerificationCodeValue: value,
    ...(excluded.length > 0 ? { packageVerificationCodeExcludedFiles: excluded } : {}),
  };
}

/** The licenses found in the package's files (their `licenseInfoInFiles`), or NOASSERTION. */
function licenseInfoFromFiles(files: ReadonlyArray<{ readonly licenseInfoInFiles: ReadonlyArray<string> }>): string[] {
  const ids = new Set(files.flatMap((f) => f.licenseInfoInFiles).filter((id) => id !== 'NOASSERTION'));
  return ids.size > 0 ? [...ids].sort() : ['NOASSERTION'];
}

function packageComment(result: ScanResult, described: number, whole: boolean): string {
  const at = result.commit ? `Scanned at commit ${result.commit}. ` : '';
  if (described === 0) return `${at}No file has AI-written lines, snippet matches or findings, so none is described.`;
  return whole
    ? `${at}Every scanned file is described (${described}).`
    : `${at}Only the ${described} file(s) with AI-written lines, snippet matches or findings are described, of ${result.totals.files} scanned; with --all-files every scanned file is, with a package verification code.`;
}
