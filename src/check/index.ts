export { findingLine, renderCheckJson, renderCheckText } from './render.js';
export { type CheckOptions, type CheckResult, checkStaged, MAX_STAGED_BYTES, type StagedFile } from './staged-check.js';
