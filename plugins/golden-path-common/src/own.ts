/**
 * Prototype-safe lookups. Request fields and policy maps are indexed with strings a requester
 * chooses (`constructor`, `__proto__`, `toString` ...), so a plain `obj[key]` could return an
 * inherited function instead of `undefined`. Every such lookup goes through these helpers.
 */

/** True when `key` is an own property of `obj` (never an inherited one). */
export function hasOwn(obj: unknown, key: string): boolean {
  return (
    typeof obj === 'object' &&
    obj !== null &&
    Object.prototype.hasOwnProperty.call(obj, key)
  );
}

/** `obj[key]` when it is an own property, otherwise undefined. */
export function own<T>(
  obj: Readonly<Record<string, T>> | undefined,
  key: string,
): T | undefined {
  return obj && hasOwn(obj, key) ? obj[key] : undefined;
}

/** The own list under `key` (e.g. an engine's versions), or an empty list. */
export function ownList<T>(
  obj: Readonly<Record<string, readonly T[]>> | undefined,
  key: string,
): readonly T[] {
  const list = own(obj, key);
  return Array.isArray(list) ? list : [];
}

/** A finite number that is zero or more (a quantity or a price), else undefined. */
export function quantity(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : undefined;
}

/** A plain object (not null, not a list): what a config block or request map must be. */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}
