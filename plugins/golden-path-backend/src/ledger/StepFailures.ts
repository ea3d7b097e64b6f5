import { StepFailure } from '@golden-path/plugin-golden-path-common';
import { Knex } from 'knex';

const TABLE = 'golden_path_step_failures';
/** Batches keep each query well under SQLite's bound-parameter limit. */
const BATCH = 500;

/** A step failure as the records door accepted it: the step of a running task, and its rules. */
export interface StepFailureRow {
  taskId: string;
  stepId: string;
  actionId: string;
  /** The rules that refused the step's request; empty when it failed for another reason. */
  refusedBy: string[];
}

/**
 * How golden-path steps failed, one row per task step, written only through the records door. A
 * step is recorded once: a replay (a retried step failing again) changes nothing.
 */
export class StepFailures {
  constructor(private readonly knex: Knex) {}

  async record(failure: StepFailureRow): Promise<void> {
    await this.knex(TABLE)
      .insert({
        task_id: failure.taskId,
        step_id: failure.stepId,
        action_id: failure.actionId,
        refused_by: JSON.stringify([...new Set(failure.refusedBy)].sort()),
      })
      .onConflict(['task_id', 'step_id'])
      .ignore();
  }

  /** How each of the given tasks' golden-path steps failed (tasks without a failed step are absent). */
  async of(taskIds: string[]): Promise<Map<string, StepFailure>> {
    const byTask = new Map<string, StepFailure>();
    for (let i = 0; i < taskIds.length; i += BATCH) {
      const rows = await this.knex(TABLE)
        .whereIn('task_id', taskIds.slice(i, i + BATCH))
        .select('task_id', 'refused_by');
      for (const row of rows)
        byTask.set(row.task_id, {
          refusedBy: [
            ...(byTask.get(row.task_id)?.refusedBy ?? []),
            ...(JSON.parse(row.refused_by) as string[]),
          ],
        });
    }
    return byTask;
  }
}
