export { type HookChange, type HookOptions, installHooks, uninstallHooks } from './install.js';
export { HOOK_MARKER, type HookName, hookScript, isOurHook } from './script.js';
