import { own, quantity } from '../own';
import { normaliseGroupRef } from './helpers';
import { BatchRule } from './types';

const money = (n: number, currency: string) => `${currency} ${n.toFixed(2)}`;

/** The monthly budget for one owning group, by full ref, short name, or `default`. @public */
export function teamBudget(
  teamMonthly: Record<string, number>,
  owner: string,
): number {
  const ref = normaliseGroupRef(owner);
  const short = ref.split('/').pop()!;
  for (const key of [ref, short, 'default']) {
    const amount = own(teamMonthly, key);
    if (amount !== undefined) return quantity(amount) ?? 0;
  }
  return 0;
}

export const perRequestBudget: BatchRule = {
  id: 'GP-BUDGET-PER-REQUEST',
  title: 'One run stays under the per-request cost limit',
  severity: 'medium',
  controls: ['Cost guardrail (HCP Terraform / Spacelift cost policy pattern)'],
  relaxable: false,
  approvable: false,
  rationale:
    'Large spend is a platform-team conversation, not a form submission.',
  fix: 'Choose smaller classes, fewer nodes or less storage, or ask the platform team for a reviewed provision.',
  check: (batch, policy) => {
    const findings: ReturnType<BatchRule['check']> = [];
    const unknown = batch.filter(b => Number.isNaN(b.monthlyCost));
    for (const b of unknown) {
      findings.push({
        index: b.index,
        field: 'cost',
        message:
          'the monthly cost cannot be estimated (no price); refusing rather than guessing',
      });
    }
    const total = batch.reduce(
      (sum, b) => sum + (Number.isNaN(b.monthlyCost) ? 0 : b.monthlyCost),
      0,
    );
    const limit = policy.budget.maxMonthlyPerRequest;
    if (total > limit) {
      const largest = batch.reduce((a, b) =>
        b.monthlyCost > a.monthlyCost ? b : a,
      );
      findings.push({
        index: largest.index,
        field: 'cost',
        message: `this run would cost about ${money(
          total,
          policy.budget.currency,
        )}/month; the limit per request is ${money(
          limit,
          policy.budget.currency,
        )}`,
      });
    }
    return findings;
  },
};

export const teamMonthlyBudget: BatchRule = {
  id: 'GP-BUDGET-TEAM-MONTHLY',
  title: 'The owning team stays within its monthly budget',
  severity: 'medium',
  controls: ['Cost guardrail (team budgets)'],
  relaxable: false,
  approvable: false,
  rationale:
    'Each team’s Golden Path spend is capped; what it already provisioned counts.',
  fix: 'Delete resources the team no longer needs, choose smaller ones, or ask the platform team to raise the budget.',
  check: (batch, policy, context) => {
    const byOwner = new Map<string, { cost: number; index: number }>();
    for (const b of batch) {
      if (
        typeof b.request.owner !== 'string' ||
        Number.isNaN(b.monthlyCost) ||
        b.monthlyCost === 0
      )
        continue;
      const owner = normaliseGroupRef(b.request.owner);
      const seen = byOwner.get(owner) ?? { cost: 0, index: b.index };
      byOwner.set(owner, {
        cost: seen.cost + b.monthlyCost,
        index: seen.index,
      });
    }
    const spent = new Map(
      Object.entries(context.teamMonthlySpend ?? {}).map(([k, v]) => [
        normaliseGroupRef(k),
        v,
      ]),
    );
    const findings: ReturnType<BatchRule['check']> = [];
    for (const [owner, { cost, index }] of byOwner) {
      const budget = teamBudget(policy.budget.teamMonthly, owner);
      const already = spent.get(owner) ?? 0;
      if (already + cost > budget) {
        const c = policy.budget.currency;
        findings.push({
          index,
          field: 'owner',
          message: `${owner} has ${money(
            already,
            c,
          )}/month provisioned; adding ${money(
            cost,
            c,
          )} exceeds its budget of ${money(budget, c)} (left: ${money(
            Math.max(0, budget - already),
            c,
          )})`,
        });
      }
    }
    return findings;
  },
};

export const BUDGET_RULES: BatchRule[] = [perRequestBudget, teamMonthlyBudget];
