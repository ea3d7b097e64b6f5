import * as S3 from '@aws-sdk/client-s3';
import * as RDS from '@aws-sdk/client-rds';
import * as EC from '@aws-sdk/client-elasticache';
import { mockClient } from 'aws-sdk-client-mock';
import { AwsAccessProvider, clientsFrom } from '../aws/access';

/** An AWS error as the SDK throws it. */
export function awsError(name: string): Error {
  const e = new Error(`${name} (injected)`);
  e.name = name;
  return e;
}

/** Test access to account 123456789012 with static credentials; the SDK mocks intercept every call. */
export const testAws: AwsAccessProvider = async () => ({
  accountId: '123456789012',
  clients: clientsFrom(async () => ({
    accessKeyId: 'AKIDTEST',
    secretAccessKey: 'test',
  })),
});

type Faults = Map<string, string>;

/** Throws the injected error for a command name, once. */
function faultCheck(faults: Faults, name: string) {
  const error = faults.get(name);
  if (error) {
    faults.delete(name);
    throw awsError(error);
  }
}

/** aws-sdk-client-mock over S3 with a one-bucket state model, so tests can ask "is anything non-compliant left?". */
export function fakeS3() {
  const mock = mockClient(S3.S3Client);
  const faults: Faults = new Map();
  const fresh = () => ({
    exists: false,
    pab: false,
    ownership: false,
    encryption: '',
    versioning: false,
    policy: false,
    lifecycle: false,
    tags: [] as any[],
  });
  let state = fresh();
  const step =
    (name: string, apply: (input: any) => unknown) => async (input: any) => {
      faultCheck(faults, name);
      if (name !== 'CreateBucket' && name !== 'HeadBucket' && !state.exists)
        throw awsError('NoSuchBucket');
      return apply(input) ?? {};
    };
  mock.on(S3.CreateBucketCommand).callsFake(
    step('CreateBucket', input => {
      if (state.exists) throw awsError('BucketAlreadyOwnedByYou');
      state = {
        ...fresh(),
        exists: true,
        ownership: input.ObjectOwnership === 'BucketOwnerEnforced',
      };
    }),
  );
  mock.on(S3.HeadBucketCommand).callsFake(
    step('HeadBucket', () => {
      if (!state.exists) throw awsError('NotFound');
    }),
  );
  mock
    .on(S3.PutPublicAccessBlockCommand)
    .callsFake(
      step(
        'PutPublicAccessBlock',
        i =>
          void (state.pab = Object.values(
            i.PublicAccessBlockConfiguration,
          ).every(Boolean)),
      ),
    );
  mock
    .on(S3.PutBucketEncryptionCommand)
    .callsFake(
      step(
        'PutBucketEncryption',
        i =>
          void (state.encryption =
            i.ServerSideEncryptionConfiguration.Rules[0].ApplyServerSideEncryptionByDefault.SSEAlgorithm),
      ),
    );
  mock
    .on(S3.PutBucketVersioningCommand)
    .callsFake(
      step(
        'PutBucketVersioning',
        i =>
          void (state.versioning =
            i.VersioningConfiguration.Status === 'Enabled'),
      ),
    );
  mock
    .on(S3.PutBucketPolicyCommand)
    .callsFake(step('PutBucketPolicy', () => void (state.policy = true)));
  mock
    .on(S3.PutBucketLifecycleConfigurationCommand)
    .callsFake(
      step(
        'PutBucketLifecycleConfiguration',
        () => void (state.lifecycle = true),
      ),
    );
  mock
    .on(S3.PutBucketLoggingCommand)
    .callsFake(step('PutBucketLogging', () => undefined));
  mock
    .on(S3.PutBucketTaggingCommand)
    .callsFake(
      step('PutBucketTagging', i => void (state.tags = i.Tagging.TagSet)),
    );
  mock
    .on(S3.GetBucketTaggingCommand)
    .callsFake(step('GetBucketTagging', () => ({ TagSet: state.tags })));
  mock.on(S3.GetPublicAccessBlockCommand).callsFake(
    step('GetPublicAccessBlock', () => ({
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: state.pab,
        IgnorePublicAcls: state.pab,
        BlockPublicPolicy: state.pab,
        RestrictPublicBuckets: state.pab,
      },
    })),
  );
  mock.on(S3.GetBucketOwnershipControlsCommand).callsFake(
    step('GetBucketOwnershipControls', () => ({
      OwnershipControls: {
        Rules: [
          {
            ObjectOwnership: state.ownership
              ? 'BucketOwnerEnforced'
              : 'ObjectWriter',
          },
        ],
      },
    })),
  );
  mock.on(S3.GetBucketEncryptionCommand).callsFake(
    step('GetBucketEncryption', () => ({
      ServerSideEncryptionConfiguration: {
        Rules: [
          {
            ApplyServerSideEncryptionByDefault: {
              SSEAlgorithm: state.encryption || 'AES256',
            },
          },
        ],
      },
    })),
  );
  mock.on(S3.GetBucketVersioningCommand).callsFake(
    step('GetBucketVersioning', () => ({
      Status: state.versioning ? 'Enabled' : undefined,
    })),
  );
  mock.on(S3.GetBucketPolicyStatusCommand).callsFake(
    step('GetBucketPolicyStatus', () => ({
      PolicyStatus: { IsPublic: !state.pab },
    })),
  );
  mock
    .on(S3.DeleteBucketCommand)
    .callsFake(step('DeleteBucket', () => void (state = fresh())));
  return {
    mock,
    faults,
    get state() {
      return state;
    },
    /** No bucket, or a bucket with the whole baseline. */
    compliant: () =>
      !state.exists ||
      (state.pab &&
        state.ownership &&
        !!state.encryption &&
        state.versioning &&
        state.policy &&
        state.lifecycle),
    sent: () =>
      mock
        .calls()
        .map(c => (c.args[0] as any).constructor.name.replace(/Command$/, '')),
  };
}

