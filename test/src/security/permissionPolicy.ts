import {
  BackstageCredentials,
  coreServices,
  createBackendModule,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  createExceptionConditionalDecision,
  createInventoryConditionalDecision,
  exceptionApproverNotRequester,
  inventoryOwnerOrPlatform,
} from '@golden-path/plugin-golden-path-backend';
import {
  EXCEPTION_RESOURCE_TYPE,
  INVENTORY_RESOURCE_TYPE,
} from '@golden-path/plugin-golden-path-common';

/** Permissions every signed-in user holds outright. */
const ALLOWED = new Set([
  // The catalog as a stock app runs it: read, register locations (the insider may), refresh, validate.
  'catalog.entity.read',
  'catalog.entity.create',
  'catalog.entity.refresh',
  'catalog.entity.validate',
  'catalog.location.read',
  'catalog.location.create',
  'catalog.location.analyze',
  // The scaffolder: see templates, run them, watch and cancel tasks, dry-run. The golden-path actions
  // guard themselves (policy, budget, trusted ownership), so the policy need not judge each action.
  'scaffolder.template.parameter.read',
  'scaffolder.template.step.read',
  'scaffolder.task.create',
  'scaffolder.task.read',
  'scaffolder.task.cancel',
  'scaffolder.template.dry-run',
  'scaffolder.action.execute',
  // Golden Path: the Impact dashboard.
  'golden-path.metrics.read',
]);

/**
 * A realistic permission policy for the cross-package tests (what a platform team would ship, not
 * allow-all):
 *
 * - the catalog and scaffolder permissions above: ALLOW for every signed-in user;
 * - `golden-path.resources.update`: CONDITIONAL, the caller must be a member of the record's owning
 *   group or of a platform group by trusted catalog sources (`IS_OWNER_MEMBER` or
 *   `IS_PLATFORM_MEMBER`, with the exported `inventoryOwnerOrPlatform` helper). The golden-path
 *   backend enforces the same floor (GP-RESOURCE-OWNER) whatever the policy answers; this makes the
 *   policy say what the server does, so `usePermission` and the RBAC tooling agree with it;
 * - `catalog.entity.delete`: CONDITIONAL on owning the entity (`IS_ENTITY_OWNER` with the user's
 *   ownership refs; note those come from the sign-in resolver, not from the trusted directory);
 * - everything else (catalog location delete, ingestion management, template management, any
 *   permission this policy does not know): DENY.
 *
 * Services never reach a policy: the permissions service answers ALLOW to every service principal
 * (minus its access restrictions), which is why the golden-path backend refuses services itself.
 */
export class GoldenPathTestPolicy implements PermissionPolicy {
  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const { permission } = request;
    const userRef = user?.info.userEntityRef;
    if (!userRef) return { result: AuthorizeResult.DENY };
    if (
      isResourcePermission(permission, INVENTORY_RESOURCE_TYPE) &&
      permission.name === 'golden-path.resources.update'
    ) {
      return createInventoryConditionalDecision(
        permission,
        inventoryOwnerOrPlatform(userRef),
      );
    }
    if (
      isResourcePermission(permission, EXCEPTION_RESOURCE_TYPE) &&
      permission.name === 'golden-path.exception.approve'
    ) {
      return createExceptionConditionalDecision(
        permission,
        exceptionApproverNotRequester(userRef),
      );
    }
    if (
      isResourcePermission(permission, 'catalog-entity') &&
      permission.name === 'catalog.entity.delete'
    ) {
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({
          claims: user.info.ownershipEntityRefs,
        }),
      );
    }
    return {
      result: ALLOWED.has(permission.name)
        ? AuthorizeResult.ALLOW
        : AuthorizeResult.DENY,
    };
  }
}

/**
 * The policy as a backend module of the permission plugin. Use it with the real permission backend:
 *
 * ```ts
 * await startTestBackend({
 *   features: [
 *     import('@backstage/plugin-permission-backend'),
 *     goldenPathTestPermissionPolicy,
 *     mockServices.rootConfig.factory({ data: { permission: { enabled: true }, ... } }),
 *     ...
 *   ],
 * });
 * ```
 * (`permission.enabled: true` is what makes the permissions service ask the policy at all.) For
 * CONDITIONAL decisions also use `mockHttpAuthWithActors()` instead of `mockServices.httpAuth.factory()`.
 */
export const goldenPathTestPermissionPolicy = createBackendModule({
  pluginId: 'permission',
  moduleId: 'golden-path-test-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint },
      async init({ policy }) {
        policy.setPolicy(new GoldenPathTestPolicy());
      },
    });
  },
});

export default goldenPathTestPermissionPolicy;

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * `mockServices.httpAuth.factory()`, except that a plugin's request on behalf of a user arrives as
 * that user WITH an actor (the calling plugin), as real Backstage auth does. The stock mock drops the
 * actor, and then the permission backend treats a plugin's `authorizeConditional` as a direct user
 * request (refused for resource permissions without a resourceRef) and the plugins' apply-conditions
 * endpoints refuse the permission backend; with real auth neither happens.
 */
export function mockHttpAuthWithActors(
  options: { defaultCredentials?: BackstageCredentials } = {},
) {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }): HttpAuthService {
      const pluginId = plugin.getId();
      const inner = mockServices.httpAuth({
        pluginId,
        defaultCredentials:
          options.defaultCredentials ?? mockCredentials.none(),
      });
      const onBehalfOf = (
        authorization: string | undefined,
      ): string | undefined => {
        const token = /^Bearer[ ]+(\S+)$/i.exec(authorization ?? '')?.[1];
        if (!token?.startsWith(MOCK_SERVICE_TOKEN_PREFIX)) return undefined;
        const { obo, target } = JSON.parse(
          token.slice(MOCK_SERVICE_TOKEN_PREFIX.length),
        ) as { obo?: string; target?: string };
        return obo && (!target || target === pluginId) ? obo : undefined;
      };
      return {
        credentials: (async (req: any, opts?: { allow?: string[] }) => {
          const obo = onBehalfOf(req.headers.authorization);
          if (obo && (!opts?.allow || opts.allow.includes('user')))
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:mock-caller' },
            });
          return inner.credentials(req, opts as any);
        }) as HttpAuthService['credentials'],
        issueUserCookie: (res, opts) => inner.issueUserCookie(res, opts),
      };
    },
  });
}
