import { LoggerService } from '@backstage/backend-plugin-api';
import {
  classifyRun,
  isGoldenPathTask,
  MetricsDefaults,
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import { RunStore } from './RunStore';

const FINISHED = new Set(['completed', 'failed', 'cancelled']);
/** Re-reads of a task whose finish event arrived before the finish was committed (~6 s in all). */
const RETRY_DELAYS_MS = [100, 200, 400, 800, 1600, 3200];

/** Where tasks come from: the scaffolder's REST API (or a fake in tests). @public */
export interface TaskSource {
  page(offset: number, limit: number): Promise<{ tasks: TaskSnapshot[] }>;
  task(id: string): Promise<TaskSnapshot>;
  events(id: string): Promise<any[]>;
}

/**
 * Turns scaffolder tasks into stored runs: one task at a time from `scaffolder.task` events, and a
 * backfill that pages the task list newest-first and stops at the first page it already knows, so
 * its cost follows the number of new tasks. (The inventory is not read from task logs: the actions
 * write their records to the spend ledger directly.)
 * @public
 */
export class RunCollector {
  constructor(
    private readonly deps: {
      source: TaskSource;
      store: RunStore;
      defaults: MetricsDefaults;
      logger: LoggerService;
    },
  ) {}

  /** Classifies and stores one task; returns whether it was a Golden Path run. */
  async collect(
    task: TaskSnapshot,
    events?: TaskEventSnapshot[],
  ): Promise<boolean> {
    if (!isGoldenPathTask(task)) return false;
    const taskEvents = events ?? (await this.deps.source.events(task.id));
    const run = classifyRun(task, taskEvents, this.deps.defaults);
    if (run) await this.deps.store.upsert([run]);
    return !!run;
  }

  /**
   * Collects one task. When the event said it finished, waits (briefly, with backoff) until the
   * task reads as finished with its completion event: the scaffolder publishes the event inside
   * the transaction that sets the status, before it commits and before the completion event is
   * written, so a reader on another connection can still see the task running.
   */
  async collectById(taskId: string, finishedStatus?: string): Promise<boolean> {
    const expectFinished = !!finishedStatus && FINISHED.has(finishedStatus);
    for (let attempt = 0; ; attempt++) {
      const task = await this.deps.source.task(taskId);
      if (!isGoldenPathTask(task)) return false;
      const events = await this.deps.source.events(taskId);
      const settled =
        FINISHED.has(task.status) &&
        events.some(e => e.type === 'completion' || e.type === 'cancelled');
      if (settled || !expectFinished || attempt >= RETRY_DELAYS_MS.length)
        return this.collect(task, events);
      await new Promise(r => setTimeout(r, RETRY_DELAYS_MS[attempt]));
    }
  }

  /**
   * Pages the task list newest first. The first pass reads all history, in chunks: each call stops
   * at `deadlineMs` and stores where it got to, and the next call (after a restart, or on another
   * replica) resumes there, so no chunk outlives the scheduler's timeout. Later passes start at the
   * newest task and stop at the first page with nothing new. Event logs (what classification
   * needs: the completion, and the mode the actions logged) are read `concurrency` at a time.
   */
  async backfill(
    options: {
      pageSize?: number;
      maxPages?: number;
      concurrency?: number;
      deadlineMs?: number;
    } = {},
  ): Promise<{
    pages: number;
    examined: number;
    collected: number;
    done: boolean;
  }> {
    const pageSize = options.pageSize ?? 100;
    const concurrency = Math.max(1, options.concurrency ?? 8);
    const stopAt = Date.now() + (options.deadlineMs ?? Infinity);
    const fullPassDone =
      (await this.deps.store.getState('full-backfill')) === 'done';
    // New tasks shift older ones to higher offsets, so resuming at a stored offset can re-read a
    // few tasks (skipped as known) but never skips one.
    const resumeAt = fullPassDone
      ? 0
      : Number((await this.deps.store.getState('full-backfill-offset')) ?? 0) ||
        0;
    let pages = 0;
    let examined = 0;
    let collected = 0;
    let reachedEnd = false;
    let offset = resumeAt;
    for (; pages < (options.maxPages ?? Infinity); offset += pageSize) {
      if (Date.now() >= stopAt) break;
      const { tasks } = await this.deps.source.page(offset, pageSize);
      pages++;
      const known = await this.deps.store.finishedAmong(tasks.map(t => t.id));
      const fresh = tasks.filter(
        t =>
          !known.has(t.id) && (isGoldenPathTask(t) || !FINISHED.has(t.status)),
      );
      examined += tasks.length;
      // One write per page: classification is per task, storage is batched.
      const ours = fresh.filter(isGoldenPathTask);
      const classified = await mapLimited(ours, concurrency, async task =>
        classifyRun(
          task,
          await this.deps.source.events(task.id),
          this.deps.defaults,
        ),
      );
      const runs = classified.filter(
        (run): run is NonNullable<typeof run> => !!run,
      );
      await this.deps.store.upsert(runs);
      collected += runs.length;
      if (tasks.length < pageSize) {
        reachedEnd = true;
        break;
      }
      if (fullPassDone && !fresh.length) break;
      if (!fullPassDone)
        await this.deps.store.setState(
          'full-backfill-offset',
          String(offset + pageSize),
        );
    }
    if (reachedEnd && !fullPassDone)
      await this.deps.store.setState('full-backfill', 'done');
    await this.deps.store.refreshRollups();
    if (collected)
      this.deps.logger.info(
        `Golden Path metrics: collected ${collected} run(s) from ${examined} task(s) in ${pages} page(s)`,
      );
    return { pages, examined, collected, done: reachedEnd || fullPassDone };
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
