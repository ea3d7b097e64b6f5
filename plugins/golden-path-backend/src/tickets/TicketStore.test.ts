import { TicketFacts } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { Db, postgresDb, sqliteDb } from '../testUtils/databases';
import { RUNS } from '../metrics/rollups';
import { IMPORTS, MAX_SKIPPED, TICKETS, TicketStore } from './TicketStore';

/** The ticket store on SQLite and, when GOLDEN_PATH_TEST_PG_URL is set, PostgreSQL. */
const PG_URL = process.env.GOLDEN_PATH_TEST_PG_URL;
const backends: Array<[string, () => Db]> = [['SQLite', sqliteDb]];
if (PG_URL) backends.push(['PostgreSQL', () => postgresDb(PG_URL)]);

const DAY = 86400_000;
const T0 = Date.parse('2026-03-02T09:00:00Z');

function ticket(n: number, extra: Partial<TicketFacts> = {}): TicketFacts {
  return {
    source: 'jira',
    externalId: `OPS-${n}`,
    ticketType: 'provision-database',
    createdAt: T0 + n * DAY,
    startedAt: T0 + n * DAY + 3600_000,
    resolvedAt: T0 + n * DAY + 2 * DAY,
    timeSpentSeconds: 1800,
    reporterTeam: 'group:default/checkout',
    updatedAt: T0 + n * DAY + 2 * DAY,
    ...extra,
  };
}

