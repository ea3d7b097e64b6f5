import {
  FakeAws,
  fakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import {
  postgresConnection,
  startGoldenPathBackend,
  eventually,
} from '../integration/backend';
import { runTask, waitForTemplates } from './helpers';

/** The reconciler's scheduled task (the test scheduler runs it only when told). */
const RECONCILER = 'golden-path-reconciler';
const CATALOG_REFRESH = 'golden-path-resources:refresh';
const payments = 'group:default/payments';
const smallDb = {
  owner: payments,
  environment: 'dev',
  instanceClass: 'db.t4g.micro',
  allocatedStorageGb: 20,
  dbName: 'app',
};

describe.each<[string, () => string | undefined]>([
  ['SQLite', () => undefined],
  ['PostgreSQL', () => postgresConnection()],
])(
  '"Provision a database" holds no task slot while RDS creates the instance, on %s',
  (_engine, connection) => {
    let aws: FakeAws;
    let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

    const recordOf = async (taskId: string) => {
      const body = (
        await ctx
          .request()
          .get(`/api/golden-path/resources?taskId=${taskId}`)
          .set(ctx.auth)
          .expect(200)
      ).body;
      expect(body.totalCount).toBe(1);
      return body.items[0];
    };
    const entity = async (ref: string) => {
      const res = await ctx
        .request()
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set(ctx.auth);
      return res.status === 200 ? res.body : undefined;
    };
    const spend = async () =>
      (
        await ctx
          .request()
          .get(`/api/golden-path/budget?owner=${payments}`)
          .set(ctx.auth)
          .expect(200)
      ).body.monthlySpend as number;

    beforeAll(async () => {
      // RDS answers `creating` to the first describe of a new instance, `available` after.
      aws = fakeAws({ creatingPolls: 1 });
      ctx = await startGoldenPathBackend({
        postgres: connection(),
        config: { aws: aws.accountsConfig },
        goldenPath: { mode: 'live' },
      });
      await waitForTemplates(ctx, ['postgres-database']);
    }, 120_000);

    afterAll(async () => {
      await ctx?.backend.stop();
      aws?.restore();
    });

    it('the task completes while the instance is creating; the reconciler then makes the record and the catalog Resource available with the endpoint', async () => {
      const run = await runTask(ctx, 'postgres-database', {
        name: 'waitless-db',
        ...smallDb,
      });
      expect(run.status).toBe('completed');
      // The task finished while RDS was still creating the instance: the step never asked again.
      expect(aws.resource('waitless-db')).toMatchObject({
        status: 'creating',
        problems: [],
      });
      expect(aws.sent('rds')).toEqual(['CreateDBInstance']);
      expect(run.output.endpoint).toBeUndefined();
      expect(run.output.text[0].content).toContain(
        'Endpoint: not known yet, the catalog shows it once the database is available',
      );
      const creating = await recordOf(run.id);
      expect(creating).toMatchObject({
        kind: 'rds-instance',
        name: 'waitless-db',
        status: 'creating',
      });
      expect(creating.endpoint).toBeUndefined();
      // It exists, so it counts against the team's budget already.
      const spent = await spend();
      expect(spent).toBeCloseTo(creating.monthlyCost, 2);
      await ctx.scheduler.triggerTask(CATALOG_REFRESH);
      expect(await entity('resource/default/db-waitless-db')).toBeUndefined();

      // RDS still says creating: the reconciler leaves the record alone.
      await ctx.scheduler.triggerTask(RECONCILER);
      expect(aws.resource('waitless-db')!.status).toBe('creating');
      expect(await recordOf(run.id)).toMatchObject({ status: 'creating' });

      // RDS says available: the reconciler records the endpoint RDS describes.
      await ctx.scheduler.triggerTask(RECONCILER);
      const db = aws.resource('waitless-db')!;
      expect(db.status).toBe('available');
      const endpoint = `${db.settings.Endpoint.Address}:${db.settings.Endpoint.Port}`;
      expect(await recordOf(run.id)).toMatchObject({
        status: 'active',
        endpoint,
      });
      expect(await spend()).toBeCloseTo(spent, 2);

      await ctx.scheduler.triggerTask(CATALOG_REFRESH);
      const resource = await eventually(() =>
        entity('resource/default/db-waitless-db'),
      );
      expect(resource.metadata.annotations).toMatchObject({
        'golden-path.io/task-id': run.id,
        'golden-path.io/endpoint': endpoint,
      });
      expect(resource.spec).toMatchObject({
        type: 'database',
        owner: payments,
      });
    }, 120_000);

    it('an instance RDS fails to create: the record fails, releases its budget, and no Resource appears', async () => {
      const before = await spend();
      const run = await runTask(ctx, 'postgres-database', {
        name: 'doomed-db',
        ...smallDb,
      });
      expect(run.status).toBe('completed');
      expect(await recordOf(run.id)).toMatchObject({ status: 'creating' });
      expect(await spend()).toBeGreaterThan(before);
      aws.drift('doomed-db', { DBInstanceStatus: 'incompatible-network' });

      await ctx.scheduler.triggerTask(RECONCILER);
      expect(await recordOf(run.id)).toMatchObject({ status: 'failed' });
      expect(await spend()).toBeCloseTo(before, 2);
      await ctx.scheduler.triggerTask(CATALOG_REFRESH);
      expect(await entity('resource/default/db-doomed-db')).toBeUndefined();
    }, 120_000);
  },
);
