import {
  ANNOTATIONS,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';

/**
 * A `scaffolder.task` event as the scaffolder publishes it from its own task rows: a claim
 * (`processing`) carries the spec, the creator and the creation time; an ending (`completed`,
 * `failed`) carries the status, the times and the creator; a cancel request or a recovery names
 * the task in `taskId` (its `id` is the log event's).
 */
export interface ScaffolderTopicEvent {
  id?: string;
  taskId?: string;
  status?: string;
  spec?: TaskSnapshot['spec'];
  createdAt?: unknown;
  createdBy?: unknown;
  lastHeartbeatAt?: unknown;
}

/** More than a cluster's workers hold at once; beyond it the oldest claims are forgotten. */
const MAX_TASKS = 10_000;
/** A claim older than this is asked of the scaffolder again (a lost ending must not live on). */
const MAX_AGE_MS = 60 * 60_000;
const ENDED = new Set(['completed', 'failed']);

/**
 * SQLite gives the scaffolder `YYYY-MM-DD HH:MM:SS` in UTC, which its REST API converts and its
 * events pass on as they are; PostgreSQL gives a Date (an ISO string once it crossed the bus).
 */
function isoOf(value: unknown): string | undefined {
  if (value instanceof Date)
    return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
  if (typeof value !== 'string') return undefined;
  const iso = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?$/.test(value)
    ? `${value.replace(' ', 'T')}Z`
    : value;
  return Number.isNaN(Date.parse(iso)) ? undefined : iso;
}

/** Only what the records door and the run classification read of a spec. */
function trimmed(spec: TaskSnapshot['spec']): TaskSnapshot['spec'] {
  const info = spec.templateInfo;
  const owner = spec.parameters?.owner;
  // Only the baseline annotations: a template's other annotations could be large, and are not read.
  const annotations: Record<string, string> = {};
  for (const key of Object.values(ANNOTATIONS)) {
    const value = info?.entity?.metadata?.annotations?.[key];
    if (typeof value === 'string') annotations[key] = value;
  }
  return {
    ...(info && {
      templateInfo: {
        entityRef: info.entityRef,
        entity: {
          metadata: { annotations },
        },
      },
    }),
    ...(typeof owner === 'string' && { parameters: { owner } }),
    ...(spec.user?.ref && { user: { ref: spec.user.ref } }),
    steps: (spec.steps ?? []).map(s => ({ id: s.id, action: s.action })),
  };
}

/**
 * The tasks this replica saw the scaffolder claim and not yet end, from the scaffolder's own
 * `scaffolder.task` events (only backend code can publish on the event bus, never a user). A task
 * runs on the replica that claimed it, so its claim and its ending reach that replica's subscriber.
 * The records door and the run collector use them instead of reading each task back over HTTP;
 * whatever is not here (another replica's task, an older scaffolder's thinner events, a claim
 * older than an hour) is read from the scaffolder as before.
 */
export class ClaimedTasks {
  private readonly claims = new Map<
    string,
    { task: TaskSnapshot; at: number }
  >();

  constructor(private readonly now: () => number = Date.now) {}

  /**
   * Takes in one event, synchronously (so claims and endings are applied in delivery order). For
   * the ending of a task whose claim was seen here, returns the finished task as the scaffolder
   * described it; every other status but a claim forgets the task.
   */
  observe(event: ScaffolderTopicEvent | undefined): TaskSnapshot | undefined {
    const id = event?.taskId ?? event?.id;
    if (!event || !id) return undefined;
    const createdAt = isoOf(event.createdAt);
    if (event.status === 'processing') {
      if (!event.spec || !createdAt || event.taskId) return undefined;
      this.claims.delete(id);
      this.claims.set(id, {
        task: {
          id,
          status: 'processing',
          createdAt,
          ...(typeof event.createdBy === 'string' && {
            createdBy: event.createdBy,
          }),
          spec: trimmed(event.spec),
        },
        at: this.now(),
      });
      if (this.claims.size > MAX_TASKS)
        this.claims.delete(this.claims.keys().next().value!);
      return undefined;
    }
    const claim = this.claims.get(id);
    this.claims.delete(id);
    if (!claim || !ENDED.has(event.status ?? '') || event.taskId)
      return undefined;
    const lastHeartbeatAt = isoOf(event.lastHeartbeatAt);
    return {
      ...claim.task,
      status: event.status!,
      createdAt: createdAt ?? claim.task.createdAt,
      ...(lastHeartbeatAt && { lastHeartbeatAt }),
    };
  }

  /** Looks a task up here first, and asks `fallback` (the scaffolder) about any other. */
  lookup(fallback: { task(id: string): Promise<TaskSnapshot> }): {
    task(id: string): Promise<TaskSnapshot>;
  } {
    return { task: async id => this.running(id) ?? fallback.task(id) };
  }

  /** The task, when this replica saw its claim within the hour and no ending since. */
  running(id: string): TaskSnapshot | undefined {
    const claim = this.claims.get(id);
    if (!claim) return undefined;
    if (this.now() - claim.at > MAX_AGE_MS) {
      this.claims.delete(id);
      return undefined;
    }
    return claim.task;
  }
}
