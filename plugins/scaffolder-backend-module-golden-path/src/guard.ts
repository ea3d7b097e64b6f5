import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  EvaluationContext,
  EvaluationResult,
  GuardrailViolationError,
  Requester,
  evaluate,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  ModeDecision,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import { ResourceLedger } from './ledger';

/** What every Golden Path action needs to enforce the guardrails. @public */
export interface GuardDeps {
  policy: GoldenPathPolicyService;
  ledger: ResourceLedger;
  directory: Pick<TrustedDirectory, 'groupsOf' | 'repoClaims'>;
}

/**
 * The task's initiator as the scaffolder resolved it, and their groups from trusted catalog
 * sources only (never the user entity's own relations, which any registered Group can add to).
 */
export async function requesterOf(
  ctx: Pick<ActionContext<any, any>, 'user'>,
  deps: Pick<GuardDeps, 'directory'>,
): Promise<Requester> {
  const userRef = ctx.user?.ref;
  if (!userRef) return {};
  return { userRef, groups: await deps.directory.groupsOf(userRef) };
}

/**
 * Where the team budget is judged. `read`: here, with the owners' spend read from the ledger.
 * `ledger`: by the ledger itself when the step writes its planned record, which it judges against
 * both budget rules under its locks, so the read here would only repeat it.
 * @public
 */
export type TeamSpendSource = 'read' | 'ledger';

/**
 * Judges the requests before any side effect. Returns the evaluation (normalised requests and
 * cost) when allowed; otherwise logs every violation and throws GuardrailViolationError.
 * Team spend is read only when something costs money; `facts` adds provider facts (repository owners).
 */
export async function enforceGuardrails(
  ctx: Pick<ActionContext<any, any>, 'user' | 'logger' | 'step'>,
  requests: unknown[],
  deps: GuardDeps,
  facts: Omit<EvaluationContext, 'requester' | 'teamMonthlySpend'> = {},
  teamSpend: TeamSpendSource = 'read',
): Promise<EvaluationResult> {
  const policy = deps.policy.getPolicy();
  // What a request costs does not depend on who asks: the owners' spend is read while the
  // requester's groups are looked up, and the requests are then judged with both.
  const owners =
    teamSpend === 'ledger'
      ? []
      : evaluate(requests, policy, facts)
          .evaluated.filter(e => e.monthlyCost > 0)
          .map(e => e.request.owner);
  const [requester, teamMonthlySpend] = await Promise.all([
    requesterOf(ctx, deps),
    owners.length ? deps.ledger.monthlySpend(owners) : undefined,
  ]);
  const result = evaluate(requests, policy, {
    ...facts,
    requester,
    ...(teamMonthlySpend && { teamMonthlySpend }),
  });
  for (const e of result.exceptions) {
    ctx.logger.info(
      `Guardrail ${e.ruleId} is relaxed in ${e.environment}: ${e.reason}`,
    );
  }
  if (!result.allowed)
    refuse(
      ctx,
      new GuardrailViolationError(result.violations, { step: ctx.step }),
    );
  ctx.logger.info(
    `Guardrails passed for ${result.evaluated.length} request(s); estimated ${
      result.currency
    } ${result.totalMonthlyCost.toFixed(2)}/month`,
  );
  return result;
}

/** Logs every violation with its rule and fix, then throws the refusal. */
export function refuse(
  ctx: { logger: { error(message: string): void } },
  error: GuardrailViolationError,
): never {
  for (const v of error.violations) {
    ctx.logger.error(
      `[${v.ruleId}] ${v.kind} "${v.resource}" ${v.field}: ${v.message}. Fix: ${v.fix}`,
    );
  }
  throw error;
}

/** Plan or live for this step: a dry run always plans; otherwise the configured mode and credentials decide. */
export function decideRunMode(
  ctx: Pick<ActionContext<any, any>, 'isDryRun'>,
  deps: Pick<GuardDeps, 'policy'>,
  provider: 'github' | 'aws',
  hasCredentials: boolean,
): ModeDecision {
  return ctx.isDryRun
    ? { mode: 'plan', reason: 'dry run: nothing is changed' }
    : deps.policy.decideMode(provider, hasCredentials);
}
