import { DBInstance, DescribeDBInstancesCommand } from '@aws-sdk/client-rds';
import type { RDSClient } from '@aws-sdk/client-rds';
import {
  ProviderAvailability,
  stateOf,
  tagValue,
  TASK_ID_TAG,
} from './availability';
import { awsErrorName } from './errors';

/**
 * Statuses in which RDS gave up creating an instance (RDS user guide, "Viewing Amazon RDS DB
 * instance status"); every other status but `available` means it is still on its way.
 */
const FAILED = [
  'failed',
  'incompatible-create',
  'incompatible-network',
  'incompatible-option-group',
  'incompatible-parameters',
  'incompatible-restore',
  'inaccessible-encryption-credentials',
  'insufficient-capacity',
  'restore-error',
];

/**
 * The DB instance of that identifier as `DescribeDBInstances` answers, or undefined when RDS
 * holds none.
 * @public
 */
export async function describeDbInstance(
  rds: RDSClient,
  id: string,
): Promise<DBInstance | undefined> {
  return rds
    .send(new DescribeDBInstancesCommand({ DBInstanceIdentifier: id }))
    .then(
      r => r.DBInstances?.[0],
      e =>
        awsErrorName(e) === 'DBInstanceNotFoundFault' ||
        awsErrorName(e) === 'DBInstanceNotFound'
          ? undefined
          : Promise.reject(e),
    );
}

/**
 * Where a DB instance stands, from what RDS described (its tags included).
 * @public
 */
export function dbInstanceAvailability(
  db: DBInstance | undefined,
): ProviderAvailability {
  if (!db) return { state: 'missing' };
  const status = db.DBInstanceStatus ?? 'unknown';
  const state = stateOf(status, { available: ['available'], failed: FAILED });
  const address = db.Endpoint?.Address;
  return {
    state,
    status,
    ...(state === 'available' &&
      address && { endpoint: `${address}:${db.Endpoint?.Port}` }),
    taskId: tagValue(db.TagList, TASK_ID_TAG),
  };
}
