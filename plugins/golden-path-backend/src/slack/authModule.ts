import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import {
  authProvidersExtensionPoint,
  createProxyAuthenticator,
  createProxyAuthProviderFactory,
  getBearerTokenFromAuthorizationHeader,
} from '@backstage/plugin-auth-node';
import {
  SLACK_SIGN_IN_CALLER,
  SLACK_SIGN_IN_PROVIDER_ID,
  SLACK_SIGN_IN_USER_HEADER,
} from './userTokens';

/** A user entity ref, normalised; anything else is refused. */
function userRefFrom(value: unknown): string {
  if (typeof value !== 'string' || !value || value.length > 255) {
    throw new InputError(`${SLACK_SIGN_IN_USER_HEADER} must name a user`);
  }
  const ref = parseEntityRef(value, {
    defaultKind: 'user',
    defaultNamespace: 'default',
  });
  if (ref.kind.toLowerCase() !== 'user') {
    throw new InputError(`${SLACK_SIGN_IN_USER_HEADER} must name a user`);
  }
  return stringifyEntityRef(ref);
}

/**
 * The auth backend module behind the Slack front door: a sign-in provider
 * (`auth.providers.golden-path-slack`) that only the golden-path backend plugin itself can use.
 *
 * Its `refresh` endpoint accepts exactly one caller: a request bearing a plugin token whose
 * subject is `plugin:golden-path` (the service principal no user and no other plugin can hold).
 * The caller names the user (`x-golden-path-user`) it has already established from a verified
 * Slack request and a trusted catalog user; the catalog must hold that User entity, and the token
 * is issued with `signInWithCatalogUser`, so its ownership claims are the catalog's. The provider
 * is off until `auth.providers.golden-path-slack` is configured. See docs/slack.md.
 * @public
 */
export const goldenPathSlackAuthModule = createBackendModule({
  pluginId: 'auth',
  moduleId: 'golden-path-slack',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        auth: coreServices.auth,
      },
      async init({ providers, auth }) {
        providers.registerProvider({
          providerId: SLACK_SIGN_IN_PROVIDER_ID,
          factory: createProxyAuthProviderFactory<{ userEntityRef: string }>({
            authenticator: createProxyAuthenticator({
              defaultProfileTransform: async () => ({ profile: {} }),
              initialize: () => undefined,
              async authenticate({ req }) {
                const token = getBearerTokenFromAuthorizationHeader(
                  req.headers.authorization,
                );
                if (!token) {
                  throw new AuthenticationError(
                    'The golden-path Slack sign-in takes the golden-path plugin token only',
                  );
                }
                const credentials = await auth.authenticate(token);
                if (
                  !auth.isPrincipal(credentials, 'service') ||
                  credentials.principal.subject !== SLACK_SIGN_IN_CALLER
                ) {
                  throw new NotAllowedError(
                    'The golden-path Slack sign-in takes the golden-path plugin token only',
                  );
                }
                return {
                  result: {
                    userEntityRef: userRefFrom(
                      req.header(SLACK_SIGN_IN_USER_HEADER),
                    ),
                  },
                };
              },
            }),
            // The named user must exist in the catalog; ownership claims come from it.
            signInResolver: async ({ result }, ctx) =>
              ctx.signInWithCatalogUser({ entityRef: result.userEntityRef }),
          }),
        });
      },
    });
  },
});
