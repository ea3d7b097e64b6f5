import { HttpAuthService, LoggerService, PermissionsService } from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { CATALOG_RESOURCE_TYPES, InventoryItem, INVENTORY_TOPIC, resourceRefFor, resourcesUpdatePermission } from '@golden-path/plugin-golden-path-common';
import express from 'express';
import Router from 'express-promise-router';
import { ResourceStore } from '../service/ResourceStore';
import { parseInventoryQuery } from './query';

/** The item as served: with the catalog entity ref of its `Resource` entity, for kinds that have one. */
const served = (item: InventoryItem) => (CATALOG_RESOURCE_TYPES[item.kind] ? { ...item, entityRef: resourceRefFor(item.kind, item.name) } : item);

/**
 * `GET /resources`: the inventory, filtered and paged, newest first. `PATCH /resources/:taskId/:kind/:name`
 * with `{ "status": "deleted" }`: a resource removed outside Golden Path, behind golden-path.resources.update.
 */
export function createInventoryRouter(deps: { store: ResourceStore; httpAuth: HttpAuthService; permissions: PermissionsService; events?: EventsService; logger: LoggerService }): express.Router {
  const router = Router();
  router.use(express.json());
  router.get('/resources', async (req, res) => {
    const { filter, page } = parseInventoryQuery(req.query as Record<string, unknown>);
    const { items, totalCount } = await deps.store.list(filter, page);
    res.json({ items: items.map(served), totalCount, offset: page.offset, limit: page.limit });
  });
  router.patch('/resources/:taskId/:kind/:name', async (req, res) => {
    const credentials = await deps.httpAuth.credentials(req, { allow: ['user', 'service'] });
    const [decision] = await deps.permissions.authorize([{ permission: resourcesUpdatePermission }], { credentials });
    if (decision.result !== AuthorizeResult.ALLOW) throw new NotAllowedError('Not allowed to change the Golden Path inventory (golden-path.resources.update)');
    if (req.body?.status !== 'deleted') throw new InputError('body must be { "status": "deleted" }: only marking a resource deleted is supported');
    const { taskId, kind, name } = req.params;
    const item = await deps.store.markDeleted({ taskId, kind, name });
    if (!item) throw new NotFoundError(`No resource ${kind} ${name} from task ${taskId} in the inventory`);
    const by = credentials.principal.type === 'user' ? (credentials.principal as { userEntityRef: string }).userEntityRef : 'a service';
    deps.logger.info(`Golden Path inventory: ${kind} ${name} (task ${taskId}) marked deleted by ${by}`);
    // The catalog module's full refresh then drops its entity; deltas only ever add.
    await deps.events?.publish({ topic: INVENTORY_TOPIC, eventPayload: { items: [item] } }).catch(() => undefined);
    res.json(served(item));
  });
  return router;
}
