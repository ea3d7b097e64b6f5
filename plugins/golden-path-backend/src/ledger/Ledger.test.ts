/* eslint-disable jest/no-standalone-expect, jest/valid-title -- `race` defines its tests with `it` on PostgreSQL only */
import {
  ResourceRecord,
  ResourceRecordState,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { ResourceStore, TABLE } from '../service/ResourceStore';
import { Db, postgresDb, sqliteDb } from '../testUtils/databases';
import { Ledger, LedgerLimits } from './Ledger';

/**
 * The spend ledger on in-memory SQLite and, when GOLDEN_PATH_TEST_PG_URL is set, on a fresh
 * PostgreSQL database per run (dropped afterwards). The race tests need two pools, so PostgreSQL only.
 */
const PG_URL = process.env.GOLDEN_PATH_TEST_PG_URL;

const limits: LedgerLimits = {
  currency: 'USD',
  maxMonthlyPerRequest: 300,
  teamMonthly: { default: 500, 'group:default/big': 10_000 },
  reservationTtlMs: 60 * 60_000,
};
const facts = {
  requester: 'user:default/guest',
  templateRef: 'template:default/postgres-database',
};
const NOW = new Date('2026-11-30T12:00:00Z');
const later = (ms: number) => new Date(NOW.getTime() + ms);

const bind = (taskId: string, stepId = 'db') => ({
  taskId,
  stepId,
  actionId: 'golden-path:aws:rds:create',
});
const rec = (
  state: ResourceRecordState,
  name: string,
  monthlyCost: number,
  owner = 'group:default/payments',
): ResourceRecord => ({
  state,
  kind: 'rds-instance',
  name,
  owner,
  environment: 'prod',
  monthlyCost,
});

/** Each test gets an empty table: simpler than a database per test, and cheap on both engines. */
const backends: Array<[string, () => Db]> = [['SQLite', sqliteDb]];
if (PG_URL) backends.push(['PostgreSQL', () => postgresDb(PG_URL)]);

describe.each(backends)('Ledger on %s', (engine, makeDb) => {
  let db: Db;
  let knex: Knex;
  let ledger: Ledger;
  let store: ResourceStore;

  beforeAll(async () => {
    db = makeDb();
    knex = await db.client();
  }, 60_000);
  afterAll(() => db?.done(), 60_000);

  beforeEach(async () => {
    await knex(TABLE).delete();
    ledger = new Ledger(knex, limits);
    store = new ResourceStore(knex);
  });

  const statusOf = async (taskId: string, name: string) =>
    (
      await knex(TABLE)
        .where({ task_id: taskId, resource_key: `rds-instance:${name}` })
        .first()
    )?.status;
  const spend = async (owner = 'group:default/payments', now = NOW) =>
    (await store.monthlySpendByOwner([owner], now))[owner] ?? 0;

  it('caps one run across its records (pending, active and planned count)', async () => {
    expect(
      (
        await ledger.write(
          bind('t1', 'a'),
          rec('requested', 'db-a', 200),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    const second = await ledger.write(
      bind('t1', 'b'),
      rec('requested', 'db-b', 150),
      facts,
      NOW,
    );
    expect(second.refusal?.ruleId).toBe('GP-BUDGET-PER-REQUEST');
    expect(second.item).toBeUndefined();
    expect(await statusOf('t1', 'db-b')).toBeUndefined();
    // Still counts once confirmed.
    await ledger.write(
      bind('t1', 'a'),
      rec('created', 'db-a', 200),
      facts,
      NOW,
    );
    expect(
      (
        await ledger.write(
          bind('t1', 'b'),
          rec('requested', 'db-b', 150),
          facts,
          NOW,
        )
      ).refusal?.ruleId,
    ).toBe('GP-BUDGET-PER-REQUEST');
    // What fits under the cap is reserved.
    expect(
      (
        await ledger.write(
          bind('t1', 'b'),
          rec('requested', 'db-b', 100),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    expect(await statusOf('t1', 'db-b')).toBe('pending');
    // The same cost in another task is that task's own run.
    expect(
      (
        await ledger.write(
          bind('t2'),
          rec('requested', 'db-c', 150),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    // Plans count against the run's cap too.
    expect(
      (
        await ledger.write(
          bind('t3', 'a'),
          rec('planned', 'plan-a', 250, 'group:default/big'),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    expect(
      (
        await ledger.write(
          bind('t3', 'b'),
          rec('planned', 'plan-b', 100, 'group:default/big'),
          facts,
          NOW,
        )
      ).refusal?.ruleId,
    ).toBe('GP-BUDGET-PER-REQUEST');
  });

  it("counts the team's active and live pending rows of every task against its monthly budget", async () => {
    await ledger.write(bind('t1'), rec('requested', 'db-1', 200), facts, NOW);
    await ledger.write(bind('t1'), rec('created', 'db-1', 200), facts, NOW);
    expect(
      (
        await ledger.write(
          bind('t2'),
          rec('requested', 'db-2', 250),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    const refused = await ledger.write(
      bind('t3'),
      rec('requested', 'db-3', 100),
      facts,
      NOW,
    );
    expect(refused.refusal?.ruleId).toBe('GP-BUDGET-TEAM-MONTHLY');
    expect(refused.refusal?.message).toContain('group:default/payments');
    expect(await statusOf('t3', 'db-3')).toBeUndefined();
    expect(await spend()).toBe(450);
    // Exactly up to the budget fits.
    expect(
      (await ledger.write(bind('t4'), rec('requested', 'db-4', 50), facts, NOW))
        .refusal,
    ).toBeUndefined();
    // Other teams have their own budgets; the owner ref is normalised ("payments" is the same team).
    expect(
      (
        await ledger.write(
          bind('t5'),
          rec('requested', 'db-5', 250, 'group:default/checkout'),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    expect(
      (
        await ledger.write(
          bind('t6'),
          rec('requested', 'db-6', 1, 'payments'),
          facts,
          NOW,
        )
      ).refusal?.ruleId,
    ).toBe('GP-BUDGET-TEAM-MONTHLY');
    // A released reservation frees its share.
    await ledger.write(bind('t2'), rec('failed', 'db-2', 250), facts, NOW);
    expect(
      (
        await ledger.write(
          bind('t3'),
          rec('requested', 'db-3', 100),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
  });

  it("judges a plan against the team's spend (the actions leave the team budget of a plan to this judgement), and a plan never adds to it", async () => {
    await ledger.write(bind('t1'), rec('requested', 'db-1', 250), facts, NOW);
    await ledger.write(bind('t1'), rec('created', 'db-1', 250), facts, NOW);
    const refused = await ledger.write(
      bind('t2'),
      rec('planned', 'db-2', 251),
      facts,
      NOW,
    );
    expect(refused.refusal?.ruleId).toBe('GP-BUDGET-TEAM-MONTHLY');
    expect(refused.refusal?.message).toContain('USD 250.00/month provisioned');
    expect(await statusOf('t2', 'db-2')).toBeUndefined();
    // Exactly up to the budget fits, and the plan does not count against the next one.
    for (const task of ['t3', 't4'])
      expect(
        (
          await ledger.write(
            bind(task),
            rec('planned', 'db-3', 250),
            facts,
            NOW,
          )
        ).refusal,
      ).toBeUndefined();
    expect(await spend()).toBe(250);
  });

  it('writes a plan written twice at once (a replayed step) as one row', async () => {
    const [one, two] = await Promise.all(
      [1, 2].map(() =>
        ledger.write(bind('t1'), rec('planned', 'db-1', 40), facts, NOW),
      ),
    );
    expect([one.refusal, two.refusal]).toEqual([undefined, undefined]);
    expect(await statusOf('t1', 'db-1')).toBe('planned');
    expect(Number((await knex(TABLE).count({ n: '*' }).first())!.n)).toBe(1);
    // A plan is never spend.
    expect(await spend()).toBe(0);
  });

  it('is idempotent when the same key is written again', async () => {
    const first = await ledger.write(
      bind('t1'),
      rec('requested', 'db-1', 280),
      facts,
      NOW,
    );
    expect(first.changed).toBe(true);
    // A replay of the reservation neither double-counts against the cap or the budget nor changes anything.
    const again = await ledger.write(
      bind('t1'),
      rec('requested', 'db-1', 280),
      facts,
      NOW,
    );
    expect(again.refusal).toBeUndefined();
    expect(again.changed).toBe(false);
    expect(await spend()).toBe(280);
    const created = await ledger.write(
      bind('t1'),
      rec('created', 'db-1', 280),
      facts,
      NOW,
    );
    expect(created.changed).toBe(true);
    expect(created.item?.status).toBe('active');
    expect(
      (await ledger.write(bind('t1'), rec('created', 'db-1', 280), facts, NOW))
        .changed,
    ).toBe(false);
    // A late replay of the reservation (or a release) does not un-confirm a resource.
    expect(
      (
        await ledger.write(
          bind('t1'),
          rec('requested', 'db-1', 280),
          facts,
          NOW,
        )
      ).item?.status,
    ).toBe('active');
    expect(
      (await ledger.write(bind('t1'), rec('failed', 'db-1', 280), facts, NOW))
        .item?.status,
    ).toBe('active');
    expect(Number((await knex(TABLE).count({ n: '*' }).first())!.n)).toBe(1);
    expect(await spend()).toBe(280);
  });

  it('stops counting reservations whose time ran out', async () => {
    await ledger.write(bind('t1'), rec('requested', 'db-1', 280), facts, NOW);
    expect(
      (
        await ledger.write(
          bind('t2'),
          rec('requested', 'db-2', 280),
          facts,
          later(1000),
        )
      ).refusal?.ruleId,
    ).toBe('GP-BUDGET-TEAM-MONTHLY');
    const afterTtl = later(limits.reservationTtlMs + 1000);
    expect(await spend('group:default/payments', afterTtl)).toBe(0);
    expect(
      (
        await ledger.write(
          bind('t2'),
          rec('requested', 'db-2', 280),
          facts,
          afterTtl,
        )
      ).refusal,
    ).toBeUndefined();
    // Nor against the run's own cap.
    expect(
      (
        await ledger.write(
          bind('t1', 'b'),
          rec('requested', 'db-1b', 250, 'group:default/big'),
          facts,
          afterTtl,
        )
      ).refusal,
    ).toBeUndefined();
  });

  it('settleTask releases pending rows (and plans when the task failed), once', async () => {
    await ledger.write(
      bind('ok', 'a'),
      rec('requested', 'ok-a', 100),
      facts,
      NOW,
    );
    await ledger.write(
      bind('ok', 'a'),
      rec('created', 'ok-a', 100),
      facts,
      NOW,
    );
    await ledger.write(
      bind('ok', 'b'),
      rec('requested', 'ok-b', 50),
      facts,
      NOW,
    );
    await ledger.write(bind('ok', 'c'), rec('planned', 'ok-c', 40), facts, NOW);
    await ledger.write(
      bind('bad', 'a'),
      rec('requested', 'bad-a', 120),
      facts,
      NOW,
    );
    await ledger.write(
      bind('bad', 'b'),
      rec('planned', 'bad-b', 60),
      facts,
      NOW,
    );
    expect((await ledger.unsettledTaskIds()).sort()).toEqual(['bad', 'ok']);
    expect(await spend()).toBe(270);

    // Still running: nothing happens.
    expect(await ledger.settleTask('ok', 'processing', NOW)).toEqual([]);
    expect(await statusOf('ok', 'ok-b')).toBe('pending');

    const ok = await ledger.settleTask('ok', 'completed', NOW);
    expect(ok.map(i => [i.name, i.status])).toEqual([['ok-b', 'failed']]);
    expect(await statusOf('ok', 'ok-a')).toBe('active');
    expect(await statusOf('ok', 'ok-c')).toBe('planned');

    const bad = await ledger.settleTask('bad', 'failed', NOW);
    expect(bad.map(i => [i.name, i.status]).sort()).toEqual([
      ['bad-a', 'failed'],
      ['bad-b', 'failed'],
    ]);
    expect(await spend()).toBe(100);
    expect(await ledger.unsettledTaskIds()).toEqual([]);

    // Again (events, backfill, another replica): nothing more changes.
    expect(await ledger.settleTask('ok', 'completed', later(1000))).toEqual([]);
    expect(await ledger.settleTask('bad', 'failed', later(1000))).toEqual([]);
    expect(await statusOf('ok', 'ok-a')).toBe('active');
    expect(await statusOf('ok', 'ok-c')).toBe('planned');
    expect(await spend()).toBe(100);
    // The released budget is usable again.
    expect(
      (
        await ledger.write(
          bind('next'),
          rec('requested', 'next', 250),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
    expect(
      (
        await ledger.write(
          bind('next2'),
          rec('requested', 'next2', 150),
          facts,
          NOW,
        )
      ).refusal,
    ).toBeUndefined();
  });

  it('counts a creating resource against the budget; a replay never sends it back, its action may confirm it', async () => {
    await ledger.write(bind('t1'), rec('requested', 'db-1', 200), facts, NOW);
    const creating = await ledger.write(
      bind('t1'),
      rec('creating', 'db-1', 200),
      facts,
      NOW,
    );
    expect(creating.item).toMatchObject({ status: 'creating' });
    // It exists at the provider: it holds budget, and never expires like a reservation.
    expect(await spend('group:default/payments', later(24 * 3600_000))).toBe(
      200,
    );
    // A retried step writes `requested` again before its checkpointed create; a failure after
    // the create was accepted is not a release either.
    for (const state of ['requested', 'planned', 'failed'] as const) {
      const replay = await ledger.write(
        bind('t1'),
        rec(state, 'db-1', 200),
        facts,
        NOW,
      );
      expect({ state, status: replay.item?.status }).toEqual({
        state,
        status: 'creating',
      });
      expect(replay.refusal).toBeUndefined();
    }
    // The action that waited confirms it with the endpoint the provider described.
    const created = await ledger.write(
      bind('t1'),
      { ...rec('created', 'db-1', 200), endpoint: 'db-1.x.rds.test:5433' },
      facts,
      NOW,
    );
    expect(created).toMatchObject({
      changed: true,
      item: { status: 'active', endpoint: 'db-1.x.rds.test:5433' },
    });
    expect(await spend()).toBe(200);
  });

  it('never revives a deleted row', async () => {
    await ledger.write(bind('t1'), rec('requested', 'db-1', 200), facts, NOW);
    await ledger.write(bind('t1'), rec('created', 'db-1', 200), facts, NOW);
    await store.markDeleted({
      taskId: 't1',
      kind: 'rds-instance',
      name: 'db-1',
    });
    for (const state of [
      'requested',
      'created',
      'planned',
      'failed',
    ] as const) {
      const result = await ledger.write(
        bind('t1'),
        rec(state, 'db-1', 200),
        facts,
        NOW,
      );
      expect(result.item?.status).toBe('deleted');
      expect(result.changed).toBe(false);
    }
    await store.upsert({
      taskId: 't1',
      kind: 'rds-instance',
      name: 'db-1',
      owner: 'group:default/payments',
      environment: 'prod',
      status: 'active',
      monthlyCost: 200,
    });
    expect(await ledger.settleTask('t1', 'failed', NOW)).toEqual([]);
    expect(await statusOf('t1', 'db-1')).toBe('deleted');
    expect(await spend()).toBe(0);
  });

  // Defined on PostgreSQL only: SQLite has one writer, so there is no race to lose.
  const race = (name: string, fn: () => Promise<void>, timeout?: number) =>
    engine === 'PostgreSQL' ? it(name, fn, timeout) : undefined;

  race(
    'judges a plan without the owner lock a reservation of another replica holds, and as strictly',
    async () => {
      const other = await db.client();
      // 450 of the team's 500 reserved by two other runs.
      for (const [task, cost] of [
        ['held-1', 250],
        ['held-2', 200],
      ] as const)
        expect(
          (
            await ledger.write(
              bind(task),
              rec('requested', task, cost),
              facts,
              NOW,
            )
          ).refusal,
        ).toBeUndefined();
      const tx = await other.transaction();
      try {
        // Another replica is inside a reservation of this team: it holds the owner's lock.
        await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [
          'golden-path:owner:group:default/payments',
        ]);
        // Were a plan to wait for that lock, these would never return.
        const fits = await ledger.write(
          bind('plan-a'),
          rec('planned', 'plan-a', 40),
          facts,
          NOW,
        );
        const over = await ledger.write(
          bind('plan-b'),
          rec('planned', 'plan-b', 60),
          facts,
          NOW,
        );
        expect([fits.refusal, over.refusal?.ruleId]).toEqual([
          undefined,
          'GP-BUDGET-TEAM-MONTHLY',
        ]);
        // A plan holds nothing: the reservation's 450 is all the team spends.
        expect(await spend()).toBe(450);
      } finally {
        await tx.rollback();
        await other.destroy();
      }
    },
    60_000,
  );

  race(
    'lets exactly one of two replicas take the last of a team budget (20 rounds)',
    async () => {
      const other = await db.client();
      try {
        const a = new Ledger(knex, limits);
        const b = new Ledger(other, limits);
        for (let round = 0; round < 20; round++) {
          const owner = `group:default/race-${round}`;
          const results = await Promise.all([
            a.write(
              bind(`ra-${round}`),
              rec('requested', `ra-${round}`, 280, owner),
              facts,
              NOW,
            ),
            b.write(
              bind(`rb-${round}`),
              rec('requested', `rb-${round}`, 280, owner),
              facts,
              NOW,
            ),
          ]);
          const refusals = results.map(r => r.refusal?.ruleId).filter(Boolean);
          expect({ round, refusals }).toEqual({
            round,
            refusals: ['GP-BUDGET-TEAM-MONTHLY'],
          });
          expect(await spend(owner)).toBe(280);
        }
      } finally {
        await other.destroy();
      }
    },
    60_000,
  );

  race(
    "lets exactly one of two replicas take the last of one run's cap (20 rounds)",
    async () => {
      const other = await db.client();
      try {
        const a = new Ledger(knex, limits);
        const b = new Ledger(other, limits);
        for (let round = 0; round < 20; round++) {
          const task = `cap-${round}`;
          const results = await Promise.all([
            a.write(
              bind(task, 'a'),
              rec('requested', `${task}-a`, 200, 'group:default/big'),
              facts,
              NOW,
            ),
            b.write(
              bind(task, 'b'),
              rec('requested', `${task}-b`, 200, 'group:default/big'),
              facts,
              NOW,
            ),
          ]);
          const refusals = results.map(r => r.refusal?.ruleId).filter(Boolean);
          expect({ round, refusals }).toEqual({
            round,
            refusals: ['GP-BUDGET-PER-REQUEST'],
          });
        }
      } finally {
        await other.destroy();
      }
    },
    60_000,
  );
});
