import {
  TaskEventSnapshot,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import { TaskSource } from '../metrics/RunCollector';

/**
 * An in-memory scaffolder task list for collector tests and benchmarks, newest first like the API.
 * @public
 */
export function fakeTaskSource() {
  const tasks = new Map<
    string,
    { task: TaskSnapshot; events: TaskEventSnapshot[] }
  >();
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
    calls,
    put(task: TaskSnapshot, events: TaskEventSnapshot[]) {
      tasks.set(task.id, { task, events });
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
        });
        this.put(
          task,
          makeEvents(task, {
            seconds: 30 + (i % 300),
            mode: kind === 8 ? 'plan' : 'live',
            ...(kind === 7 && { deniedBy: ['GP-OWNERSHIP'] }),
          }),
        );
      }
    },
    finish(id: string, status: 'completed' | 'failed', seconds = 90) {
      const t = tasks.get(id)!;
      const task = { ...t.task, status };
      this.put(task, makeEvents(task, { seconds }));
    },
  };
}
