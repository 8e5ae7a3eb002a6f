// The pre-commit entry point: everything `provscan check --staged` needs, and nothing else. It is also re-exported
// from src/index.ts; the check command imports this module instead because loading the whole library surface (scan
// orchestration, blame, SBOM, reports) costs more CPU than the whole check (measured in bench/check.bench.mjs).
export { UsageError } from '../errors.js';
export { LOG_SOURCES } from '../provenance/logs/types.js';
export { failingConflicts, parseFailOn } from '../verdict.js';
export { findingLine, renderCheckJson, renderCheckText } from './render.js';
export { type CheckOptions, type CheckResult, checkStaged, MAX_STAGED_BYTES, type StagedFile } from './staged-check.js';
