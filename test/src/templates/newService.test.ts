import * as RDS from '@aws-sdk/client-rds';
import {
  FakeAws,
  FakeGithub,
  fakeAws,
  startFakeGithub,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import YAML from 'yaml';
import { eventually, startGoldenPathBackend } from '../integration/backend';
import {
  dryRun,
  githubIntegration,
  LIVE_IN_ACME,
  PROTECTING_ORGANISATIONS,
  runTask,
  waitForTemplates,
} from './helpers';

/** The steps a run executed, in order: those that finished or failed (an if: false step begins, then is skipped). */
const stepsThatRan = (events: any[]) =>
  events
    .filter(
      e => e.body.stepId && ['completed', 'failed'].includes(e.body.status),
    )
    .map(e => e.body.stepId as string);

const service = (overrides: Record<string, unknown> = {}) => ({
  name: 'orders',
  description: 'Orders service',
  owner: 'group:default/payments',
  environment: 'dev',
  visibility: 'private',
  costCenter: 'cc-42',
  instanceClass: 'db.t4g.small',
  allocatedStorageGb: 30,
  dbName: 'orders',
  createBucket: true,
  bucketStorageGb: 20,
  ...overrides,
});

describe.each(PROTECTING_ORGANISATIONS)(
  '"New service with database" through the real scaffolder, GitHub stand-in and mocked AWS, in %s',
  (_name, organisation) => {
    let github: FakeGithub;
    let aws: FakeAws;
    let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;

    beforeAll(async () => {
      aws = fakeAws();
      github = await startFakeGithub(organisation);
      ctx = await startGoldenPathBackend({
        config: {
          integrations: githubIntegration(github),
          aws: aws.accountsConfig,
        },
        goldenPath: LIVE_IN_ACME,
      });
      await waitForTemplates(ctx, ['new-service']);
    }, 120_000);

    afterAll(async () => {
      await ctx?.backend.stop();
      await github?.close();
      aws?.restore();
    });

    beforeEach(() => {
      aws.reset();
      github.reset();
    });

    it('creates repository, bucket, database and CI/CD secrets, then registers the component', async () => {
      const run = await runTask(ctx, 'new-service', service());
      expect(run.log.filter(l => /error|fail/i.test(l))).toEqual([]);
      expect(run.status).toBe('completed');
      expect(stepsThatRan(run.events)).toEqual([
        'guardrails',
        'skeleton',
        'repo',
        'bucket',
        'db',
        'cicd',
        'register',
      ]);
      expect(run.log.join('\n')).toContain(
        'Guardrails passed for 5 request(s)',
      );

      // The repository, with the baseline and the skeleton naming the owner.
      const repo = github.repos.get('acme/orders')!;
      expect(repo.visibility).toBe('private');
      expect(repo.rulesets).toHaveLength(1);
      expect(repo.teams).toEqual({ payments: 'maintain' });
      const catalogInfo = YAML.parse(
        Object.values(repo.blobs).find(b => b.includes('kind: Component'))!,
      );
      expect(catalogInfo).toMatchObject({
        metadata: {
          name: 'orders',
          annotations: {
            'github.com/project-slug': 'acme/orders',
            'golden-path.io/template': 'template:default/new-service',
          },
        },
        spec: {
          owner: 'group:default/payments',
          type: 'service',
          dependsOn: [
            'resource:default/db-orders-db',
            'resource:default/bucket-orders-dev-files',
          ],
        },
      });
      expect(Object.values(repo.blobs)).toContainEqual(
        expect.stringContaining('environment: dev'),
      );

      // AWS: the bucket baseline, then one compliant CreateDBInstance and the wait for its endpoint.
      expect(aws.sent()).toEqual([
        'CreateBucket',
        'HeadBucket',
        'PutPublicAccessBlock',
        'PutBucketEncryption',
        'PutBucketVersioning',
        'PutBucketPolicy',
        'PutBucketLifecycleConfiguration',
        'PutBucketTagging',
        'GetPublicAccessBlock',
        'GetBucketOwnershipControls',
        'GetBucketEncryption',
        'GetBucketVersioning',
        'GetBucketPolicyStatus',
        'CreateDBInstance',
        'DescribeDBInstances',
      ]);
      const create = aws.rds.commandCalls(RDS.CreateDBInstanceCommand)[0]
        .args[0].input;
      expect(create).toMatchObject({
        DBInstanceIdentifier: 'orders-db',
        DBInstanceClass: 'db.t4g.small',
        AllocatedStorage: 30,
        DBName: 'orders',
        ManageMasterUserPassword: true,
        StorageEncrypted: true,
        PubliclyAccessible: false,
      });
      expect(create).not.toHaveProperty('MasterUserPassword');
      expect(create.Tags).toEqual(
        expect.arrayContaining([
          { Key: 'cost-center', Value: 'cc-42' },
          {
            Key: 'golden-path:template',
            Value: 'template:default/new-service',
          },
        ]),
      );

      // What AWS holds now: the bucket and the database, each with the whole baseline.
      expect(aws.nonCompliant()).toEqual([]);
      expect(
        aws
          .resources()
          .map(r => [r.service, r.name, r.tags['golden-path:task-id']]),
      ).toEqual([
        ['s3', 'orders-dev-files', run.id],
        ['rds', 'orders-db', run.id],
      ]);
      const db = aws.resource('orders-db')!;
      expect(db.settings).toMatchObject({
        DBInstanceStatus: 'available',
        StorageEncrypted: true,
        PubliclyAccessible: false,
        MasterUserSecret: { SecretArn: expect.any(String) },
      });
      const endpoint = `${db.settings.Endpoint.Address}:${db.settings.Endpoint.Port}`;
      expect(endpoint).toBe(
        'orders-db.c9akciq32.eu-west-1.rds.amazonaws.com:5433',
      );

      // CI/CD secrets: sealed for the repository, opened here with GitHub's private key.
      const secrets = repo.environments.dev.secrets;
      expect(Object.keys(secrets).sort()).toEqual([
        'DATABASE_ENDPOINT',
        'DATABASE_SECRET_ARN',
      ]);
      expect(github.decrypt(secrets.DATABASE_ENDPOINT.encrypted_value)).toBe(
        endpoint,
      );
      expect(github.decrypt(secrets.DATABASE_SECRET_ARN.encrypted_value)).toBe(
        db.settings.MasterUserSecret.SecretArn,
      );

      // Registered in the real catalog, which read catalog-info.yaml from the new repository.
      const component = await eventually(async () => {
        const res = await ctx
          .request()
          .get('/api/catalog/entities/by-name/component/default/orders')
          .set(ctx.auth);
        return res.status === 200 ? res.body : undefined;
      }, 30_000);
      expect(component.spec.owner).toBe('group:default/payments');
      expect(component.relations).toEqual(
        expect.arrayContaining([
          { type: 'dependsOn', targetRef: 'resource:default/db-orders-db' },
        ]),
      );

      // The inventory and the catalog's Resources link the database and bucket to that component.
      const inventory = await eventually(async () => {
        const body = (
          await ctx
            .request()
            .get(`/api/golden-path/resources?taskId=${run.id}&status=active`)
            .set(ctx.auth)
            .expect(200)
        ).body;
        return body.items.some((i: any) => i.name === 'orders-db') &&
          body.items.some((i: any) => i.name === 'orders-dev-files')
          ? body.items
          : undefined;
      });
      expect(inventory).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            name: 'orders-db',
            owner: 'group:default/payments',
            component: 'component:default/orders',
          }),
          expect.objectContaining({
            name: 'orders-dev-files',
            owner: 'group:default/payments',
            component: 'component:default/orders',
          }),
        ]),
      );
      const database = await eventually(async () => {
        const res = await ctx
          .request()
          .get('/api/catalog/entities/by-name/resource/default/db-orders-db')
          .set(ctx.auth);
        return res.status === 200 ? res.body : undefined;
      }, 30_000);
      expect(database.spec).toMatchObject({
        owner: 'group:default/payments',
        dependencyOf: ['component:default/orders'],
      });

      expect(run.output.links).toEqual([
        { title: 'Repository', url: 'https://github.test/acme/orders.git' },
        {
          title: 'Open in catalog',
          icon: 'catalog',
          entityRef: 'component:default/orders',
        },
        {
          title: 'Database in the AWS console',
          url: 'https://eu-west-1.console.aws.amazon.com/rds/home?region=eu-west-1#database:id=orders-db',
        },
        {
          title: 'Bucket in the AWS console',
          url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/orders-dev-files?region=eu-west-1',
        },
        {
          title: 'CI/CD secrets',
          url: 'https://github.test/acme/orders/settings/environments',
        },
      ]);
      expect(run.output.text[0].content).toContain(endpoint);
    }, 120_000);

    it('skips the bucket (step and guardrail request) when the form says so', async () => {
      const run = await runTask(
        ctx,
        'new-service',
        service({ name: 'ledger', createBucket: false }),
      );
      expect(run.status).toBe('completed');
      expect(stepsThatRan(run.events)).toEqual([
        'guardrails',
        'skeleton',
        'repo',
        'db',
        'cicd',
        'register',
      ]);
      expect(run.log.join('\n')).toContain(
        'Not judged (its if: is false, so the path will not create it): s3-bucket "ledger-dev-files"',
      );
      expect(aws.sent()).toEqual(['CreateDBInstance', 'DescribeDBInstances']);
      const catalogInfo = Object.values(
        github.repos.get('acme/ledger')!.blobs,
      ).find(b => b.includes('kind: Component'))!;
      expect(YAML.parse(catalogInfo).spec.dependsOn).toEqual([
        'resource:default/db-ledger-db',
      ]);
      expect(run.output.links.map((l: any) => l.title)).not.toContain(
        'Bucket in the AWS console',
      );
    }, 120_000);

    it.each([
      [
        'one resource over budget',
        service({
          name: 'bigdata',
          environment: 'prod',
          instanceClass: 'db.m7g.large',
          allocatedStorageGb: 500,
          bucketStorageGb: 100,
        }),
        ['GP-BUDGET-PER-REQUEST'],
      ],
      [
        'choices against policy',
        service({
          name: 'loose',
          visibility: 'public',
          instanceClass: 'db.m7g.large',
          allocatedStorageGb: 1000,
        }),
        ['GP-GH-REPO-VISIBILITY', 'GP-RDS-INSTANCE-CLASS', 'GP-RDS-STORAGE'],
      ],
    ])(
      'refuses %s at the first step, listing every violation, before any request to GitHub or AWS',
      async (_case, values, rules) => {
        const run = await runTask(ctx, 'new-service', values);
        expect(run.status).toBe('failed');
        expect(stepsThatRan(run.events)).toEqual(['guardrails']);
        const failed = run.events.filter(e => e.body.status === 'failed');
        expect(failed.map(e => e.body.stepId)).toEqual(['guardrails']);
        // The step's error names every violation, and so does the log, one line each.
        expect(
          [...failed[0].body.message.matchAll(/\[(GP-[A-Z0-9-]+)\] /g)].map(
            m => m[1],
          ),
        ).toEqual(rules);
        for (const rule of rules)
          expect(
            run.log.filter(l => l.includes(`[${rule}]`) && /error/.test(l)),
          ).toHaveLength(1);
        expect(run.task.state ?? {}).not.toHaveProperty('checkpoints');
        expect(github.mutations()).toEqual([]);
        // Not even a read: the only GitHub traffic is the catalog refreshing components registered earlier.
        expect(
          github.requests.filter(
            r =>
              !/^\/repos\/acme\/(orders|ledger)\/contents\/catalog-info\.yaml$/.test(
                r.path,
              ),
          ),
        ).toEqual([]);
        expect(aws.sent()).toEqual([]);
      },
      60_000,
    );

    it('dry-runs the whole path: every request is planned and logged, nothing is sent', async () => {
      const result = await dryRun(
        ctx,
        'new-service',
        service({ name: 'drysvc' }),
      );
      expect(result.status).toBe(200);
      const log = result.log.join('\n');
      expect(log).toContain('Guardrails passed for 5 request(s)');
      expect(log).toContain('POST /orgs/acme/repos {"name":"drysvc"');
      expect(log).toContain('CreateBucket {"Bucket":"drysvc-dev-files"');
      expect(log).toContain(
        'CreateDBInstance {"DBInstanceIdentifier":"drysvc-db"',
      );
      expect(github.mutations()).toEqual([]);
      expect(aws.sent()).toEqual([]);
    }, 60_000);
  },
);
