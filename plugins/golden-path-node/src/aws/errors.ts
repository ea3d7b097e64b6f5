/**
 * The AWS error name (`ThrottlingException`, `DBInstanceNotFoundFault`, …) of an SDK error.
 * @public
 */
export const awsErrorName = (e: unknown): string | undefined =>
  (e as any)?.name ?? (e as any)?.Code;
