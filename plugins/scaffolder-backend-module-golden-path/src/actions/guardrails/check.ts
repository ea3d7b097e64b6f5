import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { enforceGuardrails, GuardDeps } from '../../guard';
import { examples } from './check.examples';

/** The id of the guardrails check action: `golden-path:guardrails:check`. @public */
export const GUARDRAILS_CHECK_ID = 'golden-path:guardrails:check';

/** Falsy the way a step's `if:` is: false, 'false', '', 0, null or an expression that rendered to nothing. */
function isTruthy(value: unknown): boolean {
  return value !== 'false' && !!value;
}

/**
 * Splits requests on their optional `if` (mirroring a step's `if:`, so a path can judge a resource
 * only when the step that creates it runs). `if` is removed from the judged requests.
 */
export function selectRequests(requests: Array<Record<string, unknown>>) {
  const judged: Array<Record<string, unknown>> = [];
  const skipped: Array<Record<string, unknown>> = [];
  for (const request of requests) {
    if (!request || typeof request !== 'object' || !('if' in request)) {
      judged.push(request);
      continue;
    }
    const { if: condition, ...rest } = request;
    (isTruthy(condition) ? judged : skipped).push(rest);
  }
  return { judged, skipped };
}

/**
 * `golden-path:guardrails:check`: judges every resource a path will create, before any step with
 * a side effect. Fails listing every violation; changes nothing.
 * @public
 */
export function createGuardrailsCheckAction(deps: GuardDeps) {
  return createTemplateAction({
    id: GUARDRAILS_CHECK_ID,
    description:
      'Checks a list of resource requests against the Golden Path policy and budgets. Fails listing every violation (rule id, field, fix); has no side effects. Use it as the first step of every composite path.',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        requests: z =>
          z
            .array(z.object({}).passthrough())
            .describe(
              "Resource requests: each has kind, name, environment, owner and kind-specific fields (see docs/actions/guardrails-check.md). An optional `if` (like a step's if:) leaves a request out when false.",
            ),
      },
      output: {
        allowed: z =>
          z.boolean().describe('Always true when the step succeeds'),
        monthlyCost: z =>
          z.number().describe('Estimated monthly cost of all requests'),
        currency: z => z.string(),
        requests: z =>
          z
            .array(z.object({}).passthrough())
            .describe('The requests with every policy default filled in'),
      },
    },
    async handler(ctx) {
      const { judged, skipped } = selectRequests(ctx.input.requests);
      for (const r of skipped)
        ctx.logger.info(
          `Not judged (its if: is false, so the path will not create it): ${String(
            r.kind,
          )} "${String(r.name)}"`,
        );
      const result = await enforceGuardrails(ctx, judged, deps);
      for (const e of result.evaluated) {
        ctx.logger.info(
          `${e.request.kind} "${e.request.name}" in ${e.request.environment}: ${
            result.currency
          } ${
            Number.isNaN(e.monthlyCost) ? '?' : e.monthlyCost.toFixed(2)
          }/month (${e.costBasis})`,
        );
      }
      ctx.output('allowed', true);
      ctx.output('monthlyCost', result.totalMonthlyCost);
      ctx.output('currency', result.currency);
      ctx.output(
        'requests',
        result.evaluated.map(
          e => e.request as unknown as Record<string, unknown>,
        ),
      );
    },
  });
}
