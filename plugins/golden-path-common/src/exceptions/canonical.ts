/**
 * The canonical form of a normalised request: JSON with object keys sorted at every level, so two
 * requests that build the same resource have the same text whatever order their fields came in.
 * An exception is bound to this text; a request that differs in any value is a different request.
 * @public
 */
export function canonicalRequest(request: unknown): string {
  return JSON.stringify(sorted(request));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .map(k => [k, sorted((value as Record<string, unknown>)[k])]),
    );
  return value;
}
