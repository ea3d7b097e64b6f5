/** A problem when a section's default is not among its own allowed values. */
export function notAllowedDefault(
  path: string,
  key: string,
  value: unknown,
  allowed: readonly unknown[],
): string[] {
  return allowed.includes(value)
    ? []
    : [
        `${path}.${key} (${String(
          value,
        )}) is not among the allowed values ${JSON.stringify(allowed)}`,
      ];
}
