import { Knex } from 'knex';

const TABLE = 'golden_path_refusals';
/** Batches keep each query well under SQLite's bound-parameter limit. */
const BATCH = 500;

/** A refusal as the records door accepted it: the step of a running task, and its rules. */
export interface RefusalRow {
  taskId: string;
  stepId: string;
  actionId: string;
  ruleIds: string[];
}

/**
 * The refusals golden-path steps made, one per task step, written only through the records door.
 * A step is recorded once: a replay (a retried step refusing again) changes nothing.
 */
export class Refusals {
  constructor(private readonly knex: Knex) {}

  async record(refusal: RefusalRow): Promise<void> {
    await this.knex(TABLE)
      .insert({
        task_id: refusal.taskId,
        step_id: refusal.stepId,
        action_id: refusal.actionId,
        rule_ids: JSON.stringify([...new Set(refusal.ruleIds)].sort()),
      })
      .onConflict(['task_id', 'step_id'])
      .ignore();
  }

  /** The rule ids that refused each of the given tasks (tasks without a refusal are absent). */
  async rulesOf(taskIds: string[]): Promise<Map<string, string[]>> {
    const byTask = new Map<string, string[]>();
    for (let i = 0; i < taskIds.length; i += BATCH) {
      const rows = await this.knex(TABLE)
        .whereIn('task_id', taskIds.slice(i, i + BATCH))
        .select('task_id', 'rule_ids');
      for (const row of rows)
        byTask.set(row.task_id, [
          ...(byTask.get(row.task_id) ?? []),
          ...(JSON.parse(row.rule_ids) as string[]),
        ]);
    }
    return byTask;
  }
}
