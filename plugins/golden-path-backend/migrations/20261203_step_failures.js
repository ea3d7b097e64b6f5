// @ts-check

/**
 * How golden-path steps failed, per task step: refused by guardrail rules (the ledger's budget
 * refusals too), or failed for another reason. Written through the authenticated records door as
 * the step ends, they tell a refused run from a failed one without reading the task's log. Rule
 * ids only: no request values, no error text.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_step_failures', table => {
    table.string('task_id', 255).notNullable();
    table.string('step_id', 255).notNullable();
    table.string('action_id', 255).notNullable();
    table
      .text('refused_by')
      .notNullable()
      .comment(
        'JSON array of the rule ids that refused; empty when the step failed otherwise',
      );
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['task_id', 'step_id']);
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_step_failures');
};
