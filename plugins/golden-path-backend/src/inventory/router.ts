import { CATALOG_RESOURCE_TYPES, InventoryItem, resourceRefFor } from '@golden-path/plugin-golden-path-common';
import express from 'express';
import Router from 'express-promise-router';
import { ResourceStore } from '../service/ResourceStore';
import { parseInventoryQuery } from './query';

/** The item as served: with the catalog entity ref of its `Resource` entity, for kinds that have one. */
const served = (item: InventoryItem) => (CATALOG_RESOURCE_TYPES[item.kind] ? { ...item, entityRef: resourceRefFor(item.kind, item.name) } : item);

/** `GET /resources`: the inventory, filtered and paged, newest first. */
export function createInventoryRouter(deps: { store: ResourceStore }): express.Router {
  const router = Router();
  router.get('/resources', async (req, res) => {
    const { filter, page } = parseInventoryQuery(req.query as Record<string, unknown>);
    const { items, totalCount } = await deps.store.list(filter, page);
    res.json({ items: items.map(served), totalCount, offset: page.offset, limit: page.limit });
  });
  return router;
}
