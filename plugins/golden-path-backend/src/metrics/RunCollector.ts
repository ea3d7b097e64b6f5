import { LoggerService } from '@backstage/backend-plugin-api';
import {
  classifyRun,
  isGoldenPathTask,
  MetricsDefaults,
  needsEventLog,
  RunRecord,
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import { LedgerStatusSource, TaskRecords } from './LedgerStatuses';
import { RunStore } from './RunStore';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
/** Re-reads of a task whose finish event arrived before the finish was committed (~6 s in all). */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];
/** The scaffolder's task list has no upper limit on a page; fewer, larger pages sort its table fewer times. */
const DEFAULT_PAGE_SIZE = 2000;

/** Where tasks come from: the scaffolder's REST API (or a fake in tests). @public */
export interface TaskSource {
  page(offset: number, limit: number): Promise<{ tasks: TaskSnapshot[] }>;
  task(id: string): Promise<TaskSnapshot>;
  events(id: string): Promise<any[]>;
}

/** What one backfill call did. @public */
export interface BackfillResult {
  pages: number;
  examined: number;
  collected: number;
  /** Event logs read: only for the runs the task list and the ledger could not classify. */
  eventLogsRead: number;
  done: boolean;
}

/**
 * Turns scaffolder tasks into stored runs: one task at a time from `scaffolder.task` events, and a
 * backfill that pages the task list newest-first and stops at the first page it already knows, so
 * its cost follows the number of new tasks. A task's event log is read only when the task list and
 * the spend ledger's records for it cannot settle its outcome (see `needsEventLog`).
 * @public
 */
export class RunCollector {
  constructor(
    private readonly deps: {
      source: TaskSource;
      store: RunStore;
      /** What the actions recorded (ledger statuses, step failures); without it every outcome comes from the event log. */
      ledger?: LedgerStatusSource;
      defaults: MetricsDefaults;
      logger: LoggerService;
    },
  ) {}

  private async recordsOf(
    tasks: TaskSnapshot[],
  ): Promise<Map<string, TaskRecords>> {
    if (!this.deps.ledger || !tasks.length) return new Map();
    return this.deps.ledger.recordsOf(tasks);
  }

  /** Classifies one task, reading its event log only if the task and its records cannot settle it. */
  private async classify(
    task: TaskSnapshot,
    records: TaskRecords | undefined,
    readEvents: (id: string) => Promise<TaskEventSnapshot[]>,
  ): Promise<RunRecord | undefined> {
    const statuses = records?.statuses ?? [];
    const failure = records?.stepFailure;
    const log = needsEventLog(task, statuses, failure)
      ? await readEvents(task.id)
      : [];
    return classifyRun(task, log, this.deps.defaults, statuses, failure);
  }

  /** Classifies and stores one task; returns whether it was a Golden Path run. */
  async collect(
    task: TaskSnapshot,
    events?: TaskEventSnapshot[],
  ): Promise<boolean> {
    if (!isGoldenPathTask(task)) return false;
    const records = (await this.recordsOf([task])).get(task.id);
    const run = await this.classify(task, records, async id =>
      events ? events : this.deps.source.events(id),
    );
    if (run) await this.deps.store.upsert([run]);
    return !!run;
  }

