import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { FakeAws, fakeAws } from '../awsFake';
import { FAKE_AWS_SERVICES } from '../awsFakeServices';

describe('the AWS fake core', () => {
  let aws: FakeAws;
  let clients: NonNullable<Awaited<ReturnType<FakeAws['access']>>['clients']>;
  beforeEach(async () => {
    aws = fakeAws();
    clients = (await aws.access()).clients!;
  });
  afterEach(() => aws.restore());

  it('mocks one client per registered service, reachable by name', () => {
    const services = Object.values(FAKE_AWS_SERVICES).map(d => d.service);
    expect(new Set(services).size).toBe(services.length);
    for (const service of services) expect(aws.stub(service)).toBeDefined();
    expect(aws.stub('s3')).toBe(aws.s3);
    expect(aws.stub('rds')).toBe(aws.rds);
    expect(aws.stub('elasticache')).toBe(aws.elasticache);
  });

  it("refuses a command no definition models, with that service's exception class", async () => {
    const stop = await clients
      .get(RDS.RDSClient, 'eu-west-1')
      .send(new RDS.StopDBInstanceCommand({ DBInstanceIdentifier: 'db' }))
      .catch(e => e);
    expect(stop).toBeInstanceOf(RDS.RDSServiceException);
    expect(stop.name).toBe('UnsupportedOperation');
    await expect(
      clients
        .get(EC.ElastiCacheClient, 'eu-west-1')
        .send(new EC.DescribeCacheClustersCommand({})),
    ).rejects.toBeInstanceOf(EC.ElastiCacheServiceException);
  });

  it("gives errors the service's status, else a shared one, else 400", async () => {
    const rds = clients.get(RDS.RDSClient, 'eu-west-1');
    const describe = () =>
      rds
        .send(new RDS.DescribeDBInstancesCommand({ DBInstanceIdentifier: 'x' }))
        .catch(e => e);
    expect((await describe()).$metadata.httpStatusCode).toBe(404);
    aws.fail('DescribeDBInstances', 'AccessDenied');
    expect((await describe()).$metadata.httpStatusCode).toBe(403);
    aws.fail('DescribeDBInstances', 'InternalError');
    expect(await describe()).toMatchObject({
      $fault: 'server',
      $metadata: { httpStatusCode: 500 },
    });
    aws.fail('DescribeDBInstances', 'ThrottlingException');
    expect((await describe()).$metadata.httpStatusCode).toBe(400);
  });

  it("adds the provenance-tag problems to every service's own", async () => {
    await clients.get(S3.S3Client, 'eu-west-1').send(
      new S3.CreateBucketCommand({
        Bucket: 'a',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      }),
    );
    expect(aws.resource('a')?.problems).toEqual(
      expect.arrayContaining([
        'no golden-path:owner tag',
        'no golden-path:task-id tag',
      ]),
    );
    expect(aws.resource('a')?.status).toBe('available');
  });
});
