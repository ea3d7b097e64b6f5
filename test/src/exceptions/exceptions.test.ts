import * as RDS from '@aws-sdk/client-rds';
import { mockCredentials } from '@backstage/backend-test-utils';
import {
  FakeAws,
  fakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
import {
  dropEarlierDatabases,
  eventually,
  postgresConnection,
  startGoldenPathBackend,
} from '../integration/backend';
import { runTask, waitForTemplates } from '../templates/helpers';

/**
 * Exceptions through the real scaffolder, the real notifications backend and two backend replicas
 * on one PostgreSQL database (live mode, AWS mocked). paula (payments) asks for a production
 * database of a class prod does not list; pat (platform) approves; the exception lets exactly one
 * of paula's runs through.
 */
type Ctx = Awaited<ReturnType<typeof startGoldenPathBackend>>;
const as = (user: string) => ({
  Authorization: mockCredentials.user.header(`user:default/${user}`),
});
const bigDb = {
  name: 'payments-migration-db',
  owner: 'group:default/payments',
  environment: 'prod',
  instanceClass: 'db.m6g.large',
  allocatedStorageGb: 50,
  dbName: 'app',
  costCenter: 'cc-7',
};

describe('exceptions across two replicas on PostgreSQL', () => {
  const url = postgresConnection();
  const prefix = `gp_exc_${Date.now().toString(36)}_${Math.floor(
    Math.random() * 1e6,
  )}_`;
  let a: Ctx;
  let b: Ctx;
  let aws: FakeAws;
  const run = (ctx: Ctx, user: string, values = bigDb) =>
    runTask({ ...ctx, auth: as(user) }, 'postgres-database', values);
  const creates = () =>
    aws.rds.commandCalls(RDS.CreateDBInstanceCommand).length;

  beforeAll(async () => {
    await dropEarlierDatabases(url, 'gp_exc_', prefix);
    aws = fakeAws();
    const options = {
      postgres: url,
      databasePrefix: prefix,
      config: {
        aws: aws.accountsConfig,
        app: { baseUrl: 'http://localhost:3000' },
      },
      goldenPath: { mode: 'live' },
      extraFeatures: [notificationsPlugin],
    };
    a = await startGoldenPathBackend(options);
    b = await startGoldenPathBackend(options);
    await Promise.all(
      [a, b].map(ctx => waitForTemplates(ctx, ['postgres-database'])),
    );
  }, 180_000);

  afterAll(async () => {
    await Promise.allSettled([a?.backend.stop(), b?.backend.stop()]);
    aws?.restore();
  }, 60_000);

  it('refused → asked → approved by another member of platform → used by exactly one run', async () => {
    // 1. Refused, with the offer and a link holding the exact request.
    const refused = await run(a, 'paula.payments');
    expect(refused.status).toBe('failed');
    const log = refused.log.join('\n');
    expect(log).toContain('[GP-RDS-INSTANCE-CLASS]');
    expect(log).toContain(
      'GP-RDS-INSTANCE-CLASS may be excepted in prod: members of group:default/platform can approve an exception for up to 14 day(s)',
    );
    expect(creates()).toBe(0);
    const link = /Ask for one: (\S+)/.exec(log)![1];
    const request = JSON.parse(
      new URL(link, 'http://app').searchParams.get('request')!,
    );

    // 2. paula asks, on the other replica.
    const asked = await b
      .request()
      .post('/api/golden-path/exceptions')
      .set(as('paula.payments'))
      .send({
        request,
        justification:
          'Migration week: the import needs the memory of an m6g.large.',
        durationDays: 3,
      })
      .expect(201);
    const id = asked.body.id;

    // 3. pat (platform) is told, through the real notifications backend; paula is not.
    const notificationsOf = async (ctx: Ctx, user: string) =>
      (
        await ctx
          .request()
          .get('/api/notifications/notifications')
          .set(as(user))
          .expect(200)
      ).body.notifications as any[];
    const told = await eventually(async () => {
      const list = await notificationsOf(a, 'pat.platform');
      return list.length ? list : undefined;
    });
    expect(told[0].payload).toMatchObject({
      title: expect.stringContaining('payments-migration-db'),
      link: `/golden-path/exceptions/${id}`,
    });
    expect(await notificationsOf(a, 'paula.payments')).toEqual([]);

    // 4. Neither the requester nor someone outside platform may decide; pat may.
    const decide = (ctx: Ctx, user: string) =>
      ctx
        .request()
        .post(`/api/golden-path/exceptions/${id}/decision`)
        .set(as(user))
        .send({ decision: 'approve', comment: 'For the migration week only.' });
    await decide(a, 'paula.payments').expect(403);
    await decide(b, 'chris.checkout').expect(403);
    await decide(a, 'pat.platform').expect(200);
    await eventually(async () =>
      (await notificationsOf(b, 'paula.payments')).length ? true : undefined,
    );

    // 5. Two runs of paula's at once, one per replica: exactly one creates the database.
    const [one, two] = await Promise.all([
      run(a, 'paula.payments'),
      run(b, 'paula.payments'),
    ]);
    const statuses = [one.status, two.status].sort();
    expect(statuses).toEqual(['completed', 'failed']);
    expect(creates()).toBe(1);
    const winner = one.status === 'completed' ? one : two;
    expect(winner.log.join('\n')).toContain(
      `Exception ${id} sets aside GP-RDS-INSTANCE-CLASS for rds-instance "payments-migration-db" in this run only`,
    );
    const items = (
      await b
        .request()
        .get(`/api/golden-path/resources?taskId=${winner.id}`)
        .set(as('paula.payments'))
        .expect(200)
    ).body.items;
    expect(items.map((i: any) => [i.name, i.exceptionId])).toEqual([
      ['payments-migration-db', id],
    ]);

    // 6. Used: the next run is refused again, and nobody else's run could have used it.
    expect((await run(a, 'paula.payments')).status).toBe('failed');
    expect(creates()).toBe(1);
    const listed = (
      await a
        .request()
        .get('/api/golden-path/exceptions?status=used')
        .set(as('pat.platform'))
        .expect(200)
    ).body.items;
    expect(listed.map((e: any) => [e.id, e.usedByTask])).toEqual([
      [id, winner.id],
    ]);
    const metrics = (
      await b
        .request()
        .get('/api/golden-path/metrics/exceptions')
        .set(as('pat.platform'))
        .expect(200)
    ).body;
    expect(metrics).toMatchObject({
      requested: 1,
      approved: 1,
      used: 1,
      byRule: [{ ruleId: 'GP-RDS-INSTANCE-CLASS', requested: 1, approved: 1 }],
    });
  }, 240_000);
});
