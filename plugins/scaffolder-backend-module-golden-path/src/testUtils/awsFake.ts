import * as EC from '@aws-sdk/client-elasticache';
import * as RDS from '@aws-sdk/client-rds';
import * as S3 from '@aws-sdk/client-s3';
import { AwsClientStub, mockClient } from 'aws-sdk-client-mock';
import { AwsAccessProvider, clientsFrom } from '../aws/access';

/** A service the AWS fake models. @public */
export type FakeAwsService = 's3' | 'rds' | 'elasticache';

/**
 * One resource the AWS fake holds, as AWS would describe it now.
 * @public
 */
export interface FakeAwsResource {
  service: FakeAwsService;
  /** Bucket name, DB instance identifier or replication group id. */
  name: string;
  region: string;
  arn: string;
  /** `available`, or `creating` until enough describes have passed. */
  status: string;
  /** The resource's tags, as a map. */
  tags: Record<string, string>;
  /**
   * Its settings under AWS's own field names: for a bucket `PublicAccessBlockConfiguration`,
   * `ObjectOwnership`, `ServerSideEncryptionConfiguration`, `VersioningStatus`, `Policy`,
   * `LifecycleRules`, `LoggingEnabled`; for a DB instance and a replication group the object
   * `DescribeDBInstances` / `DescribeReplicationGroups` answers with.
   */
  settings: Record<string, any>;
  /** Every way it misses the Golden Path baseline; empty when it meets it. */
  problems: string[];
}

/** One call the AWS fake received, in order, including the ones it failed. @public */
export interface FakeAwsCall {
  service: FakeAwsService;
  /** The command's name without `Command`, e.g. `CreateBucket`. */
  command: string;
  input: any;
  /** The error name when the call failed. */
  error?: string;
}

/** Options of {@link fakeAws}. @public */
export interface FakeAwsOptions {
  /** The account every ARN names (default `123456789012`). */
  accountId?: string;
  /** How many describes a new DB instance or replication group answers `creating` before `available` (default 0). */
  creatingPolls?: number;
  /** Whether a bucket without versioning misses the baseline (default true; `GP-S3-VERSIONING` is relaxable). */
  requireS3Versioning?: boolean;
}

/** When an injected fault fires. @public */
export interface FakeAwsFaultOptions {
  /** How many matching calls fail (default 1); `'always'` for every one. */
  times?: number | 'always';
  /** Only calls whose input this accepts fail (default: every call of the command). */
  when?: (input: any) => boolean;
}

/** When a drift applies. @public */
export interface FakeAwsDriftOptions {
  /**
   * Apply right after the next successful call of this command on the resource (e.g.
   * `PutBucketTagging`, the last write before S3's read-back). Default: now when the resource
   * exists, otherwise as it is created (so the create's own answer already shows it).
   */
  after?: string;
}

/**
 * A stateful AWS stand-in over the real SDK clients (`aws-sdk-client-mock` on `S3Client`,
 * `RDSClient` and `ElastiCacheClient`): it keeps every bucket, DB instance and replication group
 * by name, answers reads from what was written, fails with AWS's own exception classes, and can
 * inject faults and drift.
 * @public
 */
export interface FakeAws {
  /** The S3 client mock, for `commandCalls` assertions. */
  s3: AwsClientStub<S3.S3Client>;
  /** The RDS client mock. */
  rds: AwsClientStub<RDS.RDSClient>;
  /** The ElastiCache client mock. */
  elasticache: AwsClientStub<EC.ElastiCacheClient>;
  /** The account the fake plays. */
  accountId: string;
  /** An access provider for the actions: static test credentials, clients the mocks intercept. */
  access: AwsAccessProvider;
  /** `aws` app-config with static test credentials for the account, for a whole backend under test. */
  accountsConfig: {
    accounts: Array<{
      accountId: string;
      accessKeyId: string;
      secretAccessKey: string;
    }>;
  };
  /** Every call so far, in order across services. */
  calls(): FakeAwsCall[];
  /** The command names sent so far, in order (of one service when given). */
  sent(service?: FakeAwsService): string[];
  /** Makes a command fail with an AWS error name (e.g. `ThrottlingException`), once unless told otherwise. */
  fail(command: string, error: string, options?: FakeAwsFaultOptions): void;
  /** Changes what AWS holds for a resource, so later reads disagree with what was written. */
  drift(
    name: string,
    change: Record<string, any> | ((settings: Record<string, any>) => void),
    options?: FakeAwsDriftOptions,
  ): void;
  /** Every resource that exists now (of one service when given). */
  resources(service?: FakeAwsService): FakeAwsResource[];
  /** The resource of that name, if it exists. */
  resource(name: string): FakeAwsResource | undefined;
  /** The resources that exist and miss the baseline. */
  nonCompliant(): FakeAwsResource[];
  /** Forgets the recorded calls only. */
  resetHistory(): void;
  /** Forgets calls, faults, drifts and every resource. */
  reset(): void;
  /** Puts the real `send` back on the SDK clients. */
  restore(): void;
}

