import {
  AuditorService,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import {
  CATALOG_RESOURCE_TYPES,
  InventoryItem,
  INVENTORY_TOPIC,
  normaliseGroupRef,
  resourceRefFor,
  resourcesUpdatePermission,
} from '@golden-path/plugin-golden-path-common';
import { TrustedDirectory } from '@golden-path/plugin-golden-path-node';
import express from 'express';
import Router from 'express-promise-router';
import { ResourceStore } from '../service/ResourceStore';
import {
  InventoryPermissionResources,
  inventoryPermissionResourceRef,
  inventoryPermissionRules,
  userRefsIn,
} from './permissions';
import { parseInventoryQuery } from './query';

/** The item as served: with the catalog entity ref of its `Resource` entity, for kinds that have one. */
const served = (item: InventoryItem) =>
  CATALOG_RESOURCE_TYPES[item.kind]
    ? { ...item, entityRef: resourceRefFor(item.kind, item.name) }
    : item;

/**
 * The ownership floor of inventory changes, enforced whatever the permission policy says.
 * @public
 */
export const RESOURCE_OWNER_RULE = 'GP-RESOURCE-OWNER';

/**
 * The audit event of every attempt to change an inventory record (succeeded or refused).
 * @public
 */
export const RESOURCE_UPDATE_EVENT = 'resource-update';

export interface InventoryRouterOptions {
  store: ResourceStore;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  /** Where the conditional rules of `golden-path-resource` are registered (module-added rules included). */
  permissionsRegistry?: Pick<
    PermissionsRegistryService,
    'getPermissionRuleset'
  >;
  /** Group membership by trusted catalog sources: the ownership floor and the rules' facts. */
  directory: TrustedDirectory;
  /** Loads records with trusted facts for conditional decisions. */
  resources: InventoryPermissionResources;
  auditor: AuditorService;
  events?: EventsService;
  logger: LoggerService;
}

function actorOf(
  credentials: BackstageCredentials<
    BackstageUserPrincipal | BackstageServicePrincipal
  >,
): string {
  if (credentials.principal.type === 'user')
    return (credentials.principal as BackstageUserPrincipal).userEntityRef;
  if (credentials.principal.type === 'service')
    return (credentials.principal as BackstageServicePrincipal).subject;
  return 'unknown';
}

/**
 * `GET /resources`: the inventory, filtered and paged, newest first.
 *
 * `PATCH /resources/:taskId/:kind/:name` with `{ "status": "deleted" }`: a resource removed outside
 * Golden Path. Allowed only when (1) the permission policy allows `golden-path.resources.update` for
 * this record (a conditional decision is applied to the record with trusted facts), AND (2) the caller
 * is a user who, by trusted catalog sources, belongs to the record's owning group or to a platform
 * group (GP-RESOURCE-OWNER; services are refused). Every attempt is audited (`resource-update`).
 */
export function createInventoryRouter(
  deps: InventoryRouterOptions,
): express.Router {
  const router = Router();
  const authorizeConditions = deps.permissionsRegistry
    ? createConditionAuthorizer(
        deps.permissionsRegistry.getPermissionRuleset(
          inventoryPermissionResourceRef,
        ),
      )
    : createConditionAuthorizer(Object.values(inventoryPermissionRules));
  router.use(express.json());
  router.get('/resources', async (req, res) => {
    const { filter, page } = parseInventoryQuery(
      req.query as Record<string, unknown>,
    );
    const { items, totalCount } = await deps.store.list(filter, page);
    res.json({
      items: items.map(served),
      totalCount,
      offset: page.offset,
      limit: page.limit,
    });
  });

  router.patch('/resources/:taskId/:kind/:name', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { taskId, kind, name } = req.params;
    const actor = actorOf(credentials);
    const audit = await deps.auditor.createEvent({
      eventId: RESOURCE_UPDATE_EVENT,
      severityLevel: 'medium',
      request: req,
      meta: {
        queryType: 'mark-deleted',
        actor,
        taskId,
        kind,
        name,
        requestedStatus:
          typeof req.body?.status === 'string' ? req.body.status : null,
        at: new Date().toISOString(),
      },
    });
    // What the failure event says beyond the error: the record's owner and status once known, and which check refused.
    const facts: Record<string, string> = {};
    let refusedBy = 'error';
    try {
      // 1. The permission policy. A conditional decision is applied to the record once loaded.
      const [decision] = await deps.permissions.authorizeConditional(
        [{ permission: resourcesUpdatePermission }],
        { credentials },
      );
      if (decision.result === AuthorizeResult.DENY) {
        refusedBy = resourcesUpdatePermission.name;
        throw new NotAllowedError(
          `Not allowed to change the Golden Path inventory (${resourcesUpdatePermission.name})`,
        );
      }
      if (req.body?.status !== 'deleted') {
        refusedBy = 'input';
        throw new InputError(
          'body must be { "status": "deleted" }: only marking a resource deleted is supported',
        );
      }
      // GET /resources lists every record to every signed-in user, so answering 404 before the
      // ownership check tells nobody anything new.
      const item = (await deps.store.ofTasks([taskId])).find(
        i => i.kind === kind && i.name === name,
      );
      if (!item) {
        refusedBy = 'not-found';
        throw new NotFoundError(
          `No resource ${kind} ${name} from task ${taskId} in the inventory`,
        );
      }
      const owner = normaliseGroupRef(item.owner);
      Object.assign(facts, { owner, statusBefore: item.status });

      // 2. The ownership floor, whatever the policy said (an allow-all policy must not open the door).
      const platformGroups = deps.directory.sources.platformGroups;
      const floor = `${RESOURCE_OWNER_RULE}: only members of ${owner} (by trusted catalog sources) or of the platform groups (${platformGroups.join(
        ', ',
      )}) may change this record`;
      if (credentials.principal.type !== 'user') {
        refusedBy = RESOURCE_OWNER_RULE;
        throw new NotAllowedError(`${floor}; a service (${actor}) may not`);
      }
      const groups = await deps.directory.groupsOf(actor);
      const asOwner = groups.includes(owner);
      if (!asOwner && !groups.some(g => platformGroups.includes(g))) {
        refusedBy = RESOURCE_OWNER_RULE;
        throw new NotAllowedError(`${floor}; ${actor} is not one of them`);
      }
      facts.as = asOwner ? 'owner-member' : 'platform-member';

      // 3. The policy's conditions, on the record with trusted facts about the users they name.
      if (decision.result === AuthorizeResult.CONDITIONAL) {
        const resource = await deps.resources.forUsers(
          item,
          userRefsIn(decision.conditions),
        );
        if (!authorizeConditions(decision, resource)) {
          refusedBy = resourcesUpdatePermission.name;
          throw new NotAllowedError(
            `Not allowed to change this Golden Path inventory record (${resourcesUpdatePermission.name}: the policy's conditions do not hold)`,
          );
        }
      }

      const updated = await deps.store.markDeleted(
        { taskId, kind, name },
        { owner: item.owner },
      );
      if (!updated) {
        refusedBy = 'not-found';
        throw new NotFoundError(
          `No resource ${kind} ${name} from task ${taskId} in the inventory`,
        );
      }
      await audit.success({ meta: { ...facts, statusAfter: updated.status } });
      deps.logger.info(
        `Golden Path inventory: ${kind} ${name} (task ${taskId}, owner ${owner}) marked deleted by ${actor} (was ${item.status})`,
      );
      // The catalog module's full refresh then drops its entity; deltas only ever add.
      await deps.events
        ?.publish({
          topic: INVENTORY_TOPIC,
          eventPayload: { items: [updated] },
        })
        .catch(() => undefined);
      res.json(served(updated));
    } catch (error) {
      await audit
        .fail({ error: error as Error, meta: { ...facts, refusedBy } })
        .catch(e =>
          deps.logger.error(
            `Golden Path inventory: could not audit a refused change: ${e}`,
          ),
        );
      throw error;
    }
  });
  return router;
}
