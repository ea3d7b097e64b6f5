import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { InventoryItem, inventoryFromRun, INVENTORY_TOPIC, normaliseGroupRef, TaskEventSnapshot, TaskSnapshot } from '@golden-path/plugin-golden-path-common';
import { ResourceStore } from '../service/ResourceStore';

const keyOf = (i: InventoryItem) => `${i.taskId}|${i.kind}:${i.name}`;
const fingerprint = (i: InventoryItem) =>
  JSON.stringify([i.status, i.owner, i.environment, i.monthlyCost, i.externalId, i.url, i.region, i.requester, i.templateRef, i.component, i.createdAt]);

/**
 * Turns the resource records in runs' task logs into inventory rows, and tells subscribers (the
 * catalog module) which rows changed, on the `golden-path.inventory` events topic.
 */
export class InventoryRecorder {
  constructor(private readonly deps: { store: ResourceStore; events?: EventsService; logger: LoggerService }) {}

  /** Records the resources of these runs; returns (and publishes) the items whose row changed. */
  async record(runs: Array<{ task: TaskSnapshot; events: TaskEventSnapshot[] }>): Promise<InventoryItem[]> {
    const items = runs.flatMap(r => inventoryFromRun(r.task, r.events)).map(i => ({ ...i, owner: normaliseGroupRef(i.owner) }));
    if (!items.length) return [];
    const stored = new Map((await this.deps.store.ofTasks([...new Set(items.map(i => i.taskId))])).map(i => [keyOf(i), i]));
    // Unchanged rows are not written or announced again: replays and backfills stay quiet.
    const changed = items.filter(i => {
      const before = stored.get(keyOf(i));
      return !before || (before.status !== 'deleted' && fingerprint(before) !== fingerprint(i));
    });
    if (!changed.length) return [];
    await this.deps.store.upsertMany(changed);
    try {
      await this.deps.events?.publish({ topic: INVENTORY_TOPIC, eventPayload: { items: changed } });
    } catch (e) {
      // The catalog module's scheduled full refresh picks the rows up anyway.
      this.deps.logger.warn(`Golden Path inventory: could not publish ${changed.length} change(s) (${(e as Error).message})`);
    }
    return changed;
  }
}
