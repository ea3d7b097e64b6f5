// @ts-check

/**
 * One row per Golden Path run (scaffolder task), keyed by task id so events, replays, backfills and
 * several replicas can all write without double counting.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_runs', table => {
    table.comment('Golden Path runs classified from scaffolder tasks');
    table.string('task_id', 64).primary();
    table.string('template_ref', 255).notNullable();
    table.string('ticket_type', 255).notNullable();
    table.string('owner', 255).notNullable();
    table.string('created_by', 255).notNullable();
    table
      .string('outcome', 16)
      .notNullable()
      .comment('completed | planned | failed | denied | cancelled | running');
    table.bigInteger('created_at').notNullable().comment('epoch ms');
    table
      .bigInteger('completed_at')
      .nullable()
      .comment('epoch ms, from the completion event');
    table.integer('duration_seconds').nullable();
    table.integer('queue_seconds').notNullable();
    table.integer('ops_seconds').notNullable();
    table.string('baseline_source', 16).notNullable();
    table.text('denied_rules').notNullable().defaultTo('');
    table.index(['created_at'], 'golden_path_runs_created_idx');
    table.index(
      ['template_ref', 'created_at'],
      'golden_path_runs_template_idx',
    );
    table.index(['owner', 'created_at'], 'golden_path_runs_owner_idx');
  });
  await knex.schema.createTable('golden_path_collector_state', table => {
    table.comment(
      'Collector bookkeeping, e.g. whether the first full backfill finished',
    );
    table.string('key', 64).primary();
    table.text('value').notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_collector_state');
  await knex.schema.dropTable('golden_path_runs');
};
