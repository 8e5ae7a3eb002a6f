export { type HookChange, type HookOptions, installHooks, uninstallHooks } from './install.js';
export type { HookName } from './script.js';
