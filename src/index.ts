// The library's public surface: the CLI and library users share it. Keep this file free of side effects and of
// heavy imports (the pre-commit check must start fast): renderers that pull in big dependencies load them lazily.

export * from './errors.js';
export type * from './model.js';
export { DEFAULT_CORPUS, PACKAGE_ROOT, toolVersion } from './paths.js';
export { type ScanOptions, coveredLines, resolveCorpora, scan } from './scan.js';
export { failingConflicts, parseFailOn, severityRank } from './verdict.js';
export { writeFileAtomic } from './util/atomic-write.js';
export { descriptorOf, sameFile, writeOutputFile } from './util/output-file.js';
export { MAX_JSON_DEPTH, nestedDeeperThan, readInputFile } from './util/input-file.js';
export { printable, printableLines } from './util/printable.js';
export { isoSeconds, outputDate } from './util/time.js';

// --- provenance (git history, blame, agent logs) ---
export { type Repo, openRepo } from './git/repo.js';
export { type ListOptions, type SourceFile, type SourceListing, listSourceFiles } from './source/files.js';
export {
  type AiVerdict,
  type CommitFacts,
  type Convention,
  type Matcher,
  type ProvenanceInput,
  type ProvenanceResult,
  BUILTIN_CONVENTIONS,
  classifyCommit,
  collectProvenance,
  parseAgentModel,
  parseTrailers,
  parseUserConventions,
} from './provenance/index.js';
export { type FileBlame, type FileBlameOptions, blameAi } from './blame.js';
export { type AiStats, type ShareRow, type StatsOptions, aiStats, summarizeShares } from './stats.js';

// --- fingerprint / corpus ---
export { type CorpusSet, type MatchOptions, openCorpora } from './corpus/index.js';
export {
  type AddOptions,
  type CorpusInputKind,
  type CorpusStats,
  type SourceRow,
  addToCorpus,
  corpusStats,
  listCorpus,
  removeFromCorpus,
} from './corpus/api.js';
export type { IngestReport, SourceReport } from './corpus/store.js';
export {
  type RecipeEvent,
  type RecipeOptions,
  type RecipeOutcome,
  type RecipeReport,
  type RecipeResult,
  runRecipe,
} from './corpus/recipe-run.js';
export {
  type ChannelFingerprints,
  type FileFingerprints,
  type PreparedFile,
  type WfpOptions,
  ABSTRACT_K,
  ABSTRACT_W,
  EXACT_K,
  EXACT_W,
  FINGERPRINT_VERSION,
  binaryReason,
  decodeSource,
  detectLanguage,
  fingerprintText,
  hammingDistance,
  isSkipped,
  prepareFile,
  regionDigest,
  wfpForFile,
  wfpSkipsDir,
  wfpSkipsFile,
} from './fingerprint/index.js';

// --- license / policy ---
export {
  type Compatibility,
  type DetectInput,
  type LicenseNode,
  type ParsedExpression,
  type ProjectLicense,
  type RuleInfo,
  LICENSE_CATEGORIES,
  RULES as LICENSE_RULES,
  compatibility,
  describeInvalid,
  detectProjectLicense,
  evaluateConflicts,
  fileLicenseHeader,
  readFileLicenseHeader,
  type FileLicenseHeader,
  identifyLicenseText,
  licenseCategory as classifyLicense,
  parseExpression,
  suggestExpression,
} from './license/index.js';
export { licenseText } from './license/license-texts.js';
export { renderNotice } from './license/notice.js';
export {
  type ProvscanConfig,
  type Waiver,
  CONFIG_NAMES,
  findConfig,
  MAX_POLICY_BYTES,
  loadConfig,
  parseConfigText,
  readPolicyFile,
  refuseLinkOutOfTree,
} from './config/load-config.js';
export { addWaiver, type NewWaiver } from './config/add-waiver.js';
export { isIsoDate } from './config/policy.js';
export { type WaiverTarget, checkWaiverTarget } from './config/waiver-target.js';

// --- sbom ---
export { type CycloneDxOptions, isSerialNumber, renderCycloneDx } from './sbom/cyclonedx.js';
export { type MergeOptions, mergeIntoBom } from './sbom/merge.js';
export { parseScanJson, readScanJson } from './scan-json.js';
export { CDX_VERSIONS, type CdxVersion, isCdxVersion } from './sbom/spec.js';
export { type SpdxOptions, renderSpdx } from './sbom/spdx.js';

// --- report ---
export { renderSarif } from './report/sarif.js';
export { renderText } from './report/text.js';
export { CSV_COLUMNS, renderCsv } from './report/csv.js';
export { type Excerpts, type FileExcerpt, type HtmlOptions, excerptWindows, renderHtml } from './report/html.js';
export { renderMarkdown } from './report/markdown.js';
export { INSTALL_HINT, findChromium, htmlToPdf, requireChromium } from './report/pdf.js';
export { type ReportSummary, summarize } from './report/summary.js';

// --- check / hooks / agent logs (pre-commit) ---
export {
  type CheckOptions,
  type CheckResult,
  type StagedFile,
  MAX_STAGED_BYTES,
  checkStaged,
  findingLine,
  renderCheckJson,
  renderCheckText,
} from './check/index.js';
export { type HookChange, type HookName, type HookOptions, installHooks, uninstallHooks } from './hooks/index.js';
export {
  type LogSourceName,
  type LogSpansInput,
  type LogSpansResult,
  LOG_SOURCES,
  collectLogSpans,
  mergeAiSpans,
} from './provenance/logs/index.js';
export { type RecordResult, recordLogSpans } from './provenance/logs/record.js';
