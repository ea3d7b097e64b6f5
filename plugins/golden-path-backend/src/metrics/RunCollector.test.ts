import { mockServices } from '@backstage/backend-test-utils';
import {
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
const all = { from: 0, to: Date.parse('2100-01-01') };

describe('RunCollector on SQLite', () => {
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
  });
  afterEach(() => knex.destroy());

  const collector = (fake: ReturnType<typeof fakeTaskSource>) =>
    new RunCollector({
      source: fake.source,
      store,
      defaults,
      logger: mockServices.logger.mock(),
    });

  it('backfills history once, then reads only what is new', async () => {
    const fake = fakeTaskSource();
    fake.generate(950);
    const first = await collector(fake).backfill({ pageSize: 100 });
    expect(first).toMatchObject({ pages: 10, examined: 950, collected: 950 });
    expect(await store.count()).toBe(950);
    // 30 new tasks at the top of the list.
    for (let i = 0; i < 30; i++) {
      const t = makeTask({
        id: `new-${i}`,
        status: 'completed',
        createdAt: new Date(
          Date.parse('2026-11-25T00:00:00Z') + i * 1000,
        ).toISOString(),
      });
      fake.put(t, makeEvents(t));
    }
    const eventsBefore = fake.calls.events;
    const second = await collector(fake).backfill({ pageSize: 100 });
    expect(second.pages).toBeLessThanOrEqual(2);
    expect(fake.calls.events - eventsBefore).toBe(second.collected);
  });

  it('collects the history in chunks that resume where the last stopped, each task once', async () => {
    const fake = fakeTaskSource();
    fake.generate(950);
    // A run that may read only 3 pages stops there and says it is not done.
    const first = await collector(fake).backfill({
      pageSize: 100,
      maxPages: 3,
    });
    expect(first).toMatchObject({ pages: 3, done: false });
    // A new task arrives mid-pass; a fresh collector (another replica) resumes at page 4.
    const late = makeTask({
      id: 'late',
      status: 'completed',
      createdAt: '2026-11-29T00:00:00Z',
    });
    fake.put(late, makeEvents(late));
    const second = await collector(fake).backfill({ pageSize: 100 });
    expect(second).toMatchObject({ pages: 7, done: true });
    // The incremental pass after the full one picks up the task that arrived mid-pass.
    await collector(fake).backfill({ pageSize: 100 });
    expect(await store.count()).toBe(951);
    // Each golden-path task's events were read once, plus the late task's.
    expect(fake.calls.events).toBe(951);
  });

  it('stops a chunk at its deadline and reads events at most `concurrency` at a time', async () => {
    const fake = fakeTaskSource();
    fake.generate(400);
    let inFlight = 0;
    let most = 0;
    const events = fake.source.events;
    fake.source.events = async id => {
      most = Math.max(most, ++inFlight);
      await new Promise(r => setTimeout(r, 2));
      inFlight--;
      return events(id);
    };
    const chunk = await collector(fake).backfill({
      pageSize: 100,
      concurrency: 4,
      deadlineMs: 0,
    });
    expect(chunk).toMatchObject({ pages: 0, done: false });
    const rest = await collector(fake).backfill({
      pageSize: 100,
      concurrency: 4,
    });
    expect(rest).toMatchObject({ done: true, collected: 400 });
    expect(most).toBe(4);
  });

  it('re-reads a task whose finish event arrived before the scaffolder committed the finish', async () => {
    const fake = fakeTaskSource();
    const running = makeTask({
      id: 'race-1',
      status: 'processing',
      createdAt: '2026-11-20T10:00:00Z',
    });
    const failed = { ...running, status: 'failed' };
    const failedEvents = makeEvents(failed, { deniedBy: ['GP-OWNERSHIP'] });
    fake.put(
      running,
      failedEvents.filter(e => e.type !== 'completion'),
    );
    // The third read sees the committed finish.
    const task = fake.source.task;
    fake.source.task = async id => {
      if (fake.calls.task === 2) fake.put(failed, failedEvents);
      return task(id);
    };
    await collector(fake).collectById('race-1', 'failed');
    expect(fake.calls.task).toBe(3);
    expect(await store.list(all)).toMatchObject([
      { taskId: 'race-1', outcome: 'denied', deniedRules: ['GP-OWNERSHIP'] },
    ]);
  });

  it('does not wait for a task the event did not say had finished', async () => {
    const fake = fakeTaskSource();
    const running = makeTask({
      id: 'open-1',
      status: 'processing',
      createdAt: '2026-11-20T10:00:00Z',
    });
    fake.put(running, []);
    await collector(fake).collectById('open-1', 'processing');
    expect(fake.calls.task).toBe(1);
    expect(await store.list(all)).toMatchObject([
      { taskId: 'open-1', outcome: 'running' },
    ]);
  });

  it('gives identical numbers from events in any order, duplicated, or missed and repaired by backfill', async () => {
    const fake = fakeTaskSource();
    fake.generate(300);
    const ids = [...Array(300).keys()].map(
      i => `task-${String(i).padStart(8, '0')}`,
    );
    const c = collector(fake);

    // Reference: a clean backfill into a separate database.
    const refKnex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    const refStore = new RunStore(
      await migratedClient({ getClient: async () => refKnex } as any),
    );
    await new RunCollector({
      source: fake.source,
      store: refStore,
      defaults,
      logger: mockServices.logger.mock(),
    }).backfill();
    const reference = summarize(await refStore.list(all), defaults, all);
    await refKnex.destroy();

    // Events: shuffled, every third one delivered twice, every seventh one lost.
    const shuffled = [...ids].sort(
      (a, b) =>
        ((a.charCodeAt(a.length - 1) * 31) % 17) -
          ((b.charCodeAt(b.length - 1) * 31) % 17) || b.localeCompare(a),
    );
    for (const [i, id] of shuffled.entries()) {
      if (i % 7 === 0) continue;
      await c.collectById(id);
      if (i % 3 === 0) await c.collectById(id);
    }
    expect(summarize(await store.list(all), defaults, all)).not.toEqual(
      reference,
    );
    await c.backfill();
    expect(summarize(await store.list(all), defaults, all)).toEqual(reference);
    // The database's aggregate gives the very same summary as the in-memory definition.
    expect(
      summaryFromTotals(await store.aggregate(all), defaults, all),
    ).toEqual(reference);
  });

  it('moves a running task to its final outcome, never back', async () => {
    const fake = fakeTaskSource();
    const t = makeTask({
      id: 'live-1',
      status: 'processing',
      createdAt: '2026-11-01T00:00:00Z',
    });
    fake.put(t, makeEvents(t));
    const c = collector(fake);
    await c.collectById('live-1');
    expect((await store.list(all))[0].outcome).toBe('running');
    fake.finish('live-1', 'completed', 120);
    await c.collectById('live-1');
    const stale = makeTask({
      id: 'live-1',
      status: 'processing',
      createdAt: '2026-11-01T00:00:00Z',
    });
    await store.upsert([
      {
        ...(await store.list(all))[0],
        outcome: 'running',
        durationSeconds: undefined,
        completedAt: undefined,
      },
    ]);
    fake.put(stale, makeEvents(stale));
    await c.collectById('live-1');
    expect((await store.list(all))[0]).toMatchObject({
      outcome: 'completed',
      durationSeconds: 120,
    });
  });
});
