/**
 * The claims of a JWT, read without verifying it: only to show who a token signs in as and when it
 * expires. The backend verifies every token it is sent.
 */
export function jwtClaims(
  token: string,
): { sub?: string; exp?: number } | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    return claims && typeof claims === 'object' ? claims : undefined;
  } catch {
    return undefined;
  }
}

/** The user a token signs in as (`user:default/jane`), if it is a Backstage user token. */
export function userOf(token: string): string | undefined {
  const sub = jwtClaims(token)?.sub;
  return typeof sub === 'string' && sub.startsWith('user:') ? sub : undefined;
}

/** When a token expires (epoch ms), if it says. */
export function expiryOf(token: string): number | undefined {
  const exp = jwtClaims(token)?.exp;
  return typeof exp === 'number' ? exp * 1000 : undefined;
}
