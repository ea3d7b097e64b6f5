import * as RDS from '@aws-sdk/client-rds';
import { clone } from '../../../testUtils/awsFake/clone';
import type {
  FakeAwsServiceDefinition,
  FakeHeld,
  FakeServiceContext,
} from '../../../testUtils/awsFake/service';

/** The port RDS gives an engine when the request names none. */
const PORTS: Record<string, number> = {
  postgres: 5432,
  mysql: 3306,
  mariadb: 3306,
};

function install(ctx: FakeServiceContext) {
  const { accountId, creatingPolls } = ctx;
  const dbInstance = (id: string | undefined) => {
    const db = ctx.find(id);
    if (!db)
      throw ctx.error('DBInstanceNotFoundFault', `DBInstance ${id} not found.`);
    return db;
  };
  /** What DescribeDBInstances says about an instance, counting a poll. */
  const described = (db: FakeHeld, poll: boolean) => {
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
  ctx.handle<RDS.CreateDBInstanceCommandInput>(
    RDS.CreateDBInstanceCommand,
    i => i.DBInstanceIdentifier,
    (i, region) => {
      const id = i.DBInstanceIdentifier!;
      if (ctx.find(id))
        throw ctx.error(
          'DBInstanceAlreadyExistsFault',
          'DB instance already exists',
        );
      if (i.ManageMasterUserPassword && i.MasterUserPassword)
        throw ctx.error(
          'InvalidParameterCombination',
          'You cannot specify MasterUserPassword when ManageMasterUserPassword is enabled.',
        );
      if (!i.ManageMasterUserPassword && !i.MasterUserPassword)
        throw ctx.error(
          'InvalidParameterValue',
          'The parameter MasterUserPassword must be provided.',
        );
      const arn = `arn:aws:rds:${region}:${accountId}:db:${id}`;
      const port = i.Port ?? PORTS[i.Engine ?? ''] ?? 5432;
      const db = ctx.create({
        name: id,
        region,
        arn,
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
  ctx.handle<RDS.DescribeDBInstancesCommandInput>(
    RDS.DescribeDBInstancesCommand,
    i => i.DBInstanceIdentifier,
    i => {
      if (i.DBInstanceIdentifier)
        return {
          DBInstances: [described(dbInstance(i.DBInstanceIdentifier), true)],
        };
      return {
        DBInstances: ctx.all().map(db => described(db, true)),
      };
    },
  );
  ctx.handle<RDS.ListTagsForResourceCommandInput>(
    RDS.ListTagsForResourceCommand,
    () => undefined,
    i => {
      const db = ctx.all().find(r => r.arn === i.ResourceName);
      if (!db)
        throw ctx.error(
          'DBInstanceNotFoundFault',
          `DBInstance ${i.ResourceName} not found.`,
        );
      return { TagList: clone(db.tags) };
    },
  );
  ctx.handle<RDS.DeleteDBInstanceCommandInput>(
    RDS.DeleteDBInstanceCommand,
    () => undefined,
    i => {
      const db = dbInstance(i.DBInstanceIdentifier);
      if (db.settings.DeletionProtection)
        throw ctx.error(
          'InvalidParameterCombination',
          'Cannot delete protected DB Instance, please disable deletion protection and try again.',
        );
      if (!i.SkipFinalSnapshot && !i.FinalDBSnapshotIdentifier)
        throw ctx.error(
          'InvalidParameterCombination',
          'FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified.',
        );
      ctx.remove(db.name);
      return {
        DBInstance: { ...described(db, false), DBInstanceStatus: 'deleting' },
      };
    },
  );
}

/** Encrypted, private, a Secrets Manager-managed master password, backups. */
function problemsOf(r: FakeHeld): string[] {
  const s = r.settings;
  const problems: string[] = [];
  if (s.StorageEncrypted !== true) problems.push('storage not encrypted');
  if (s.PubliclyAccessible !== false) problems.push('publicly accessible');
  if (!s.MasterUserSecret?.SecretArn)
    problems.push('master password not managed by Secrets Manager');
  if (!(s.BackupRetentionPeriod >= 1)) problems.push('no backups');
  return problems;
}

/**
 * RDS DB instances in the AWS fake, by identifier. Deleting one removes it at once, in any state;
 * one with deletion protection refuses (`InvalidParameterCombination`), as AWS does.
 */
export const RDS_FAKE: FakeAwsServiceDefinition<'rds'> = {
  service: 'rds',
  client: RDS.RDSClient,
  exceptions: { base: RDS.RDSServiceException, modelled: RDS },
  statuses: { DBInstanceNotFoundFault: 404 },
  install,
  status: r => r.settings.DBInstanceStatus,
  problems: problemsOf,
};
