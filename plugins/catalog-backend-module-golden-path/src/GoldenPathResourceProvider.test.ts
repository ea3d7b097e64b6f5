import { mockServices } from '@backstage/backend-test-utils';
import { EntityProviderMutation } from '@backstage/plugin-catalog-node';
import {
  InventoryItem,
  INVENTORY_TOPIC,
} from '@golden-path/plugin-golden-path-common';
import { GoldenPathResourceProvider } from './GoldenPathResourceProvider';

const item = (
  name: string,
  over: Partial<InventoryItem> = {},
): InventoryItem => ({
  taskId: `task-${name}`,
  kind: 's3-bucket',
  name,
  owner: 'group:default/payments',
  environment: 'dev',
  status: 'active',
  monthlyCost: 1,
  requester: 'user:default/guest',
  templateRef: 'template:default/s3-bucket',
  createdAt: '2026-11-02T10:00:00.000Z',
  ...over,
});

function setup(inventory: InventoryItem[]) {
  const mutations: EntityProviderMutation[] = [];
  const scheduler = mockServices.scheduler.mock();
  const handlers: Array<(e: any) => Promise<void>> = [];
  const events = {
    publish: jest.fn(),
    subscribe: jest.fn(async (s: any) => void handlers.push(s.onEvent)),
  };
  const provider = new GoldenPathResourceProvider({
    inventory: { activeItems: async () => inventory },
    logger: mockServices.logger.mock(),
    scheduler,
    events: events as any,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
  });
  const connection = {
    applyMutation: jest.fn(
      async (m: EntityProviderMutation) => void mutations.push(m),
    ),
    refresh: jest.fn(),
  };
  const deliver = (payload: unknown) =>
    Promise.all(
      handlers.map(h => h({ topic: INVENTORY_TOPIC, eventPayload: payload })),
    );
  return { provider, connection, mutations, scheduler, events, deliver };
}

const refs = (m: EntityProviderMutation) =>
  (m.type === 'full' ? m.entities : m.added).map(d => d.entity.metadata.name);

describe('GoldenPathResourceProvider', () => {
  it('schedules its full refresh once per cluster and subscribes to the inventory topic on connect', async () => {
    const { provider, connection, scheduler, events } = setup([]);
    await provider.connect(connection);
    expect(scheduler.scheduleTask).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'golden-path-resources:refresh',
        scope: 'global',
        frequency: { minutes: 30 },
      }),
    );
    expect(events.subscribe).toHaveBeenCalledWith(
      expect.objectContaining({ topics: [INVENTORY_TOPIC] }),
    );
  });

  it('replaces its entities with one per active resource, the newest run winning a shared name', async () => {
    const { provider, connection, mutations } = setup([
      item('b', { taskId: 'newer' }),
      item('a'),
      item('b', { taskId: 'older' }),
      item('a-secret', { kind: 'github-secret' }),
      item('c', { status: 'failed' }),
      // Still being created at the provider: no entity until it is available (active).
      item('d', { status: 'creating' }),
    ]);
    await provider.connect(connection);
    expect(await provider.refresh()).toBe(2);
    expect(mutations).toHaveLength(1);
    expect(mutations[0].type).toBe('full');
    expect(refs(mutations[0])).toEqual(['bucket-b', 'bucket-a']);
    const b = (mutations[0] as any).entities[0];
    expect(b.entity.metadata.annotations['golden-path.io/task-id']).toBe(
      'newer',
    );
    expect(b.locationKey).toBe('golden-path:inventory');
  });

  it('adds new active resources from inventory events as a delta, ignoring the rest', async () => {
    const { provider, connection, mutations, deliver } = setup([]);
    await provider.connect(connection);
    await deliver({
      items: [
        item('planned', { status: 'planned' }),
        item('new-one'),
        { kind: 's3-bucket', name: 'no-owner' },
      ],
    });
    await deliver({ items: [item('failed', { status: 'failed' })] });
    await deliver({ items: [item('creating', { status: 'creating' })] });
    await deliver({ nonsense: true });
    expect(mutations).toEqual([
      {
        type: 'delta',
        added: [
          expect.objectContaining({ locationKey: 'golden-path:inventory' }),
        ],
        removed: [],
      },
    ]);
    expect(refs(mutations[0])).toEqual(['bucket-new-one']);
  });

  it('refuses a full refresh before the catalog connected it', async () => {
    const { provider } = setup([item('a')]);
    await expect(provider.refresh()).rejects.toThrow(/not connected/);
  });
});
