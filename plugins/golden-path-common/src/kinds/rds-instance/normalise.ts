import { own, ownList } from '../../own';
import { EnvironmentPolicy } from '../../policy/types';
import { newestVersion } from '../../versions';
import { RdsInstanceRequest } from './request';
import { ENGINE_DEFAULT_PORTS } from './rules';

/** The RDS baseline: encrypted, private, backed up, managed password, not the default port. */
export function normaliseRdsInstance(
  request: RdsInstanceRequest,
  env: EnvironmentPolicy,
): RdsInstanceRequest {
  const engine = request.engine ?? env.rds.defaultEngine;
  return {
    region: env.defaultRegion,
    engine,
    engineVersion: newestVersion(ownList(env.rds.engines, engine)),
    instanceClass: env.rds.defaultInstanceClass,
    allocatedStorageGb: env.rds.defaultStorageGb,
    multiAz: env.rds.requireMultiAz,
    storageEncrypted: true,
    publiclyAccessible: false,
    deletionProtection: env.rds.requireDeletionProtection,
    backupRetentionDays: env.rds.minBackupRetentionDays,
    autoMinorVersionUpgrade: true,
    port: (own(ENGINE_DEFAULT_PORTS, engine) ?? 5432) + 1,
    masterUsername: 'gp_admin',
    manageMasterUserPassword: true,
    ...request,
  };
}
