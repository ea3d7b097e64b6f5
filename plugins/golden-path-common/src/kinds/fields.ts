/** A number field: finite, within the provider's absolute bounds, whole where the provider says. @public */
export type RequestNumberType = { min: number; max: number; integer: boolean };

/**
 * Field types a request shape allows; anything else is refused before any rule runs.
 * @public
 */
export type RequestFieldType =
  | 'string'
  | 'boolean'
  | 'strings'
  | 'tags'
  | { number: RequestNumberType }
  | { object: Record<string, RequestFieldType> };

export const s = 'string' as const;
export const b = 'boolean' as const;
export const int = (min: number, max: number) => ({
  number: { min, max, integer: true },
});
export const num = (min: number, max: number) => ({
  number: { min, max, integer: false },
});

/** Fields every request carries. */
export const BASE_FIELDS: Record<string, RequestFieldType> = {
  kind: s,
  name: s,
  environment: s,
  owner: s,
  tags: 'tags',
};
