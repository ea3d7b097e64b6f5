import { LedgerStatuses } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { Refusals } from '../ledger/Refusals';
import { TABLE } from '../service/ResourceStore';

/** What the golden-path actions recorded for one task, through the backend's records door. @public */
export interface TaskRecords {
  /** The statuses of its resource records in the spend ledger. */
  statuses: LedgerStatuses;
  /** The rule ids of a refusal one of its steps made (empty when none refused). */
  refusedRules: readonly string[];
}

/** The records of each task, as the run classification reads them (tasks without any are absent). @public */
export interface LedgerStatusSource {
  recordsOf(taskIds: string[]): Promise<Map<string, TaskRecords>>;
}

/**
 * Reads what the golden-path actions wrote for each task through the backend's authenticated
 * records door — resource record statuses and refusals — one query of each per batch of tasks.
 * @public
 */
export class LedgerRecordStatuses implements LedgerStatusSource {
  private readonly refusals: Refusals;

  constructor(private readonly knex: Knex) {
    this.refusals = new Refusals(knex);
  }

  async recordsOf(taskIds: string[]): Promise<Map<string, TaskRecords>> {
    const byTask = new Map<
      string,
      { statuses: any[]; refusedRules: string[] }
    >();
    const entry = (id: string) => {
      let records = byTask.get(id);
      if (!records)
        byTask.set(id, (records = { statuses: [], refusedRules: [] }));
      return records;
    };
    // Batches keep each query well under SQLite's bound-parameter limit.
    for (let i = 0; i < taskIds.length; i += 500) {
      const rows = await this.knex(TABLE)
        .whereIn('task_id', taskIds.slice(i, i + 500))
        .select('task_id', 'status');
      for (const row of rows) entry(row.task_id).statuses.push(row.status);
    }
    for (const [id, rules] of await this.refusals.rulesOf(taskIds))
      entry(id).refusedRules = rules;
    return byTask;
  }
}
