// @ts-check

/**
 * Refusals the golden-path actions (and the ledger's budget check) made, per task step, written
 * through the authenticated records door as they refused. They tell a refused run from a failed
 * one without reading the task's log. Rule ids only: no request values.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_refusals', table => {
    table.string('task_id', 255).notNullable();
    table.string('step_id', 255).notNullable();
    table.string('action_id', 255).notNullable();
    table
      .text('rule_ids')
      .notNullable()
      .comment('JSON array of the rule ids that refused');
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['task_id', 'step_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_refusals');
};
