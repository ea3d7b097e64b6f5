import {
  ApprovedException,
  canonicalRequest,
  evaluate,
  EvaluationContext,
  EvaluationResult,
  normaliseGroupRef,
  Requester,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import type { ExceptionStore } from '../exceptions/ExceptionStore';
import { ResourceStore } from './ResourceStore';

/** What judging a batch of requests needs: policy, trusted directory, the inventory's spend. */
export interface EvaluationDeps {
  directory: Pick<TrustedDirectory, 'groupsOf'>;
  policy: GoldenPathPolicyService;
  store: Pick<ResourceStore, 'monthlySpendByOwner'>;
  /**
   * When given, a request refused only by exceptable rules is judged with the requester's usable
   * exception for it, looked at and never taken (as a dry run does): the form then shows what the
   * run will do. Only for a signed-in user judged as themselves.
   */
  exceptions?: Pick<ExceptionStore, 'peek'>;
}

/** A signed-in user as the guardrails see them: groups from trusted catalog sources only. */
export async function requesterOf(
  userRef: string,
  directory: Pick<TrustedDirectory, 'groupsOf'>,
): Promise<Requester> {
  return { userRef, groups: await directory.groupsOf(userRef) };
}

/**
 * The one verdict on a batch of requests that `POST /policy/evaluate` and the MCP
 * evaluate action give: the shared evaluator, the policy in force, the requester as given (the
 * caller decides who that is, never the request body of a user), and each owner's monthly spend
 * from the inventory.
 */
export async function evaluateRequests(
  input: unknown,
  requester: Requester | undefined,
  deps: EvaluationDeps,
): Promise<EvaluationResult> {
  const context: EvaluationContext = requester ? { requester } : {};
  const owners = (Array.isArray(input) ? input : [input])
    .map((r: any) => r?.owner)
    .filter(
      (o: unknown): o is string => typeof o === 'string' && o.length < 256,
    );
  context.teamMonthlySpend = await deps.store.monthlySpendByOwner(
    owners.map(normaliseGroupRef),
  );
  const policy = deps.policy.getPolicy();
  const result = evaluate(input, policy, context);
  const userRef = requester?.userRef;
  if (result.allowed || !result.exceptionOffer || !deps.exceptions || !userRef)
    return result;
  const approved: ApprovedException[] = [];
  for (const offer of result.exceptionOffer) {
    const request = result.evaluated.find(
      e => e.index === offer.index,
    )?.request;
    if (!request) return result;
    const canonical = canonicalRequest(request);
    const found = await deps.exceptions.peek({
      requester: userRef,
      owner: normaliseGroupRef(request.owner),
      request: canonical,
      ruleIds: offer.ruleIds,
    });
    if (!found) return result;
    approved.push({ id: found.id, request: canonical, ruleIds: found.ruleIds });
  }
  return evaluate(input, policy, { ...context, approvedExceptions: approved });
}