describe.each(backends)('TicketStore on %s', (_engine, makeDb) => {
  let db: Db;
  let knex: Knex;
  let store: TicketStore;
  beforeAll(async () => {
    db = makeDb();
    knex = await db.client();
  });
  afterAll(() => db.done());
  beforeEach(async () => {
    await knex(TICKETS).delete();
    await knex(IMPORTS).delete();
    await knex(RUNS).delete();
    store = new TicketStore(knex);
  });

  it('creates, then leaves unchanged, then updates exactly what changed; never a duplicate', async () => {
    const batch = Array.from({ length: 250 }, (_, i) => ticket(i + 1));
    expect(await store.upsert(batch)).toEqual({
      created: 250,
      updated: 0,
      unchanged: 0,
    });
    expect(await store.upsert(batch)).toEqual({
      created: 0,
      updated: 0,
      unchanged: 250,
    });
    const edited = batch.map((t, i) =>
      i % 50 === 0
        ? {
            ...t,
            resolvedAt: t.resolvedAt! + DAY,
            updatedAt: t.updatedAt + DAY,
          }
        : t,
    );
    // One new ticket in the same batch, and a key repeated (the last one counts).
    const more = [...edited, ticket(251), ticket(251)];
    expect(await store.upsert(more)).toEqual({
      created: 1,
      updated: 5,
      unchanged: 245,
    });
    const [{ n }] = await knex(TICKETS).count({ n: '*' });
    expect(Number(n)).toBe(251);
    const stored = await store.list('provision-database');
    expect(stored).toHaveLength(251);
    expect(stored[0]).toEqual(edited[0]);
    expect(stored[1]).toEqual(batch[1]);
  });

  it('keeps a newer stored version over an older read, and updates a changed team at the same instant', async () => {
    const t = ticket(1);
    await store.upsert([t]);
    const older = { ...t, resolvedAt: undefined, updatedAt: t.updatedAt - DAY };
    expect(await store.upsert([older])).toEqual({
      created: 0,
      updated: 0,
      unchanged: 1,
    });
    expect((await store.list())[0].resolvedAt).toBe(t.resolvedAt);
    const moved = { ...t, reporterTeam: 'group:default/payments' };
    expect(await store.upsert([moved])).toMatchObject({ updated: 1 });
    expect((await store.list())[0]).toEqual(moved);
    const cleared = {
      ...moved,
      startedAt: undefined,
      timeSpentSeconds: undefined,
      updatedAt: t.updatedAt + 1,
    };
    await store.upsert([cleared]);
    expect((await store.list())[0]).toEqual(cleared);
  });

  it('gives a ticket two queries match to the type configured first', async () => {
    const rank = (type: string) => ['first', 'second'].indexOf(type);
    await store.upsert([ticket(1, { ticketType: 'second' })], {
      typeRank: rank,
    });
    expect(
      await store.upsert([ticket(1, { ticketType: 'first' })], {
        typeRank: rank,
      }),
    ).toMatchObject({ updated: 1 });
    expect(
      await store.upsert([ticket(1, { ticketType: 'second' })], {
        typeRank: rank,
      }),
    ).toMatchObject({ unchanged: 1 });
    expect((await store.list())[0].ticketType).toBe('first');
  });

  it('counts a Jira CSV export of a ticket the API also read once', async () => {
    await store.upsert([
      ticket(1),
      ticket(1, { source: 'csv-jira' }),
      ticket(2, { source: 'csv-jira' }),
      ticket(3, { source: 'csv-servicenow', externalId: 'OPS-3' }),
    ]);
    expect(
      (await store.list()).map(t => `${t.source}:${t.externalId}`),
    ).toEqual(['jira:OPS-1', 'csv-jira:OPS-2', 'csv-servicenow:OPS-3']);
    expect(await store.known('jira', ['OPS-1', 'OPS-2'])).toEqual(
      new Map([['OPS-1', ticket(1)]]),
    );
  });

  it("finds each type's first completed or planned run", async () => {
    const run = (
      id: string,
      template: string,
      at: number,
      outcome: string,
    ) => ({
      task_id: id,
      template_ref: template,
      ticket_type: 'provision-database',
      owner: 'group:default/checkout',
      created_by: 'user:default/alice',
      outcome,
      created_at: at,
      queue_seconds: 0,
      ops_seconds: 0,
      baseline_source: 'defaults',
      denied_rules: '',
    });
    await knex(RUNS).insert([
      run('a', 'template:default/postgres-database', T0, 'denied'),
      run('b', 'template:default/postgres-database', T0 + DAY, 'failed'),
      run('c', 'template:default/postgres-database', T0 + 3 * DAY, 'completed'),
      run('d', 'template:default/mysql-database', T0 + 2 * DAY, 'planned'),
      run('e', 'template:default/s3-bucket', T0, 'completed'),
    ]);
    const firsts = await store.firstRuns(
      new Map([
        [
          'provision-database',
          [
            'template:default/postgres-database',
            'template:default/mysql-database',
          ],
        ],
        ['add-secret', ['template:default/github-secret']],
      ]),
    );
    expect(firsts).toEqual(new Map([['provision-database', T0 + 2 * DAY]]));
  });

  it('records imports with their counts and resumes from the latest cursor', async () => {
    await store.startImport({
      id: 'i1',
      source: 'jira',
      by: 'scheduler',
      startedAt: T0,
      cursor: { a: 1 },
    });
    await store.progressImport('i1', {
      counts: { read: 2, created: 2, updated: 0, unchanged: 0, skipped: [] },
      cursor: { a: 5 },
    });
    expect(await store.lastCursor('jira')).toEqual({ a: 5 });
    await store.startImport({
      id: 'i2',
      source: 'csv-jira',
      by: 'user:default/pat',
      startedAt: T0 + 1,
    });
    await store.finishImport('i2', {
      status: 'succeeded',
      finishedAt: T0 + 2,
      counts: {
        read: MAX_SKIPPED + 3,
        created: 1,
        updated: 0,
        unchanged: 0,
        skipped: Array.from({ length: MAX_SKIPPED + 2 }, (_, i) => ({
          row: i + 2,
          reason: 'no Issue key',
        })),
      },
    });
    expect(await store.lastCursor('csv-jira')).toEqual({});
    expect(await store.failAbandoned(T0 + 1, T0 + 10)).toBe(1);
    const [csv, jira] = await store.listImports();
    expect(csv).toMatchObject({
      id: 'i2',
      source: 'csv-jira',
      by: 'user:default/pat',
      status: 'succeeded',
      created: 1,
      finishedAt: new Date(T0 + 2).toISOString(),
    });
    expect(csv.skipped).toHaveLength(MAX_SKIPPED + 1);
    expect(csv.skipped[MAX_SKIPPED]).toEqual({
      row: 0,
      reason: 'and 2 more rows skipped',
    });
    expect(jira).toMatchObject({ id: 'i1', status: 'failed', read: 2 });
    expect(await store.lastImportBySource()).toEqual(
      new Map([['csv-jira', T0 + 2]]),
    );
  });
});
