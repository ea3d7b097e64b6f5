import { BudgetPolicy, EnvironmentPolicy } from './types';

/**
 * The baseline profile every environment starts from. Each value satisfies the security baseline
 * (docs/guardrails.md); environments in app-config override what they need.
 */
export function defaultEnvironmentPolicy(options: {
  name: string;
  org: string;
  region: string;
}): EnvironmentPolicy {
  return {
    name: options.name,
    allowedRegions: [options.region],
    defaultRegion: options.region,
    requiredTags: [],
    github: {
      org: options.org,
      allowedVisibilities: ['private', 'internal'],
      defaultVisibility: 'private',
      repoNamePattern: '^[a-z][a-z0-9-]{1,62}[a-z0-9]$',
      minApprovals: 1,
      secretScopes: ['repository', 'environment'],
    },
    s3: {
      allowedEncryption: ['aws:kms', 'AES256'],
      defaultEncryption: 'AES256',
      requireVersioning: true,
      noncurrentVersionExpirationDays: 90,
      abortIncompleteUploadDays: 7,
    },
    rds: {
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
    },
    elasticache: {
      engines: { valkey: ['8.0', '7.2'], redis: ['7.1'] },
      defaultEngine: 'valkey',
      nodeTypes: ['cache.t4g.micro', 'cache.t4g.small', 'cache.t4g.medium'],
      defaultNodeType: 'cache.t4g.micro',
      minSnapshotRetentionDays: 1,
      requireAutomaticFailover: false,
      maxNodes: 3,
      subnetGroup: 'golden-path-private',
      securityGroupIds: [],
    },
    relaxations: [],
  };
}

export const DEFAULT_BUDGET: BudgetPolicy = {
  currency: 'USD',
  maxMonthlyPerRequest: 300,
  teamMonthly: { default: 1000 },
};
