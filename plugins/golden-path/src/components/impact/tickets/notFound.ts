/**
 * Whether a call failed with 404: the client's ResponseError carries the response's status. The
 * `/tickets/*` routes answer 404 while no ticket source is configured.
 */
export function isNotFound(error: unknown): boolean {
  const e = error as
    | {
        statusCode?: number;
        response?: { status?: number };
        body?: { error?: { name?: string } };
      }
    | undefined;
  return (
    e?.response?.status === 404 ||
    e?.statusCode === 404 ||
    e?.body?.error?.name === 'NotFoundError'
  );
}
