export { type HookChange, type HookOptions, installHooks, uninstallHooks } from './install.js';
export { HUSKY_MARKER, huskyLine } from './husky.js';
export { HOOK_MARKER, type HookName, hookScript, isOurHook } from './script.js';
