import { ActionContext } from '@backstage/plugin-scaffolder-node';
import {
  ApprovedException,
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
  /** The app's base URL (`app.baseUrl`), for the link to ask for an exception; relative when absent. */
  appBaseUrl?: string;
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
  ctx: Pick<
    ActionContext<any, any>,
    'user' | 'logger' | 'step' | 'task' | 'isDryRun'
  >,
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
  const context: EvaluationContext = {
    ...facts,
    requester,
    ...(teamMonthlySpend && { teamMonthlySpend }),
  };
  let result = evaluate(requests, policy, context);
  // Refused only by rules approvers may except: an approved exception for this requester and
  // exactly this request lets it through, once (the backend binds it to this run).
  if (!result.allowed && result.exceptionOffer) {
    const approved = await approvedExceptions(ctx, deps, result);
    if (approved.length)
      result = evaluate(requests, policy, {
        ...context,
        approvedExceptions: approved,
      });
  }
  for (const e of result.exceptions) {
    ctx.logger.info(
      `Guardrail ${e.ruleId} is relaxed in ${e.environment}: ${e.reason}`,
    );
  }
  for (const used of result.exceptionsUsed) {
    const r = result.evaluated.find(e => e.index === used.index)?.request;
    ctx.logger.info(
      `Exception ${used.id} sets aside ${used.ruleIds.join(', ')} for ${
        r?.kind
      } "${r?.name}" in this run only`,
    );
  }
  if (!result.allowed) {
    if (result.exceptionOffer) offerException(ctx, deps, result);
    refuse(
      ctx,
      new GuardrailViolationError(result.violations, { step: ctx.step }),
    );
  }
  ctx.logger.info(
    `Guardrails passed for ${result.evaluated.length} request(s); estimated ${
      result.currency
    } ${result.totalMonthlyCost.toFixed(2)}/month`,
  );
  return result;
}

/** The exceptions the backend grants this run, one per refused request (all or none count). */
async function approvedExceptions(
  ctx: Pick<ActionContext<any, any>, 'user' | 'step' | 'task' | 'isDryRun'>,
  deps: GuardDeps,
  result: EvaluationResult,
): Promise<ApprovedException[]> {
  if (!ctx.step?.id || !ctx.task?.id) return [];
  const found: ApprovedException[] = [];
  for (const offer of result.exceptionOffer ?? []) {
    const evaluated = result.evaluated.find(e => e.index === offer.index);
    if (!evaluated) return [];
    const granted = await deps.ledger.redeemException({
      taskId: ctx.task.id,
      stepId: ctx.step.id,
      request: evaluated.request as unknown as Record<string, unknown>,
      ruleIds: offer.ruleIds,
      dryRun: !!ctx.isDryRun,
      ...(ctx.user?.ref && { userRef: ctx.user.ref }),
    });
    if (!granted) return [];
    found.push({
      id: granted.id,
      request: granted.request,
      ruleIds: granted.ruleIds,
    });
  }
  return found;
}

/** Says who could approve an exception and links to the form that asks, prefilled with the request. */
function offerException(
  ctx: Pick<ActionContext<any, any>, 'logger'>,
  deps: GuardDeps,
  result: EvaluationResult,
) {
  for (const offer of result.exceptionOffer ?? []) {
    const request = result.evaluated.find(
      e => e.index === offer.index,
    )?.request;
    if (!request) continue;
    const link = `${
      deps.appBaseUrl ?? ''
    }/golden-path/exceptions/new?request=${encodeURIComponent(
      JSON.stringify(request),
    )}`;
    ctx.logger.info(
      `${offer.ruleIds.join(', ')} may be excepted in ${
        offer.environment
      }: members of ${offer.approvers} can approve an exception for up to ${
        offer.maxDays
      } day(s). Ask for one: ${link}`,
    );
  }
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
