import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';

/** The auth provider id of the golden-path Slack sign-in (`auth.providers.<id>`). */
export const SLACK_SIGN_IN_PROVIDER_ID = 'golden-path-slack';
/** The header naming the user the golden-path plugin asks a token for. */
export const SLACK_SIGN_IN_USER_HEADER = 'x-golden-path-user';
/** The only principal the sign-in provider accepts. */
export const SLACK_SIGN_IN_CALLER = 'plugin:golden-path';

/** A Backstage user token for a user the Slack door has established. */
export interface UserTokenSource {
  tokenFor(userEntityRef: string): Promise<string>;
}

/**
 * Asks the auth backend's golden-path Slack sign-in provider (see authModule.ts) for a user token,
 * authenticated by this plugin's own service token. The token is used for one request (creating
 * the task) and then dropped; it is never logged or stored here.
 */
export class AuthBackendUserTokens implements UserTokenSource {
  constructor(
    private readonly deps: { discovery: DiscoveryService; auth: AuthService },
  ) {}

  async tokenFor(userEntityRef: string): Promise<string> {
    const base = await this.deps.discovery.getBaseUrl('auth');
    const { token } = await this.deps.auth.getPluginRequestToken({
      onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
      targetPluginId: 'auth',
    });
    const res = await fetch(`${base}/${SLACK_SIGN_IN_PROVIDER_ID}/refresh`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        [SLACK_SIGN_IN_USER_HEADER]: userEntityRef,
      },
    });
    if (!res.ok) {
      if (res.status === 404) {
        throw new Error(
          `The auth backend has no ${SLACK_SIGN_IN_PROVIDER_ID} sign-in: add the module @golden-path/plugin-golden-path-backend/auth and auth.providers.${SLACK_SIGN_IN_PROVIDER_ID} (docs/slack.md)`,
        );
      }
      throw await ResponseError.fromResponse(res as any);
    }
    const body = (await res.json()) as {
      backstageIdentity?: {
        token?: string;
        identity?: { userEntityRef?: string };
      };
    };
    const issued = body.backstageIdentity;
    if (
      !issued?.token ||
      issued.identity?.userEntityRef?.toLowerCase() !==
        userEntityRef.toLowerCase()
    ) {
      throw new Error(
        `The auth backend did not issue a token for ${userEntityRef}`,
      );
    }
    return issued.token;
  }
}
