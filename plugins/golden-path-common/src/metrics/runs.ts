import {
  GUARDRAIL_ERROR_NAME,
  GUARDRAIL_REFUSAL_ERROR_NAME,
  GUARDRAIL_REFUSAL_MARKER,
} from '../errors';
import type { InventoryStatus } from '../inventory/items';
import { RECORDING_ACTIONS } from '../inventory/record';
import { parseIsoDuration } from './duration';
import {
  BusinessCalendar,
  DEFAULT_BUSINESS_CALENDAR,
  workingSecondsOfDuration,
} from '../tickets/calendar';

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
  /**
   * Ticket baseline for this run, and where it came from: the developer's wait in working seconds
   * (business calendar) and the ops effort in seconds. `measured` when imported tickets of its type
   * measured them (see `fallback` for what the template and defaults say).
   */
  queueSeconds: number;
  opsSeconds: number;
  baselineSource: BaselineSource;
  /** The template's own baseline (annotations, `time-saved`, or the defaults) as ISO-8601 durations. */
  fallback: RunFallbackBaseline;
  /**
   * Rule ids that refused a denied run, or {@link INPUT_SCHEMA_DENIAL} when the scaffolder refused
   * a Golden Path action's input by the action's schema.
   */
  deniedRules: string[];
}

/** Where a run's ticket baseline came from. @public */
export type BaselineSource =
  | 'measured'
  | 'annotations'
  | 'time-saved'
  | 'defaults';

/** The baseline a template claims for its runs, kept so a measured one can be set aside again. @public */
export interface RunFallbackBaseline {
  source: Exclude<BaselineSource, 'measured'>;
  /** ISO-8601 durations: the ticket's wait and the ops effort. */
  queue: string;
  ops: string;
}

/**
 * The template's baseline for a run: its annotations (`ticket-queue-time`, `ticket-ops-effort`),
 * Backstage's `time-saved` for the ops effort, or the defaults.
 * @public
 */
export function fallbackBaseline(
  annotations: Record<string, string>,
  defaults: Pick<MetricsDefaults, 'defaultTicketQueue' | 'defaultOpsEffort'>,
): RunFallbackBaseline {
  const given = (key: string) =>
    parseIsoDuration(annotations[key]) === undefined
      ? undefined
      : annotations[key].trim();
  const queue = given(ANNOTATIONS.ticketQueueTime);
  const ops = given(ANNOTATIONS.ticketOpsEffort);
  const timeSaved = given(ANNOTATIONS.timeSaved);
  let source: RunFallbackBaseline['source'] = 'defaults';
  if (queue !== undefined || ops !== undefined) source = 'annotations';
  else if (timeSaved !== undefined) source = 'time-saved';
  return {
    source,
    queue: queue ?? defaults.defaultTicketQueue,
    ops: ops ?? timeSaved ?? defaults.defaultOpsEffort,
  };
}

/** Working seconds of the fallback's durations, with the calendar's working day. @public */
export function fallbackSeconds(
  fallback: RunFallbackBaseline,
  calendar: BusinessCalendar = DEFAULT_BUSINESS_CALENDAR,
) {
  return {
    queueSeconds: workingSecondsOfDuration(fallback.queue, calendar) ?? 0,
    opsSeconds: workingSecondsOfDuration(fallback.ops, calendar) ?? 0,
  };
}

/**
 * The `deniedRules` entry of a run the scaffolder refused because a golden-path:* action's input
 * failed the action's schema (an unknown property such as `publiclyAccessible`, a wrong type).
 * @public
 */
export const INPUT_SCHEMA_DENIAL = 'input';

/** Metric defaults from `goldenPath.metrics`. @public */
export interface MetricsDefaults {
  /** Cost of one ops hour. */
  hourlyRate: number;
  /** Cost of one developer hour (idle while waiting); defaults to `hourlyRate`. */
  developerHourlyRate?: number;
  /** When developers work: waits count in its working hours. Default 09:00–17:00 UTC, Mon–Fri. */
  calendar?: BusinessCalendar;
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
  /** The task worker's last heartbeat (about once a second while it runs; it stops when it ends). */
  lastHeartbeatAt?: string;
  createdBy?: string;
  spec: {
    templateInfo?: {
      entityRef?: string;
      entity?: { metadata?: { annotations?: Record<string, string> } };
    };
    parameters?: Record<string, unknown>;
    user?: { ref?: string };
    steps?: Array<{ id?: string; action?: string }>;
  };
}

/**
 * The statuses of the spend ledger's records for one task: what its golden-path actions wrote
 * through the backend's authenticated records door (`planned` in plan mode; `pending`, then
 * `active` or `failed`, live).
 * @public
 */
export type LedgerStatuses = readonly InventoryStatus[];

/**
 * How a golden-path step of a task failed, as the action recorded it through the backend's records
 * door when the step ended: refused by these rules, or (empty) failed for another reason.
 * @public
 */
