// @ts-check

/**
 * The spend ledger: a record is written by the golden-path actions themselves (service to service,
 * bound to the task step that wrote it), not parsed from task logs. A `pending` row holds its
 * cost against the team budget and the run's cap until the action confirms or releases it, or
 * until `expires_at` when its task died.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table
      .string('step_id', 255)
      .nullable()
      .comment('task step that wrote the record');
    table
      .string('action_id', 255)
      .nullable()
      .comment('the golden-path action of that step');
    table
      .timestamp('expires_at', { useTz: true })
      .nullable()
      .comment('a pending reservation stops counting after this');
    table.timestamp('updated_at', { useTz: true }).nullable();
    table.index(['task_id'], 'golden_path_resources_task_idx');
    table.index(['status'], 'golden_path_resources_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('golden_path_resources', table => {
    table.dropIndex(['status'], 'golden_path_resources_status_idx');
    table.dropIndex(['task_id'], 'golden_path_resources_task_idx');
    for (const c of ['step_id', 'action_id', 'expires_at', 'updated_at'])
      table.dropColumn(c);
  });
};
