import type { GoldenPathActionsOptions } from './actions';
import { MCP_ACTION_NAMES } from './names';
import { isGoldenPathTemplate, summariseTemplate } from './templates';

/** Lists the Golden Path templates the caller can see, with their parameters and the policy's mode. */
export function registerListTemplatesAction({
  actionsRegistry,
  catalog,
  directory,
  policy,
}: GoldenPathActionsOptions) {
  actionsRegistry.register({
    name: MCP_ACTION_NAMES.listTemplates,
    title: 'List the Golden Path templates',
    description: `Lists the Golden Path templates the caller can see (the platform team's self-service paths: repositories, buckets, databases, caches, instances, CI secrets), each with its template ref, what it replaces, and its parameters as JSON schema, plus the policy environments and mode (plan changes nothing). Run one with golden-path.${MCP_ACTION_NAMES.runTemplate}.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z => z.object({}),
      output: z =>
        z.object({
          mode: z
            .string()
            .describe(
              'plan: runs check and plan but change nothing; live: they create',
            ),
          environments: z.array(z.string()),
          templates: z.array(
            z.object({
              ref: z.string(),
              title: z.string(),
              description: z.string(),
              tags: z.array(z.string()),
              replacesTicket: z.string(),
              takesSecrets: z
                .boolean()
                .describe(
                  'Takes a secret value: run it from the Create page or the CLI, not through an agent',
                ),
              parameters: z.object({
                required: z.array(z.string()),
                properties: z.record(z.record(z.unknown())),
              }),
            }),
          ),
        }),
    },
    action: async ({ credentials }) => {
      const { items } = await catalog.getEntities(
        { filter: { kind: 'Template' } },
        { credentials },
      );
      const templates = items
        .filter(e => isGoldenPathTemplate(e, directory))
        .map(summariseTemplate)
        .sort((a, b) => a.ref.localeCompare(b.ref));
      return {
        output: {
          mode: policy.decideMode('github', true).mode,
          environments: Object.keys(policy.getPolicy().environments),
          templates,
        },
      };
    },
  });
}