type Exceptions = Record<string, any>;
type ServiceException = new (options: any) => Error;

const STATUS: Record<string, number> = {
  AccessDenied: 403,
  AccessDeniedException: 403,
  NotFound: 404,
  NoSuchBucket: 404,
  NoSuchTagSet: 404,
  NoSuchBucketPolicy: 404,
  DBInstanceNotFoundFault: 404,
  ReplicationGroupNotFoundFault: 404,
  BucketAlreadyExists: 409,
  BucketAlreadyOwnedByYou: 409,
  InternalError: 500,
  ServiceUnavailable: 503,
  SlowDown: 503,
};

/** An error as the SDK throws it: the service's modelled exception class when it has one. */
function exception(
  Base: ServiceException,
  modelled: Exceptions,
  name: string,
  message: string,
): Error {
  const $metadata = {
    httpStatusCode: STATUS[name] ?? 400,
    requestId: 'fake-aws',
  };
  const Modelled = modelled[name];
  if (typeof Modelled === 'function' && Modelled.prototype instanceof Base)
    return new Modelled({ message, $metadata });
  return new Base({
    name,
    message,
    $fault: ($metadata.httpStatusCode ?? 400) >= 500 ? 'server' : 'client',
    $metadata,
  });
}

const ERRORS = {
  s3: (name: string, message = name) =>
    exception(S3.S3ServiceException, S3, name, message),
  rds: (name: string, message = name) =>
    exception(RDS.RDSServiceException, RDS, name, message),
  elasticache: (name: string, message = name) =>
    exception(EC.ElastiCacheServiceException, EC, name, message),
};

const tagMap = (tags: Array<{ Key?: string; Value?: string }> | undefined) =>
  Object.fromEntries((tags ?? []).map(t => [t.Key ?? '', t.Value ?? '']));

const clone = <T>(value: T): T =>
  value === undefined ? value : JSON.parse(JSON.stringify(value));

/** Whether a bucket policy grants anything to everyone without a condition (what `IsPublic` means). */
function policyIsPublic(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement ?? []].flat();
  return statements.some(
    (s: any) =>
      s.Effect === 'Allow' &&
      (s.Principal === '*' || [s.Principal?.AWS].flat().includes('*')) &&
      !s.Condition,
  );
}

/** Whether a bucket policy denies every request without TLS (FSBP S3.5). */
function policyRequiresTls(policy: string | undefined): boolean {
  if (!policy) return false;
  const statements = [JSON.parse(policy).Statement ?? []].flat();
  return statements.some(
    (s: any) =>
      s.Effect === 'Deny' &&
      String(s.Condition?.Bool?.['aws:SecureTransport']) === 'false',
  );
}

interface Held {
  service: FakeAwsService;
  name: string;
  region: string;
  arn: string;
  settings: Record<string, any>;
  tags: Array<{ Key: string; Value: string }>;
  polls: number;
}

/**
 * Starts the AWS fake: mocks `send` of every S3, RDS and ElastiCache client (call `restore()`
 * when done). The baseline `nonCompliant()` judges: buckets with public access fully blocked,
 * ACLs disabled, default encryption, a TLS-only and non-public policy, a lifecycle rule,
 * versioning and provenance tags; DB instances encrypted, private, with a Secrets
 * Manager-managed master password, backups and provenance tags; replication groups encrypted at
 * rest and in transit (mode `required`), with an RBAC user group, snapshots and provenance tags.
 * Deleting a DB instance or replication group removes it at once, in any state; a DB instance
 * with deletion protection refuses (`InvalidParameterCombination`), as AWS does.
 * @public
 */
