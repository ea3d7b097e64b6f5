import {
  AwsResourceRequest,
  EvaluatedRequest,
  ResourceKind,
} from '@golden-path/plugin-golden-path-common';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import { AwsAccess } from '../../aws/access';
import { describeCommand, PlannedCommand } from '../../aws/commands';
import { decideRunMode, GuardDeps } from '../../guard';
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

/** Logs the mode and every command; returns the mode to run in. */
export function logPlan(
  ctx: { isDryRun?: boolean; logger: { info(m: string): void } },
  deps: GuardDeps,
  access: AwsAccess,
  target: string,
  commands: PlannedCommand[],
): 'plan' | 'live' {
  const mode = decideRunMode(ctx, deps, 'aws', !!access.clients);
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
  return mode.mode;
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
    component: componentRef(ctx.input.component),
    ...fields,
  });
}
