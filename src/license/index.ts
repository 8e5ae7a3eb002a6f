// The license layer's surface for scan.ts and src/index.ts: SPDX expressions, project license detection,
// categories, compatibility and conflicts. Pure: no I/O (readers are handed in).
export {
  detectProjectLicense,
  type DetectInput,
  licenseForPath,
  type PathLicense,
  type ProjectLicense,
} from './detect.js';
export { type FileLicenseHeader, fileLicenseHeader, readFileLicenseHeader } from './header.js';
export { evaluateConflicts, type EvaluateInput } from './conflicts.js';
export { type LicenseCategory, LICENSE_CATEGORIES, licenseCategory } from './categories.js';
export { type Compatibility, compatibility } from './compatibility.js';
export {
  type LicenseNode,
  type ParsedExpression,
  describeInvalid,
  parseExpression,
  suggestExpression,
} from './expression.js';
export { identifyLicenseText } from './license-text.js';
export { RULES, type RuleInfo } from './data/rules.js';