  /**
   * Collects one task. When the event said it finished, waits (briefly, with backoff) until the
   * task reads as finished: the scaffolder publishes the event inside the transaction that sets
   * the status and writes the completion event, before it commits, so a reader on another
   * connection can still see the task running.
   */
  async collectById(taskId: string, finishedStatus?: string): Promise<boolean> {
    const expectFinished = !!finishedStatus && FINISHED.has(finishedStatus);
    for (let attempt = 0; ; attempt++) {
      const task = await this.deps.source.task(taskId);
      if (!isGoldenPathTask(task)) return false;
      if (
        FINISHED.has(task.status) ||
        !expectFinished ||
        attempt >= RETRY_DELAYS_MS.length
      )
        return this.collect(task);
      await new Promise(r => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }

  /**
   * Pages the task list newest first. The first pass reads all history, in chunks: each call stops
   * at `deadlineMs` and stores where it got to, and the next call (after a restart, or on another
   * replica) resumes there, so no chunk outlives the scheduler's timeout; while it reads one page
   * it already asks for the next. Later passes start at the newest task and stop at the first page
   * with nothing new. Event logs, where needed, are read `concurrency` at a time.
   */
  async backfill(
    options: {
      pageSize?: number;
      maxPages?: number;
      concurrency?: number;
      deadlineMs?: number;
    } = {},
  ): Promise<BackfillResult> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    const concurrency = Math.max(1, options.concurrency ?? 8);
    const maxPages = options.maxPages ?? Infinity;
    const stopAt = Date.now() + (options.deadlineMs ?? Infinity);
    const fullPassDone =
      (await this.deps.store.getState('full-backfill')) === 'done';
    // New tasks shift older ones to higher offsets, so resuming at a stored offset can re-read a
    // few tasks (skipped as known) but never skips one.
    const resumeAt = fullPassDone
      ? 0
      : Number((await this.deps.store.getState('full-backfill-offset')) ?? 0) ||
        0;
    const result = {
      pages: 0,
      examined: 0,
      collected: 0,
      eventLogsRead: 0,
      done: fullPassDone,
    };
    const readEvents = (id: string) => {
      result.eventLogsRead++;
      return this.deps.source.events(id);
    };
    const fetchPage = (offset: number) =>
      this.deps.source.page(offset, pageSize);
    let offset = resumeAt;
    let next =
      maxPages > 0 && Date.now() < stopAt ? fetchPage(offset) : undefined;
    while (next) {
      const { tasks } = await next;
      result.pages++;
      const last = tasks.length < pageSize;
      // The full pass reads on while this page is classified (an incremental pass may stop here).
      next =
        !fullPassDone && !last && result.pages < maxPages
          ? fetchPage(offset + pageSize)
          : undefined;
      next?.catch(() => undefined);
      const fresh = await this.collectPage(tasks, readEvents, concurrency);
      result.examined += tasks.length;
      result.collected += fresh.collected;
      if (last) {
        result.done = true;
        break;
      }
      offset += pageSize;
      if (fullPassDone && !fresh.unknown) break;
      if (!fullPassDone)
        await this.deps.store.setState('full-backfill-offset', String(offset));
      if (result.pages >= maxPages || Date.now() >= stopAt) break;
      next ??= fetchPage(offset);
    }
    if (result.done && !fullPassDone)
      await this.deps.store.setState('full-backfill', 'done');
    await this.deps.store.refreshRollups();
    if (result.collected)
      this.deps.logger.info(
        `Golden Path metrics: collected ${result.collected} run(s) from ${result.examined} task(s) in ${result.pages} page(s), reading ${result.eventLogsRead} event log(s)`,
      );
    return result;
  }

  /** Classifies and stores one page's runs not yet stored as finished: one ledger read, one write. */
  private async collectPage(
    tasks: TaskSnapshot[],
    readEvents: (id: string) => Promise<TaskEventSnapshot[]>,
    concurrency: number,
  ): Promise<{ unknown: number; collected: number }> {
    const known = await this.deps.store.finishedAmong(tasks.map(t => t.id));
    const fresh = tasks.filter(
      t => !known.has(t.id) && (isGoldenPathTask(t) || !FINISHED.has(t.status)),
    );
    const ours = fresh.filter(isGoldenPathTask);
    const records = await this.recordsOf(ours);
    const classified = await mapLimited(ours, concurrency, task =>
      this.classify(task, records.get(task.id), readEvents),
    );
    const runs = classified.filter((run): run is RunRecord => !!run);
    await this.deps.store.upsert(runs);
    return { unknown: fresh.length, collected: runs.length };
  }
}

/** `fn` over every item, at most `limit` at a time, results in order. */
async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