/** aws-sdk-client-mock over RDS: an instance that is "creating" for `creatingPolls` describes. */
export function fakeRds(creatingPolls = 1) {
  const mock = mockClient(RDS.RDSClient);
  const faults: Faults = new Map();
  let db: any;
  let polls = 0;
  mock.on(RDS.CreateDBInstanceCommand).callsFake(async input => {
    faultCheck(faults, 'CreateDBInstance');
    if (db) throw awsError('DBInstanceAlreadyExistsFault');
    db = {
      ...input,
      DBInstanceArn: `arn:aws:rds:eu-west-1:123456789012:db:${input.DBInstanceIdentifier}`,
      DBInstanceStatus: 'creating',
      TagList: input.Tags,
      MasterUserSecret: {
        SecretArn: `arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!db-${input.DBInstanceIdentifier}`,
      },
    };
    return { DBInstance: db };
  });
  mock.on(RDS.DescribeDBInstancesCommand).callsFake(async () => {
    faultCheck(faults, 'DescribeDBInstances');
    if (!db) throw awsError('DBInstanceNotFoundFault');
    if (++polls > creatingPolls)
      db = {
        ...db,
        DBInstanceStatus: 'available',
        Endpoint: {
          Address: `${db.DBInstanceIdentifier}.abc.eu-west-1.rds.amazonaws.com`,
          Port: db.Port,
        },
      };
    return { DBInstances: [db] };
  });
  return {
    mock,
    faults,
    get db() {
      return db;
    },
    compliant: () =>
      !db ||
      (db.StorageEncrypted === true &&
        db.PubliclyAccessible === false &&
        db.ManageMasterUserPassword === true &&
        db.MasterUserPassword === undefined),
    sent: () =>
      mock
        .calls()
        .map(c => (c.args[0] as any).constructor.name.replace(/Command$/, '')),
  };
}

/** aws-sdk-client-mock over ElastiCache; `transitMode` is what AWS answers (to test verification). */
export function fakeElastiCache(
  options: { transitMode?: string; creatingPolls?: number } = {},
) {
  const mock = mockClient(EC.ElastiCacheClient);
  const faults: Faults = new Map();
  let group: any;
  let polls = 0;
  const arn = (id: string) =>
    `arn:aws:elasticache:eu-west-1:123456789012:replicationgroup:${id}`;
  mock.on(EC.CreateReplicationGroupCommand).callsFake(async input => {
    faultCheck(faults, 'CreateReplicationGroup');
    if (group) throw awsError('ReplicationGroupAlreadyExistsFault');
    group = {
      ReplicationGroupId: input.ReplicationGroupId,
      ARN: arn(input.ReplicationGroupId),
      Status: 'creating',
      AtRestEncryptionEnabled: input.AtRestEncryptionEnabled,
      TransitEncryptionEnabled: input.TransitEncryptionEnabled,
      TransitEncryptionMode: options.transitMode ?? input.TransitEncryptionMode,
      tags: input.Tags,
      input,
    };
    return { ReplicationGroup: group };
  });
  mock.on(EC.DescribeReplicationGroupsCommand).callsFake(async () => {
    faultCheck(faults, 'DescribeReplicationGroups');
    if (!group) throw awsError('ReplicationGroupNotFoundFault');
    if (++polls > (options.creatingPolls ?? 1))
      group = {
        ...group,
        Status: 'available',
        NodeGroups: [
          {
            PrimaryEndpoint: {
              Address: `master.${group.ReplicationGroupId}.cache.amazonaws.com`,
              Port: 6379,
            },
          },
        ],
      };
    return { ReplicationGroups: [group] };
  });
  mock
    .on(EC.ListTagsForResourceCommand)
    .callsFake(async () => ({ TagList: group?.tags ?? [] }));
  mock.on(EC.DeleteReplicationGroupCommand).callsFake(async () => {
    faultCheck(faults, 'DeleteReplicationGroup');
    group = undefined;
    return {};
  });
  return {
    mock,
    faults,
    get group() {
      return group;
    },
    compliant: () =>
      !group ||
      (group.AtRestEncryptionEnabled &&
        group.TransitEncryptionEnabled &&
        group.TransitEncryptionMode === 'required'),
    sent: () =>
      mock
        .calls()
        .map(c => (c.args[0] as any).constructor.name.replace(/Command$/, '')),
  };
}
