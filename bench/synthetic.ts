/** Synthetic scaffolder tasks for the benchmarks: one year of Golden Path runs, generated on demand. */
import { TaskSnapshot } from '@golden-path/plugin-golden-path-common';
import {
  makeEvents,
  makeTask,
} from '@golden-path/plugin-golden-path-common/testUtils';
import { TaskSource } from '@golden-path/plugin-golden-path-backend/testUtils';

export const START = Date.parse('2025-11-01T00:00:00Z');
export const YEAR = 365 * 86400_000;
const templates = [
  'postgres-database',
  's3-bucket',
  'redis-cache',
  'github-repo',
  'ci-secret',
  'new-service',
];
const owners = [
  'payments',
  'checkout',
  'platform',
  'search',
  'identity',
  'data',
].map(o => `group:default/${o}`);

/** n tasks spread evenly over one year from `start`, generated on demand (nothing held in memory), newest first. */
export function syntheticSource(
  n: number,
  start = START,
): TaskSource & { events: (id: string) => Promise<any[]> } {
  const taskAt = (rank: number): TaskSnapshot => {
    const i = n - 1 - rank; // rank 0 = newest
    const kind = i % 10;
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
    return makeTask({
      id: `t${i}`,
      status,
      createdAt: new Date(start + Math.floor((i / n) * YEAR)).toISOString(),
      template: templates[i % 6],
      owner: owners[(i * 7) % 6],
      seconds: 20 + (i % 600),
    });
  };
  const events = async (id: string) => {
    const i = Number(id.slice(1));
    const task = taskAt(n - 1 - i);
    const kind = i % 10;
    return makeEvents(task, {
      mode: kind === 8 ? 'plan' : 'live',
      ...(kind === 7 && { deniedBy: ['GP-OWNERSHIP'] }),
    });
  };
  return {
    async page(offset, limit) {
      const tasks = [];
      for (let r = offset; r < Math.min(n, offset + limit); r++)
        tasks.push(taskAt(r));
      return { tasks };
    },
    async task(id) {
      return taskAt(n - 1 - Number(id.slice(1)));
    },
    events,
  };
}
