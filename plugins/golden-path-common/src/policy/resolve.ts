import { DEFAULT_PRICES } from '../cost/prices';
import { POLICY_SECTIONS } from '../kinds/registry';
import { hasOwn, isPlainObject, own } from '../own';
import { RULES } from '../rules/catalogue';
import { DEFAULT_BUDGET, defaultEnvironmentPolicy } from './defaults';
import {
  resolveEnvironmentExceptions,
  resolveExceptionDefaults,
} from './exceptions';
import {
  EnvironmentPolicy,
  ExceptionPolicy,
  GoldenPathPolicy,
  PriceTable,
} from './types';

/** The `goldenPath` config block as plain data (see config.d.ts). @public */
export interface GoldenPathPolicyConfig {
  github?: { org?: string; host?: string };
  aws?: { region?: string; accountId?: string };
  environments?: Record<string, Record<string, unknown>>;
  /** Defaults for every environment's `exceptions` (approvers, maxDays). */
  exceptions?: { approvers?: string; maxDays?: number };
  budget?: {
    currency?: string;
    maxMonthlyPerRequest?: number;
    teamMonthly?: Record<string, number>;
  };
  prices?: {
    hoursPerMonth?: number;
    valkeyFactor?: number;
    regions?: Record<string, Record<string, number>>;
  };
}

