export { type HookChange, type HookOptions, installHooks, uninstallHooks } from './install.js';
export { HUSKY_MARKER, huskyLine } from './husky.js';
export { HOOK_END, HOOK_MARKER, type HookName, hookScript, isOurHook, withoutProvscanLines } from './script.js';
