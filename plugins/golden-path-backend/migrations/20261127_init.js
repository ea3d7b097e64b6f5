// @ts-check

/**
 * Resources Golden Paths created or planned, one row per (task, resource). The inventory, and the
 * source of each team's running monthly spend for the budget rule.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_resources', table => {
    table.comment('Resources created or planned by Golden Path runs');
    table.string('task_id', 64).notNullable();
    table
      .string('resource_key', 255)
      .notNullable()
      .comment('kind:name, unique within a task');
    table.string('kind', 32).notNullable();
    table.string('name', 255).notNullable();
    table.string('owner', 255).notNullable().comment('owning group entity ref');
    table.string('environment', 64).notNullable();
    table
      .string('status', 16)
      .notNullable()
      .comment('planned | active | failed | deleted');
    table.double('monthly_cost').notNullable().defaultTo(0);
    table
      .timestamp('created_at', { useTz: true })
      .notNullable()
      .defaultTo(knex.fn.now());
    table.primary(['task_id', 'resource_key']);
    table.index(['owner', 'status'], 'golden_path_resources_owner_status_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_resources');
};
