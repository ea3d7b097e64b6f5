import knexFactory, { Knex } from 'knex';
import { migratedClient, TABLE } from '../service/ResourceStore';
import { CreatingRecords } from './CreatingRecords';

describe('CreatingRecords', () => {
  let knex: Knex;
  beforeEach(async () => {
    const client = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    knex = await migratedClient({ getClient: async () => client } as any);
  });
  afterEach(() => knex.destroy());

  const row = (i: number, status: string) => ({
    task_id: `task-${String(i % 97).padStart(3, '0')}`,
    resource_key: `rds-instance:db-${i}`,
    kind: 'rds-instance',
    name: `db-${i}`,
    owner: 'group:default/payments',
    environment: 'dev',
    status,
    monthly_cost: 10,
    region: 'eu-west-1',
    requester: 'user:default/jane',
    template_ref: 'template:default/postgres-database',
    step_id: 'db',
    action_id: 'golden-path:aws:rds:create',
    // All written at once: the order cannot come from the time.
    updated_at: '2026-11-30T12:00:00.000Z',
    created_at: '2026-11-30T12:00:00.000Z',
  });

  it('visits every creating row once per pass, beyond one page, while rows are settled between pages', async () => {
    const rows = Array.from({ length: 450 }, (_, i) =>
      row(i, i % 10 === 0 ? 'active' : 'creating'),
    );
    for (let i = 0; i < rows.length; i += 100)
      await knex(TABLE).insert(rows.slice(i, i + 100));
    const records = new CreatingRecords(knex);
    const seen: string[] = [];
    for await (const page of records.pages(50)) {
      expect(page.length).toBeLessThanOrEqual(50);
      seen.push(...page.map(r => `${r.item.taskId}/${r.item.name}`));
      // The first row of the page leaves `creating` as the reconciler would settle it.
      await records.settle(page[0].item, { status: 'active' });
    }
    expect(seen).toHaveLength(405);
    expect(new Set(seen).size).toBe(405);
    expect(await records.list()).toHaveLength(405 - 9);
  });
});
