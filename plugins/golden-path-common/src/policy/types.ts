/**
 * The policy model: what each environment profile allows. Defaults (./defaults.ts) satisfy the
 * security baseline; app-config may override them per environment (`goldenPath.environments`).
 * Each kind's own section lives in its folder (kinds/<kind>/policy.ts) and is registered in
 * kinds/registry.ts.
 */
import type { KindPolicySections } from '../kinds/registry';

/** A rule the platform team relaxed for one environment, with the reason recorded. @public */
export interface RuleRelaxation {
  rule: string;
  reason: string;
}

/**
 * Which rules approvers may except in one environment, who they are and for how long at most. A
 * rule not listed is never excepted there; exposure rules and budgets can never be listed.
 * @public
 */
export interface ExceptionPolicy {
  /** Rule ids an approved exception may set aside for one request. */
  rules: string[];
  /** The group (by trusted catalog sources) whose members approve, e.g. `group:default/platform`. */
  approvers: string;
  /** The longest an approved exception stays usable, in days. */
  maxDays: number;
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
  /** Time-boxed, approved exceptions this environment allows. */
  exceptions: ExceptionPolicy;
}

/** The spending limits: per request, and per team per month. @public */
export interface BudgetPolicy {
  currency: string;
  /** Max estimated monthly cost of one request (one run), in `currency`. */
  maxMonthlyPerRequest: number;
  /** Monthly budget per team (group ref or short name), with `default` for the rest. */
  teamMonthly: Record<string, number>;
}

/**
 * Monthly-cost inputs: USD list prices by region, then by item. An item is an instance or node
 * type priced per hour (`db.t4g.micro`, `cache.t4g.small`, `t3.micro`) or a storage class priced
 * per GB-month (`rds:gp3`, `ebs:gp3`, `s3:standard`). A region or item that is not listed has no
 * price, and a request that needs it is refused.
 * @public
 */
export interface PriceTable {
  hoursPerMonth: number;
  /** `regions[region][item]` in USD per hour (types) or per GB-month (storage). */
  regions: Record<string, Record<string, number>>;
  /** Valkey's price as a share of Redis OSS's for the same node type. */
  valkeyFactor: number;
}

/** The whole effective policy. @public */
export interface GoldenPathPolicy {
  environments: Record<string, EnvironmentPolicy>;
  budget: BudgetPolicy;
  prices: PriceTable;
}
