// @ts-check

/**
 * Daily roll-ups of golden_path_runs per (day, template, owner), so summaries over long periods do
 * not scan every run. Days whose runs changed since their roll-up are listed as dirty and read from
 * the runs until the roll-up is refreshed, so answers stay exact.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('golden_path_runs_daily', table => {
    table.comment(
      'Per UTC day, template and owner: run counts, savings and exact duration histograms',
    );
    table.integer('day').notNullable().comment('days since 1970-01-01 (UTC)');
    table.string('template_ref', 255).notNullable();
    table.string('owner', 255).notNullable();
    for (const c of [
      'runs',
      'completed',
      'planned',
      'failed',
      'denied',
      'cancelled',
      'running',
    ])
      table.integer(c).notNullable();
    for (const c of [
      'ops_saved',
      'wait_saved',
      'ticket_ops_before',
      'ticket_ops_after',
    ])
      table.bigInteger(c).notNullable();
    table
      .text('durations')
      .notNullable()
      .comment('JSON [[seconds, count], ...] of completed runs');
    table
      .text('queues')
      .notNullable()
      .comment('JSON [[seconds, count], ...] baseline queue of the same runs');
    table.primary(['day', 'template_ref', 'owner']);
  });
  await knex.schema.createTable('golden_path_runs_dirty_days', table => {
    table.comment('Days whose runs changed after their roll-up was built');
    table.integer('day').primary();
    table
      .bigInteger('mark')
      .notNullable()
      .comment('random token, replaced on every change');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_runs_dirty_days');
  await knex.schema.dropTable('golden_path_runs_daily');
};