export function fakeAws(options: FakeAwsOptions = {}): FakeAws {
  const accountId = options.accountId ?? '123456789012';
  const creatingPolls = options.creatingPolls ?? 0;
  const s3 = mockClient(S3.S3Client);
  const rds = mockClient(RDS.RDSClient);
  const elasticache = mockClient(EC.ElastiCacheClient);
  let held = new Map<string, Held>();
  let log: FakeAwsCall[] = [];
  let faults: Array<{
    command: string;
    error: string;
    left: number;
    when?: (input: any) => boolean;
  }> = [];
  let drifts: Array<{
    name: string;
    apply: (settings: Record<string, any>) => void;
    after?: string;
  }> = [];

  const key = (service: FakeAwsService, name: string) => `${service}:${name}`;
  const find = (service: FakeAwsService, name: string | undefined) =>
    name === undefined ? undefined : held.get(key(service, name));

  const applyDrifts = (resource: Held, after?: string) => {
    const due = drifts.filter(
      d => d.name === resource.name && d.after === after,
    );
    drifts = drifts.filter(d => !due.includes(d));
    for (const d of due) d.apply(resource.settings);
  };

  const regionOf = async (getClient: () => any): Promise<string> => {
    const region = getClient()?.config?.region;
    return (typeof region === 'function' ? await region() : region) ?? '';
  };

  /** Wraps a command handler: records the call, fires faults, applies `after` drifts. */
  function handle<I>(
    service: FakeAwsService,
    stub: any,
    commandClass: any,
    nameOf: (input: I) => string | undefined,
    fn: (input: I, region: string) => any,
  ) {
    const command = commandClass.name.replace(/Command$/, '');
    stub.on(commandClass).callsFake(async (input: I, getClient: any) => {
      const call: FakeAwsCall = { service, command, input: clone(input) };
      log.push(call);
      try {
        const fault = faults.find(
          f => f.command === command && (!f.when || f.when(input)),
        );
        if (fault) {
          if (--fault.left <= 0) faults = faults.filter(f => f !== fault);
          throw ERRORS[service](fault.error, `${fault.error} (injected)`);
        }
        const answer = (await fn(input, await regionOf(getClient))) ?? {};
        const resource = find(service, nameOf(input));
        if (resource) applyDrifts(resource, command);
        return { $metadata: { httpStatusCode: 200 }, ...answer };
      } catch (e) {
        call.error = (e as Error).name;
        throw e;
      }
    });
  }

  const unmodelled = (service: FakeAwsService) => async () => {
    throw ERRORS[service](
      'UnsupportedOperation',
      'The AWS fake does not model this command',
    );
  };
  s3.onAnyCommand().callsFake(unmodelled('s3'));
  rds.onAnyCommand().callsFake(unmodelled('rds'));
  elasticache.onAnyCommand().callsFake(unmodelled('elasticache'));

  /** Creates a resource, applying drifts that wait for its creation. */
  const create = (resource: Held) => {
    held.set(key(resource.service, resource.name), resource);
    applyDrifts(resource, undefined);
    return resource;
  };

  // ---------- S3 ----------
  const bucket = (name: string | undefined) => {
    const b = find('s3', name);
    if (!b)
      throw ERRORS.s3('NoSuchBucket', 'The specified bucket does not exist');
    return b;
  };
  const s3Handle = <I extends { Bucket?: string }>(
    commandClass: any,
    fn: (input: I, region: string) => any,
  ) => handle<I>('s3', s3, commandClass, i => i.Bucket, fn);

  s3Handle<S3.CreateBucketCommandInput>(S3.CreateBucketCommand, (i, region) => {
    const name = i.Bucket!;
    if (find('s3', name))
      throw ERRORS.s3(
        'BucketAlreadyOwnedByYou',
        'Your previous request to create the named bucket succeeded and you already own it.',
      );
    const location = i.CreateBucketConfiguration?.LocationConstraint;
    if ((location ?? 'us-east-1') !== (region || 'us-east-1'))
      throw ERRORS.s3(
        'IllegalLocationConstraintException',
        `The ${
          location ?? 'unspecified'
        } location constraint is incompatible for the region specific endpoint this request was sent to.`,
      );
    // A new bucket's defaults since April 2023: public access blocked, ACLs disabled, SSE-S3.
    create({
      service: 's3',
      name,
      region: location ?? 'us-east-1',
      arn: `arn:aws:s3:::${name}`,
      polls: 0,
      tags: [],
      settings: {
        PublicAccessBlockConfiguration: {
          BlockPublicAcls: true,
          IgnorePublicAcls: true,
          BlockPublicPolicy: true,
          RestrictPublicBuckets: true,
        },
        ObjectOwnership: i.ObjectOwnership ?? 'BucketOwnerEnforced',
        ServerSideEncryptionConfiguration: {
          Rules: [
            {
              ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' },
              BucketKeyEnabled: false,
            },
          ],
        },
      },
    });
    return { Location: `/${name}` };
  });
  s3Handle<S3.HeadBucketCommandInput>(S3.HeadBucketCommand, i => {
    const b = find('s3', i.Bucket);
    if (!b) throw ERRORS.s3('NotFound', 'Not Found');
    return { BucketRegion: b.region };
  });
  s3Handle<S3.DeleteBucketCommandInput>(S3.DeleteBucketCommand, i => {
    held.delete(key('s3', bucket(i.Bucket).name));
  });
  s3Handle<S3.PutPublicAccessBlockCommandInput>(
    S3.PutPublicAccessBlockCommand,
    i => {
      const c = i.PublicAccessBlockConfiguration ?? {};
      bucket(i.Bucket).settings.PublicAccessBlockConfiguration = {
        BlockPublicAcls: !!c.BlockPublicAcls,
        IgnorePublicAcls: !!c.IgnorePublicAcls,
        BlockPublicPolicy: !!c.BlockPublicPolicy,
        RestrictPublicBuckets: !!c.RestrictPublicBuckets,
      };
    },
  );
  s3Handle<S3.GetPublicAccessBlockCommandInput>(
    S3.GetPublicAccessBlockCommand,
    i => {
      const c = bucket(i.Bucket).settings.PublicAccessBlockConfiguration;
      if (!c)
        throw ERRORS.s3(
          'NoSuchPublicAccessBlockConfiguration',
          'The public access block configuration was not found',
        );
      return { PublicAccessBlockConfiguration: clone(c) };
    },
  );
  s3Handle<S3.GetBucketOwnershipControlsCommandInput>(
    S3.GetBucketOwnershipControlsCommand,
    i => {
      const o = bucket(i.Bucket).settings.ObjectOwnership;
      if (!o)
        throw ERRORS.s3(
          'OwnershipControlsNotFoundError',
          'The bucket ownership controls were not found',
        );
      return { OwnershipControls: { Rules: [{ ObjectOwnership: o }] } };
    },
  );
  s3Handle<S3.PutBucketEncryptionCommandInput>(
    S3.PutBucketEncryptionCommand,
    i => {
      bucket(i.Bucket).settings.ServerSideEncryptionConfiguration = clone(
        i.ServerSideEncryptionConfiguration,
      );
    },
  );
  s3Handle<S3.GetBucketEncryptionCommandInput>(
    S3.GetBucketEncryptionCommand,
    i => {
      const c = bucket(i.Bucket).settings.ServerSideEncryptionConfiguration;
      if (!c)
        throw ERRORS.s3(
          'ServerSideEncryptionConfigurationNotFoundError',
          'The server side encryption configuration was not found',
        );
      return { ServerSideEncryptionConfiguration: clone(c) };
    },
  );
  s3Handle<S3.PutBucketVersioningCommandInput>(
    S3.PutBucketVersioningCommand,
    i => {
      bucket(i.Bucket).settings.VersioningStatus =
        i.VersioningConfiguration?.Status;
    },
  );
  s3Handle<S3.GetBucketVersioningCommandInput>(
    S3.GetBucketVersioningCommand,
    i => {
      const status = bucket(i.Bucket).settings.VersioningStatus;
      return status ? { Status: status } : {};
    },
  );
  s3Handle<S3.PutBucketPolicyCommandInput>(S3.PutBucketPolicyCommand, i => {
    const b = bucket(i.Bucket);
    JSON.parse(i.Policy ?? '');
    if (
      b.settings.PublicAccessBlockConfiguration?.BlockPublicPolicy &&
      policyIsPublic(i.Policy)
    )
      throw ERRORS.s3('AccessDenied', 'Access Denied');
    b.settings.Policy = i.Policy;
  });
  s3Handle<S3.GetBucketPolicyStatusCommandInput>(
    S3.GetBucketPolicyStatusCommand,
    i => {
      const policy = bucket(i.Bucket).settings.Policy;
      if (!policy)
        throw ERRORS.s3(
          'NoSuchBucketPolicy',
          'The bucket policy does not exist',
        );
      return { PolicyStatus: { IsPublic: policyIsPublic(policy) } };
    },
  );
  s3Handle<S3.PutBucketLifecycleConfigurationCommandInput>(
    S3.PutBucketLifecycleConfigurationCommand,
    i => {
      bucket(i.Bucket).settings.LifecycleRules = clone(
        i.LifecycleConfiguration?.Rules,
      );
    },
  );
  s3Handle<S3.PutBucketLoggingCommandInput>(S3.PutBucketLoggingCommand, i => {
    bucket(i.Bucket).settings.LoggingEnabled = clone(
      i.BucketLoggingStatus?.LoggingEnabled,
    );
  });
  s3Handle<S3.PutBucketTaggingCommandInput>(S3.PutBucketTaggingCommand, i => {
    bucket(i.Bucket).tags = clone(i.Tagging?.TagSet ?? []) as any;
  });
  s3Handle<S3.GetBucketTaggingCommandInput>(S3.GetBucketTaggingCommand, i => {
    const b = bucket(i.Bucket);
    if (!b.tags.length)
      throw ERRORS.s3('NoSuchTagSet', 'The TagSet does not exist');
    return { TagSet: clone(b.tags) };
  });

  // ---------- RDS ----------
  const PORTS: Record<string, number> = {
    postgres: 5432,
    mysql: 3306,
    mariadb: 3306,
  };
  const dbInstance = (id: string | undefined) => {
    const db = find('rds', id);
    if (!db)
      throw ERRORS.rds(
        'DBInstanceNotFoundFault',
        `DBInstance ${id} not found.`,
      );
    return db;
  };
  /** What DescribeDBInstances says about an instance, counting a poll. */
  const described = (db: Held, poll: boolean) => {
    if (poll && db.settings.DBInstanceStatus === 'creating') {
      if (++db.polls > creatingPolls) {
        db.settings.DBInstanceStatus = 'available';
        db.settings.Endpoint = {
          Address: `${db.name}.c9akciq32.${db.region}.rds.amazonaws.com`,
          Port: db.settings.DbInstancePort,
          HostedZoneId: 'Z29XKXDKYMONMX',
        };
        if (db.settings.MasterUserSecret)
          db.settings.MasterUserSecret.SecretStatus = 'active';
      }
    }
    return { ...clone(db.settings), TagList: clone(db.tags) };
  };
  handle<RDS.CreateDBInstanceCommandInput>(
    'rds',
    rds,
    RDS.CreateDBInstanceCommand,
    i => i.DBInstanceIdentifier,
    (i, region) => {
      const id = i.DBInstanceIdentifier!;
      if (find('rds', id))
        throw ERRORS.rds(
          'DBInstanceAlreadyExistsFault',
          'DB instance already exists',
        );
      if (i.ManageMasterUserPassword && i.MasterUserPassword)
        throw ERRORS.rds(
          'InvalidParameterCombination',
          'You cannot specify MasterUserPassword when ManageMasterUserPassword is enabled.',
        );
      if (!i.ManageMasterUserPassword && !i.MasterUserPassword)
        throw ERRORS.rds(
          'InvalidParameterValue',
          'The parameter MasterUserPassword must be provided.',
        );
      const arn = `arn:aws:rds:${region}:${accountId}:db:${id}`;
      const port = i.Port ?? PORTS[i.Engine ?? ''] ?? 5432;
      const db = create({
        service: 'rds',
        name: id,
        region,
        arn,
        polls: 0,
        tags: clone(i.Tags ?? []) as any,
        settings: {
          DBInstanceIdentifier: id,
          DBInstanceArn: arn,
          DBInstanceStatus: 'creating',
          Engine: i.Engine,
          EngineVersion: i.EngineVersion,
          DBInstanceClass: i.DBInstanceClass,
          DBName: i.DBName,
          AllocatedStorage: i.AllocatedStorage,
          MaxAllocatedStorage: i.MaxAllocatedStorage,
          StorageType: i.StorageType ?? 'gp2',
          StorageEncrypted: !!i.StorageEncrypted,
          ...(i.StorageEncrypted && {
            KmsKeyId:
              i.KmsKeyId ??
              `arn:aws:kms:${region}:${accountId}:key/aws-rds-default`,
          }),
          PubliclyAccessible: !!i.PubliclyAccessible,
          DBSubnetGroup: {
            DBSubnetGroupName: i.DBSubnetGroupName ?? 'default',
          },
          VpcSecurityGroups: (i.VpcSecurityGroupIds ?? []).map(g => ({
            VpcSecurityGroupId: g,
            Status: 'active',
          })),
          MultiAZ: !!i.MultiAZ,
          DeletionProtection: !!i.DeletionProtection,
          BackupRetentionPeriod: i.BackupRetentionPeriod ?? 1,
          AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? true,
          CopyTagsToSnapshot: !!i.CopyTagsToSnapshot,
          EnabledCloudwatchLogsExports: i.EnableCloudwatchLogsExports ?? [],
          IAMDatabaseAuthenticationEnabled: !!i.EnableIAMDatabaseAuthentication,
          DbInstancePort: port,
          MasterUsername: i.MasterUsername,
          ...(i.ManageMasterUserPassword && {
            MasterUserSecret: {
              SecretArn: `arn:aws:secretsmanager:${region}:${accountId}:secret:rds!db-${id}-AbCdEf`,
              SecretStatus: 'creating',
            },
          }),
        },
      });
      return { DBInstance: described(db, false) };
    },
  );
  handle<RDS.DescribeDBInstancesCommandInput>(
    'rds',
    rds,
    RDS.DescribeDBInstancesCommand,
    i => i.DBInstanceIdentifier,
    i => {
      if (i.DBInstanceIdentifier)
        return {
          DBInstances: [described(dbInstance(i.DBInstanceIdentifier), true)],
        };
      return {
        DBInstances: [...held.values()]
          .filter(r => r.service === 'rds')
          .map(db => described(db, true)),
      };
    },
  );
  handle<RDS.ListTagsForResourceCommandInput>(
    'rds',
    rds,
    RDS.ListTagsForResourceCommand,
    () => undefined,
    i => {
      const db = [...held.values()].find(
        r => r.service === 'rds' && r.arn === i.ResourceName,
      );
      if (!db)
        throw ERRORS.rds(
          'DBInstanceNotFoundFault',
          `DBInstance ${i.ResourceName} not found.`,
        );
      return { TagList: clone(db.tags) };
    },
  );
  handle<RDS.DeleteDBInstanceCommandInput>(
    'rds',
    rds,
    RDS.DeleteDBInstanceCommand,
    () => undefined,
    i => {
      const db = dbInstance(i.DBInstanceIdentifier);
      if (db.settings.DeletionProtection)
        throw ERRORS.rds(
          'InvalidParameterCombination',
          'Cannot delete protected DB Instance, please disable deletion protection and try again.',
        );
      if (!i.SkipFinalSnapshot && !i.FinalDBSnapshotIdentifier)
        throw ERRORS.rds(
          'InvalidParameterCombination',
          'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
        );
      held.delete(key('rds', db.name));
      return {
        DBInstance: { ...described(db, false), DBInstanceStatus: 'deleting' },
      };
    },
  );

  // ---------- ElastiCache ----------
  const group = (id: string | undefined) => {
    const g = find('elasticache', id);
    if (!g)
      throw ERRORS.elasticache(
        'ReplicationGroupNotFoundFault',
        `ReplicationGroup ${id} not found.`,
      );
    return g;
  };
  const describedGroup = (g: Held, poll: boolean) => {
    if (poll && g.settings.Status === 'creating') {
      if (++g.polls > creatingPolls) {
        g.settings.Status = 'available';
        g.settings.NodeGroups = [
          {
            NodeGroupId: '0001',
            Status: 'available',
            PrimaryEndpoint: {
              Address: `master.${g.name}.x1y2z3.${g.region}.cache.amazonaws.com`,
              Port: 6379,
            },
          },
        ];
      }
    }
    return clone(g.settings);
  };
  handle<EC.CreateReplicationGroupCommandInput>(
    'elasticache',
    elasticache,
    EC.CreateReplicationGroupCommand,
    i => i.ReplicationGroupId,
    (i, region) => {
      const id = i.ReplicationGroupId!;
      if (find('elasticache', id))
        throw ERRORS.elasticache(
          'ReplicationGroupAlreadyExistsFault',
          `Replication group ${id} already exists.`,
        );
      if (i.TransitEncryptionMode && !i.TransitEncryptionEnabled)
        throw ERRORS.elasticache(
          'InvalidParameterCombination',
          'TransitEncryptionMode requires TransitEncryptionEnabled.',
        );
      const arn = `arn:aws:elasticache:${region}:${accountId}:replicationgroup:${id}`;
      const nodes = i.NumCacheClusters ?? 1;
      const g = create({
        service: 'elasticache',
        name: id,
        region,
        arn,
        polls: 0,
        tags: clone(i.Tags ?? []) as any,
        settings: {
          ReplicationGroupId: id,
          Description: i.ReplicationGroupDescription,
          Status: 'creating',
          ARN: arn,
          Engine: i.Engine ?? 'redis',
          CacheNodeType: i.CacheNodeType,
          MemberClusters: Array.from(
            { length: nodes },
            (_, n) => `${id}-${String(n + 1).padStart(3, '0')}`,
          ),
          AutomaticFailover: i.AutomaticFailoverEnabled
            ? 'enabled'
            : 'disabled',
          MultiAZ: i.MultiAZEnabled ? 'enabled' : 'disabled',
          SnapshotRetentionLimit: i.SnapshotRetentionLimit ?? 0,
          AtRestEncryptionEnabled: !!i.AtRestEncryptionEnabled,
          TransitEncryptionEnabled: !!i.TransitEncryptionEnabled,
          ...(i.TransitEncryptionEnabled && {
            TransitEncryptionMode: i.TransitEncryptionMode ?? 'required',
          }),
          AuthTokenEnabled: !!i.AuthToken,
          UserGroupIds: i.UserGroupIds ?? [],
          CacheSubnetGroupName: i.CacheSubnetGroupName,
          SecurityGroupIds: i.SecurityGroupIds ?? [],
          AutoMinorVersionUpgrade: i.AutoMinorVersionUpgrade ?? true,
        },
      });
      return { ReplicationGroup: describedGroup(g, false) };
    },
  );
  handle<EC.DescribeReplicationGroupsCommandInput>(
    'elasticache',
    elasticache,
    EC.DescribeReplicationGroupsCommand,
    i => i.ReplicationGroupId,
    i => {
      if (i.ReplicationGroupId)
        return {
          ReplicationGroups: [
            describedGroup(group(i.ReplicationGroupId), true),
          ],
        };
      return {
        ReplicationGroups: [...held.values()]
          .filter(r => r.service === 'elasticache')
          .map(g => describedGroup(g, true)),
      };
    },
  );
  handle<EC.ListTagsForResourceCommandInput>(
    'elasticache',
    elasticache,
    EC.ListTagsForResourceCommand,
    () => undefined,
    i => {
      const g = [...held.values()].find(
        r => r.service === 'elasticache' && r.arn === i.ResourceName,
      );
      if (!g)
        throw ERRORS.elasticache(
          'ReplicationGroupNotFoundFault',
          `ReplicationGroup for ${i.ResourceName} not found.`,
        );
      return { TagList: clone(g.tags) };
    },
  );
  handle<EC.DeleteReplicationGroupCommandInput>(
    'elasticache',
    elasticache,
    EC.DeleteReplicationGroupCommand,
    () => undefined,
    i => {
      const g = group(i.ReplicationGroupId);
      held.delete(key('elasticache', g.name));
      return {
        ReplicationGroup: { ...describedGroup(g, false), Status: 'deleting' },
      };
    },
  );

  // ---------- baseline ----------
  const provenance = (r: Held) =>
    ['golden-path:owner', 'golden-path:task-id']
      .filter(k => !tagMap(r.tags)[k])
      .map(k => `no ${k} tag`);

  function problemsOf(r: Held): string[] {
    const s = r.settings;
    const problems: string[] = [];
    if (r.service === 's3') {
      const pab = s.PublicAccessBlockConfiguration ?? {};
      if (
        !pab.BlockPublicAcls ||
        !pab.IgnorePublicAcls ||
        !pab.BlockPublicPolicy ||
        !pab.RestrictPublicBuckets
      )
        problems.push('public access block is not complete');
      if (s.ObjectOwnership !== 'BucketOwnerEnforced')
        problems.push(`object ownership is ${s.ObjectOwnership}`);
      if (
        !s.ServerSideEncryptionConfiguration?.Rules?.[0]
          ?.ApplyServerSideEncryptionByDefault?.SSEAlgorithm
      )
        problems.push('no default encryption');
      if (
        options.requireS3Versioning !== false &&
        s.VersioningStatus !== 'Enabled'
      )
        problems.push(`versioning is ${s.VersioningStatus}`);
      if (!policyRequiresTls(s.Policy))
        problems.push('no policy denying requests without TLS');
      if (policyIsPublic(s.Policy)) problems.push('the policy makes it public');
      if (
        !s.LifecycleRules?.some(
          (rule: any) => rule.AbortIncompleteMultipartUpload,
        )
      )
        problems.push('no lifecycle rule for incomplete uploads');
    } else if (r.service === 'rds') {
      if (s.StorageEncrypted !== true) problems.push('storage not encrypted');
      if (s.PubliclyAccessible !== false) problems.push('publicly accessible');
      if (!s.MasterUserSecret?.SecretArn)
        problems.push('master password not managed by Secrets Manager');
      if (!(s.BackupRetentionPeriod >= 1)) problems.push('no backups');
    } else {
      if (s.AtRestEncryptionEnabled !== true)
        problems.push('not encrypted at rest');
      if (
        s.TransitEncryptionEnabled !== true ||
        s.TransitEncryptionMode !== 'required'
      )
        problems.push(
          `transit encryption mode is ${s.TransitEncryptionMode ?? 'off'}`,
        );
      if (!s.UserGroupIds?.length) problems.push('no RBAC user group');
      if (!(s.SnapshotRetentionLimit >= 1)) problems.push('no snapshots');
    }
    return [...problems, ...provenance(r)];
  }

  const view = (r: Held): FakeAwsResource => ({
    service: r.service,
    name: r.name,
    region: r.region,
    arn: r.arn,
    status:
      r.service === 's3'
        ? 'available'
        : r.settings.DBInstanceStatus ?? r.settings.Status,
    tags: tagMap(r.tags),
    settings: clone(r.settings),
    problems: problemsOf(r),
  });

  const all = [s3, rds, elasticache];
  return {
    s3,
    rds,
    elasticache,
    accountId,
    access: async () => ({
      accountId,
      clients: clientsFrom(async () => ({
        accessKeyId: 'AKIDFAKEAWS',
        secretAccessKey: 'fake-aws-secret',
      })),
    }),
    accountsConfig: {
      accounts: [
        {
          accountId,
          accessKeyId: 'AKIDFAKEAWS',
          secretAccessKey: 'fake-aws-secret',
        },
      ],
    },
    calls: () => clone(log),
    sent: service =>
      log.filter(c => !service || c.service === service).map(c => c.command),
    fail(command, error, { times = 1, when } = {}) {
      faults.push({
        command,
        error,
        left: times === 'always' ? Infinity : times,
        when,
      });
    },
    drift(name, change, { after } = {}) {
      const apply: (settings: Record<string, any>) => void =
        typeof change === 'function'
          ? (change as (settings: Record<string, any>) => void)
          : (settings: Record<string, any>) => {
              // Per field, so `{ Field: undefined }` removes a setting.
              for (const [field, value] of Object.entries(change))
                settings[field] = clone(value);
            };
      const existing = [...held.values()].find(r => r.name === name);
      if (existing && !after) apply(existing.settings);
      else drifts.push({ name, apply, after });
    },
    resources: service =>
      [...held.values()]
        .filter(r => !service || r.service === service)
        .map(view),
    resource: name => {
      const r = [...held.values()].find(h => h.name === name);
      return r && view(r);
    },
    nonCompliant: () =>
      [...held.values()].map(view).filter(r => r.problems.length > 0),
    resetHistory() {
      log = [];
      all.forEach(m => m.resetHistory());
    },
    reset() {
      log = [];
      faults = [];
      drifts = [];
      held = new Map();
      all.forEach(m => m.resetHistory());
    },
    restore() {
      all.forEach(m => m.restore());
    },
  };
}
