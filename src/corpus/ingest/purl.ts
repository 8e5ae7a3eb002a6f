// Package URLs of corpus sources, built and checked with packageurl-js: every purl provscan writes into a corpus (and
// from there into SBOMs and reports) is one the purl spec accepts, with its parts percent-encoded, whatever a
// package.json or debian/changelog says.
import { PackageURL } from 'packageurl-js';
import validateNpmName from 'validate-npm-package-name';
import { InputError, UsageError } from '../../errors.js';

/** `pkg:npm/%40scope/name@version`. The name must be a valid npm package name (see npmNameProblem). */
export function npmPurl(name: string, version: string | null): string {
  const slash = name.startsWith('@') ? name.indexOf('/') : -1;
  const namespace = slash > 0 ? name.slice(0, slash) : null;
  return new PackageURL('npm', namespace, slash > 0 ? name.slice(slash + 1) : name, version).toString();
}

/** `pkg:deb/debian/name@version?arch=source` for a Debian source package (`vendor`: the distribution, e.g. ubuntu). */
export function debianPurl(name: string, version: string | null, vendor = 'debian'): string {
  return new PackageURL('deb', vendor, name, version, { arch: 'source' }).toString();
}

/**
 * Why `name` is not an npm package name, or undefined when it is one (by the rules packages that exist were published
 * under: older packages may have capitals or long names, none has `<`, spaces or a leading dot).
 */
export function npmNameProblem(name: string): string | undefined {
  if (name.length > 214) return 'longer than 214 characters';
  const result = validateNpmName(name);
  if (result.validForOldPackages) return undefined;
  return result.errors?.[0] ?? result.warnings?.[0] ?? 'not a valid npm package name';
}

/** Debian source package names: lower-case letters, digits, `+`, `-`, `.`, starting alphanumeric (Policy 5.6.1). */
export function debianNameProblem(name: string): string | undefined {
  return /^[a-z0-9][a-z0-9+.-]+$/.test(name)
    ? undefined
    : 'not a Debian source package name (lower-case letters, digits, "+", "-", ".")';
}

/** Debian versions: `[epoch:]upstream[-revision]` of letters, digits and `.+~:-` (Policy 5.6.12). */
export function debianVersionProblem(version: string): string | undefined {
  return /^(?:\d+:)?[A-Za-z0-9][A-Za-z0-9.+~:-]*$/.test(version) ? undefined : 'not a Debian version';
}

/**
 * A user-given purl (`--purl`), parsed and written back in canonical form.
 * @throws UsageError naming the option and the value when it is not a package URL.
 */
export function checkedPurl(value: string, option = '--purl'): string {
  try {
    return PackageURL.fromString(value).toString();
  } catch (err) {
    throw new UsageError(
      `${option}: "${value}" is not a package URL (${(err as Error).message.replace(/^Invalid purl:\s*/i, '')})`,
      'a purl looks like pkg:npm/name@1.0.0 or pkg:deb/debian/name@1.0-1?arch=source (https://github.com/package-url/purl-spec)',
    );
  }
}

/** An InputError for a package whose metadata names no valid package. */
export function badPackageName(file: string, name: string, problem: string): InputError {
  return new InputError(
    file,
    `package name ${JSON.stringify(name)} is ${problem.startsWith('not ') ? problem : `invalid: ${problem}`}`,
    'give --name (and --purl) to ingest it under another name',
  );
}
