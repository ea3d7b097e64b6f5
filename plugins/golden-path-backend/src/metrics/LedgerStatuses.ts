import { LedgerStatuses } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { TABLE } from '../service/ResourceStore';

/** The spend ledger's record statuses per task, as the run classification reads them. @public */
export interface LedgerStatusSource {
  statusesOf(taskIds: string[]): Promise<Map<string, LedgerStatuses>>;
}

/**
 * Reads the statuses of the records the golden-path actions wrote for each task (through the
 * backend's authenticated records door), one query per batch of tasks.
 * @public
 */
export class LedgerRecordStatuses implements LedgerStatusSource {
  constructor(private readonly knex: Knex) {}

  async statusesOf(taskIds: string[]): Promise<Map<string, LedgerStatuses>> {
    const byTask = new Map<string, any[]>();
    // Batches keep each query well under SQLite's bound-parameter limit.
    for (let i = 0; i < taskIds.length; i += 500) {
      const rows = await this.knex(TABLE)
        .whereIn('task_id', taskIds.slice(i, i + 500))
        .select('task_id', 'status');
      for (const row of rows) {
        const statuses = byTask.get(row.task_id) ?? [];
        statuses.push(row.status);
        byTask.set(row.task_id, statuses);
      }
    }
    return byTask;
  }
}
