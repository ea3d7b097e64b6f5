import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { enforceGuardrails, GuardDeps } from '../../guard';
import { examples } from './check.examples';

export const GUARDRAILS_CHECK_ID = 'golden-path:guardrails:check';

/**
 * `golden-path:guardrails:check`: judges every resource a path will create, before any step with
 * a side effect. Fails listing every violation; changes nothing.
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
            .describe('Resource requests: each has kind, name, environment, owner and kind-specific fields (see docs/actions/guardrails-check.md)'),
      },
      output: {
        allowed: z => z.boolean().describe('Always true when the step succeeds'),
        monthlyCost: z => z.number().describe('Estimated monthly cost of all requests'),
        currency: z => z.string(),
        requests: z => z.array(z.object({}).passthrough()).describe('The requests with every policy default filled in'),
      },
    },
    async handler(ctx) {
      const result = await enforceGuardrails(ctx, ctx.input.requests, deps);
      for (const e of result.evaluated) {
        ctx.logger.info(`${e.request.kind} "${e.request.name}" in ${e.request.environment}: ${result.currency} ${Number.isNaN(e.monthlyCost) ? '?' : e.monthlyCost.toFixed(2)}/month (${e.costBasis})`);
      }
      ctx.output('allowed', true);
      ctx.output('monthlyCost', result.totalMonthlyCost);
      ctx.output('currency', result.currency);
      ctx.output('requests', result.evaluated.map(e => e.request as unknown as Record<string, unknown>));
    },
  });
}
