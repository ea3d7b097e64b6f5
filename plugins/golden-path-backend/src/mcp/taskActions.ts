import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { GoldenPathActionsOptions } from './actions';
import { CallerScaffolder } from './CallerScaffolder';
import { MCP_ACTION_NAMES } from './names';
import {
  DEFAULT_WAIT_SECONDS,
  signedInUser,
  taskOutput,
  taskReport,
  waitSeconds,
} from './taskReport';
import { isGoldenPathTemplate, takesSecrets } from './templates';

/** Runs a Golden Path template as the calling user, and reads back that user's own tasks. */
export function registerTaskActions({
  actionsRegistry,
  auth,
  discovery,
  config,
  logger,
  catalog,
  directory,
}: GoldenPathActionsOptions) {
  const scaffolder = new CallerScaffolder({ discovery, auth });
  const appBaseUrl = config.getOptionalString('app.baseUrl');

  async function report(
    credentials: BackstageCredentials,
    taskId: string,
    templateRef: string,
    wait: number,
  ) {
    const events = await scaffolder.eventsUntil(
      credentials,
      taskId,
      Date.now() + Math.max(wait, 1) * 1000,
    );
    const task = await scaffolder.getTask(credentials, taskId);
    return taskReport(taskId, templateRef, task.status, events, appBaseUrl);
  }

  actionsRegistry.register({
    name: MCP_ACTION_NAMES.runTemplate,
    title: 'Run a Golden Path template',
    description: `Starts a scaffolder task of a Golden Path template as the calling user, exactly as the Create page would: the scaffolder validates the values against the template's parameters, and every guardrail runs server-side in the template's actions. Waits briefly and answers the task's status, output and log. A request a guardrail refuses fails with every violation's rule id and fix; check requests first with golden-path.${MCP_ACTION_NAMES.evaluate}. Get templates and their parameters from golden-path.${MCP_ACTION_NAMES.listTemplates}.`,
    attributes: { readOnly: false, idempotent: false, destructive: false },
    schema: {
      input: z =>
        z.object({
          templateRef: z
            .string()
            .max(300)
            .describe('The template, e.g. "template:default/s3-bucket"'),
          values: z
            .record(z.unknown())
            .describe("Values for the template's parameters"),
          waitSeconds: waitSeconds(z),
        }),
      output: taskOutput,
    },
    action: async ({ input, credentials }) => {
      const userRef = signedInUser(
        auth,
        credentials,
        `golden-path.${MCP_ACTION_NAMES.runTemplate}`,
      );
      let ref: string;
      try {
        const parsed = parseEntityRef(input.templateRef, {
          defaultKind: 'template',
          defaultNamespace: 'default',
        });
        if (parsed.kind.toLowerCase() !== 'template') throw new Error();
        ref = stringifyEntityRef(parsed);
      } catch {
        throw new InputError(
          `"${input.templateRef.slice(
            0,
            100,
          )}" is not a template ref; use one from golden-path.${
            MCP_ACTION_NAMES.listTemplates
          }, e.g. template:default/s3-bucket`,
        );
      }
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) throw new NotFoundError(`No template ${ref}`);
      if (!isGoldenPathTemplate(entity, directory)) {
        throw new NotAllowedError(
          `${ref} is not a Golden Path template (one the platform team provides); only those run through this tool. golden-path.${MCP_ACTION_NAMES.listTemplates} lists them.`,
        );
      }
      if (takesSecrets(entity)) {
        throw new NotAllowedError(
          `${ref} takes a secret value, which must not pass through an agent: run it from the Create page or the golden-path CLI.`,
        );
      }
      const taskId = await scaffolder.createTask(credentials, {
        templateRef: ref,
        values: input.values,
      });
      logger.info(`MCP: ${userRef} started task ${taskId} of ${ref}`);
      const result = await report(
        credentials,
        taskId,
        ref,
        input.waitSeconds ?? DEFAULT_WAIT_SECONDS,
      );
      if (result.refusal) {
        // A refusal is a 4xx to the caller, as everywhere in Golden Path: MCP clients see isError.
        throw new InputError(
          `Task ${taskId} of ${ref}: ${result.refusal.message}`,
        );
      }
      return { output: result };
    },
  });

  actionsRegistry.register({
    name: MCP_ACTION_NAMES.getTask,
    title: 'Get a Golden Path task',
    description: `Status, output and log of a task you started (from golden-path.${MCP_ACTION_NAMES.runTemplate} or the Create page); waits briefly for it to finish. A refused task carries the rule ids and fixes in refusal.`,
    attributes: { readOnly: true, idempotent: true, destructive: false },
    schema: {
      input: z =>
        z.object({
          taskId: z.string().max(100),
          waitSeconds: waitSeconds(z),
        }),
      output: taskOutput,
    },
    action: async ({ input, credentials }) => {
      const userRef = signedInUser(
        auth,
        credentials,
        `golden-path.${MCP_ACTION_NAMES.getTask}`,
      );
      const task = await scaffolder.getTask(credentials, input.taskId);
      if (task.createdBy?.toLowerCase() !== userRef.toLowerCase()) {
        throw new NotAllowedError(
          `Task ${input.taskId} was not started by ${userRef}; this tool reads your own tasks only`,
        );
      }
      return {
        output: await report(
          credentials,
          input.taskId,
          task.spec?.templateInfo?.entityRef ?? '',
          input.waitSeconds ?? DEFAULT_WAIT_SECONDS,
        ),
      };
    },
  });
}