/** Thrown when the policy configuration is invalid; lists every problem. @public */
export class PolicyConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid goldenPath policy configuration:\n  - ${problems.join(
        '\n  - ',
      )}`,
    );
    this.name = 'PolicyConfigError';
  }
}

/** Optional keys with no default value (`section.key`), and their types; sections declare them. */
const OPTIONAL: Record<string, 'string'> = Object.fromEntries(
  Object.values(POLICY_SECTIONS).flatMap(section =>
    section.optional.map(key => [`${section.name}.${key}`, 'string']),
  ),
);

/** Maps whose keys are free (engine names) and whose values are lists of versions. */
const STRING_LIST_MAPS = new Set(['engines']);

function typeOf(v: unknown, key?: string): string {
  if (Array.isArray(v))
    return v.every(x => typeof x === 'string') ? 'string[]' : 'array';
  if (isPlainObject(v)) {
    if (key && STRING_LIST_MAPS.has(key)) {
      return Object.values(v).every(
        x => Array.isArray(x) && x.every(y => typeof y === 'string'),
      )
        ? 'map of string[]'
        : 'object';
    }
    return 'object';
  }
  return typeof v;
}

/** Overlays `override` on `base`, requiring every key to exist in base with the same type. */
function overlay(
  base: Record<string, any>,
  override: unknown,
  path: string,
  problems: string[],
): Record<string, any> {
  if (override === undefined) return base;
  if (!override || typeof override !== 'object' || Array.isArray(override)) {
    problems.push(`${path} must be an object`);
    return base;
  }
  const out = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const where = `${path}.${key}`;
    const local = where.split('.').slice(-2).join('.');
    const expected = hasOwn(base, key)
      ? typeOf(base[key], key)
      : own(OPTIONAL, local);
    if (!expected) {
      problems.push(`${where} is not a known setting`);
    } else if (typeOf(value, key) !== expected) {
      problems.push(`${where} must be a ${expected}`);
    } else if (expected === 'object') {
      out[key] = overlay(base[key], value, where, problems);
    } else {
      out[key] = value;
    }
  }
  return out;
}

function resolveEnvironment(
  name: string,
  raw: Record<string, unknown>,
  base: EnvironmentPolicy,
  exceptionDefaults: Omit<ExceptionPolicy, 'rules'>,
  problems: string[],
): EnvironmentPolicy {
  const path = `goldenPath.environments.${name}`;
  const { regions, relax, description, exceptions, ...rest } = raw ?? {};
  const env = overlay(base, rest, path, problems) as EnvironmentPolicy;
  env.name = name;
  env.exceptions = resolveEnvironmentExceptions(
    exceptions,
    exceptionDefaults,
    path,
    problems,
  );
  if (description !== undefined) {
    if (typeof description !== 'string')
      problems.push(`${path}.description must be a string`);
    else env.description = description;
  }
  if (regions !== undefined) {
    if (typeOf(regions) !== 'string[]' || !(regions as string[]).length)
      problems.push(`${path}.regions must be a non-empty list of region names`);
    else env.allowedRegions = regions as string[];
  }
  if (!env.allowedRegions.includes(env.defaultRegion))
    env.defaultRegion = env.allowedRegions[0];
  env.relaxations = [];
  if (relax !== undefined && !Array.isArray(relax))
    problems.push(`${path}.relax must be a list of { rule, reason }`);
  for (const [i, entry] of (Array.isArray(relax) ? relax : []).entries()) {
    const rule = RULES.find(r => r.id === entry?.rule);
    if (!rule)
      problems.push(
        `${path}.relax[${i}].rule must name a rule id (got ${JSON.stringify(
          entry?.rule,
        )})`,
      );
    else if (!rule.relaxable)
      problems.push(
        `${path}.relax[${i}]: rule ${rule.id} (${rule.title}) cannot be relaxed`,
      );
    else if (
      typeof entry.reason !== 'string' ||
      entry.reason.trim().length < 10
    )
      problems.push(
        `${path}.relax[${i}] (${rule.id}) needs a reason of at least 10 characters`,
      );
    else env.relaxations.push({ rule: rule.id, reason: entry.reason.trim() });
  }
  return env;
}

function checkEnvironment(
  env: EnvironmentPolicy,
  prices: PriceTable,
  problems: string[],
) {
  const path = `goldenPath.environments.${env.name}`;
  for (const rule of RULES) {
    const weakened = rule.weakenedBy?.(env);
    if (!weakened) continue;
    if (!rule.relaxable)
      problems.push(
        `${path}: ${weakened}, which would relax ${rule.id} (${rule.title}); that rule cannot be relaxed`,
      );
    else if (!env.relaxations.some(r => r.rule === rule.id)) {
      problems.push(
        `${path}: ${weakened}, which relaxes ${rule.id}; record it under ${path}.relax with a reason`,
      );
    }
  }
  for (const section of Object.values(POLICY_SECTIONS))
    problems.push(...section.problems(env, prices, path));
}

/** Keys of the price table before prices were kept per region, and where they went. */
const MOVED_PRICE_KEYS: Record<string, string> = {
  rds: 'regions.<region>.<instance class>',
  elasticache: 'regions.<region>.<node type>',
  rdsStorageGbMonth: 'regions.<region>["rds:gp3"]',
  s3StorageGbMonth: 'regions.<region>["s3:standard"]',
};

/** The default price table with the configured prices laid over it, region by region. */
function resolvePrices(
  config: GoldenPathPolicyConfig['prices'],
  problems: string[],
): PriceTable {
  const path = 'goldenPath.prices';
  const { regions, ...rest } = (isPlainObject(config) ? config : {}) as Record<
    string,
    unknown
  >;
  for (const key of Object.keys(rest).filter(k => hasOwn(MOVED_PRICE_KEYS, k)))
    problems.push(
      `${path}.${key} is no longer read: prices are per region, under ${path}.${MOVED_PRICE_KEYS[key]}`,
    );
  const table = overlay(
    {
      hoursPerMonth: DEFAULT_PRICES.hoursPerMonth,
      valkeyFactor: DEFAULT_PRICES.valkeyFactor,
    },
    config === undefined
      ? undefined
      : Object.fromEntries(
          Object.entries(rest).filter(([k]) => !hasOwn(MOVED_PRICE_KEYS, k)),
        ),
    path,
    problems,
  ) as Omit<PriceTable, 'regions'>;
  const merged: Record<string, Record<string, number>> = Object.fromEntries(
    Object.entries(DEFAULT_PRICES.regions).map(([r, items]) => [
      r,
      { ...items },
    ]),
  );
  if (regions !== undefined && !isPlainObject(regions))
    problems.push(`${path}.regions must be an object of region to prices`);
  for (const [region, items] of Object.entries(
    isPlainObject(regions) ? regions : {},
  )) {
    if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) {
      problems.push(`${path}.regions.${region} is not an AWS region name`);
      continue;
    }
    if (!isPlainObject(items)) {
      problems.push(
        `${path}.regions.${region} must be an object of item to price`,
      );
      continue;
    }
    for (const [item, price] of Object.entries(items)) {
      if (!/^[a-z0-9][a-z0-9.:-]*$/i.test(item))
        problems.push(
          `${path}.regions.${region}.${item} is not a price item name`,
        );
      else if (
        typeof price !== 'number' ||
        !Number.isFinite(price) ||
        price < 0
      )
        problems.push(
          `${path}.regions.${region}.${item} must be a number, 0 or more`,
        );
      else (merged[region] ??= {})[item] = price;
    }
  }
  return { ...table, regions: merged };
}

/**
 * Builds the effective policy from the `goldenPath` config block: baseline defaults overlaid with
 * each environment's overrides. Throws PolicyConfigError listing every problem.
 * @public
 */
export function resolvePolicy(
  config: GoldenPathPolicyConfig = {},
): GoldenPathPolicy {
  const problems: string[] = [];
  const org = config.github?.org ?? 'example-org';
  const region = config.aws?.region ?? 'us-east-1';
  const prices = resolvePrices(config.prices, problems);
  const { teamMonthly, ...budgetRest } = config.budget ?? {};
  const budget = overlay(
    DEFAULT_BUDGET,
    budgetRest,
    'goldenPath.budget',
    problems,
  ) as GoldenPathPolicy['budget'];
  if (teamMonthly !== undefined) {
    if (!teamMonthly || typeof teamMonthly !== 'object')
      problems.push(
        'goldenPath.budget.teamMonthly must be an object of team to amount',
      );
    else budget.teamMonthly = { ...DEFAULT_BUDGET.teamMonthly, ...teamMonthly };
  }
  if (!(budget.maxMonthlyPerRequest >= 0))
    problems.push('goldenPath.budget.maxMonthlyPerRequest must be 0 or more');
  for (const [team, amount] of Object.entries(budget.teamMonthly)) {
    if (typeof amount !== 'number' || !(amount >= 0))
      problems.push(
        `goldenPath.budget.teamMonthly.${team} must be a number, 0 or more`,
      );
  }
  const exceptionDefaults = resolveExceptionDefaults(
    config.exceptions,
    problems,
  );
  const rawEnvs =
    config.environments && Object.keys(config.environments).length
      ? config.environments
      : { default: {} };
  const environments: Record<string, EnvironmentPolicy> = {};
  for (const [name, raw] of Object.entries(rawEnvs)) {
    if (!/^[a-z][a-z0-9-]{0,30}$/.test(name)) {
      problems.push(
        `goldenPath.environments.${name}: environment names are lower-case letters, digits and hyphens`,
      );
      continue;
    }
    const env = resolveEnvironment(
      name,
      raw as Record<string, unknown>,
      defaultEnvironmentPolicy({ name, org, region }),
      exceptionDefaults,
      problems,
    );
    checkEnvironment(env, prices, problems);
    environments[name] = env;
  }
  if (problems.length) throw new PolicyConfigError(problems);
  return { environments, budget, prices };
}
