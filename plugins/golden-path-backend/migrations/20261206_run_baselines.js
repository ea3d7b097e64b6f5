// @ts-check

/**
 * Measured baselines: each run keeps the baseline its template claims (annotations, time-saved or
 * the defaults, as ISO-8601 durations) so a baseline measured from imported tickets can replace it
 * and be set aside again; the measured baseline per ticket type is kept in one small table every
 * replica reads. Runs stored before keep the seconds they had (as `PT<n>S`).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('golden_path_runs', table => {
    table
      .string('fallback_source', 16)
      .nullable()
      .comment('annotations | time-saved | defaults: what the template claims');
    table
      .string('fallback_queue', 32)
      .nullable()
      .comment('ISO-8601 wait the template claims');
    table
      .string('fallback_ops', 32)
      .nullable()
      .comment('ISO-8601 ops effort the template claims');
    table.index(['ticket_type', 'template_ref'], 'golden_path_runs_type_idx');
  });
  await knex('golden_path_runs').update({
    fallback_source: knex.ref('baseline_source'),
    fallback_queue: knex.raw(
      "'PT' || cast(queue_seconds as varchar(16)) || 'S'",
    ),
    fallback_ops: knex.raw("'PT' || cast(ops_seconds as varchar(16)) || 'S'"),
  });
  await knex.schema.createTable('golden_path_ticket_baselines', table => {
    table.comment(
      'Measured baseline per ticket type (from imported tickets before its path went live)',
    );
    table.string('ticket_type', 255).primary();
    table
      .text('templates')
      .notNullable()
      .comment('JSON array of the template refs configured to replace it');
    table
      .integer('wait_seconds')
      .nullable()
      .comment('median working seconds from created to resolved');
    table
      .integer('ops_seconds')
      .nullable()
      .comment('mean logged work per ticket');
    table.integer('tickets').notNullable();
    table.integer('resolved_tickets').notNullable();
    table.integer('ops_tickets').notNullable();
    table.bigInteger('live_since').nullable().comment('epoch ms');
    table.bigInteger('computed_at').notNullable().comment('epoch ms');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('golden_path_ticket_baselines');
  await knex.schema.alterTable('golden_path_runs', table => {
    table.dropIndex(
      ['ticket_type', 'template_ref'],
      'golden_path_runs_type_idx',
    );
    table.dropColumn('fallback_source');
    table.dropColumn('fallback_queue');
    table.dropColumn('fallback_ops');
  });
};
