import * as EC2 from '@aws-sdk/client-ec2';
import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import {
  FakeAws,
  fakeAws,
} from '@golden-path/plugin-scaffolder-backend-module-golden-path/testUtils';
import { startGoldenPathBackend } from '../integration/backend';
import { dryRun, runTask, waitForTemplates } from './helpers';

describe('AWS Golden Paths through the real scaffolder', () => {
  let ctx: Awaited<ReturnType<typeof startGoldenPathBackend>>;
  let aws: FakeAws;

  beforeAll(async () => {
    aws = fakeAws();
    ctx = await startGoldenPathBackend({
      config: { aws: aws.accountsConfig },
      goldenPath: { mode: 'live' },
    });
    await waitForTemplates(ctx, [
      's3-bucket',
      'postgres-database',
      'redis-cache',
      'ec2-instance',
    ]);
  }, 120_000);

  afterAll(async () => {
    await ctx?.backend.stop();
    aws?.restore();
  });

  beforeEach(() => aws.reset());

  it('"Create an S3 bucket" sends the baseline sequence and links the console', async () => {
    const run = await runTask(ctx, 's3-bucket', {
      name: 'payments-e2e-files',
      owner: 'group:default/payments',
      environment: 'dev',
      expectedStorageGb: 10,
    });
    expect(run.log.filter(l => /error|fail/i.test(l))).toEqual([]);
    expect(run.status).toBe('completed');
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
    ]);
    const tags = (
      aws.s3.commandCalls(S3.PutBucketTaggingCommand)[0].args[0].input as any
    ).Tagging.TagSet;
    expect(tags).toEqual(
      expect.arrayContaining([
        { Key: 'golden-path:requester', Value: 'user:default/guest' },
        { Key: 'golden-path:template', Value: 'template:default/s3-bucket' },
        { Key: 'golden-path:task-id', Value: run.id },
      ]),
    );
    expect(run.output.links).toEqual([
      {
        title: 'Open in the AWS console',
        url: 'https://eu-west-1.console.aws.amazon.com/s3/buckets/payments-e2e-files?region=eu-west-1',
      },
      {
        title: 'Open in catalog',
        icon: 'catalog',
        entityRef: 'resource:default/bucket-payments-e2e-files',
      },
    ]);
    expect(aws.resources()).toEqual([
      expect.objectContaining({
        service: 's3',
        name: 'payments-e2e-files',
        tags: expect.objectContaining({ 'golden-path:task-id': run.id }),
        problems: [],
      }),
    ]);
  }, 60_000);

  it('"Provision a database" sends one compliant CreateDBInstance and reports the secret ARN', async () => {
    const run = await runTask(ctx, 'postgres-database', {
      name: 'payments-e2e-db',
      owner: 'group:default/payments',
      environment: 'prod',
      instanceClass: 'db.t4g.medium',
      allocatedStorageGb: 50,
      dbName: 'app',
      costCenter: 'cc-7',
      waitForAvailable: false,
    });
    expect(run.status).toBe('completed');
    const create = aws.rds.commandCalls(RDS.CreateDBInstanceCommand)[0].args[0]
      .input;
    expect(create).toMatchObject({
      StorageEncrypted: true,
      PubliclyAccessible: false,
      MultiAZ: true,
      DeletionProtection: true,
      BackupRetentionPeriod: 14,
      ManageMasterUserPassword: true,
      DBSubnetGroupName: 'acme-prod-private',
    });
    expect(create).not.toHaveProperty('MasterUserPassword');
    const db = aws.resource('payments-e2e-db')!;
    expect(db).toMatchObject({ service: 'rds', problems: [] });
    expect(db.settings).toMatchObject({
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DeletionProtection: true,
      MultiAZ: true,
    });
    expect(run.output.text[0].content).toContain(
      db.settings.MasterUserSecret.SecretArn,
    );
  }, 60_000);

  it('"Provision a Redis cache" sends one compliant CreateReplicationGroup', async () => {
    const run = await runTask(ctx, 'redis-cache', {
      name: 'payments-e2e-cache',
      owner: 'group:default/payments',
      environment: 'prod',
      nodeType: 'cache.t4g.small',
      nodes: 2,
      costCenter: 'cc-7',
    });
    expect(run.status).toBe('completed');
    expect(
      aws.elasticache.commandCalls(EC.CreateReplicationGroupCommand)[0].args[0]
        .input,
    ).toMatchObject({
      TransitEncryptionMode: 'required',
      AtRestEncryptionEnabled: true,
      AutomaticFailoverEnabled: true,
      MultiAZEnabled: true,
      NumCacheClusters: 2,
      UserGroupIds: ['acme-prod-app-users'],
    });
    expect(aws.resources()).toEqual([
      expect.objectContaining({
        service: 'elasticache',
        name: 'payments-e2e-cache',
        problems: [],
      }),
    ]);
  }, 60_000);

  it.each([
    [
      's3-bucket',
      {
        name: 'payments-drift-files',
        owner: 'group:default/payments',
        environment: 'dev',
        expectedStorageGb: 10,
      },
      (fake: FakeAws) =>
        fake.drift(
          'payments-drift-files',
          { VersioningStatus: 'Suspended' },
          { after: 'PutBucketTagging' },
        ),
      'Read-back verification failed: versioning is Suspended',
    ],
    [
      'postgres-database',
      {
        name: 'payments-drift-db',
        owner: 'group:default/payments',
        environment: 'dev',
        instanceClass: 'db.t4g.micro',
        allocatedStorageGb: 20,
        dbName: 'app',
        waitForAvailable: false,
      },
      (fake: FakeAws) =>
        fake.drift('payments-drift-db', { PubliclyAccessible: true }),
      'was created without the baseline: it is publicly accessible',
    ],
    [
      'redis-cache',
      {
        name: 'payments-drift-cache',
        owner: 'group:default/payments',
        environment: 'dev',
        nodeType: 'cache.t4g.micro',
      },
      (fake: FakeAws) =>
        fake.drift('payments-drift-cache', {
          TransitEncryptionMode: 'preferred',
        }),
      'was created without the baseline: transit encryption mode is preferred',
    ],
  ])(
    '%s: when AWS reads back other than what was written, the run fails naming the check and leaves nothing behind',
    async (template, values, drift, message) => {
      drift(aws);
      const run = await runTask(ctx, template, values);
      expect(run.status).toBe('failed');
      expect(run.log.join('\n')).toContain(message);
      expect(aws.sent()).toContainEqual(expect.stringMatching(/^Delete/));
      expect(aws.resources()).toEqual([]);
    },
    60_000,
  );

  it('refuses a request for another team before any AWS call', async () => {
    const run = await runTask(ctx, 'postgres-database', {
      name: 'not-mine-db',
      owner: 'group:default/checkout',
      environment: 'dev',
      instanceClass: 'db.t4g.micro',
      allocatedStorageGb: 20,
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain('[GP-OWNERSHIP]');
    expect(aws.sent()).toEqual([]);
  }, 60_000);

  it.each([
    [
      's3-bucket',
      {
        name: 'payments-dry-files',
        owner: 'group:default/payments',
        environment: 'dev',
        expectedStorageGb: 5,
      },
      'CreateBucket {"Bucket":"payments-dry-files"',
    ],
    [
      'postgres-database',
      {
        name: 'payments-dry-db',
        owner: 'group:default/payments',
        environment: 'dev',
        instanceClass: 'db.t4g.small',
        allocatedStorageGb: 30,
        dbName: 'app',
        waitForAvailable: false,
      },
      'CreateDBInstance {"DBInstanceIdentifier":"payments-dry-db"',
    ],
    [
      'redis-cache',
      {
        name: 'payments-dry-cache',
        owner: 'group:default/payments',
        environment: 'dev',
        nodeType: 'cache.t4g.micro',
      },
      'CreateReplicationGroup {"ReplicationGroupId":"payments-dry-cache"',
    ],
    [
      'ec2-instance',
      {
        name: 'payments-dry-vm',
        owner: 'group:default/payments',
        environment: 'dev',
        instanceType: 't3.small',
        rootVolumeGb: 30,
      },
      'RunInstances {"ImageId":"resolve:ssm:/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64","InstanceType":"t3.small"',
    ],
  ])(
    'dry-runs %s: the exact request is printed and nothing is sent',
    async (name, values, expected) => {
      const result = await dryRun(ctx, name, values);
      expect(result.status).toBe(200);
      expect(result.log.join('\n')).toContain(expected);
      expect(aws.sent()).toEqual([]);
    },
    60_000,
  );

  it('"Launch a virtual machine" launches one compliant instance and says how to connect', async () => {
    const run = await runTask(ctx, 'ec2-instance', {
      name: 'payments-e2e-vm',
      owner: 'group:default/payments',
      environment: 'prod',
      instanceType: 't3.medium',
      rootVolumeGb: 30,
      costCenter: 'cc-7',
      waitUntilRunning: true,
    });
    expect(run.status).toBe('completed');
    expect(
      aws.stub('ec2').commandCalls(EC2.RunInstancesCommand)[0].args[0].input,
    ).toMatchObject({
      InstanceType: 't3.medium',
      MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
      DisableApiTermination: true,
      NetworkInterfaces: [
        {
          AssociatePublicIpAddress: false,
          Groups: ['sg-0a0d0000000000003'],
        },
      ],
    });
    const [vm] = aws.resources('ec2');
    expect(vm).toMatchObject({
      name: 'payments-e2e-vm',
      status: 'running',
      problems: [],
    });
    expect(run.output.text[0].content).toContain(
      `aws ssm start-session --region eu-west-1 --target ${vm.settings.InstanceId}`,
    );
  }, 60_000);

  it('"Launch a virtual machine": an instance AWS answers for with a public IP is terminated', async () => {
    aws.drift(
      'payments-drift-vm',
      settings => (settings.PublicIpAddress = '198.51.100.7'),
      { after: 'RunInstances' },
    );
    const run = await runTask(ctx, 'ec2-instance', {
      name: 'payments-drift-vm',
      owner: 'group:default/payments',
      environment: 'dev',
      instanceType: 't3.micro',
      rootVolumeGb: 20,
      waitUntilRunning: false,
    });
    expect(run.status).toBe('failed');
    expect(run.log.join('\n')).toContain(
      'was created without the baseline: it has the public IP 198.51.100.7',
    );
    expect(aws.sent('ec2')).toContain('TerminateInstances');
    expect(aws.resources()).toEqual([]);
  }, 60_000);
});
