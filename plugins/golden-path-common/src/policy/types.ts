/**
 * The policy model: what each environment profile allows. Defaults (./defaults.ts) satisfy the
 * security baseline; app-config may override them per environment (`goldenPath.environments`).
 * Each kind's own section lives in its folder (kinds/<kind>/policy.ts).
 */
import type { ElastiCachePolicy } from '../kinds/elasticache-redis/policy';
import type { GithubPolicy } from '../kinds/github-repo/policy';
import type { RdsPolicy } from '../kinds/rds-instance/policy';
import type { S3Policy } from '../kinds/s3-bucket/policy';

export type { ElastiCachePolicy, GithubPolicy, RdsPolicy, S3Policy };

/**
 * The per-kind sections of an environment profile; each kind names the one it is judged by.
 * @public
 */
export interface KindPolicySections {
  /** The GitHub organisation's section (repositories and their secrets). */
  github: GithubPolicy;
  /** S3 buckets. */
  s3: S3Policy;
  /** RDS database instances. */
  rds: RdsPolicy;
  /** ElastiCache replication groups. */
  elasticache: ElastiCachePolicy;
}

/** A rule the platform team relaxed for one environment, with the reason recorded. @public */
export interface RuleRelaxation {
  rule: string;
  reason: string;
}

/** One environment profile, fully resolved. @public */
export interface EnvironmentPolicy extends KindPolicySections {
  name: string;
  description?: string;
  allowedRegions: string[];
  defaultRegion: string;
  /** Tag keys every AWS resource must carry (owner, requester, ... are always added). */
  requiredTags: string[];
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
