// @ts-check

/**
 * Monthly roll-ups built from the daily ones, so a year's summary merges about 12 histograms per
 * template × owner instead of 365. Daily and monthly rows also carry the ticket type and the last
 * run's time, so the per-template and per-owner breakdowns read roll-ups too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('golden_path_runs_daily', table => {
    table.string('ticket_type', 255).notNullable().defaultTo('');
    table
      .bigInteger('last_created_at')
      .notNullable()
      .defaultTo(0)
      .comment('epoch ms of the newest run');
  });
  await knex.schema.createTable('golden_path_runs_monthly', table => {
    table.comment(
      'Per UTC month, template and owner: the sums of its daily roll-ups',
    );
    table.integer('month').notNullable().comment('months since 1970-01 (UTC)');
    table.string('template_ref', 255).notNullable();
    table.string('owner', 255).notNullable();
    table.string('ticket_type', 255).notNullable();
    table.bigInteger('last_created_at').notNullable();
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
    table.text('durations').notNullable();
    table.text('queues').notNullable();
    table.primary(['month', 'template_ref', 'owner']);
  });
  await knex.schema.createTable('golden_path_runs_dirty_months', table => {
    table.comment(
      'Months whose daily roll-ups changed after the monthly roll-up was built',
    );
    table.integer('month').primary();
    table.bigInteger('mark').notNullable();
  });
  // Existing daily rows lack the new columns: rebuild them (and so their months) on the next refresh.
  const days = await knex('golden_path_runs_daily').distinct('day');
  for (let i = 0; i < days.length; i += 200) {
    await knex('golden_path_runs_dirty_days')
      .insert(days.slice(i, i + 200).map(d => ({ day: d.day, mark: 0 })))
      .onConflict('day')
      .ignore();
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_runs_dirty_months');
  await knex.schema.dropTable('golden_path_runs_monthly');
  await knex.schema.alterTable('golden_path_runs_daily', table => {
    table.dropColumn('last_created_at');
    table.dropColumn('ticket_type');
  });
};
