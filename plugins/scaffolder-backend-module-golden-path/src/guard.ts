import { UserEntity } from '@backstage/catalog-model';
import {
  EvaluationResult,
  GuardrailViolationError,
  Requester,
  evaluate,
  normaliseGroupRef,
} from '@golden-path/plugin-golden-path-common';
import { GoldenPathPolicyService } from '@golden-path/plugin-golden-path-node';
import { ActionContext } from '@backstage/plugin-scaffolder-node';
import { ModeDecision } from '@golden-path/plugin-golden-path-node';
import { TeamSpendSource } from './teamSpend';

/** What every Golden Path action needs to enforce the guardrails. */
export interface GuardDeps {
  policy: GoldenPathPolicyService;
  spend: TeamSpendSource;
}

/** The task's user and their groups, from the user entity the scaffolder resolved at task creation. */
export function requesterOf(ctx: Pick<ActionContext<any, any>, 'user'>): Requester {
  const entity = ctx.user?.entity as UserEntity | undefined;
  if (!entity) return { userRef: ctx.user?.ref };
  const fromRelations = (entity.relations ?? []).filter(r => r.type === 'memberOf').map(r => r.targetRef);
  const fromSpec = entity.spec?.memberOf ?? [];
  return { userRef: ctx.user?.ref, groups: [...new Set([...fromRelations, ...fromSpec].map(normaliseGroupRef))] };
}

/**
 * Judges the requests before any side effect. Returns the evaluation (normalised requests and
 * cost) when allowed; otherwise logs every violation and throws GuardrailViolationError.
 * Team spend is read only when something costs money.
 */
export async function enforceGuardrails(
  ctx: Pick<ActionContext<any, any>, 'user' | 'logger'>,
  requests: unknown[],
  deps: GuardDeps,
): Promise<EvaluationResult> {
  const policy = deps.policy.getPolicy();
  const requester = requesterOf(ctx);
  let result = evaluate(requests, policy, { requester });
  const owners = result.evaluated.filter(e => e.monthlyCost > 0).map(e => e.request.owner);
  if (owners.length) {
    const teamMonthlySpend = await deps.spend.monthlySpend(owners);
    result = evaluate(requests, policy, { requester, teamMonthlySpend });
  }
  for (const e of result.exceptions) {
    ctx.logger.info(`Guardrail ${e.ruleId} is relaxed in ${e.environment}: ${e.reason}`);
  }
  if (!result.allowed) {
    for (const v of result.violations) {
      ctx.logger.error(`[${v.ruleId}] ${v.kind} "${v.resource}" ${v.field}: ${v.message}. Fix: ${v.fix}`);
    }
    throw new GuardrailViolationError(result.violations);
  }
  ctx.logger.info(`Guardrails passed for ${result.evaluated.length} request(s); estimated ${result.currency} ${result.totalMonthlyCost.toFixed(2)}/month`);
  return result;
}

/** Plan or live for this step: a dry run always plans; otherwise the configured mode and credentials decide. */
export function decideRunMode(
  ctx: Pick<ActionContext<any, any>, 'isDryRun'>,
  deps: GuardDeps,
  provider: 'github' | 'aws',
  hasCredentials: boolean,
): ModeDecision {
  return ctx.isDryRun ? { mode: 'plan', reason: 'dry run: nothing is changed' } : deps.policy.decideMode(provider, hasCredentials);
}
