import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';

/** `aws.accounts` config giving the AWS actions (static, fake) credentials, so they run live against the mocks. */
export const AWS_TEST_ACCOUNTS = {
  accounts: [
    {
      accountId: '123456789012',
      accessKeyId: 'AKIDTEST',
      secretAccessKey: 'test-secret',
    },
  ],
};

/** The endpoint and master secret AWS gives a database instance. */
export const ENDPOINT = (id: string) =>
  `${id}.c9akciq32.eu-west-1.rds.amazonaws.com`;
export const SECRET_ARN = (id: string) =>
  `arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!${id}-AbCdEf`;

/** AWS answers for a compliant bucket, database and cache: the SDK's own mocking library. */
export function mockAws() {
  const s3 = mockClient(S3.S3Client);
  s3.onAnyCommand().resolves({});
  s3.on(S3.GetPublicAccessBlockCommand).resolves({
    PublicAccessBlockConfiguration: {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    },
  });
  s3.on(S3.GetBucketOwnershipControlsCommand).resolves({
    OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
  });
  s3.on(S3.GetBucketEncryptionCommand).resolves({
    ServerSideEncryptionConfiguration: {
      Rules: [
        { ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } },
      ],
    },
  });
  s3.on(S3.GetBucketVersioningCommand).resolves({ Status: 'Enabled' });
  s3.on(S3.GetBucketPolicyStatusCommand).resolves({
    PolicyStatus: { IsPublic: false },
  });
  const rds = mockClient(RDS.RDSClient);
  rds.on(RDS.CreateDBInstanceCommand).callsFake(async input => ({
    DBInstance: {
      DBInstanceArn: `arn:aws:rds:eu-west-1:123456789012:db:${input.DBInstanceIdentifier}`,
      DBInstanceStatus: 'creating',
      MasterUserSecret: { SecretArn: SECRET_ARN(input.DBInstanceIdentifier!) },
    },
  }));
  // Waiting for a database finds it available, with its endpoint.
  rds.on(RDS.DescribeDBInstancesCommand).callsFake(async input => ({
    DBInstances: [
      {
        DBInstanceIdentifier: input.DBInstanceIdentifier,
        DBInstanceStatus: 'available',
        Endpoint: {
          Address: ENDPOINT(input.DBInstanceIdentifier!),
          Port: 5433,
        },
        MasterUserSecret: {
          SecretArn: SECRET_ARN(input.DBInstanceIdentifier!),
        },
      },
    ],
  }));
  const ec = mockClient(EC.ElastiCacheClient);
  ec.on(EC.CreateReplicationGroupCommand).callsFake(async input => ({
    ReplicationGroup: {
      ARN: `arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:${input.ReplicationGroupId}`,
      Status: 'creating',
      AtRestEncryptionEnabled: true,
      TransitEncryptionEnabled: true,
      TransitEncryptionMode: 'required',
    },
  }));
  const sent = () =>
    [s3, rds, ec].flatMap(m =>
      m
        .calls()
        .map(c => (c.args[0] as any).constructor.name.replace(/Command$/, '')),
    );
  return {
    s3,
    rds,
    ec,
    sent,
    reset: () => [s3, rds, ec].forEach(m => m.resetHistory()),
    restore: () => [s3, rds, ec].forEach(m => m.restore()),
  };
}
