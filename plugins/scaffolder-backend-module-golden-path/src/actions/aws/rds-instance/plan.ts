import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import {
  EnvironmentPolicy,
  RdsInstanceRequest,
} from '@golden-path/plugin-golden-path-common';
import { PlannedCommand } from '../../../aws/commands';

/** Logs each engine publishes to CloudWatch (FSBP RDS.9 / RDS.36). */
export const LOG_EXPORTS: Record<string, string[]> = {
  postgres: ['postgresql', 'upgrade'],
  mysql: ['error', 'general', 'slowquery'],
  mariadb: ['error', 'general', 'slowquery'],
};

/** The one request that creates a compliant DB instance: every baseline setting is in it. */
export function planDbInstance(
  request: RdsInstanceRequest,
  env: EnvironmentPolicy,
  tags: Array<{ Key: string; Value: string }>,
  dbName?: string,
): PlannedCommand<CreateDBInstanceCommand> {
  return {
    id: 'create',
    purpose: 'create the DB instance with the baseline',
    command: new CreateDBInstanceCommand({
      DBInstanceIdentifier: request.name,
      Engine: request.engine,
      EngineVersion: request.engineVersion,
      DBInstanceClass: request.instanceClass,
      ...(dbName && { DBName: dbName }),
      AllocatedStorage: request.allocatedStorageGb,
      MaxAllocatedStorage: env.rds.maxStorageGb,
      StorageType: 'gp3',
      StorageEncrypted: true,
      PubliclyAccessible: false,
      DBSubnetGroupName: env.rds.subnetGroup,
      VpcSecurityGroupIds: env.rds.securityGroupIds,
      MultiAZ: request.multiAz,
      DeletionProtection: request.deletionProtection,
      BackupRetentionPeriod: request.backupRetentionDays,
      AutoMinorVersionUpgrade: true,
      CopyTagsToSnapshot: true,
      EnableCloudwatchLogsExports: LOG_EXPORTS[request.engine ?? ''] ?? [],
      EnableIAMDatabaseAuthentication: true,
      Port: request.port,
      MasterUsername: request.masterUsername,
      ManageMasterUserPassword: true,
      Tags: tags,
    }),
  };
}
