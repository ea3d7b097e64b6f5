/**
 * Engine versions. A policy lists allowed versions per engine; a request may name one.
 *
 * - RDS (`rds.engines`): each entry is a version prefix, usually the major (`16`, `17`, or `8.0`
 *   for MySQL). A requested version must be well-formed (digits separated by dots) and either
 *   equal an entry or extend it with more components: `17` allows `17` and `17.2`, `8.0` allows
 *   `8.0.39` but not `8.4.1`. Suffixes (`16.999-evil`, `17.2-rds.1`) are refused.
 * - ElastiCache (`elasticache.engines`): a requested version must equal an entry exactly.
 *
 * An omitted version becomes the newest entry of the allow-list.
 */

/** A version AWS accepts as EngineVersion: 1 to 4 dot-separated groups of digits. */
export const VERSION_PATTERN = /^\d{1,4}(\.\d{1,4}){0,3}$/;

/** The newest version of a list (numeric comparison), or undefined for an empty list. */
export function newestVersion(versions: readonly string[]): string | undefined {
  return [...versions].sort((a, b) =>
    b.localeCompare(a, 'en', { numeric: true }),
  )[0];
}

/** Whether `requested` is well-formed and allowed by `allowed` (as prefixes, or exactly). */
export function versionAllowed(
  requested: string,
  allowed: readonly string[],
  match: 'prefix' | 'exact',
): boolean {
  if (!VERSION_PATTERN.test(requested)) return false;
  return allowed.some(
    entry =>
      entry === requested ||
      (match === 'prefix' && requested.startsWith(`${entry}.`)),
  );
}
