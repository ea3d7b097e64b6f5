import { missingPrices } from '../../cost/helpers';
import { notAllowedDefault } from '../policyChecks';
import { RDS_STORAGE_PRICE } from './cost';
import { PolicySection } from '../types';

/** What an RDS database instance may look like in an environment. @public */
export interface RdsPolicy {
  /** Allowed engines and, for each, the allowed major versions. */
  engines: Record<string, string[]>;
  defaultEngine: string;
  instanceClasses: string[];
  defaultInstanceClass: string;
  minStorageGb: number;
  maxStorageGb: number;
  defaultStorageGb: number;
  requireDeletionProtection: boolean;
  requireMultiAz: boolean;
  minBackupRetentionDays: number;
  /** Private subnet group and security groups; developers never choose networking. */
  subnetGroup: string;
  securityGroupIds: string[];
}

export const RDS_POLICY: PolicySection<'rds'> = {
  name: 'rds',
  defaults: () => ({
    engines: { postgres: ['16', '17'] },
    defaultEngine: 'postgres',
    instanceClasses: ['db.t4g.micro', 'db.t4g.small', 'db.t4g.medium'],
    defaultInstanceClass: 'db.t4g.micro',
    minStorageGb: 20,
    maxStorageGb: 200,
    defaultStorageGb: 20,
    requireDeletionProtection: true,
    requireMultiAz: false,
    minBackupRetentionDays: 7,
    subnetGroup: 'golden-path-private',
    securityGroupIds: [],
  }),
  optional: [],
  problems: ({ rds, allowedRegions }, prices, path) => [
    ...notAllowedDefault(
      path,
      'rds.defaultEngine',
      rds.defaultEngine,
      Object.keys(rds.engines),
    ),
    ...notAllowedDefault(
      path,
      'rds.defaultInstanceClass',
      rds.defaultInstanceClass,
      rds.instanceClasses,
    ),
    ...(rds.minStorageGb > rds.maxStorageGb
      ? [`${path}.rds.minStorageGb is above maxStorageGb`]
      : []),
    // Without a price the budget rule would refuse every request for the class.
    ...missingPrices(
      prices,
      allowedRegions,
      [...rds.instanceClasses, RDS_STORAGE_PRICE],
      path,
    ),
  ],
};
