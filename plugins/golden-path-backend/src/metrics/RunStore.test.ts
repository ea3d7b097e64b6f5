import { mockServices } from '@backstage/backend-test-utils';
import { makeEvents, makeTask, classifyRun, summarize, summaryFromTotals } from '@golden-path/plugin-golden-path-common';
import knexFactory, { Knex } from 'knex';
import { migratedClient } from '../service/ResourceStore';
import { fakeTaskSource } from '../testUtils/fakeTasks';
import { RunCollector } from './RunCollector';
import { RunStore } from './RunStore';

const defaults = { hourlyRate: 95, defaultTicketQueue: 'P3D', defaultOpsEffort: 'PT45M', opsTeamSize: 5 };
const H = 3600_000;
const oct = Date.parse('2026-10-01T00:00:00Z');

describe('RunStore daily roll-ups', () => {
  let knex: Knex;
  let store: RunStore;
  beforeEach(async () => {
    knex = knexFactory({ client: 'better-sqlite3', connection: ':memory:', useNullAsDefault: true });
    store = new RunStore(await migratedClient({ getClient: async () => knex } as any));
    const fake = fakeTaskSource();
    fake.generate(600);
    await new RunCollector({ source: fake.source, store, defaults, logger: mockServices.logger.mock() }).backfill();
  });
  afterEach(() => knex.destroy());

  const filters = [
    { from: 0, to: Date.parse('2100-01-01') },
    { from: oct + 5 * H, to: oct + 20 * 24 * H + 7 * H },
    { from: oct + 3 * 24 * H, to: oct + 4 * 24 * H },
    { from: oct + 2 * H, to: oct + 3 * H },
    { from: oct, to: oct + 40 * 24 * H, template: 'template:default/s3-bucket' },
    { from: oct, to: oct + 40 * 24 * H, owner: 'group:default/checkout' },
  ];

  it.each(filters.map(f => [JSON.stringify(f), f] as const))('answers %s exactly as the in-memory definition', async (_label, filter) => {
    expect(await knex('golden_path_runs_dirty_days').count({ n: '*' }).first()).toEqual({ n: 0 });
    const expected = summarize(await store.list(filter), defaults, filter);
    expect(summaryFromTotals(await store.aggregate(filter), defaults, filter)).toEqual(expected);
    const daily = await store.daily(filter);
    expect(daily.reduce((n, d) => n + d.runs, 0)).toBe(expected.runs);
    expect(daily.reduce((n, d) => n + d.completed, 0)).toBe(expected.completed);
  });

  it('stays exact when runs change after the roll-up, and after the next refresh', async () => {
    const all = { from: 0, to: Date.parse('2100-01-01') };
    const task = makeTask({ id: 'late-1', status: 'completed', createdAt: new Date(oct + 26 * H).toISOString() });
    await store.upsert([classifyRun(task, makeEvents(task, { seconds: 4000 }), defaults)!]);
    expect(Number((await knex('golden_path_runs_dirty_days').count({ n: '*' }).first())!.n)).toBe(1);
    const expected = summarize(await store.list(all), defaults, all);
    expect(summaryFromTotals(await store.aggregate(all), defaults, all)).toEqual(expected);
    await store.refreshRollups();
    expect(summaryFromTotals(await store.aggregate(all), defaults, all)).toEqual(expected);
  });
});
