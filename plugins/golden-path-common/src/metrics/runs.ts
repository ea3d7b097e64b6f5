import {
  GUARDRAIL_ERROR_NAME,
  GUARDRAIL_REFUSAL_ERROR_NAME,
  GUARDRAIL_REFUSAL_MARKER,
} from '../errors';
import { parseIsoDuration } from './duration';

/** The template annotations that carry the ticket baseline. @public */
export const ANNOTATIONS = {
  replacesTicket: 'golden-path.io/replaces-ticket',
  ticketQueueTime: 'golden-path.io/ticket-queue-time',
  ticketOpsEffort: 'golden-path.io/ticket-ops-effort',
  timeSaved: 'backstage.io/time-saved',
} as const;

/** How a run ended, in the metrics' terms. @public */
export type RunOutcome =
  | 'completed'
  | 'planned'
  | 'failed'
  | 'denied'
  | 'cancelled'
  | 'running';

/** One Golden Path run, as stored and summed. Times are epoch milliseconds. @public */
export interface RunRecord {
  taskId: string;
  templateRef: string;
  ticketType: string;
  owner: string;
  createdBy: string;
  outcome: RunOutcome;
  createdAt: number;
  completedAt?: number;
  durationSeconds?: number;
  /** Ticket baseline for this run, and where it came from. */
  queueSeconds: number;
  opsSeconds: number;
  baselineSource: 'annotations' | 'time-saved' | 'defaults';
  /**
   * Rule ids that refused a denied run, or {@link INPUT_SCHEMA_DENIAL} when the scaffolder refused
   * a Golden Path action's input by the action's schema.
   */
  deniedRules: string[];
}

/**
 * The `deniedRules` entry of a run the scaffolder refused because a golden-path:* action's input
 * failed the action's schema (an unknown property such as `publiclyAccessible`, a wrong type).
 * @public
 */
export const INPUT_SCHEMA_DENIAL = 'input';

/** Metric defaults from `goldenPath.metrics`. @public */
export interface MetricsDefaults {
  hourlyRate: number;
  defaultTicketQueue: string;
  defaultOpsEffort: string;
  opsTeamSize: number;
  /** Ops hours available per person per week (capacity for the TicketOps share). */
  opsHoursPerWeek?: number;
  currency?: string;
}

/** The parts of a scaffolder task the classification reads (from GET /v2/tasks and its events). @public */
export interface TaskSnapshot {
  id: string;
  status: string;
  createdAt: string;
  createdBy?: string;
  spec: {
    templateInfo?: {
      entityRef?: string;
      entity?: { metadata?: { annotations?: Record<string, string> } };
    };
    parameters?: Record<string, unknown>;
    user?: { ref?: string };
  };
}

