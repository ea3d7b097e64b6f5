import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { isGuardrailViolation } from '@golden-path/plugin-golden-path-common';
import { ScaffolderTaskEvent } from './CallerScaffolder';
import { MCP_ACTION_NAMES } from './names';

/** How long run/get wait for a task by default, and at most (MCP clients time out a call at about a minute). */
export const DEFAULT_WAIT_SECONDS = 20;
const MAX_WAIT_SECONDS = 50;
/** Task log lines returned, newest last. */
const LOG_LINES = 40;
// eslint-disable-next-line no-control-regex
const ANSI_COLOURS = /\u001b\[[0-9;]*m/g;

function describeCaller(credentials: BackstageCredentials): string {
  const p = credentials.principal as { type: string; subject?: string };
  return p.type === 'service' ? `the service "${p.subject}"` : p.type;
}

/** The caller's user ref, or a refusal saying why a person is needed. */
export function signedInUser(
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
export function taskReport(
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

/** The run and get tools' output: the task's status, output, refusal and log. */
export const taskOutput = (z: any) =>
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

/** The run and get tools' `waitSeconds` input. */
export const waitSeconds = (z: any) =>
  z
    .number()
    .int()
    .min(0)
    .max(MAX_WAIT_SECONDS)
    .optional()
    .describe(
      `Seconds to wait for the task to finish before answering (default ${DEFAULT_WAIT_SECONDS}, at most ${MAX_WAIT_SECONDS})`,
    );
