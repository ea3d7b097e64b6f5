import {
  InventoryStatus,
  StepFailure,
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import { LedgerStatusSource, TaskRecords } from '../metrics/LedgerStatuses';
import { TaskSource } from '../metrics/RunCollector';

/** What the actions of generated task kind 6-9 wrote (0-5 created a resource: active). */
const LEDGER_OF_KIND: Record<number, InventoryStatus[]> = {
  6: ['failed'], // failed: its reservation released
  7: [], // denied before anything was reserved
  8: ['planned'],
  9: [], // cancelled
};

/**
 * An in-memory scaffolder task list for collector tests and benchmarks, newest first like the API,
 * with the records (ledger statuses, step failures) the tasks' actions would have written.
 * @public
 */
export function fakeTaskSource() {
  const tasks = new Map<
    string,
    { task: TaskSnapshot; events: TaskEventSnapshot[] }
  >();
  const records = new Map<string, TaskRecords>();
  const ledger: LedgerStatusSource = {
    async recordsOf(list) {
      return new Map(
        list
          .filter(t => records.has(t.id))
          .map(t => [t.id, records.get(t.id)!]),
      );
    },
  };
  let sorted: TaskSnapshot[] | undefined;
  const calls = { page: 0, task: 0, events: 0 };
  const source: TaskSource = {
    async page(offset, limit) {
      calls.page++;
      sorted ??= [...tasks.values()]
        .map(t => t.task)
        .sort(
          (a, b) =>
            b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id),
        );
      return { tasks: sorted.slice(offset, offset + limit) };
    },
    async task(id) {
      calls.task++;
      const t = tasks.get(id);
      if (!t) throw new Error(`no task ${id}`);
      return t.task;
    },
    async events(id) {
      calls.events++;
      return tasks.get(id)?.events ?? [];
    },
  };
  return {
    source,
    ledger,
    calls,
    put(
      task: TaskSnapshot,
      events: TaskEventSnapshot[],
      statuses?: InventoryStatus[],
      stepFailure?: StepFailure,
    ) {
      tasks.set(task.id, { task, events });
      if (statuses || stepFailure)
        records.set(task.id, { statuses: statuses ?? [], stepFailure });
      sorted = undefined;
    },
    /** `n` tasks over `days` days with a mix of outcomes, templates and owners. */
    generate(n: number, start = Date.parse('2026-10-01T00:00:00Z'), days = 30) {
      const templates = [
        'postgres-database',
        's3-bucket',
        'redis-cache',
        'github-repo',
        'ci-secret',
      ];
      const owners = [
        'group:default/payments',
        'group:default/checkout',
        'group:default/platform',
      ];
      for (let i = 0; i < n; i++) {
        const kind = i % 10;
        // 0-5 completed live, 6 failed, 7 denied, 8 completed in plan mode, 9 cancelled
        const status = (
          [
            'completed',
            'completed',
            'completed',
            'completed',
            'completed',
            'completed',
            'failed',
            'failed',
            'completed',
            'cancelled',
          ] as const
        )[kind];
        const task = makeTask({
          id: `task-${String(i).padStart(8, '0')}`,
          status,
          createdAt: new Date(
            start + Math.floor((i / n) * days * 86400_000),
          ).toISOString(),
          template: templates[i % templates.length],
          owner: owners[i % owners.length],
          seconds: 30 + (i % 300),
        });
        this.put(
          task,
          makeEvents(task, {
            mode: kind === 8 ? 'plan' : 'live',
            ...(kind === 7 && { deniedBy: ['GP-OWNERSHIP'] }),
          }),
          LEDGER_OF_KIND[kind] ?? ['active'],
          // A denied run's refusing step recorded its rules; the failed runs failed in a step
          // that is not a golden-path one, which records nothing.
          kind === 7 ? { refusedBy: ['GP-OWNERSHIP'] } : undefined,
        );
      }
    },
    finish(id: string, status: 'completed' | 'failed', seconds = 90) {
      const t = tasks.get(id)!;
      const task = {
        ...t.task,
        status,
        lastHeartbeatAt: new Date(
          Date.parse(t.task.createdAt) + seconds * 1000,
        ).toISOString(),
      };
      this.put(task, makeEvents(task));
    },
  };
}
