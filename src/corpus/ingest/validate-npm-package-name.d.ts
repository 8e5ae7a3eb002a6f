// Types for validate-npm-package-name (CommonJS, untyped): npm's own rules for a package name.
declare module 'validate-npm-package-name' {
  interface Result {
    /** Valid for a package published today. */
    readonly validForNewPackages: boolean;
    /** Valid for a package that exists (older rules allowed capitals, long names, core module names). */
    readonly validForOldPackages: boolean;
    readonly errors?: ReadonlyArray<string>;
    readonly warnings?: ReadonlyArray<string>;
  }
  export default function validate(name: string): Result;
}