/** One event of a scaffolder task, as `GET /v2/tasks/:id/events` returns it. @public */
export interface TaskEventSnapshot {
  type: string;
  createdAt: string;
  body: {
    message?: string;
    status?: string;
    error?: { name?: string; message?: string };
  };
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

type CompletionError = TaskEventSnapshot['body']['error'];

/** A guardrail refusal: the marker every refusal's message starts with, or the name older ones had. */
function isGuardrailRefusal(error: CompletionError): boolean {
  if (error?.name === GUARDRAIL_ERROR_NAME) return true;
  return (
    error?.name === GUARDRAIL_REFUSAL_ERROR_NAME &&
    (error.message ?? '').startsWith(GUARDRAIL_REFUSAL_MARKER)
  );
}

/**
 * The rule ids of a refusal: the list in its first line ("Refused by Golden Path guardrails (GP-A,
 * GP-B) in step …:"), so a step or resource name that looks like a rule id does not count; any
 * GP-… id in the text for a message without that list.
 */
function refusedRules(text: string): string[] {
  const listed = new RegExp(
    `^${GUARDRAIL_REFUSAL_MARKER} \\(([A-Z0-9, -]+)\\)`,
  ).exec(text)?.[1];
  const ids = listed
    ? listed.split(',').map(id => id.trim())
    : text.match(/GP-[A-Z0-9-]+/g) ?? [];
  return [...new Set(ids.filter(id => /^GP-[A-Z0-9-]+$/.test(id)))].sort();
}

/**
 * The scaffolder's own input validation refused a golden-path:* action: NunjucksWorkflowRunner
 * validates each step's input against the action's schema before calling it and throws
 * `InputError("Invalid input passed to action <id>, <errors>")`, where <id> is the action id
 * (with `[key]` for `each` iterations). Other actions' schema failures stay failures.
 */
function isGoldenPathInputRefusal(error: CompletionError): boolean {
  return (
    error?.name === 'InputError' &&
    /^Invalid input passed to action golden-path:/.test(error.message ?? '')
  );
}

/** Whether a task is a Golden Path run at all (its template snapshot replaces a ticket). @public */
export function isGoldenPathTask(task: Pick<TaskSnapshot, 'spec'>): boolean {
  return !!task.spec?.templateInfo?.entity?.metadata?.annotations?.[
    ANNOTATIONS.replacesTicket
  ];
}

/**
 * Turns a scaffolder task and its events into a run: outcome (completed live, planned, denied by a
 * guardrail or by a golden-path:* action's input schema, failed, cancelled, running), duration from
 * the completion event, and the ticket baseline from the template snapshot in the task (so later
 * template edits do not rewrite history).
 * @public
 */
export function classifyRun(
  task: TaskSnapshot,
  events: TaskEventSnapshot[],
  defaults: MetricsDefaults,
): RunRecord | undefined {
  const annotations =
    task.spec?.templateInfo?.entity?.metadata?.annotations ?? {};
  const ticketType = annotations[ANNOTATIONS.replacesTicket];
  if (!ticketType) return undefined;

  const completion = events.find(e => e.type === 'completion');
  const logs = events
    .filter(e => e.type === 'log')
    .map(e => e.body?.message ?? '');
  let outcome: RunOutcome = 'running';
  let deniedRules: string[] = [];
  if (task.status === 'cancelled' || events.some(e => e.type === 'cancelled'))
    outcome = 'cancelled';
  else if (task.status === 'failed') {
    const error = completion?.body?.error;
    if (isGuardrailRefusal(error)) {
      outcome = 'denied';
      deniedRules = refusedRules(error?.message ?? logs.join('\n'));
    } else if (isGoldenPathInputRefusal(error)) {
      outcome = 'denied';
      deniedRules = [INPUT_SCHEMA_DENIAL];
    } else {
      outcome = 'failed';
    }
  } else if (task.status === 'completed') {
    // Our actions log their mode; a run in which no action went live changed nothing.
    const live = logs.some(l => l.includes('Mode: live ('));
    const planned = logs.some(l => l.includes('Mode: plan ('));
    outcome = planned && !live ? 'planned' : 'completed';
  }

  const createdAt = Date.parse(task.createdAt);
  const completedAt =
    TERMINAL.has(task.status) && completion
      ? Date.parse(completion.createdAt)
      : undefined;

  const queue = parseIsoDuration(annotations[ANNOTATIONS.ticketQueueTime]);
  const ops = parseIsoDuration(annotations[ANNOTATIONS.ticketOpsEffort]);
  const timeSaved = parseIsoDuration(annotations[ANNOTATIONS.timeSaved]);
  let baselineSource: RunRecord['baselineSource'] = 'defaults';
  if (queue !== undefined || ops !== undefined) baselineSource = 'annotations';
  else if (timeSaved !== undefined) baselineSource = 'time-saved';

  const owner =
    typeof task.spec?.parameters?.owner === 'string'
      ? (task.spec.parameters.owner as string)
      : 'unknown';
  return {
    taskId: task.id,
    templateRef: task.spec?.templateInfo?.entityRef ?? 'unknown',
    ticketType,
    owner,
    createdBy: task.createdBy ?? task.spec?.user?.ref ?? 'unknown',
    outcome,
    createdAt,
    ...(completedAt !== undefined && {
      completedAt,
      durationSeconds: Math.max(
        0,
        Math.round((completedAt - createdAt) / 1000),
      ),
    }),
    queueSeconds: queue ?? parseIsoDuration(defaults.defaultTicketQueue) ?? 0,
    opsSeconds:
      ops ?? timeSaved ?? parseIsoDuration(defaults.defaultOpsEffort) ?? 0,
    baselineSource,
    deniedRules,
  };
}
