import { GUARDRAIL_ERROR_NAME } from '../errors';
import { parseIsoDuration } from './duration';

/** The template annotations that carry the ticket baseline. @public */
export const ANNOTATIONS = {
  replacesTicket: 'golden-path.io/replaces-ticket',
  ticketQueueTime: 'golden-path.io/ticket-queue-time',
  ticketOpsEffort: 'golden-path.io/ticket-ops-effort',
  timeSaved: 'backstage.io/time-saved',
} as const;

/** How a run ended, in the metrics' terms. @public */
export type RunOutcome = 'completed' | 'planned' | 'failed' | 'denied' | 'cancelled' | 'running';

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
  /** Rule ids that refused a denied run. */
  deniedRules: string[];
}

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
    templateInfo?: { entityRef?: string; entity?: { metadata?: { annotations?: Record<string, string> } } };
    parameters?: Record<string, unknown>;
    user?: { ref?: string };
  };
}

/** @public */
export interface TaskEventSnapshot {
  type: string;
  createdAt: string;
  body: { message?: string; status?: string; error?: { name?: string; message?: string } };
}

const TERMINAL = new Set(['completed', 'failed', 'cancelled']);

/** Whether a task is a Golden Path run at all (its template snapshot replaces a ticket). @public */
export function isGoldenPathTask(task: Pick<TaskSnapshot, 'spec'>): boolean {
  return !!task.spec?.templateInfo?.entity?.metadata?.annotations?.[ANNOTATIONS.replacesTicket];
}

/**
 * Turns a scaffolder task and its events into a run: outcome (completed live, planned, denied by a
 * guardrail, failed, cancelled, running), duration from the completion event, and the ticket
 * baseline from the template snapshot in the task (so later template edits do not rewrite history).
 * @public
 */
export function classifyRun(task: TaskSnapshot, events: TaskEventSnapshot[], defaults: MetricsDefaults): RunRecord | undefined {
  const annotations = task.spec?.templateInfo?.entity?.metadata?.annotations ?? {};
  const ticketType = annotations[ANNOTATIONS.replacesTicket];
  if (!ticketType) return undefined;

  const completion = events.find(e => e.type === 'completion');
  const logs = events.filter(e => e.type === 'log').map(e => e.body?.message ?? '');
  let outcome: RunOutcome = 'running';
  let deniedRules: string[] = [];
  if (task.status === 'cancelled' || events.some(e => e.type === 'cancelled')) outcome = 'cancelled';
  else if (task.status === 'failed') {
    const error = completion?.body?.error;
    const denial = error?.name === GUARDRAIL_ERROR_NAME || /Refused by Golden Path guardrails/.test(error?.message ?? '');
    outcome = denial ? 'denied' : 'failed';
    if (denial) deniedRules = [...new Set((error?.message ?? logs.join('\n')).match(/GP-[A-Z0-9-]+/g) ?? [])].sort();
  } else if (task.status === 'completed') {
    // Our actions log their mode; a run in which no action went live changed nothing.
    const live = logs.some(l => l.includes('Mode: live ('));
    const planned = logs.some(l => l.includes('Mode: plan ('));
    outcome = planned && !live ? 'planned' : 'completed';
  }

  const createdAt = Date.parse(task.createdAt);
  const completedAt = TERMINAL.has(task.status) && completion ? Date.parse(completion.createdAt) : undefined;

  const queue = parseIsoDuration(annotations[ANNOTATIONS.ticketQueueTime]);
  const ops = parseIsoDuration(annotations[ANNOTATIONS.ticketOpsEffort]);
  const timeSaved = parseIsoDuration(annotations[ANNOTATIONS.timeSaved]);
  let baselineSource: RunRecord['baselineSource'] = 'defaults';
  if (queue !== undefined || ops !== undefined) baselineSource = 'annotations';
  else if (timeSaved !== undefined) baselineSource = 'time-saved';

  const owner = typeof task.spec?.parameters?.owner === 'string' ? (task.spec.parameters.owner as string) : 'unknown';
  return {
    taskId: task.id,
    templateRef: task.spec?.templateInfo?.entityRef ?? 'unknown',
    ticketType,
    owner,
    createdBy: task.createdBy ?? task.spec?.user?.ref ?? 'unknown',
    outcome,
    createdAt,
    ...(completedAt !== undefined && { completedAt, durationSeconds: Math.max(0, Math.round((completedAt - createdAt) / 1000)) }),
    queueSeconds: queue ?? parseIsoDuration(defaults.defaultTicketQueue) ?? 0,
    opsSeconds: ops ?? timeSaved ?? parseIsoDuration(defaults.defaultOpsEffort) ?? 0,
    baselineSource,
    deniedRules,
  };
}
