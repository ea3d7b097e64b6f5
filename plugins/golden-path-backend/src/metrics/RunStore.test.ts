import { mockServices } from '@backstage/backend-test-utils';
import {
  classifyRun,
  RunRecord,
  summarize,
  summaryFromTotals,
} from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import knexFactory, { Knex } from 'knex';
import { migratedClient } from '../service/ResourceStore';
import { fakeTaskSource } from '../testUtils/fakeTasks';
import { RunCollector } from './RunCollector';
import { RunStore } from './RunStore';

const defaults = {
  hourlyRate: 95,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT45M',
  opsTeamSize: 5,
};
const H = 3600_000;
const D = 24 * H;
const start = Date.parse('2026-07-20T00:00:00Z');
const aug = Date.parse('2026-08-01T00:00:00Z');
const oct = Date.parse('2026-10-01T00:00:00Z');
const all = { from: 0, to: Date.parse('2100-01-01') };

const count = async (knex: Knex, table: string) =>
  Number((await knex(table).count({ n: '*' }).first())!.n);

describe('RunStore roll-ups (daily and monthly)', () => {
  let knex: Knex;
  let store: RunStore;
  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = new RunStore(
      await migratedClient({ getClient: async () => knex } as any),
    );
    const fake = fakeTaskSource();
    // 120 days: a partial July, whole August to October, a partial November.
    fake.generate(1500, start, 120);
    await new RunCollector({
      source: fake.source,
      store,
      defaults,
      logger: mockServices.logger.mock(),
    }).backfill();
  });
  afterEach(() => knex.destroy());

  const filters = [
    all,
    { from: aug, to: oct },
    { from: aug + 5 * H, to: oct + 20 * D + 7 * H },
    { from: start + 15 * D, to: start + 75 * D },
    { from: oct + 3 * D, to: oct + 4 * D },
    { from: oct + 2 * H, to: oct + 3 * H },
    { ...all, template: 'template:default/s3-bucket' },
    { from: aug, to: oct + 40 * D, owner: 'group:default/checkout' },
  ];

  it.each(filters.map(f => [JSON.stringify(f), f] as const))(
    'answers %s exactly as the in-memory definition',
    async (_label, filter) => {
      expect(await count(knex, 'golden_path_runs_dirty_days')).toBe(0);
      expect(await count(knex, 'golden_path_runs_dirty_months')).toBe(0);
      const runs = await store.list(filter);
      const expected = summarize(runs, defaults, filter);
      expect(
        summaryFromTotals(await store.aggregate(filter), defaults, filter),
      ).toEqual(expected);
      const daily = await store.daily(filter);
      expect(daily.reduce((n, d) => n + d.runs, 0)).toBe(expected.runs);
      expect(daily.reduce((n, d) => n + d.completed, 0)).toBe(
        expected.completed,
      );
      for (const by of ['template_ref', 'owner'] as const) {
        const groups = await store.aggregateBy(filter, by);
        const keyOf = (r: RunRecord) =>
          by === 'owner' ? r.owner : r.templateRef;
        expect([...groups.keys()].sort()).toEqual(
          [...new Set(runs.map(keyOf))].sort(),
        );
        for (const [key, totals] of groups) {
          const mine = runs.filter(r => keyOf(r) === key);
          expect(summaryFromTotals(totals, defaults, filter)).toEqual(
            summarize(mine, defaults, filter),
          );
          expect(totals.lastRunAt).toBe(
            Math.max(...mine.map(r => r.createdAt)),
          );
          expect(totals.ticketType).toBe(mine.at(-1)!.ticketType);
        }
      }
    },
  );

  it('builds one monthly row per month, template and owner from the daily rows', async () => {
    const months: any[] = await knex('golden_path_runs_monthly')
      .select('month')
      .sum({ runs: 'runs' })
      .groupBy('month')
      .orderBy('month');
    // 2026-07 .. 2026-11 as months since 1970-01.
    expect(months.map(m => Number(m.month))).toEqual([678, 679, 680, 681, 682]);
    expect(months.reduce((n, m) => n + Number(m.runs), 0)).toBe(1500);
    const daily = await knex('golden_path_runs_daily')
      .where('day', '>=', aug / D)
      .andWhere('day', '<', Date.parse('2026-09-01') / D)
      .sum({ runs: 'runs' })
      .first();
    expect(Number(months[1].runs)).toBe(Number(daily!.runs));
  });

  it('stays exact when runs change after the roll-up, and after the next refresh', async () => {
    const task = makeTask({
      id: 'late-1',
      status: 'completed',
      createdAt: new Date(aug + 10 * D + 26 * H).toISOString(),
      seconds: 4000,
    });
    await store.upsert([classifyRun(task, makeEvents(task), defaults)!]);
    expect(await count(knex, 'golden_path_runs_dirty_days')).toBe(1);
    for (const filter of [all, { from: aug, to: oct }]) {
      const expected = summarize(await store.list(filter), defaults, filter);
      expect(
        summaryFromTotals(await store.aggregate(filter), defaults, filter),
      ).toEqual(expected);
    }
    await store.refreshRollups();
    expect(await count(knex, 'golden_path_runs_dirty_days')).toBe(0);
    expect(await count(knex, 'golden_path_runs_dirty_months')).toBe(0);
    for (const filter of [all, { from: aug, to: oct }]) {
      const expected = summarize(await store.list(filter), defaults, filter);
      expect(
        summaryFromTotals(await store.aggregate(filter), defaults, filter),
      ).toEqual(expected);
      expect(expected.p90ProvisionSeconds).not.toBeNull();
    }
  });

  it('bypasses a month whose roll-up is stale even when its days are fresh', async () => {
    // Corrupt August's monthly rows and mark the month stale: the answer must not use them.
    await knex('golden_path_runs_monthly')
      .where('month', 679)
      .update({ runs: 999999, completed: 999999 });
    await knex('golden_path_runs_dirty_months').insert({ month: 679, mark: 1 });
    const filter = { from: aug, to: oct };
    const expected = summarize(await store.list(filter), defaults, filter);
    expect(
      summaryFromTotals(await store.aggregate(filter), defaults, filter),
    ).toEqual(expected);
    await store.refreshRollups();
    expect(
      summaryFromTotals(await store.aggregate(filter), defaults, filter),
    ).toEqual(expected);
  });

  it('returns the newest runs first', async () => {
    const latest = await store.latest(
      { ...all, template: 'template:default/redis-cache' },
      5,
    );
    expect(latest).toHaveLength(5);
    expect(
      latest.every(r => r.templateRef === 'template:default/redis-cache'),
    ).toBe(true);
    expect(latest.map(r => r.createdAt)).toEqual(
      [...latest.map(r => r.createdAt)].sort((a, b) => b - a),
    );
  });
});
