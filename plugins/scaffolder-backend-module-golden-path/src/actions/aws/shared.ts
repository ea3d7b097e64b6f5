import {
  AwsResourceRequest,
  EvaluatedRequest,
  ResourceKind,
} from '@golden-path/plugin-golden-path-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AwsAccess, AwsAccessProvider } from '../../aws/access';
import { ModeDecision } from '@golden-path/plugin-golden-path-node';
import { describeCommand, PlannedCommand } from '../../aws/commands';
import { decideRunMode, enforceGuardrails, GuardDeps } from '../../guard';
import { componentRef, resourceRecorder } from '../../inventory';

/** The zod the scaffolder hands to schema callbacks (taken from its own typings, so versions agree). */
type Zod = Parameters<
  Extract<
    NonNullable<
      NonNullable<Parameters<typeof createTemplateAction>[0]['schema']>['input']
    >,
    (z: any) => any
  >
>[0];

/** Inputs every AWS action takes. Region and account come from policy, never free-form. */
export const awsInputs = {
  name: (z: Zod) => z.string().describe('Resource name'),
  owner: (z: Zod) =>
    z.string().describe('Owning group ref; the requester must belong to it'),
  environment: (z: Zod) =>
    z.string().describe('Policy profile, e.g. dev or prod'),
  region: (z: Zod) =>
    z
      .string()
      .optional()
      .describe('One of the profile’s regions (its default when empty)'),
  costCenter: (z: Zod) =>
    z.string().optional().describe('Tagged as cost-center'),
  tags: (z: Zod) =>
    z.record(z.string(), z.string()).optional().describe('Extra tags'),
  component: (z: Zod) =>
    z
      .string()
      .optional()
      .describe(
        'Entity ref of the component that uses it; its catalog Resource entity becomes a dependency of that component',
      ),
};

/**
 * The guardrail request for an AWS action's input: every given field except the action's own
 * options, so an unexpected field (a password, a public flag) is judged and refused, never dropped.
 */
export function awsRequest(
  kind: ResourceKind,
  input: Record<string, any>,
  actionOptions: string[] = [],
): Record<string, unknown> {
  // `component` is catalog wiring for the inventory, not a property of the cloud resource.
  const { costCenter, tags: extraTags, component: _component, ...rest } = input;
  const tags = {
    ...extraTags,
    ...(costCenter !== undefined && { 'cost-center': costCenter }),
  };
  const request: Record<string, unknown> = { kind };
  for (const [key, value] of Object.entries(rest))
    if (value !== undefined && !actionOptions.includes(key))
      request[key] = value;
  if (Object.keys(tags).length) request.tags = tags;
  return request;
}

/**
 * Decides plan or live first, then judges the request. A step that will write a planned record
 * (plan mode, not a dry run) leaves the team budget to the ledger, which judges it on that write;
 * every other step reads the team's spend here, before any side effect.
 */
export async function guardAwsRequest(
  ctx: Parameters<typeof enforceGuardrails>[0] & { isDryRun?: boolean },
  deps: GuardDeps & { aws: AwsAccessProvider },
  raw: Record<string, unknown>,
) {
  const access = await deps.aws();
  const mode = decideRunMode(ctx, deps, 'aws', !!access.clients);
  const recordsPlan = mode.mode === 'plan' && !ctx.isDryRun;
  const verdict = await enforceGuardrails(
    ctx,
    [raw],
    deps,
    {},
    recordsPlan ? 'ledger' : 'read',
  );
  return { access, mode, evaluated: verdict.evaluated[0] };
}

/** Logs the mode and every command in one entry. */
export function logPlan(
  ctx: { logger: { info(m: string): void } },
  mode: ModeDecision,
  access: AwsAccess,
  target: string,
  commands: PlannedCommand[],
): void {
  // One log entry: each entry is a row in the scaffolder's task log and a line in the backend log.
  ctx.logger.info(
    [
      `Mode: ${mode.mode} (${mode.reason})`,
      `Plan for ${target}${
        access.accountId ? ` in account ${access.accountId}` : ''
      }:`,
      ...commands.map(c => `  ${describeCommand(c)}`),
    ].join('\n'),
  );
}

/** The inventory recorder for an AWS action's one evaluated request: who, where and cost come from it. */
export function awsRecorder(
  ctx: Parameters<typeof resourceRecorder>[0] & {
    input: { component?: string };
  },
  deps: Pick<GuardDeps, 'ledger'>,
  evaluated: EvaluatedRequest,
  fields: { url: string; externalId?: string },
) {
  const r = evaluated.request as AwsResourceRequest;
  return resourceRecorder(ctx, deps.ledger, {
    kind: r.kind,
    name: r.name,
    owner: r.owner,
    environment: r.environment,
    region: r.region,
    monthlyCost: evaluated.monthlyCost,
    ...(evaluated.exceptionId && { exceptionId: evaluated.exceptionId }),
    component: componentRef(ctx.input.component),
    ...fields,
  });
}
