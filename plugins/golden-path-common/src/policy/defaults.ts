import { KindPolicySections, POLICY_SECTIONS } from '../kinds/registry';
import { DEFAULT_EXCEPTION_POLICY } from './exceptions';
import { BudgetPolicy, EnvironmentPolicy } from './types';

/**
 * The baseline profile every environment starts from. Each value satisfies the security baseline
 * (docs/guardrails.md); environments in app-config override what they need. The per-kind sections
 * come from the kind registry.
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
    ...(Object.fromEntries(
      Object.values(POLICY_SECTIONS).map(section => [
        section.name,
        section.defaults(options),
      ]),
    ) as unknown as KindPolicySections),
    relaxations: [],
    exceptions: { ...DEFAULT_EXCEPTION_POLICY, rules: [] },
  };
}

export const DEFAULT_BUDGET: BudgetPolicy = {
  currency: 'USD',
  maxMonthlyPerRequest: 300,
  teamMonthly: { default: 1000 },
};
