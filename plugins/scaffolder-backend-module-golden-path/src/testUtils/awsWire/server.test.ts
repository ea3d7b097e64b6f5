import * as EC2 from '@aws-sdk/client-ec2';
import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { startFakeAws, StartedFakeAws } from '../awsFake';

let aws: StartedFakeAws;
beforeEach(async () => {
  aws = await startFakeAws({ transport: 'wire', requestTimeoutMs: 300 });
});
afterEach(() => aws.stop());

const clients = async () => (await aws.access()).clients!;

/**
 * A Query request with a hand-written body, as no SDK client would send it. The endpoint reads the
 * service and region from the SigV4 credential scope and does not check signatures.
 */
async function rawQuery(service: 'ec2' | 'rds', body: string) {
  const response = await fetch(aws.endpoint!, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `AWS4-HMAC-SHA256 Credential=AKIDRAW/20260101/eu-west-1/${service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  return { status: response.status, text: await response.text() };
}

describe('the AWS fake on the wire', () => {
  it('answers an unknown Action with the service’s InvalidAction error', async () => {
    const ec2 = await rawQuery('ec2', 'Action=LaunchRocket&Version=2016-11-15');
    expect(ec2.status).toBe(400);
    expect(ec2.text).toMatch(
      /<Response><Errors><Error><Code>InvalidAction<\/Code>/,
    );
    const rds = await rawQuery('rds', 'Action=LaunchRocket&Version=2014-10-31');
    expect(rds.status).toBe(400);
    expect(rds.text).toMatch(
      /<ErrorResponse[^>]*><Error><Type>Sender<\/Type><Code>InvalidAction<\/Code>/,
    );
    expect(aws.calls()).toEqual([]);
  });

  it('answers a request without a required parameter with MissingParameter', async () => {
    const error = await rawQuery(
      'rds',
      'Action=DeleteDBInstance&Version=2014-10-31&SkipFinalSnapshot=true',
    );
    expect(error.status).toBe(400);
    expect(error.text).toContain('<Code>MissingParameter</Code>');
    expect(error.text).toContain('DBInstanceIdentifier');
    expect(aws.calls()).toEqual([]);
  });

  it.each([
    [
      'ec2',
      'InvalidInstanceID.NotFound',
      400,
      async () =>
        (await clients()).get(EC2.EC2Client, 'eu-west-1').send(
          new EC2.DescribeInstanceAttributeCommand({
            InstanceId: 'i-0missing',
            Attribute: 'disableApiTermination',
          }),
        ),
    ],
    [
      'rds',
      'DBInstanceNotFoundFault',
      404,
      async () =>
        (await clients()).get(RDS.RDSClient, 'eu-west-1').send(
          new RDS.DescribeDBInstancesCommand({
            DBInstanceIdentifier: 'missing',
          }),
        ),
    ],
    [
      'elasticache',
      'ReplicationGroupNotFoundFault',
      404,
      async () =>
        (await clients()).get(EC.ElastiCacheClient, 'eu-west-1').send(
          new EC.DescribeReplicationGroupsCommand({
            ReplicationGroupId: 'missing',
          }),
        ),
    ],
    [
      's3',
      'NoSuchBucket',
      404,
      async () =>
        (await clients())
          .get(S3.S3Client, 'eu-west-1')
          .send(new S3.GetBucketTaggingCommand({ Bucket: 'missing-bucket' })),
    ],
    [
      's3 (HEAD, no body)',
      'NotFound',
      404,
      async () =>
        (await clients())
          .get(S3.S3Client, 'eu-west-1')
          .send(new S3.HeadBucketCommand({ Bucket: 'missing-bucket' })),
    ],
  ])(
    '%s: the SDK parses the error into %s with status %i',
    async (_service, name, status, call) => {
      const error = await call().catch(e => e);
      expect(error.name).toBe(name);
      expect(error.$metadata.httpStatusCode).toBe(status);
      expect(error.$metadata.attempts).toBe(1);
    },
  );

  it('round-trips a create through the SDK’s serializer and parser', async () => {
    const s3 = (await clients()).get(S3.S3Client, 'eu-west-1');
    await s3.send(
      new S3.CreateBucketCommand({
        Bucket: 'wire-bucket',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    const head = await s3.send(
      new S3.HeadBucketCommand({ Bucket: 'wire-bucket' }),
    );
    expect(head.BucketRegion).toBe('eu-west-1');
    await s3.send(
      new S3.PutBucketTaggingCommand({
        Bucket: 'wire-bucket',
        Tagging: { TagSet: [{ Key: 'a', Value: 'b & c' }] },
      }),
    );
    const tags = await s3.send(
      new S3.GetBucketTaggingCommand({ Bucket: 'wire-bucket' }),
    );
    expect(tags.TagSet).toEqual([{ Key: 'a', Value: 'b & c' }]);
    expect(aws.resource('wire-bucket')).toMatchObject({ region: 'eu-west-1' });
  });

  it('a throttle is retried by the SDK and succeeds (two calls reach the fake)', async () => {
    aws.fail('DescribeDBInstances', 'ThrottlingException');
    const rds = (await clients()).get(RDS.RDSClient, 'eu-west-1');
    const answer = await rds.send(new RDS.DescribeDBInstancesCommand({}));
    expect(answer.DBInstances).toEqual([]);
    expect(answer.$metadata.attempts).toBe(2);
    expect(aws.calls()).toEqual([
      expect.objectContaining({
        command: 'DescribeDBInstances',
        error: 'ThrottlingException',
      }),
      expect.objectContaining({ command: 'DescribeDBInstances' }),
    ]);
    expect(aws.calls()[1].error).toBeUndefined();
  });

  it('a throttle that persists fails after the SDK’s attempts', async () => {
    aws.fail('DescribeInstances', 'RequestLimitExceeded', { times: 'always' });
    const error = await (
      await clients()
    )
      .get(EC2.EC2Client, 'eu-west-1')
      .send(new EC2.DescribeInstancesCommand({}))
      .catch(e => e);
    expect(error.name).toBe('RequestLimitExceeded');
    expect(error.$metadata.attempts).toBe(3);
    expect(aws.sent('ec2')).toHaveLength(3);
  });

  it('a delay beyond the request timeout fails with the SDK’s timeout error after its attempts', async () => {
    aws.delay('DescribeReplicationGroups', 400, { times: 'always' });
    const started = Date.now();
    const error = await (
      await clients()
    )
      .get(EC.ElastiCacheClient, 'eu-west-1')
      .send(new EC.DescribeReplicationGroupsCommand({}))
      .catch(e => e);
    expect(error.name).toBe('TimeoutError');
    expect(error.$metadata.attempts).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    // The late answers still reach the fake, as requests AWS processed after the client gave up.
    await new Promise(r => setTimeout(r, 500));
    expect(aws.sent('elasticache')).toHaveLength(3);
  });

  it('a single delay times out once and the SDK’s retry succeeds', async () => {
    aws.delay('DescribeDBInstances', 400);
    const answer = await (await clients())
      .get(RDS.RDSClient, 'eu-west-1')
      .send(new RDS.DescribeDBInstancesCommand({}));
    expect(answer.$metadata.attempts).toBe(2);
  });
});
