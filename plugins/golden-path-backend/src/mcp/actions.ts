import {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  formatViolations,
  isGuardrailViolation,
  Requester,
  RESOURCE_KINDS,
} from '@golden-path/plugin-golden-path-common';
import {
  GoldenPathPolicyService,
  TrustedDirectory,
} from '@golden-path/plugin-golden-path-node';
import { evaluateRequests, requesterOf } from '../service/evaluation';
import { ResourceStore } from '../service/ResourceStore';
import { CallerScaffolder, ScaffolderTaskEvent } from './CallerScaffolder';
import {
  isGoldenPathTemplate,
  summariseTemplate,
  takesSecrets,
} from './templates';

/** Action names; MCP clients see them as `golden-path.<name>` (Backstage namespaces tool names by plugin id). */
export const MCP_ACTION_NAMES = {
  evaluate: 'evaluate-golden-path-requests',
  listTemplates: 'list-golden-path-templates',
  runTemplate: 'run-golden-path-template',
  getTask: 'get-golden-path-task',
} as const;

/** How long run/get wait for a task by default, and at most (MCP clients time out a call at about a minute). */
const DEFAULT_WAIT_SECONDS = 20;
const MAX_WAIT_SECONDS = 50;
/** Task log lines returned, newest last. */
const LOG_LINES = 40;
// eslint-disable-next-line no-control-regex
const ANSI_COLOURS = /\u001b\[[0-9;]*m/g;

export interface GoldenPathActionsOptions {
  actionsRegistry: ActionsRegistryService;
  auth: AuthService;
  discovery: DiscoveryService;
  config: RootConfigService;
  logger: LoggerService;
  catalog: CatalogService;
  directory: Pick<TrustedDirectory, 'groupsOf' | 'isTrusted'>;
  policy: GoldenPathPolicyService;
  store: Pick<ResourceStore, 'monthlySpendByOwner'>;
}

function describeCaller(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; subject?: string };
  return p.type === 'service' ? `the service "${p.subject}"` : p.type;
}

/** The caller's user ref, or a refusal saying why a person is needed. */
function signedInUser(
  auth: AuthService,
  credentials: BackstageCredentials,
  what: string,
): string {
  if (auth.isPrincipal(credentials, 'user')) {
    return credentials.principal.userEntityRef;
  }
  throw new NotAllowedError(
    `${what} acts as a signed-in user: the scaffolder runs the task as that person and the guardrails judge their teams and budget. This caller is ${describeCaller(
      credentials,
    )}; connect the MCP client with a user's Backstage sign-in (OAuth), not a static service token.`,
  );
}

/** What a finished (or still running) task says, in the tools' output shape. */
function taskReport(
  taskId: string,
  templateRef: string,
  status: string,
  events: ScaffolderTaskEvent[],
  appBaseUrl: string | undefined,
) {
  const completion = [...events].reverse().find(e => e.type === 'completion');
  const finished =
    ['completed', 'failed', 'cancelled'].includes(status) ||
    !!completion ||
    events.some(e => e.type === 'cancelled');
  const finalStatus =
    completion?.body.status && completion.body.status !== 'processing'
      ? completion.body.status
      : status;
  const failure = completion?.body.error;
  const error =
    failure && typeof failure.message === 'string'
      ? { name: String(failure.name ?? 'Error'), message: failure.message }
      : undefined;
  const refused =
    error &&
    isGuardrailViolation(Object.assign(new Error(error.message), error));
  const log = events
    .filter(e => e.type === 'log' && typeof e.body.message === 'string')
    .map(e => {
      // The scaffolder's task logger colours its lines; an agent reads plain text.
      const line = e.body.message!.replace(ANSI_COLOURS, '');
      return (e.body.stepId ? `[${e.body.stepId}] ${line}` : line)
        .slice(0, 1000)
        .trimEnd();
    })
    .slice(-LOG_LINES);
  return {
    taskId,
    templateRef,
    status: finalStatus,
    finished,
    ...(appBaseUrl && {
      taskUrl: `${appBaseUrl.replace(/\/+$/, '')}/create/tasks/${taskId}`,
    }),
    ...(completion?.body.output && { output: completion.body.output }),
    ...(error && { error }),
    ...(refused && {
      refusal: {
        ruleIds: [
          ...new Set(
            [...error.message.matchAll(/\[(GP-[A-Z0-9-]+)\]/g)].map(m => m[1]),
          ),
        ],
        message: error.message,
      },
    }),
    log,
    ...(!finished && {
      next: `Still ${status}: call golden-path.${MCP_ACTION_NAMES.getTask} with this taskId to wait for the result.`,
    }),
  };
}

/**
 * Registers the Golden Path actions with Backstage's actions registry, where
 * `@backstage/plugin-mcp-actions-backend` serves them as MCP tools. Each runs with the caller's
 * own credentials; nothing here decides what is allowed that the evaluator, the scaffolder and
 * the golden-path actions do not decide for a task from the Create page.
 */
export function registerGoldenPathActions(options: GoldenPathActionsOptions) {
  const {
    actionsRegistry,
    auth,
    discovery,
    config,
    logger,
    catalog,
    directory,
    policy,
    store,
  } = options;
  const scaffolder = new CallerScaffolder({ discovery, auth });
  const appBaseUrl = config.getOptionalString('app.baseUrl');

  const taskOutput = (z: any) =>
    z.object({
      taskId: z.string(),
      templateRef: z.string(),
      status: z
        .string()
        .describe('open, processing, completed, failed or cancelled'),
      finished: z.boolean(),
      taskUrl: z
        .string()
        .optional()
        .describe('The task page in Backstage, for the user'),
      output: z
        .record(z.unknown())
        .optional()
        .describe("The template's output (links, text) once completed"),
      error: z.object({ name: z.string(), message: z.string() }).optional(),
      refusal: z
        .object({ ruleIds: z.array(z.string()), message: z.string() })
        .optional()
        .describe(
          'Set when a guardrail refused the request: the rule ids, and every violation with its fix',
        ),
      log: z.array(z.string()),
      next: z.string().optional(),
    });

  const waitSeconds = (z: any) =>
    z
      .number()
      .int()
      .min(0)
      .max(MAX_WAIT_SECONDS)
      .optional()
      .describe(
        `Seconds to wait for the task to finish before answering (default ${DEFAULT_WAIT_SECONDS}, at most ${MAX_WAIT_SECONDS})`,
      );

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
