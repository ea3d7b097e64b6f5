import type { RequestBase } from '../../requests';
import { b, BASE_FIELDS, int, RequestFieldType, s } from '../fields';

/** A request for an RDS database instance. @public */
export interface RdsInstanceRequest extends RequestBase {
  kind: 'rds-instance';
  region?: string;
  engine?: string;
  engineVersion?: string;
  instanceClass?: string;
  allocatedStorageGb?: number;
  multiAz?: boolean;
  storageEncrypted?: boolean;
  publiclyAccessible?: boolean;
  deletionProtection?: boolean;
  backupRetentionDays?: number;
  autoMinorVersionUpgrade?: boolean;
  port?: number;
  masterUsername?: string;
  /** Always refused: the master password is managed by Secrets Manager. */
  masterPassword?: unknown;
  manageMasterUserPassword?: boolean;
  /** Initial database to create (none when omitted); judged by `GP-RDS-DB-NAME`. */
  dbName?: string;
}

/** Bounds are RDS's own: storage up to 64 TiB, retention up to 35 days, TCP ports. */
export const RDS_INSTANCE_FIELDS: Record<string, RequestFieldType> = {
  ...BASE_FIELDS,
  region: s,
  engine: s,
  engineVersion: s,
  instanceClass: s,
  allocatedStorageGb: int(0, 65_536),
  multiAz: b,
  storageEncrypted: b,
  publiclyAccessible: b,
  deletionProtection: b,
  backupRetentionDays: int(0, 35),
  autoMinorVersionUpgrade: b,
  port: int(0, 65_535),
  masterUsername: s,
  manageMasterUserPassword: b,
  dbName: s,
};
