import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { FakeAws, fakeAws } from './awsFake';

describe('fakeAws', () => {
  let aws: FakeAws;
  let clients: NonNullable<Awaited<ReturnType<FakeAws['access']>>['clients']>;
  beforeEach(async () => {
    aws = fakeAws();
    clients = (await aws.access()).clients!;
  });
  afterEach(() => aws.restore());

  const s3 = () => clients.get(S3.S3Client, 'eu-west-1');
  const create = (Bucket: string) =>
    s3().send(
      new S3.CreateBucketCommand({
        Bucket,
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );

  it('holds several buckets and answers reads from what was written, with AWS defaults', async () => {
    await create('a');
    await create('b');
    await s3().send(
      new S3.PutBucketVersioningCommand({
        Bucket: 'a',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect(
      (await s3().send(new S3.GetBucketVersioningCommand({ Bucket: 'a' })))
        .Status,
    ).toBe('Enabled');
    expect(
      (await s3().send(new S3.GetBucketVersioningCommand({ Bucket: 'b' })))
        .Status,
    ).toBeUndefined();
    // New buckets block public access and use SSE-S3 (AWS's defaults since 2023).
    expect(
      (await s3().send(new S3.GetBucketEncryptionCommand({ Bucket: 'b' })))
        .ServerSideEncryptionConfiguration?.Rules?.[0]
        ?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm,
    ).toBe('AES256');
    expect(aws.resources().map(r => r.name)).toEqual(['a', 'b']);
    // Neither has the rest of the baseline yet.
    expect(aws.nonCompliant().map(r => r.problems)).toEqual([
      expect.arrayContaining(['no policy denying requests without TLS']),
      expect.arrayContaining(['versioning is undefined']),
    ]);
  });

  it("fails with the SDK's own exception classes and AWS's error names", async () => {
    const missing = await s3()
      .send(new S3.GetBucketVersioningCommand({ Bucket: 'nope' }))
      .catch(e => e);
    expect(missing).toBeInstanceOf(S3.NoSuchBucket);
    expect(missing.$metadata.httpStatusCode).toBe(404);
    await expect(
      s3().send(new S3.HeadBucketCommand({ Bucket: 'nope' })),
    ).rejects.toBeInstanceOf(S3.NotFound);
    await create('a');
    await expect(create('a')).rejects.toBeInstanceOf(
      S3.BucketAlreadyOwnedByYou,
    );
    await expect(
      s3().send(new S3.GetBucketTaggingCommand({ Bucket: 'a' })),
    ).rejects.toMatchObject({ name: 'NoSuchTagSet' });
    await expect(
      clients
        .get(RDS.RDSClient, 'eu-west-1')
        .send(
          new RDS.DescribeDBInstancesCommand({ DBInstanceIdentifier: 'x' }),
        ),
    ).rejects.toBeInstanceOf(RDS.DBInstanceNotFoundFault);
    await expect(
      clients
        .get(EC.ElastiCacheClient, 'eu-west-1')
        .send(
          new EC.DescribeReplicationGroupsCommand({ ReplicationGroupId: 'x' }),
        ),
    ).rejects.toBeInstanceOf(EC.ReplicationGroupNotFoundFault);
    // A bucket in another region than the endpoint's, as S3 refuses it.
    await expect(
      clients.get(S3.S3Client, 'us-west-2').send(
        new S3.CreateBucketCommand({
          Bucket: 'c',
          CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
        }),
      ),
    ).rejects.toMatchObject({ name: 'IllegalLocationConstraintException' });
    // A command it does not model fails loudly instead of answering {}.
    await expect(
      s3().send(new S3.ListObjectsV2Command({ Bucket: 'a' })),
    ).rejects.toMatchObject({ name: 'UnsupportedOperation' });
  });

  it('refuses a public policy while public access is blocked, as S3 does', async () => {
    await create('a');
    const error = await s3()
      .send(
        new S3.PutBucketPolicyCommand({
          Bucket: 'a',
          Policy: JSON.stringify({
            Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:*' }],
          }),
        }),
      )
      .catch(e => e);
    expect(error.name).toBe('AccessDenied');
  });

  it('injects faults once, a number of times, always, or for matching input', async () => {
    aws.fail('CreateBucket', 'ThrottlingException');
    await expect(create('a')).rejects.toMatchObject({
      name: 'ThrottlingException',
    });
    await create('a');
    aws.fail('HeadBucket', 'AccessDenied', { times: 'always' });
    for (let i = 0; i < 3; i++)
      await expect(
        s3().send(new S3.HeadBucketCommand({ Bucket: 'a' })),
      ).rejects.toMatchObject({ name: 'AccessDenied' });
    aws.fail('CreateBucket', 'AccessDenied', {
      when: input => input.Bucket === 'c',
    });
    await create('b');
    await expect(create('c')).rejects.toMatchObject({ name: 'AccessDenied' });
    expect(
      aws
        .calls()
        .filter(c => c.error)
        .map(c => c.command),
    ).toEqual([
      'CreateBucket',
      'HeadBucket',
      'HeadBucket',
      'HeadBucket',
      'CreateBucket',
    ]);
  });

  it('drifts a resource now, at creation, or after a given command', async () => {
    aws.drift('db', { StorageEncrypted: false });
    const rds = clients.get(RDS.RDSClient, 'eu-west-1');
    const created = await rds.send(
      new RDS.CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        DBInstanceClass: 'db.t4g.micro',
        Engine: 'postgres',
        StorageEncrypted: true,
        ManageMasterUserPassword: true,
        BackupRetentionPeriod: 7,
        Tags: [
          { Key: 'golden-path:owner', Value: 'group:default/a' },
          { Key: 'golden-path:task-id', Value: 't' },
        ],
      }),
    );
    expect(created.DBInstance?.StorageEncrypted).toBe(false);
    expect(aws.nonCompliant()).toEqual([
      expect.objectContaining({
        name: 'db',
        problems: ['storage not encrypted'],
      }),
    ]);
    await create('a');
    aws.drift(
      'a',
      { VersioningStatus: 'Suspended' },
      { after: 'PutBucketVersioning' },
    );
    await s3().send(
      new S3.PutBucketVersioningCommand({
        Bucket: 'a',
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
    expect(aws.resource('a')?.settings.VersioningStatus).toBe('Suspended');
  });

  it('keeps a new DB instance creating for the configured describes, then gives it an endpoint', async () => {
    aws.restore();
    aws = fakeAws({ creatingPolls: 1 });
    const rds = clients.get(RDS.RDSClient, 'eu-west-1');
    await rds.send(
      new RDS.CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        DBInstanceClass: 'db.t4g.micro',
        Engine: 'postgres',
        ManageMasterUserPassword: true,
        Port: 5433,
      }),
    );
    const describe = () =>
      rds
        .send(
          new RDS.DescribeDBInstancesCommand({ DBInstanceIdentifier: 'db' }),
        )
        .then(r => r.DBInstances![0]);
    expect((await describe()).DBInstanceStatus).toBe('creating');
    const db = await describe();
    expect(db.DBInstanceStatus).toBe('available');
    expect(db.Endpoint).toMatchObject({
      Address: 'db.c9akciq32.eu-west-1.rds.amazonaws.com',
      Port: 5433,
    });
    await rds.send(
      new RDS.DeleteDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        SkipFinalSnapshot: true,
      }),
    );
    expect(aws.resources()).toEqual([]);
  });

  it('refuses to delete a protected DB instance, as RDS does', async () => {
    const rds = clients.get(RDS.RDSClient, 'eu-west-1');
    await rds.send(
      new RDS.CreateDBInstanceCommand({
        DBInstanceIdentifier: 'db',
        DBInstanceClass: 'db.t4g.micro',
        Engine: 'postgres',
        ManageMasterUserPassword: true,
        DeletionProtection: true,
      }),
    );
    await expect(
      rds.send(
        new RDS.DeleteDBInstanceCommand({
          DBInstanceIdentifier: 'db',
          SkipFinalSnapshot: true,
        }),
      ),
    ).rejects.toMatchObject({ name: 'InvalidParameterCombination' });
    expect(aws.resources()).toHaveLength(1);
  });

  it('forgets everything on reset', async () => {
    await create('a');
    aws.fail('CreateBucket', 'AccessDenied');
    aws.reset();
    expect(aws.resources()).toEqual([]);
    expect(aws.sent()).toEqual([]);
    await create('a');
    expect(aws.sent('s3')).toEqual(['CreateBucket']);
  });
});
