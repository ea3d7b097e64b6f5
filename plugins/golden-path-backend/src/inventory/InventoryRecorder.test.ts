import { mockServices } from '@backstage/backend-test-utils';
import { INVENTORY_TOPIC, makeEvents, makeTask, ResourceRecord } from '@golden-path/plugin-golden-path-common';
import knexFactory, { Knex } from 'knex';
import { RunCollector } from '../metrics/RunCollector';
import { RunStore } from '../metrics/RunStore';
import { migratedClient, ResourceStore } from '../service/ResourceStore';
import { fakeTaskSource } from '../testUtils/fakeTasks';
import { InventoryRecorder } from './InventoryRecorder';

const defaults = { hourlyRate: 95, defaultTicketQueue: 'P3D', defaultOpsEffort: 'PT45M', opsTeamSize: 5 };
const db: ResourceRecord = { state: 'created', kind: 'rds-instance', name: 'payments-db', owner: 'payments', environment: 'dev', monthlyCost: 14.6, externalId: 'arn:aws:rds:eu-west-1:1:db:payments-db' };
const everything = { offset: 0, limit: 500 };

describe('the inventory, filled by the run collector (SQLite)', () => {
  let knex: Knex;
  let runs: RunStore;
  let resources: ResourceStore;
  const published: any[] = [];
  const events = { publish: async (e: any) => void published.push(e), subscribe: async () => {} };

  beforeEach(async () => {
    knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    const client = await migratedClient({ getClient: async () => knex } as any);
    runs = new RunStore(client);
    resources = new ResourceStore(client);
    published.length = 0;
  });
  afterEach(() => knex.destroy());

  const collector = (fake: ReturnType<typeof fakeTaskSource>, inventory = true) =>
    new RunCollector({
      source: fake.source, store: runs, defaults, logger: mockServices.logger.mock(),
      ...(inventory && { inventory: new InventoryRecorder({ store: resources, events: events as any, logger: mockServices.logger.mock() }) }),
    });

  function put(fake: ReturnType<typeof fakeTaskSource>, id: string, status: 'completed' | 'failed' | 'processing', records: ResourceRecord[]) {
    const task = makeTask({ id, status, createdAt: '2026-11-02T10:00:00Z', template: 'postgres-database' });
    fake.put(task, makeEvents(task, { records }));
  }

  it('stores each resource once however often the runs are collected, and announces only changes', async () => {
    const fake = fakeTaskSource();
    fake.generate(50);
    put(fake, 'db-run', 'completed', [{ ...db, state: 'requested' }, db]);
    put(fake, 'plan-run', 'completed', [{ ...db, name: 'planned-db', state: 'planned' }]);
    put(fake, 'failed-run', 'failed', [{ ...db, name: 'rolled-back-db', state: 'requested' }]);
    const c = collector(fake);
    await c.backfill({ pageSize: 20 });
    await c.collectById('db-run');
    await c.backfill({ pageSize: 20 });
    await collector(fake).backfill({ pageSize: 7 });

    const { items, totalCount } = await resources.list({}, everything);
    expect(totalCount).toBe(3);
    expect(items.map(i => [i.taskId, i.name, i.status]).sort()).toEqual([
      ['db-run', 'payments-db', 'active'], ['failed-run', 'rolled-back-db', 'failed'], ['plan-run', 'planned-db', 'planned'],
    ]);
    expect(items.find(i => i.taskId === 'db-run')).toMatchObject({
      owner: 'group:default/payments', requester: 'user:default/jane', templateRef: 'template:default/postgres-database', externalId: db.externalId, monthlyCost: 14.6,
    });
    expect(published).toHaveLength(1);
    expect(published[0].topic).toBe(INVENTORY_TOPIC);
    expect(published[0].eventPayload.items).toHaveLength(3);
    // The failed run added nothing to the team's spend.
    expect(await resources.monthlySpendByOwner(['payments'])).toEqual({ 'group:default/payments': 14.6 });
  });

  it('follows a running task to its end, and never brings back a resource marked deleted', async () => {
    const fake = fakeTaskSource();
    put(fake, 'slow', 'processing', [{ ...db, state: 'requested' }]);
    const c = collector(fake);
    await c.collectById('slow');
    expect((await resources.list({}, everything)).totalCount).toBe(0);
    put(fake, 'slow', 'completed', [{ ...db, state: 'requested' }, db]);
    await c.collectById('slow');
    expect((await resources.list({ status: 'active' }, everything)).totalCount).toBe(1);

    await resources.upsert({ ...(await resources.list({}, everything)).items[0], status: 'deleted' });
    published.length = 0;
    await c.collectById('slow');
    expect((await resources.list({}, everything)).items.map(i => i.status)).toEqual(['deleted']);
    expect(published).toEqual([]);
  });

  it('reads runs collected before the inventory existed once more, then only new ones', async () => {
    const fake = fakeTaskSource();
    fake.generate(120);
    put(fake, 'old-db-run', 'completed', [db]);
    await collector(fake, false).backfill({ pageSize: 50 });
    expect((await resources.list({}, everything)).totalCount).toBe(0);

    const before = fake.calls.events;
    const first = await collector(fake).backfill({ pageSize: 50 });
    expect(fake.calls.events - before).toBe(121);
    expect(first.collected).toBe(0);
    expect((await resources.list({}, everything)).items.map(i => i.taskId)).toEqual(['old-db-run']);

    const again = fake.calls.events;
    await collector(fake).backfill({ pageSize: 50 });
    expect(fake.calls.events - again).toBe(0);
  });
});
