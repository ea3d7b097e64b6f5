import {
  formatViolations,
  Requester,
  RESOURCE_KINDS,
} from '@golden-path/plugin-golden-path-common';
import { evaluateRequests, requesterOf } from '../service/evaluation';
import type { GoldenPathActionsOptions } from './actions';
import { MCP_ACTION_NAMES } from './names';

/** Checks resource requests against the guardrails as the caller, changing nothing. */
export function registerEvaluateAction({
  actionsRegistry,
  auth,
  directory,
  policy,
  store,
}: GoldenPathActionsOptions) {
  actionsRegistry.register({
    name: MCP_ACTION_NAMES.evaluate,
    title: 'Check resource requests against the Golden Path guardrails',
    description: `Evaluates resource requests against the Golden Path policy and budgets, as the calling user, and changes nothing. Answers allowed or not, every violation with its rule id and fix, the normalised requests and their monthly cost. The same evaluator and policy the golden-path scaffolder actions enforce; the requester's teams come from the organisation's catalog, never from the request. Each request is an object with kind (${RESOURCE_KINDS.join(
      ', ',
    )}), name, environment, owner (a group ref) and the kind's fields; GET /api/golden-path/policy lists what each environment allows.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          requests: z
            .array(z.record(z.unknown()))
            .min(1)
            .max(100)
            .describe(
              'Resource requests, e.g. [{ "kind": "s3-bucket", "name": "payments-invoices-dev", "environment": "dev", "owner": "group:default/payments" }]',
            ),
        }),
      output: z =>
        z.object({
          allowed: z.boolean(),
          summary: z
            .string()
            .describe('One line per violation: [rule id] what, and the fix'),
          violations: z.array(
            z.object({
              ruleId: z.string(),
              title: z.string(),
              severity: z.string(),
              index: z.number(),
              kind: z.string(),
              resource: z.string(),
              field: z.string(),
              message: z.string(),
              allowed: z
                .array(z.union([z.string(), z.number(), z.boolean()]))
                .optional(),
              fix: z.string(),
              controls: z.array(z.string()),
            }),
          ),
          evaluated: z.array(
            z.object({
              index: z.number(),
              request: z.record(z.unknown()),
              monthlyCost: z.number().nullable(),
              costBasis: z.string(),
            }),
          ),
          totalMonthlyCost: z.number(),
          currency: z.string(),
          exceptions: z.array(
            z.object({
              ruleId: z.string(),
              environment: z.string(),
              reason: z.string(),
            }),
          ),
          requester: z
            .object({
              userRef: z.string().optional(),
              groups: z.array(z.string()),
            })
            .optional()
            .describe(
              'Who was judged: the calling user and their teams from the catalog',
            ),
        }),
    },
    action: async ({ input, credentials }) => {
      // A user is judged as themselves; any other caller is judged as nobody (ownership fails closed).
      const requester: Requester | undefined = auth.isPrincipal(
        credentials,
        'user',
      )
        ? await requesterOf(credentials.principal.userEntityRef, directory)
        : undefined;
      const result = await evaluateRequests(input.requests, requester, {
        directory,
        policy,
        store,
      });
      return {
        output: {
          allowed: result.allowed,
          summary: result.allowed
            ? `Allowed: ${result.evaluated.length} request(s), about ${result.totalMonthlyCost} ${result.currency} a month.`
            : formatViolations(result.violations),
          violations: result.violations.map(v => ({
            ...v,
            controls: [...v.controls],
          })),
          evaluated: result.evaluated.map(e => ({
            index: e.index,
            request: e.request as unknown as Record<string, unknown>,
            monthlyCost: Number.isFinite(e.monthlyCost) ? e.monthlyCost : null,
            costBasis: e.costBasis,
          })),
          totalMonthlyCost: result.totalMonthlyCost,
          currency: result.currency,
          exceptions: result.exceptions,
          ...(requester && {
            requester: {
              userRef: requester.userRef,
              groups: requester.groups ?? [],
            },
          }),
        },
      };
    },
  });
}
