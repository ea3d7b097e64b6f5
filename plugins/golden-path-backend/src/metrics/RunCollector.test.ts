import { mockServices } from '@backstage/backend-test-utils';
import {
  classifyRun,
  InventoryStatus,
  summarize,
  summaryFromTotals,
  TaskEventSnapshot,
} from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import knexFactory, { Knex } from 'knex';
import { migratedClient, ResourceStore } from '../service/ResourceStore';
import { fakeTaskSource } from '../testUtils/fakeTasks';
import { StepFailures } from '../ledger/StepFailures';
import { LedgerRecordStatuses } from './LedgerStatuses';
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
      ledger: fake.ledger,
      defaults,
      logger: mockServices.logger.mock(),
    });

  it('backfills history once, then reads only what is new', async () => {
    const fake = fakeTaskSource();
    fake.generate(950);
    const first = await collector(fake).backfill({ pageSize: 100 });
    expect(first).toMatchObject({ pages: 10, examined: 950, collected: 950 });
    expect(await store.count()).toBe(950);
    // Only the failed runs' event logs were read (1 in 10): a denied run's refusal is recorded.
    expect(first.eventLogsRead).toBe(95);
    expect(fake.calls.events).toBe(95);
    // 30 new tasks at the top of the list, 10 of them failed.
    for (let i = 0; i < 30; i++) {
      const t = makeTask({
        id: `new-${i}`,
        status: i % 3 ? 'completed' : 'failed',
        createdAt: new Date(
          Date.parse('2026-11-25T00:00:00Z') + i * 1000,
        ).toISOString(),
      });
      fake.put(t, makeEvents(t), ['active']);
    }
    const second = await collector(fake).backfill({ pageSize: 100 });
    expect(second).toMatchObject({ collected: 30, eventLogsRead: 10 });
    expect(second.pages).toBeLessThanOrEqual(2);
    expect(await store.count()).toBe(980);
  });

  it('stores exactly the runs that reading every event log gives, reading only the logs it needs', async () => {
    const fake = fakeTaskSource();
    fake.generate(500);
    const at = (i: number) =>
      new Date(Date.parse('2026-11-10T00:00:00Z') + i * 60_000).toISOString();
    const add = (
      id: string,
      task: Partial<Parameters<typeof makeTask>[0]>,
      events: Parameters<typeof makeEvents>[1],
      statuses?: InventoryStatus[],
      extra: TaskEventSnapshot[] = [],
    ) => {
      const t = makeTask({
        id,
        status: 'completed',
        createdAt: at(0),
        ...task,
      });
      fake.put(t, [...makeEvents(t, events), ...extra], statuses);
    };
    // Runs older than the ledger: only their logs say live or planned.
    add('pre-ledger-live', { createdAt: at(1) }, { mode: 'live' });
    add('pre-ledger-plan', { createdAt: at(2) }, { mode: 'plan' });
    // A run that created one resource live and planned another.
    add('mixed', { createdAt: at(3) }, { mode: 'live' }, ['planned', 'active']);
    // A cancel request after the last step: the run completed.
    add(
      'late-cancel',
      { createdAt: at(4) },
      { mode: 'live' },
      ['active'],
      [{ type: 'cancelled', createdAt: at(5), body: {} }],
    );
    // A cancel request that stopped a run.
    add(
      'stopped',
      { status: 'failed', createdAt: at(6) },
      {},
      ['failed'],
      [{ type: 'cancelled', createdAt: at(6), body: {} }],
    );
    add('running', { status: 'processing', createdAt: at(7) }, {}, ['pending']);
    add(
      'no-golden-path-step',
      {
        createdAt: at(8),
        steps: [{ id: 'log', action: 'debug:log' }],
      },
      {},
    );
    add(
      'provider-error',
      { status: 'failed', createdAt: at(9) },
      {
        error: 'x',
      },
    );
    add('not-a-golden-path', { createdAt: at(10), annotations: {} }, {});
    // A refusal from before step failures were recorded: only its log tells it from a failure.
    add(
      'unrecorded-refusal',
      { status: 'failed', createdAt: at(11) },
      { deniedBy: ['GP-REGION-ALLOWED'] },
    );
    // A golden-path step that failed (the provider said no) and recorded so: no log needed.
    fake.put(
      makeTask({ id: 'recorded-failure', status: 'failed', createdAt: at(12) }),
      makeEvents(
        makeTask({
          id: 'recorded-failure',
          status: 'failed',
          createdAt: at(12),
        }),
        { error: 'name taken' },
      ),
      ['failed'],
      { refusedBy: [] },
    );

    // The ledger as the plugin reads it: rows in its own table.
    const resources = new ResourceStore(knex);
    const { tasks } = await fake.source.page(0, 10_000);
    const records = await fake.ledger.recordsOf(tasks);
    const stepFailures = new StepFailures(knex);
    for (const [taskId, { stepFailure }] of records)
      if (stepFailure)
        await stepFailures.record({
          taskId,
          stepId: 'guardrails',
          actionId: 'golden-path:guardrails:check',
          refusedBy: [...stepFailure.refusedBy],
        });
    await resources.upsertMany(
      [...records].flatMap(([taskId, { statuses }]) =>
        statuses.map((status, i) => ({
          taskId,
          kind: 's3-bucket',
          name: `bucket-${i}`,
          owner: 'group:default/payments',
          environment: 'dev',
          status,
          monthlyCost: 1,
        })),
      ),
    );
    const result = await new RunCollector({
      source: fake.source,
      store,
      ledger: new LedgerRecordStatuses(knex),
      defaults,
      logger: mockServices.logger.mock(),
    }).backfill({ pageSize: 64 });

    // Every event log read, nothing else consulted (as before the ledger was).
    const everyLog = [];
    for (const t of tasks) {
      const run = classifyRun(t, await fake.source.events(t.id), defaults);
      if (run) everyLog.push(run);
    }
    const byId = (a: { taskId: string }, b: { taskId: string }) =>
      a.taskId.localeCompare(b.taskId);
    expect(everyLog.length).toBe(510);
    expect((await store.list(all)).sort(byId)).toEqual(everyLog.sort(byId));
    // Logs read: failed runs (50), pre-ledger runs, the stopped, running and provider-error ones, and
    // the refusal older than step-failure records; not the 50 denied runs with a recorded refusal,
    // nor the failure its golden-path step recorded.
    expect(result.eventLogsRead).toBe(50 + 2 + 3 + 1);
    expect(result.collected).toBe(510);
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
    // It asked for the next page while classifying one, but never past its limit.
    expect(fake.calls.page).toBe(3);
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
    // Each failed task's events were read once, and the late task's (not in the ledger).
    expect(fake.calls.events).toBe(95 + 1);
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
