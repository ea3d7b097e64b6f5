import { mockServices } from '@backstage/backend-test-utils';
import {
  summarize,
  summaryFromTotals,
} from '@golden-path/plugin-golden-path-common';
import {
  migratedClient,
  RunCollector,
  RunStore,
  fakeTaskSource,
} from '@golden-path/plugin-golden-path-backend/testUtils';
import knexFactory, { Knex } from 'knex';
import { postgresConnection } from './backend';

const defaults = {
  hourlyRate: 95,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT45M',
  opsTeamSize: 5,
};
const all = { from: 0, to: Date.parse('2100-01-01') };

/** A fresh PostgreSQL database per test, so runs never see each other's rows. */
async function freshDatabase(): Promise<{
  url: string;
  drop: () => Promise<void>;
}> {
  const admin = knexFactory({ client: 'pg', connection: postgresConnection() });
  const name = `gp_metrics_${Date.now().toString(36)}_${Math.floor(
    Math.random() * 1e6,
  )}`;
  await admin.raw(`CREATE DATABASE ${name}`);
  const url = new URL(postgresConnection());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.raw(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.destroy();
    },
  };
}

async function storeOn(url: string): Promise<{ knex: Knex; store: RunStore }> {
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 5 },
  });
  return {
    knex,
    store: new RunStore(
      await migratedClient({ getClient: async () => knex } as any),
    ),
  };
}

describe('run metrics on PostgreSQL', () => {
  it('gives identical numbers from events in any order, duplicated, or missed and repaired by backfill', async () => {
    const db = await freshDatabase();
    const { knex, store } = await storeOn(db.url);
    try {
      const fake = fakeTaskSource();
      fake.generate(400);
      const reference = summarize(
        await (async () => {
          const ref = await freshDatabase();
          const r = await storeOn(ref.url);
          await new RunCollector({
            source: fake.source,
            store: r.store,
            defaults,
            logger: mockServices.logger.mock(),
          }).backfill();
          const rows = await r.store.list(all);
          await r.knex.destroy();
          await ref.drop();
          return rows;
        })(),
        defaults,
        all,
      );
      const collector = new RunCollector({
        source: fake.source,
        store,
        defaults,
        logger: mockServices.logger.mock(),
      });
      const ids = [...Array(400).keys()]
        .map(i => `task-${String(i).padStart(8, '0')}`)
        .reverse();
      for (const [i, id] of ids.entries()) {
        if (i % 5 === 0) continue; // lost
        await collector.collectById(id);
        if (i % 4 === 0) await collector.collectById(id); // duplicated
      }
      await collector.backfill({ pageSize: 50 });
      expect(summarize(await store.list(all), defaults, all)).toEqual(
        reference,
      );
      // PostgreSQL's aggregate gives the same summary as the in-memory definition.
      expect(
        summaryFromTotals(await store.aggregate(all), defaults, all),
      ).toEqual(reference);
      const daily = await store.daily(all);
      expect(daily.reduce((n, d) => n + d.runs, 0)).toBe(400);
      expect(reference.runs).toBe(400);
    } finally {
      await knex.destroy();
      await db.drop();
    }
  }, 120_000);

  it('two instances (separate connection pools) processing the same 1,000 tasks at once count each exactly once', async () => {
    const db = await freshDatabase();
    const a = await storeOn(db.url);
    const b = await storeOn(db.url);
    try {
      const fake = fakeTaskSource();
      fake.generate(1000);
      const logger = mockServices.logger.mock();
      const ids = [...Array(1000).keys()].map(
        i => `task-${String(i).padStart(8, '0')}`,
      );
      const one = new RunCollector({
        source: fake.source,
        store: a.store,
        defaults,
        logger,
      });
      const two = new RunCollector({
        source: fake.source,
        store: b.store,
        defaults,
        logger,
      });
      // Both see every event (each replica subscribes) and both run a backfill, all interleaved.
      await Promise.all([
        (async () => {
          for (const id of ids) await one.collectById(id);
        })(),
        (async () => {
          for (const id of [...ids].reverse()) await two.collectById(id);
        })(),
        one.backfill({ pageSize: 100 }),
        two.backfill({ pageSize: 100 }),
      ]);
      const s = summarize(await a.store.list(all), defaults, all);
      expect(await a.store.count()).toBe(1000);
      // The fixture: per 10 tasks 6 completed live, 1 failed, 1 denied, 1 planned, 1 cancelled.
      expect(s).toMatchObject({
        runs: 1000,
        completed: 600,
        failed: 100,
        denied: 100,
        planned: 100,
        cancelled: 100,
        ticketsAvoided: 600,
      });
      expect(s.opsHoursSaved).toBe(600);
      // Both refreshed the daily roll-ups concurrently: they agree with the runs to the last figure.
      expect(
        summaryFromTotals(await b.store.aggregate(all), defaults, all),
      ).toEqual(s);
    } finally {
      await a.knex.destroy();
      await b.knex.destroy();
      await db.drop();
    }
  }, 120_000);
});
