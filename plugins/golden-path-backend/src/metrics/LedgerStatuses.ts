import {
  LedgerStatuses,
  StepFailure,
  TaskSnapshot,
} from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';
import { StepFailures } from '../ledger/StepFailures';
import { TABLE } from '../service/ResourceStore';

/** What the golden-path actions recorded for one task, through the backend's records door. @public */
export interface TaskRecords {
  /** The statuses of its resource records in the spend ledger. */
  statuses: LedgerStatuses;
  /** How one of its golden-path steps failed, when one recorded that. */
  stepFailure?: StepFailure;
}

/** The records of each task, as the run classification reads them (tasks without any are absent). @public */
export interface LedgerStatusSource {
  recordsOf(
    tasks: Array<Pick<TaskSnapshot, 'id' | 'status'>>,
  ): Promise<Map<string, TaskRecords>>;
}

/**
 * Reads what the golden-path actions wrote for each task through the backend's authenticated
 * records door, only where the classification uses it: the resource record statuses of completed
 * tasks, how the golden-path step of failed tasks failed; one query of each per batch of tasks.
 * @public
 */
export class LedgerRecordStatuses implements LedgerStatusSource {
  private readonly stepFailures: StepFailures;

  constructor(private readonly knex: Knex) {
    this.stepFailures = new StepFailures(knex);
  }

  async recordsOf(
    tasks: Array<Pick<TaskSnapshot, 'id' | 'status'>>,
  ): Promise<Map<string, TaskRecords>> {
    const byTask = new Map<
      string,
      { statuses: any[]; stepFailure?: StepFailure }
    >();
    const entry = (id: string) => {
      let records = byTask.get(id);
      if (!records) byTask.set(id, (records = { statuses: [] }));
      return records;
    };
    const withStatus = (status: string) =>
      tasks.filter(t => t.status === status).map(t => t.id);
    const completed = withStatus('completed');
    // Batches keep each query well under SQLite's bound-parameter limit.
    for (let i = 0; i < completed.length; i += 500) {
      const rows = await this.knex(TABLE)
        .whereIn('task_id', completed.slice(i, i + 500))
        .select('task_id', 'status');
      for (const row of rows) entry(row.task_id).statuses.push(row.status);
    }
    for (const [id, failure] of await this.stepFailures.of(
      withStatus('failed'),
    ))
      entry(id).stepFailure = failure;
    return byTask;
  }
}
