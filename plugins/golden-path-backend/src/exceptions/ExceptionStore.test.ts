/* eslint-disable jest/no-standalone-expect, jest/valid-title -- the replica race runs on PostgreSQL only */
import { canonicalRequest } from '@golden-path/plugin-golden-path-common';
import { Db, postgresDb, sqliteDb } from '../testUtils/databases';
import { ExceptionStore, NewException } from './ExceptionStore';

/**
 * The exception store on SQLite and, when GOLDEN_PATH_TEST_PG_URL is set, on PostgreSQL with two
 * pools standing for two backend replicas.
 */
const PG_URL = process.env.GOLDEN_PATH_TEST_PG_URL;
const backends: Array<[string, () => Db]> = [['SQLite', sqliteDb]];
if (PG_URL) backends.push(['PostgreSQL', () => postgresDb(PG_URL)]);

const request = {
  kind: 'rds-instance',
  name: 'big-db',
  owner: 'group:default/payments',
  environment: 'prod',
  instanceClass: 'db.r6g.large',
};
const asked: NewException = {
  canonical: canonicalRequest(request),
  request,
  ruleIds: ['GP-RDS-INSTANCE-CLASS'],
  kind: 'rds-instance',
  name: 'big-db',
  owner: 'group:default/payments',
  environment: 'prod',
  monthlyCost: 180,
  currency: 'USD',
  teamMonthlySpend: 0,
  teamMonthlyBudget: 1000,
  deviations: [],
  requester: 'user:default/bob',
  justification: 'migration week',
  durationDays: 2,
  approvers: 'group:default/platform',
  createdAt: new Date().toISOString(),
};
const use = {
  requester: 'user:default/bob',
  owner: 'group:default/payments',
  request: canonicalRequest(request),
  ruleIds: ['GP-RDS-INSTANCE-CLASS'],
};

describe.each(backends)('ExceptionStore on %s', (engine, makeDb) => {
  let db: Db;
  let one: ExceptionStore;
  let other: ExceptionStore;
  beforeAll(async () => {
    db = makeDb();
    one = new ExceptionStore(await db.client());
    // SQLite in memory is one database per connection: the second "replica" is the same store.
    other =
      engine === 'PostgreSQL' ? new ExceptionStore(await db.client()) : one;
  }, 60_000);
  afterAll(() => db?.done(), 60_000);

  it('decides a pending exception once, whichever replica answers first', async () => {
    const created = await one.create(asked);
    const [a, b] = await Promise.all([
      one.decide(created.id, {
        approve: true,
        by: 'user:default/pat',
        comment: 'ok',
      }),
      other.decide(created.id, {
        approve: false,
        by: 'user:default/sam',
        comment: 'no',
      }),
    ]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect((await one.get(created.id))!.status).toBe((a ?? b)!.status);
  });

  it('keeps an approved exception usable for its days, then lists it as expired and lets no run use it', async () => {
    const created = await one.create({ ...asked, name: `expiry-${engine}` });
    const now = new Date();
    const approved = (await one.decide(
      created.id,
      { approve: true, by: 'user:default/pat', comment: 'ok' },
      now,
    ))!;
    expect(Date.parse(approved.expiresAt!)).toBe(
      now.getTime() + 2 * 86_400_000,
    );
    const later = new Date(now.getTime() + 2 * 86_400_000 + 1);
    expect((await one.get(created.id, later))!.status).toBe('expired');
    expect(await one.redeem(use, 't-late', later)).toBeUndefined();
    expect((await one.get(created.id, later))!.status).toBe('expired');
  });

  it('lets exactly one of many concurrent runs on two replicas use an approved exception', async () => {
    const raced = { ...request, name: `race-${engine}` };
    const created = await one.create({
      ...asked,
      name: raced.name,
      request: raced,
      canonical: canonicalRequest(raced),
    });
    await one.decide(created.id, {
      approve: true,
      by: 'user:default/pat',
      comment: 'ok',
    });
    const raceUse = { ...use, request: canonicalRequest(raced) };
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        (i % 2 ? other : one).redeem(raceUse, `t-${engine}-${i}`),
      ),
    );
    expect(results.filter(r => r?.taken)).toHaveLength(1);
    expect(results.filter(r => r === undefined)).toHaveLength(19);
    const held = (await one.get(created.id))!;
    expect(held.status).toBe('used');
    expect(await one.heldBy(created.id, held.usedByTask!)).toBe(true);
    expect(await one.heldBy(created.id, 't-someone-else')).toBe(false);
  });
});
