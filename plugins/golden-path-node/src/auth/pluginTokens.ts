import { AuthService } from '@backstage/backend-plugin-api';

/** A plugin token is valid for an hour; reusing one for a minute spares signing one per request. */
const DEFAULT_REUSE_MS = 60_000;

/**
 * This plugin's own service token for calls to `targetPluginId`, signed once and reused for
 * `reuseMs` (a failed signing is not kept, so the next call tries again).
 * @public
 */
export function ownServiceTokens(
  auth: Pick<AuthService, 'getOwnServiceCredentials' | 'getPluginRequestToken'>,
  targetPluginId: string,
  reuseMs = DEFAULT_REUSE_MS,
): () => Promise<string> {
  let current: { value: Promise<string>; until: number } | undefined;
  return () => {
    if (!current || Date.now() >= current.until) {
      const value = auth
        .getOwnServiceCredentials()
        .then(onBehalfOf =>
          auth.getPluginRequestToken({ onBehalfOf, targetPluginId }),
        )
        .then(r => r.token);
      const token = { value, until: Date.now() + reuseMs };
      current = token;
      value.catch(() => {
        if (current === token) current = undefined;
      });
    }
    return current.value;
  };
}
