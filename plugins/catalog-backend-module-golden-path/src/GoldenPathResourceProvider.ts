import {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { EventsService } from '@backstage/plugin-events-node';
import {
  InventoryItem,
  INVENTORY_TOPIC,
} from '@golden-path/plugin-golden-path-common';
import { InventorySource } from './InventoryClient';
import { resourceEntity } from './resourceEntity';

/** One key for every entity of this provider, so a newer run's entity of the same ref replaces the older. */
const LOCATION_KEY = 'golden-path:inventory';

const isItem = (i: any): i is InventoryItem =>
  !!i &&
  [
    'taskId',
    'kind',
    'name',
    'owner',
    'environment',
    'status',
    'templateRef',
    'requester',
    'createdAt',
  ].every(k => typeof i[k] === 'string');

/**
 * Emits a `Resource` entity for every active resource in the golden-path inventory.
 *
 * - Full mutation on a schedule (SchedulerService, once per cluster): the inventory over HTTP with
 *   service credentials is the truth, so anything missed or no longer active is corrected.
 * - Delta mutation on the `golden-path.inventory` events topic (EventsService): a new resource is in
 *   the catalog moments after its run, without waiting for the schedule. Deltas only add; removal is
 *   left to the full mutation, since catalog deltas remove by entity ref and an older run's failed
 *   row must never remove a newer run's entity of the same name.
 * @public
 */
export class GoldenPathResourceProvider implements EntityProvider {
  private connection?: EntityProviderConnection;

  constructor(
    private readonly deps: {
      inventory: InventorySource;
      logger: LoggerService;
      scheduler: SchedulerService;
      schedule: SchedulerServiceTaskScheduleDefinition;
      events: EventsService;
      appBaseUrl?: string;
    },
  ) {}

  getProviderName(): string {
    return 'golden-path-resources';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.scheduler.scheduleTask({
      id: `${this.getProviderName()}:refresh`,
      scope: 'global',
      ...this.deps.schedule,
      fn: async () => {
        await this.refresh();
      },
    });
    await this.deps.events.subscribe({
      id: `catalog-${this.getProviderName()}`,
      topics: [INVENTORY_TOPIC],
      onEvent: async ({ eventPayload }) => {
        const items = (eventPayload as { items?: unknown[] })?.items;
        await this.added(Array.isArray(items) ? items.filter(isItem) : []);
      },
    });
  }

  /** Newest item first wins each entity ref (the inventory answers newest first). */
  private deferred(items: InventoryItem[]): DeferredEntity[] {
    const byRef = new Map<string, Entity>();
    for (const item of items) {
      if (item.status !== 'active') continue;
      const entity = resourceEntity(item, { appBaseUrl: this.deps.appBaseUrl });
      if (entity && !byRef.has(stringifyEntityRef(entity)))
        byRef.set(stringifyEntityRef(entity), entity);
    }
    return [...byRef.values()].map(entity => ({
      entity,
      locationKey: LOCATION_KEY,
    }));
  }

  /** Replaces this provider's entities with one per active resource; returns how many. */
  async refresh(): Promise<number> {
    if (!this.connection)
      throw new Error(
        'GoldenPathResourceProvider is not connected to the catalog yet',
      );
    const entities = this.deferred(await this.deps.inventory.activeItems());
    await this.connection.applyMutation({ type: 'full', entities });
    this.deps.logger.info(
      `Golden Path resources: ${entities.length} Resource entities from the inventory`,
    );
    return entities.length;
  }

  /** Adds the active resources among changed inventory items (newest first within the batch). */
  async added(items: InventoryItem[]): Promise<number> {
    const sorted = [...items].sort((a, b) =>
      b.createdAt.localeCompare(a.createdAt),
    );
    const added = this.deferred(sorted);
    if (!added.length || !this.connection) return 0;
    await this.connection.applyMutation({ type: 'delta', added, removed: [] });
    return added.length;
  }
}
