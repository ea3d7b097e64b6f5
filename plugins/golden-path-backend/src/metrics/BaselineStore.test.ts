import { classifyRun, RunRecord } from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import { Knex } from 'knex';
import { Db, postgresDb, sqliteDb } from '../testUtils/databases';
import { BaselineStore, MeasuredBaseline } from './BaselineStore';
import { DIRTY_DAYS, refreshRollups } from './rollups';
import { RunStore } from './RunStore';

/**
 * Runs take the measured baseline of their ticket type only for the templates the type names, keep
 * what their template claims otherwise, and follow the business calendar; on SQLite and, when
 * GOLDEN_PATH_TEST_PG_URL is set, PostgreSQL.
 */
const PG_URL = process.env.GOLDEN_PATH_TEST_PG_URL;
const backends: Array<[string, () => Db]> = [['SQLite', sqliteDb]];
if (PG_URL) backends.push(['PostgreSQL', () => postgresDb(PG_URL)]);

const defaults = {
  hourlyRate: 100,
  defaultTicketQueue: 'P3D',
  defaultOpsEffort: 'PT1H',
  opsTeamSize: 1,
};
const H = 3600;

const database: MeasuredBaseline = {
  ticketType: 'provision-database',
  templates: ['template:default/postgres-database'],
  waitSeconds: 10 * H,
  opsSeconds: null,
  tickets: 7,
  resolvedTickets: 6,
  opsTickets: 0,
  liveSince: null,
};

function run(id: string, template: string, day: string): RunRecord {
  const task = makeTask({
    id,
    status: 'completed',
    createdAt: `${day}T09:00:00.000Z`,
    template,
    seconds: 60,
  });
  return classifyRun(task, makeEvents(task), defaults)!;
}

describe.each(backends)('BaselineStore on %s', (_engine, makeDb) => {
  let db: Db;
  let knex: Knex;
  beforeAll(async () => {
    db = makeDb();
    knex = await db.client();
  });
  afterAll(() => db.done());

  const stored = async () =>
    Object.fromEntries(
      (
        await knex('golden_path_runs')
          .orderBy('task_id')
          .select('task_id', 'queue_seconds', 'ops_seconds', 'baseline_source')
      ).map(r => [
        r.task_id,
        [Number(r.queue_seconds), Number(r.ops_seconds), r.baseline_source],
      ]),
    );

  it('applies a measured wait to the mapped template only, keeps the claimed effort, and sets it aside again', async () => {
    const baselines = new BaselineStore(knex, defaults);
    const runs = new RunStore(knex, baselines);
    // The same ticket type claimed by a template the type does not name (an insider's).
    await runs.upsert([
      run('a', 'postgres-database', '2026-11-02'),
      run('b', 'my-own-database', '2026-11-03'),
    ]);
    expect(await stored()).toEqual({
      a: [24 * H, H, 'annotations'],
      b: [24 * H, H, 'annotations'],
    });

    await baselines.replace([database]);
    await knex(DIRTY_DAYS).delete();
    expect(await baselines.restamp()).toBe(1);
    expect(await stored()).toEqual({
      a: [10 * H, H, 'measured'],
      b: [24 * H, H, 'annotations'],
    });
    // The changed run's day is stale, so the roll-ups are rebuilt from it.
    expect(
      (await knex(DIRTY_DAYS).select('day')).map(r => Number(r.day)),
    ).toEqual([Math.floor(Date.parse('2026-11-02') / 86400_000)]);
    await refreshRollups(knex);
    expect(await baselines.restamp()).toBe(0);

    // A run stored after the import takes the measured baseline as it is stored.
    await runs.upsert([run('c', 'postgres-database', '2026-11-04')]);
    expect((await stored()).c).toEqual([10 * H, H, 'measured']);

    await baselines.replace([]);
    expect(await baselines.restamp()).toBe(2);
    expect(await stored()).toEqual({
      a: [24 * H, H, 'annotations'],
      b: [24 * H, H, 'annotations'],
      c: [24 * H, H, 'annotations'],
    });
  });

  it('follows a change of the calendar for the durations templates claim', async () => {
    const sevenHours = new BaselineStore(knex, {
      ...defaults,
      calendar: {
        timeZone: 'UTC',
        workdayStart: '09:00',
        hoursPerDay: 7,
        workdays: [1, 2, 3, 4, 5],
        holidays: [],
      },
    });
    expect(await sevenHours.restamp()).toBe(3);
    expect((await stored()).a).toEqual([21 * H, H, 'annotations']);
    expect(await new BaselineStore(knex, defaults).restamp()).toBe(3);
    expect((await stored()).a).toEqual([24 * H, H, 'annotations']);
  });

  it('says which baseline a period used and why not the measured one', async () => {
    const baselines = new BaselineStore(knex, defaults);
    await baselines.replace([{ ...database, templates: [] }]);
    await baselines.restamp();
    expect(
      await baselines.uses({
        from: Date.parse('2026-11-01'),
        to: Date.parse('2026-12-01'),
        template: 'template:default/postgres-database',
      }),
    ).toEqual([
      {
        ticketType: 'provision-database',
        templates: ['template:default/postgres-database'],
        source: 'annotations',
        tickets: 0,
        waitWorkingHours: 24,
        opsHours: 1,
        fallbackReason:
          "template:default/postgres-database is not one of the type's templates in goldenPath.tickets.types",
      },
    ]);
    await baselines.replace([database]);
    await baselines.restamp();
    expect(
      await baselines.uses({
        from: Date.parse('2026-11-01'),
        to: Date.parse('2026-12-01'),
      }),
    ).toEqual([
      {
        ticketType: 'provision-database',
        templates: ['template:default/my-own-database'],
        source: 'annotations',
        tickets: 0,
        waitWorkingHours: 24,
        opsHours: 1,
        fallbackReason:
          "template:default/my-own-database is not one of the type's templates in goldenPath.tickets.types",
      },
      {
        ticketType: 'provision-database',
        templates: ['template:default/postgres-database'],
        source: 'measured',
        tickets: 7,
        waitWorkingHours: 10,
        // The type's tickets logged no work: the template's own effort.
        opsHours: 1,
        opsSource: 'annotations',
      },
    ]);
  });
  it('replicas measuring at the same time converge without an error', async () => {
    const replica = await db.client();
    const [a, b] = [knex, replica].map(k => new BaselineStore(k, defaults));
    const repo = {
      ...database,
      ticketType: 'create-repository',
      templates: ['template:default/github-repo'],
    };
    await Promise.all(
      Array.from({ length: 5 }, () => [
        a.replace([database, repo]),
        b.replace([database, repo]),
      ]).flat(),
    );
    expect([...(await a.load(true)).keys()].sort()).toEqual([
      'create-repository',
      'provision-database',
    ]);
    await Promise.all([a.replace([repo]), b.replace([repo])]);
    expect([...(await a.load(true)).keys()]).toEqual(['create-repository']);
  });
});
