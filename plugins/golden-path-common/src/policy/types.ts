/**
 * The policy model: what each environment profile allows. Defaults (./defaults.ts) satisfy the
 * security baseline; app-config may override them per environment (`goldenPath.environments`).
 */

/** What a GitHub repository and its secrets may look like in an environment. @public */
export interface GithubPolicy {
  /** The organisation every repository lives in (from `goldenPath.github.org`). */
  org: string;
  allowedVisibilities: Array<'private' | 'internal' | 'public'>;
  defaultVisibility: 'private' | 'internal' | 'public';
  /** Regular expression (source) a repository name must match. */
  repoNamePattern: string;
  minApprovals: number;
  secretScopes: Array<'repository' | 'environment'>;
}

/** What an S3 bucket may look like in an environment. @public */
export interface S3Policy {
  allowedEncryption: Array<'aws:kms' | 'AES256'>;
  defaultEncryption: 'aws:kms' | 'AES256';
  /** KMS key for SSE-KMS; required by the S3 action in live mode when `aws:kms` is used. */
  kmsKeyId?: string;
  requireVersioning: boolean;
  /** Server access logs go here when set (same region). */
  accessLogBucket?: string;
  noncurrentVersionExpirationDays: number;
  abortIncompleteUploadDays: number;
}

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

/** What an ElastiCache (Redis OSS or Valkey) cluster may look like in an environment. @public */
export interface ElastiCachePolicy {
  /** Allowed engines and, for each, the allowed versions (major.minor or major). */
  engines: Record<string, string[]>;
  defaultEngine: 'redis' | 'valkey';
  nodeTypes: string[];
  defaultNodeType: string;
  minSnapshotRetentionDays: number;
  requireAutomaticFailover: boolean;
  maxNodes: number;
  subnetGroup: string;
  securityGroupIds: string[];
  /** RBAC user group attached to new replication groups. */
  userGroupId?: string;
}

/** A rule the platform team relaxed for one environment, with the reason recorded. @public */
export interface RuleRelaxation {
  rule: string;
  reason: string;
}

/** One environment profile, fully resolved. @public */
export interface EnvironmentPolicy {
  name: string;
  description?: string;
  allowedRegions: string[];
  defaultRegion: string;
  /** Tag keys every AWS resource must carry (owner, requester, ... are always added). */
  requiredTags: string[];
  github: GithubPolicy;
  s3: S3Policy;
  rds: RdsPolicy;
  elasticache: ElastiCachePolicy;
  relaxations: RuleRelaxation[];
}

/** The spending limits: per request, and per team per month. @public */
export interface BudgetPolicy {
  currency: string;
  /** Max estimated monthly cost of one request (one run), in `currency`. */
  maxMonthlyPerRequest: number;
  /** Monthly budget per team (group ref or short name), with `default` for the rest. */
  teamMonthly: Record<string, number>;
}

/** Monthly-cost inputs: USD per hour by instance class / node type, per region. @public */
export interface PriceTable {
  hoursPerMonth: number;
  /** `rds[region][instanceClass]` in USD/hour, single-AZ; Multi-AZ is 2x. */
  rds: Record<string, Record<string, number>>;
  /** `elasticache[region][nodeType]` in USD/hour per node (Redis OSS; Valkey applies `valkeyFactor`). */
  elasticache: Record<string, Record<string, number>>;
  valkeyFactor: number;
  /** USD per GB-month. */
  rdsStorageGbMonth: number;
  s3StorageGbMonth: number;
}

/** The whole effective policy. @public */
export interface GoldenPathPolicy {
  environments: Record<string, EnvironmentPolicy>;
  budget: BudgetPolicy;
  prices: PriceTable;
}