export interface StepFailure {
  refusedBy: readonly string[];
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

/** The golden-path actions that log their mode and write a ledger record whenever they run. */
const MODE_ACTIONS = new Set(Object.values(RECORDING_ACTIONS));
/**
 * Ledger statuses only a live action's records reach (it reserves before its first mutation).
 * `failed` is not one (a failed run's plans are released as failed too), nor `deleted` (an owner
 * may mark any record deleted).
 */
const LIVE_STATUSES = new Set<string>(['pending', 'creating', 'active']);

/**
 * The outcome the task itself and the spend ledger settle, with no event log: a completed task went
 * live when one of its actions recorded a live resource, and only planned when every record is a
 * plan (every golden-path action that runs writes one); with no golden-path action among its steps
 * nothing could plan, so it completed. A failed task one of whose golden-path steps recorded how it
 * failed was denied (a refusal) or failed. Undefined where only the event log can tell: every other
 * failed task (another step failed, or the scaffolder refused an action's input; a cancelled step
 * records nothing) and every unfinished one.
 */
function outcomeWithoutEvents(
  task: TaskSnapshot,
  ledger: LedgerStatuses,
  stepFailure: StepFailure | undefined,
): RunOutcome | undefined {
  if (task.status === 'cancelled') return 'cancelled';
  // A task stops at its first failed step: the golden-path step that recorded how it failed did.
  if (task.status === 'failed' && stepFailure)
    return stepFailure.refusedBy.length ? 'denied' : 'failed';
  if (task.status !== 'completed') return undefined;
  if (ledger.some(s => LIVE_STATUSES.has(s))) return 'completed';
  if (ledger.length && ledger.every(s => s === 'planned')) return 'planned';
  const steps = task.spec?.steps;
  if (steps && !steps.some(s => MODE_ACTIONS.has(s.action ?? '')))
    return 'completed';
  return undefined;
}

/**
 * Whether classifying this task needs its event log: a failed or unfinished task, or a completed
 * one whose ledger records (or lack of them) do not say whether it went live. The collector reads
 * event logs only where this says so; {@link classifyRun} reads nothing else from them.
 * @public
 */
export function needsEventLog(
  task: TaskSnapshot,
  ledger: LedgerStatuses = [],
  stepFailure?: StepFailure,
): boolean {
  return (
    isGoldenPathTask(task) && !outcomeWithoutEvents(task, ledger, stepFailure)
  );
}

/** The outcome from the event log: the mode lines, a cancel request, the completion's error. */
function outcomeFromEvents(
  task: TaskSnapshot,
  events: TaskEventSnapshot[],
): { outcome: RunOutcome; deniedRules: string[] } {
  const logs = () =>
    events.filter(e => e.type === 'log').map(e => e.body?.message ?? '');
  if (task.status === 'completed') {
    // Runs the ledger cannot place (older than it, or recording nothing): the mode our actions
    // log. A cancel request that came after the last step stopped nothing: the run completed.
    const lines = logs();
    const live = lines.some(l => l.includes('Mode: live ('));
    const planned = lines.some(l => l.includes('Mode: plan ('));
    return {
      outcome: planned && !live ? 'planned' : 'completed',
      deniedRules: [],
    };
  }
  if (events.some(e => e.type === 'cancelled'))
    return { outcome: 'cancelled', deniedRules: [] };
  if (task.status === 'failed') {
    const error = events.find(e => e.type === 'completion')?.body?.error;
    if (isGuardrailRefusal(error))
      return {
        outcome: 'denied',
        deniedRules: refusedRules(error?.message ?? logs().join('\n')),
      };
    if (isGoldenPathInputRefusal(error))
      return { outcome: 'denied', deniedRules: [INPUT_SCHEMA_DENIAL] };
    return { outcome: 'failed', deniedRules: [] };
  }
  return { outcome: 'running', deniedRules: [] };
}

/**
 * Turns a scaffolder task into a run: outcome (completed live, planned, denied by a guardrail or by
 * a golden-path:* action's input schema, failed, cancelled, running), duration from creation to the
 * task worker's last heartbeat, and the ticket baseline from the template snapshot in the task (so
 * later template edits do not rewrite history). The task and the spend ledger's records for it
 * decide first; the event log (`events`) is read only where {@link needsEventLog} says so, so a
 * collector that skips the other logs stores exactly the same runs.
 * @public
 */
export function classifyRun(
  task: TaskSnapshot,
  events: TaskEventSnapshot[],
  defaults: MetricsDefaults,
  ledger: LedgerStatuses = [],
  stepFailure?: StepFailure,
): RunRecord | undefined {
  const annotations =
    task.spec?.templateInfo?.entity?.metadata?.annotations ?? {};
  const ticketType = annotations[ANNOTATIONS.replacesTicket];
  if (!ticketType) return undefined;

  const settled = outcomeWithoutEvents(task, ledger, stepFailure);
  const { outcome, deniedRules } = settled
    ? {
        outcome: settled,
        deniedRules:
          settled === 'denied'
            ? [...new Set(stepFailure?.refusedBy ?? [])].sort()
            : [],
      }
    : outcomeFromEvents(task, events);

  const createdAt = Date.parse(task.createdAt);
  // The heartbeat stops when the run ends (within about a second of its completion event), and
  // it is in the task list, so no event log is needed for it.
  const completedAt =
    TERMINAL.has(task.status) && task.lastHeartbeatAt
      ? Date.parse(task.lastHeartbeatAt)
      : undefined;

  const fallback = fallbackBaseline(annotations, defaults);

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
    ...fallbackSeconds(fallback, defaults.calendar),
    baselineSource: fallback.source,
    fallback,
    deniedRules,
  };
}
