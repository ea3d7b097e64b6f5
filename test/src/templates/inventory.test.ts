import * as RDS from '@aws-sdk/client-rds';
import {
  estimateMonthlyCost,
  resolvePolicy,
} from '@golden-path/plugin-golden-path-common';
import {
  FakeAws,
  FakeGithub,
  fakeAws,
  startFakeGithub,
  FakeGithubOptions,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import {
  appConfigGoldenPath,
  eventually,
  postgresConnection,
  startGoldenPathBackend,
} from '../integration/backend';
import { runTask, waitForTemplates } from './helpers';

const payments = 'group:default/payments';
const platform = 'group:default/platform';
const smallDb = {
  environment: 'dev',
  instanceClass: 'db.t4g.micro',
  allocatedStorageGb: 20,
  dbName: 'app',
  waitForAvailable: false,
};
/** What one small dev database costs a month, by the same estimator the guardrails use. */
const dbCost = estimateMonthlyCost(
  {
    kind: 'rds-instance',
    name: 'x',
    owner: platform,
    region: 'eu-west-1',
    ...smallDb,
  },
  resolvePolicy(appConfigGoldenPath()).prices,
).monthly;

describe.each<[string, () => string | undefined, FakeGithubOptions]>([
  ['SQLite', () => undefined, { plan: 'team' }],
  [
    'PostgreSQL',
    () => postgresConnection(),
    { plan: 'enterprise', defaultBranch: 'trunk' },
  ],
])(
  'inventory and catalog Resources from real scaffolder runs on %s',
  (_engine, connection, organisation) => {
    let github: FakeGithub;
    let aws: FakeAws;
    let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

    const resources = async (query: string) =>
      (
        await ctx
          .request()
          .get(`/api/golden-path/resources${query}`)
          .set(ctx.auth)
          .expect(200)
      ).body;
    const entity = async (ref: string) => {
      const res = await ctx
        .request()
        .get(`/api/catalog/entities/by-name/${ref}`)
        .set(ctx.auth);
      return res.status === 200 ? res.body : undefined;
    };
    const spend = async (owner: string) =>
      (
        await ctx
          .request()
          .get(`/api/golden-path/budget?owner=${owner}`)
          .set(ctx.auth)
          .expect(200)
      ).body.monthlySpend as number;

    beforeAll(async () => {
      github = await startFakeGithub(organisation);
      aws = fakeAws();
      // A bucket whose policy AWS reads back as public fails verification and is rolled back.
      aws.drift(
        'inv-leaky-files',
        {
          Policy: JSON.stringify({
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*' }],
          }),
        },
        { after: 'PutBucketTagging' },
      );
      const base = appConfigGoldenPath();
      ctx = await startGoldenPathBackend({
        postgres: connection(),
        config: {
          integrations: {
            github: [
              {
                host: 'github.test',
                apiBaseUrl: github.url,
                token: 'ghp-test',
              },
            ],
          },
          aws: aws.accountsConfig,
          app: { baseUrl: 'http://backstage.test' },
        },
        // Platform can afford two small databases, not three.
        goldenPath: {
          mode: 'live',
          github: { org: 'acme', host: 'github.test' },
          budget: {
            ...base.budget,
            teamMonthly: {
              default: 1000,
              platform: Math.round(dbCost * 2.5 * 100) / 100,
            },
          },
        },
      });
      await waitForTemplates(ctx, [
        'github-repo',
        's3-bucket',
        'postgres-database',
      ]);
    }, 120_000);

    afterAll(async () => {
      await ctx?.backend.stop();
      await github?.close();
      aws?.restore();
    });

    it('puts what a run created into the inventory and the catalog, owned by the team and depending from its component', async () => {
      const repoRun = await runTask(ctx, 'github-repo', {
        name: 'inv-svc',
        description: 'Inventory service',
        owner: payments,
        environment: 'dev',
        visibility: 'private',
      });
      const bucketRun = await runTask(ctx, 's3-bucket', {
        name: 'inv-files',
        owner: payments,
        environment: 'dev',
        expectedStorageGb: 10,
        component: 'component:default/inv-svc',
      });
      expect([repoRun.status, bucketRun.status]).toEqual([
        'completed',
        'completed',
      ]);

      const listed = await eventually(async () => {
        const body = await resources('?owner=payments&status=active');
        return body.totalCount === 2 ? body : undefined;
      });
      // Newest first; two runs within one second (SQLite's event times) may come in either order.
      const [bucketItem, repoItem] = [...listed.items].sort((a: any, b: any) =>
        b.kind.localeCompare(a.kind),
      );
      expect([bucketItem, repoItem]).toEqual([
        {
          taskId: bucketRun.id,
          kind: 's3-bucket',
          name: 'inv-files',
          owner: payments,
          environment: 'dev',
          status: 'active',
          monthlyCost: expect.any(Number),
          externalId: 'arn:aws:s3:::inv-files',
          url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/inv-files?region=eu-west-1',
          region: 'eu-west-1',
          component: 'component:default/inv-svc',
          requester: 'user:default/guest',
          templateRef: 'template:default/s3-bucket',
          createdAt: expect.any(String),
          entityRef: 'resource:default/bucket-inv-files',
        },
        {
          taskId: repoRun.id,
          kind: 'github-repo',
          name: 'inv-svc',
          owner: payments,
          environment: 'dev',
          status: 'active',
          monthlyCost: 0,
          externalId: 'https://github.test/acme/inv-svc',
          url: 'https://github.test/acme/inv-svc',
          component: 'component:default/inv-svc',
          requester: 'user:default/guest',
          templateRef: 'template:default/github-repo',
          createdAt: expect.any(String),
          entityRef: 'resource:default/repo-inv-svc',
        },
      ]);
      expect(bucketItem.monthlyCost).toBeGreaterThan(0);
      expect(Date.parse(bucketItem.createdAt)).toBeGreaterThanOrEqual(
        Date.parse(bucketRun.task.createdAt) - 1000,
      );

      // The inventory's event reaches the real catalog as a delta: no scheduled refresh has run.
      const bucket = await eventually(async () => {
        const e = await entity('resource/default/bucket-inv-files');
        return e?.relations?.some((r: any) => r.type === 'dependencyOf')
          ? e
          : undefined;
      });
      expect(bucket.spec).toEqual({
        type: 's3-bucket',
        owner: payments,
        dependencyOf: ['component:default/inv-svc'],
      });
      expect(bucket.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: payments },
          { type: 'dependencyOf', targetRef: 'component:default/inv-svc' },
        ]),
      );
      expect(bucket.metadata.annotations).toMatchObject({
        'backstage.io/source-template': 'template:default/s3-bucket',
        'golden-path.io/task-id': bucketRun.id,
        'golden-path.io/requester': 'user:default/guest',
      });
      expect(bucket.metadata.links).toEqual([
        {
          title: 'Open in the AWS console',
          url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/inv-files?region=eu-west-1',
          icon: 'cloud',
        },
        {
          title: 'Golden Path run that created it',
          url: `http://backstage.test/create/tasks/${bucketRun.id}`,
          icon: 'scaffolder',
        },
      ]);
      const repo = await eventually(() =>
        entity('resource/default/repo-inv-svc'),
      );
      expect(repo.spec).toEqual({
        type: 'repository',
        owner: payments,
        dependencyOf: ['component:default/inv-svc'],
      });
      // The component the run registered sees both as its dependencies.
      const component = await eventually(async () => {
        const e = await entity('component/default/inv-svc');
        return e?.relations?.filter((r: any) => r.type === 'dependsOn')
          .length === 2
          ? e
          : undefined;
      });
      expect(
        component.relations
          .filter((r: any) => r.type === 'dependsOn')
          .map((r: any) => r.targetRef)
          .sort(),
      ).toEqual([
        'resource:default/bucket-inv-files',
        'resource:default/repo-inv-svc',
      ]);
      const owned = await eventually(async () => {
        const group = await entity('group/default/payments');
        const refs =
          group?.relations
            ?.filter((r: any) => r.type === 'ownerOf')
            .map((r: any) => r.targetRef) ?? [];
        return refs.includes('resource:default/bucket-inv-files')
          ? refs
          : undefined;
      });
      expect(owned).toContain('resource:default/repo-inv-svc');
    }, 120_000);

    it('leaves no active resource and no entity behind a run that failed and rolled back', async () => {
      const before = await spend(payments);
      const run = await runTask(ctx, 's3-bucket', {
        name: 'inv-leaky-files',
        owner: payments,
        environment: 'dev',
        expectedStorageGb: 10,
      });
      expect(run.status).toBe('failed');
      expect(run.log.join('\n')).toContain(
        'Read-back verification failed: the bucket policy makes it public',
      );
      expect(run.log.join('\n')).toContain(
        'Rolled back: deleted the new, empty bucket inv-leaky-files',
      );
      expect(aws.resource('inv-leaky-files')).toBeUndefined();
      expect(aws.nonCompliant()).toEqual([]);
      const rows = await eventually(async () => {
        const body = await resources(`?taskId=${run.id}`);
        return body.totalCount ? body.items : undefined;
      });
      expect(rows).toMatchObject([
        { kind: 's3-bucket', name: 'inv-leaky-files', status: 'failed' },
      ]);
      expect(
        (await resources('?status=active&kind=s3-bucket')).items.map(
          (i: any) => i.name,
        ),
      ).not.toContain('inv-leaky-files');
      expect(await spend(payments)).toBe(before);
      await ctx.scheduler.triggerTask('golden-path-resources:refresh');
      expect(
        await entity('resource/default/bucket-inv-leaky-files'),
      ).toBeUndefined();
    }, 60_000);

    it('re-running the collector and the full catalog refresh duplicates nothing', async () => {
      const snapshot = async (): Promise<string[]> =>
        (await resources('?limit=500')).items
          .map((i: any) => `${i.taskId}|${i.kind}|${i.name}|${i.status}`)
          .sort();
      const before = await snapshot();
      await ctx.scheduler.triggerTask('golden-path-runs-backfill');
      await ctx.scheduler.triggerTask('golden-path-runs-backfill');
      await ctx.scheduler.triggerTask('golden-path-resources:refresh');
      const after = await snapshot();
      expect(after).toEqual(before);
      expect(
        new Set(after.map(k => k.split('|').slice(0, 3).join('|'))).size,
      ).toBe(after.length);
      const provided = (
        await ctx
          .request()
          .get(
            '/api/catalog/entities?filter=kind=resource,metadata.annotations.backstage.io/managed-by-location=golden-path:inventory',
          )
          .set(ctx.auth)
          .expect(200)
      ).body;
      const activeRefs = (await resources('?status=active&limit=500')).items
        .filter((i: any) => i.entityRef)
        .map((i: any) => i.entityRef);
      expect(
        provided.map((e: any) => `resource:default/${e.metadata.name}`).sort(),
      ).toEqual([...new Set(activeRefs)].sort());
    }, 60_000);

    it('counts live resources against the team budget: once it is spent, the next request is refused by GP-BUDGET-TEAM-MONTHLY', async () => {
      expect(await spend(platform)).toBe(0);
      for (const [i, name] of [
        'inv-budget-db-1',
        'inv-budget-db-2',
      ].entries()) {
        const run = await runTask(ctx, 'postgres-database', {
          name,
          owner: platform,
          ...smallDb,
        });
        expect(run.status).toBe('completed');
        // The next request is judged on the inventory, so wait until the run is in it.
        await eventually(async () =>
          Math.abs((await spend(platform)) - dbCost * (i + 1)) < 0.01
            ? true
            : undefined,
        );
      }
      aws.resetHistory();
      const refused = await runTask(ctx, 'postgres-database', {
        name: 'inv-budget-db-3',
        owner: platform,
        ...smallDb,
      });
      expect(refused.status).toBe('failed');
      expect(refused.log.join('\n')).toContain('[GP-BUDGET-TEAM-MONTHLY]');
      expect(
        refused.events.find((e: any) => e.type === 'completion').body.error
          .name,
      ).toBe('InputError');
      expect(aws.rds.commandCalls(RDS.CreateDBInstanceCommand)).toHaveLength(0);
      const dbs = (await resources('?owner=platform&kind=rds-instance')).items;
      // Still being created at RDS (the template does not wait), and counted all the same.
      expect(dbs.map((i: any) => [i.name, i.status]).sort()).toEqual([
        ['inv-budget-db-1', 'creating'],
        ['inv-budget-db-2', 'creating'],
      ]);
    }, 120_000);
  },
);
